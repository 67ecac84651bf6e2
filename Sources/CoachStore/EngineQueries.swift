import CoachCore
import GRDB

/// School-wide counts, before the small-group rule decides what may be shown.
package struct SchoolCounts: Sendable, Hashable {
    package var feedback: [FeedbackLevel: Int] = [:]
    package var feedbackTeachers = 0
    package var tracks: [Int: Int] = [:]
    package var trackPupils = 0
    package var walks = 0
    package var walkItemsSeen = 0
    package var walkItems = 0
    package init() {}
}

/// What a rule's ctx may ask, always within one school and always through an index.
public struct RecordQuery: Sendable, Hashable {
    public var teacher: String?
    public var classId: String?
    public var pupil: String?
    public var goal: String?
    public var from: Day?
    public var to: Day?
    public var kind: String?
    public var track: Int?
    /// Only placements current on this day: started on or before it, not ended by it.
    public var currentOn: Day?
    /// At most this many rows, newest first (placements: oldest first).
    public var limit: Int
    /// Leaves out self-reflections their teacher has not shared: what a prompt for the coach
    /// may be built on.
    public var sharedOnly = false
    /// With `sharedOnly`: this teacher's unshared self-reflections count too (the teacher
    /// asking for their own suggestions), never another teacher's.
    public var unsharedOf: String?
    /// Feedback only with these values, by column (`level`, `question`, `timing`, `form`, `coded`).
    public var feedbackEquals: [FeedbackColumn: String] = [:]
    /// Observations with their item scores; false leaves them empty (a question for dates or
    /// teachers need not read a score per kijkwijzer item).
    public var withScores = true

    public init(teacher: String? = nil, classId: String? = nil, pupil: String? = nil, goal: String? = nil,
                from: Day? = nil, to: Day? = nil, kind: String? = nil, track: Int? = nil,
                currentOn: Day? = nil, limit: Int = .max) {
        self.teacher = teacher
        self.classId = classId
        self.pupil = pupil
        self.goal = goal
        self.from = from
        self.to = to
        self.kind = kind
        self.track = track
        self.currentOn = currentOn
        self.limit = limit
    }

    /// SQLite's LIMIT takes a 64-bit integer; `.max` means all.
    var sqlLimit: Int64 { Int64(limit) }
}

/// A feedback column a query may filter on or count by (a fixed list: names go into SQL).
public enum FeedbackColumn: String, Sendable, Hashable, CaseIterable {
    case teacher = "teacherId", schoolClass = "classId", pupil = "pupilId", goal = "goalId", date
    case level, question, timing, form
    case growthPoints = "growthPoints"
    /// Whether the record has codes of the feedback legend: `"true"` or `"false"`.
    case coded

    /// The column's value in SQL, from the `feedback` table.
    package var sql: String {
        switch self {
        case .coded: "(CASE WHEN feedback.codes <> '[]' THEN 'true' ELSE 'false' END)"
        default: "feedback." + rawValue
        }
    }
}

/// A placement column a query may count by.
public enum PlacementColumn: String, Sendable, Hashable, CaseIterable {
    case pupil = "pupilId", schoolClass = "classId", goal = "goalId", track
}

/// A result column a query may group by.
public enum ResultColumn: String, Sendable, Hashable, CaseIterable {
    case pupil = "pupilId", goal = "goalId", kind
}

/// A placement with the pupil's alias, as rules see it.
public struct PlacementView: Sendable, Hashable {
    public var placement: Placement
    public var pupilAlias: String?
    /// Since when the pupil has been in this track for this goal without a break: the start of
    /// the chain of placements in the same track that each began the day the one before ended.
    public var trackSince: Day?
}

/// Where one consumer's dispatch stands for one school: every event of the school dated up to
/// `day` and logged up to `seq` has been handled. Untimed events (people, classes) count as
/// dated before every day; `day` is nil while no dated event has been handled.
public struct SchoolCursor: Sendable, Hashable {
    public var day: Day?
    public var seq: Int64

    public init(day: Day?, seq: Int64) {
        self.day = day
        self.seq = seq
    }

    public static let start = SchoolCursor(day: nil, seq: 0)
}

/// The outcome of one dispatch step for one school, written in one transaction with its cursor.
public struct DispatchCommit: Sendable {
    public var cursor: String
    public var school: String
    public var position: SchoolCursor
    public var prompts: [Prompt]
    public var states: [RuleState]
    /// The health of the rules that ran, as it stands after the step.
    public var health: [RuleHealth]
    /// ``CoachStore/erasures()`` as the step's rules read the store (nil: not checked). If an
    /// erasure or a retention run came in between, the step would write what rests on
    /// records no longer there, so ``CoachStore/commit(_:)`` writes nothing.
    public var erasuresSeen: Int64?

    public init(cursor: String, school: String, position: SchoolCursor, prompts: [Prompt], states: [RuleState],
                health: [RuleHealth], erasuresSeen: Int64? = nil) {
        self.cursor = cursor
        self.school = school
        self.position = position
        self.prompts = prompts
        self.states = states
        self.health = health
        self.erasuresSeen = erasuresSeen
    }
}

/// A rule's health in one school: its recent failures there, and whether it is quarantined
/// there. Per school, so that one school's records that break a rule stop it only in that
/// school (its policy team owns it), and schools can be dispatched side by side.
public struct RuleHealth: Sendable, Hashable {
    public var ruleId: String
    public var schoolId: String
    /// Failures within the quarantine window, as of the last failure.
    public var failures: Int
    public var quarantined: Bool
    public var lastError: String?
    public var lastEventSeq: Int64?
    /// The event days of its recent failures, oldest first (a bounded list).
    public var recentFailures: [Day]

    public init(ruleId: String, schoolId: String, failures: Int, quarantined: Bool, lastError: String? = nil,
                lastEventSeq: Int64? = nil, recentFailures: [Day] = []) {
        self.ruleId = ruleId
        self.schoolId = schoolId
        self.failures = failures
        self.quarantined = quarantined
        self.lastError = lastError
        self.lastEventSeq = lastEventSeq
        self.recentFailures = recentFailures
    }
}

extension CoachStore {
    /// Whether `id` is a record of `school` in `table` (teacher, schoolClass, pupil, learningGoal).
    package func belongs(_ table: String, _ id: String, to school: String) throws(StoreError) -> Bool {
        try read { db in
            // A handful of tables: their statements are kept (a rule asks this per class or teacher).
            try String.fetchOne(db.cachedStatement(sql: "SELECT schoolId FROM \(table) WHERE id = ?"), arguments: [id]) == school
        }
    }

    package func observations(school: String, _ q: RecordQuery) throws(StoreError) -> [Observation] {
        try read { db in
            // A teacher or class (already checked to be of this school) picks its own index;
            // only a school-wide question filters on the school.
            var sql = "SELECT \(Observation.columns) FROM observation WHERE "
            var arguments: StatementArguments = []
            if let t = q.teacher {
                sql += "teacherId = ?"; arguments += [t]
                if let c = q.classId { sql += " AND classId = ?"; arguments += [c] }
            } else if let c = q.classId {
                sql += "classId = ?"; arguments += [c]
            } else {
                sql += "schoolId = ?"; arguments += [school]
            }
            if let k = q.kind { sql += " AND kind = ?"; arguments += [k] }
            if q.sharedOnly {
                if let own = q.unsharedOf {
                    sql += " AND (kind <> 'selfReflection' OR shared = 1 OR teacherId = ?)"; arguments += [own]
                } else {
                    sql += " AND (kind <> 'selfReflection' OR shared = 1)"
                }
            }
            if let f = q.from { sql += " AND date >= ?"; arguments += [f] }
            if let t = q.to { sql += " AND date <= ?"; arguments += [t] }
            sql += " ORDER BY date DESC, id DESC LIMIT ?"
            arguments += [q.sqlLimit]
            // Copied out (the scores' query below steps another statement), then read by index.
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
            // All their scores in one query, not one per observation, through one cached
            // statement (the ids as a JSON array), not a statement prepared per call.
            var scores: [Int64: [ItemScore]] = [:]
            let ids = q.withScores ? rows.map { $0[0] as Int64 } : []
            if !ids.isEmpty {
                let list = "[" + ids.map(String.init).joined(separator: ",") + "]"
                let statement = try db.cachedStatement(sql: """
                    SELECT observationId, item, value, note FROM observationScore
                    WHERE observationId IN (SELECT value FROM json_each(?)) ORDER BY observationId, item
                    """)
                let cursor = try Row.fetchCursor(statement, arguments: [list])
                while let score = try cursor.next() {
                    scores[score[0] as Int64, default: []].append(ItemScore(item: score.text(1), value: score[2] as Int,
                                                                            note: score.optionalText(3)))
                }
            }
            return try rows.map { row in try Observation(indexed: row, scores: scores[row[0] as Int64] ?? []) }
        }
    }

    package func learningWalks(school: String, from: Day?, to: Day?, limit: Int) throws(StoreError) -> [LearningWalk] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM learningWalk WHERE schoolId = ? AND date >= ? AND date <= ? ORDER BY date DESC, id DESC LIMIT ?
                """, arguments: [school, from?.description ?? "", to?.description ?? "9999-12-31", Int64(limit)]).map { row in
                LearningWalk(row: row, findings: try Self.findings(db, walk: row["id"]))
            }
        }
    }

    /// A school's feedback moments of a span per level, and how many teachers gave them: the
    /// rules' question for the school's feedback (``feedbackSQL(school:_:counting:)``), counted.
    static func schoolFeedbackSQL(school: String, from: Day, to: Day) -> (byLevel: String, teachers: String, arguments: StatementArguments) {
        let (base, arguments) = feedbackSQL(school: school, RecordQuery(from: from, to: to), counting: true)
        let rest = fromClause(base)
        return ("SELECT feedback.level, COUNT(*)" + rest + " GROUP BY feedback.level",
                "SELECT COUNT(DISTINCT feedback.teacherId)" + rest, arguments)
    }

    /// School-wide counts for the team: feedback moments per level and the teachers who gave
    /// them, current placements per track and their pupils, learning walks and their findings.
    package func schoolCounts(school: String, from: Day, to: Day, walksFrom: Day) throws(StoreError) -> SchoolCounts {
        try read { db in
            var counts = SchoolCounts()
            let feedback = Self.schoolFeedbackSQL(school: school, from: from, to: to)
            for row in try Row.fetchAll(db, sql: feedback.byLevel, arguments: feedback.arguments) {
                if let level = FeedbackLevel(rawValue: row[0]) { counts.feedback[level] = row[1] }
            }
            counts.feedbackTeachers = try Int.fetchOne(db, sql: feedback.teachers, arguments: feedback.arguments) ?? 0
            for row in try Row.fetchAll(db, sql: """
                SELECT placement.track, COUNT(*) FROM placement JOIN pupil u ON u.id = placement.pupilId
                WHERE u.schoolId = ? AND placement."from" <= ? AND (placement."to" IS NULL OR placement."to" > ?)
                  AND \(PupilStints.notEndedByAMove) GROUP BY placement.track
                """, arguments: [school, to, to, to]) {
                counts.tracks[row[0]] = row[1]
            }
            counts.trackPupils = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT placement.pupilId) FROM placement JOIN pupil u ON u.id = placement.pupilId
                WHERE u.schoolId = ? AND placement."from" <= ? AND (placement."to" IS NULL OR placement."to" > ?)
                  AND \(PupilStints.notEndedByAMove)
                """, arguments: [school, to, to, to]) ?? 0
            counts.walks = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM learningWalk WHERE schoolId = ? AND date BETWEEN ? AND ?"),
                                            arguments: [school, walksFrom, to]) ?? 0
            if let row = try Row.fetchOne(db, sql: """
                SELECT SUM(f.status = 'seen'), COUNT(*) FROM learningWalkFinding f JOIN learningWalk w ON w.id = f.walkId
                WHERE w.schoolId = ? AND w.date BETWEEN ? AND ?
                """, arguments: [school, walksFrom, to]) {
                counts.walkItemsSeen = row[0] ?? 0
                counts.walkItems = row[1] ?? 0
            }
            return counts
        }
    }

    /// The school's central-test feedback known on `day` (tests of that year's June or
    /// earlier), oldest first; optionally one domain or grade, from a year on.
    package func centralResults(school: String, day: Day?, domain: String?, grade: String?, fromYear: Int?)
        throws(StoreError) -> [CentralResult]
    {
        var sql = "SELECT * FROM centralResult WHERE schoolId = ?"
        var arguments: StatementArguments = [school]
        if let day { sql += " AND year <= ?"; arguments += [day >= Day(year: day.year, month: 6, day: 30)! ? day.year : day.year - 1] }
        if let domain { sql += " AND domain = ?"; arguments += [domain] }
        if let grade { sql += " AND grade = ?"; arguments += [grade] }
        if let fromYear { sql += " AND year >= ?"; arguments += [fromYear] }
        sql += " ORDER BY year, grade, domain"
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(CentralResult.init) }
    }

    /// Feedback in a school: needs a teacher, a class or a pupil (checked by the caller).
    /// Row by row, read in place (columns: ``FeedbackRecord``'s); returns the count.
    package func scanFeedback(school: String, _ q: RecordQuery, _ body: (RawRow) -> Void) throws(StoreError) -> Int {
        let (sql, arguments) = Self.feedbackSQL(school: school, q)
        return try read { db in try Row.scan(db.cachedStatement(sql: sql), arguments, body) }
    }

    static func feedbackSQL(school: String, _ q: RecordQuery, counting: Bool = false) -> (String, StatementArguments) {
        var sql = "SELECT \(FeedbackRecord.columns) FROM feedback JOIN teacher ON teacher.id = feedback.teacherId WHERE teacher.schoolId = ?"
        var arguments: StatementArguments = [school]
        if let t = q.teacher { sql += " AND feedback.teacherId = ?"; arguments += [t] }
        if let c = q.classId { sql += " AND feedback.classId = ?"; arguments += [c] }
        if let p = q.pupil { sql += " AND feedback.pupilId = ?"; arguments += [p] }
        if let g = q.goal { sql += " AND feedback.goalId = ?"; arguments += [g] }
        if let f = q.from { sql += " AND feedback.date >= ?"; arguments += [f] }
        if let t = q.to { sql += " AND feedback.date <= ?"; arguments += [t] }
        for (column, value) in q.feedbackEquals.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            sql += " AND \(column.sql) = ?"; arguments += [value]
        }
        guard counting else {
            sql += " ORDER BY feedback.date DESC, feedback.id DESC LIMIT ?"
            arguments += [q.sqlLimit]
            return (sql, arguments)
        }
        return (sql, arguments)
    }

    /// How many feedback records match, per combination of values of `columns`: what a rule
    /// that only counts asks, so that it reads the records themselves only for what it will show.
    package func countFeedback(school: String, by columns: [FeedbackColumn], _ q: RecordQuery) throws(StoreError)
        -> [(keys: [String], count: Int64)]
    {
        let (base, arguments) = Self.feedbackSQL(school: school, q, counting: true)
        return try counts(columns.map(\.sql), Self.fromClause(base), arguments)
    }

    /// The countable columns of a school's feedback dated `from` to `to` (every
    /// ``FeedbackColumn``, in its declaration order; an absent pupil as ""), one entry per
    /// record: what ``FeedbackTally`` counts in memory.
    package func feedbackCells(school: String, from: Day, to: Day) throws(StoreError) -> [[String]] {
        let (base, arguments) = Self.feedbackSQL(school: school, RecordQuery(from: from, to: to), counting: true)
        let columns = FeedbackColumn.allCases.map { "CAST(\($0.sql) AS TEXT)" }.joined(separator: ", ")
        let sql = "SELECT \(columns)" + Self.fromClause(base)
        let width = FeedbackColumn.allCases.count
        return try read { db in
            var out: [[String]] = []
            _ = try Row.scan(db.cachedStatement(sql: sql), arguments) { row in
                out.append((0..<width).map { String(decoding: row.text(Int32($0)), as: UTF8.self) })
            }
            return out
        }
    }

    /// How many placements match, per combination of values of `columns`.
    package func countPlacements(school: String, by columns: [PlacementColumn], _ q: RecordQuery) throws(StoreError)
        -> [(keys: [String], count: Int64)]
    {
        let (base, arguments) = Self.placementSQL(school: school, q, counting: true)
        return try counts(columns.map { "placement.\($0.rawValue)" }, Self.fromClause(base), arguments)
    }

    private func counts(_ columns: [String], _ from: Substring, _ arguments: StatementArguments) throws(StoreError)
        -> [(keys: [String], count: Int64)]
    {
        let keys = columns.map { "CAST(\($0) AS TEXT)" }.joined(separator: ", ")
        let groups = (1...columns.count).map(String.init).joined(separator: ", ")
        let sql = "SELECT \(keys), count(*)" + from + " GROUP BY \(groups) ORDER BY \(groups)"
        return try read { db in
            var out: [(keys: [String], count: Int64)] = []
            // Prepared each time: a rule chooses among thousands of shapes (fields, filters), and
            // a cached statement per shape would live as long as the connection.
            let cursor = try Row.fetchCursor(db.makeStatement(sql: sql), arguments: arguments)
            while let row = try cursor.next() {
                out.append(((0..<columns.count).map { row.optionalText($0) ?? "" }, row[columns.count]))
            }
            return out
        }
    }

    /// Per value of `column`: how many results with a mastery there are and their mastery's sum
    /// (in percent, from the score where there is one): a success rate without the rows.
    package func masteryTotals(school: String, by column: ResultColumn, _ q: RecordQuery, on day: Day? = nil) throws(StoreError)
        -> [(key: String, count: Int64, sum: Double)]
    {
        let (base, plain) = Self.resultSQL(school: school, q, counting: true)
        let key = column == .pupil ? "pupil.id" : "CAST(result.\(column.rawValue) AS TEXT)"
        let text = "SELECT \(key), \(Self.mastery)" + Self.fromClause(base) + " AND \(Self.mastery) IS NOT NULL"
        return try read { db in
            let (sql, arguments) = try Self.pupilsOn(db, school: school, q, day, text, plain)
            var values: [(key: String, value: Double)] = []
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try cursor.next() { values.append((row.text(0), row[1])) }
            return MasteryTotals.of(values)
        }
    }

    /// A result's mastery in percent: from its score where it has one, else as given.
    static let mastery = "(CASE WHEN result.score IS NOT NULL AND result.maximum > 0 THEN result.score / result.maximum * 100 ELSE result.mastery END)"

    /// The results of a school dated `from` to `to`, each with its pupil's class of now and its
    /// mastery: what ``ResultTally`` keeps in memory.
    package func resultCells(school: String, from: Day, to: Day) throws(StoreError) -> [ResultCell] {
        let (base, arguments) = Self.resultSQL(school: school, RecordQuery(from: from, to: to), counting: true)
        // A pupil who left is in no class (their results still count for the school).
        let sql = "SELECT pupil.id, IIF(pupil.leftOn IS NULL, pupil.classId, ''), result.goalId, result.kind, result.date, \(Self.mastery)"
            + Self.fromClause(base)
        return try read { db in
            var out: [ResultCell] = []
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try cursor.next() {
                out.append(ResultCell(pupil: row.text(0), classId: row.text(1), goal: row.text(2), kind: row.text(3),
                                      day: Day(row.text(4) as String) ?? from, mastery: row[5]))
            }
            return out
        }
    }

    /// A query's SQL from its FROM on (its select list left out): the first FROM outside
    /// parentheses, since a selected column may be a subquery.
    static func fromClause(_ sql: String) -> Substring {
        var depth = 0
        var index = sql.startIndex
        while index < sql.endIndex {
            switch sql[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case " " where depth == 0 && sql[index...].hasPrefix(" FROM "): return sql[index...]
            default: break
            }
            index = sql.index(after: index)
        }
        preconditionFailure("a query without FROM: \(sql)")
    }

    package func placements(school: String, _ q: RecordQuery) throws(StoreError) -> [PlacementView] {
        let (sql, arguments) = Self.placementSQL(school: school, q)
        return try read { db in
            try Row.collect(db.cachedStatement(sql: sql), arguments) {
                PlacementView(placement: try Placement(indexed: $0), pupilAlias: $0.optionalText(9), trackSince: $0.optionalDay(10))
            }
        }
    }

    /// ``placements(school:_:)`` row by row, read in place (columns: ``Placement``'s, then the
    /// pupil's alias and the start of the unbroken stay in the track); returns the count.
    package func scanPlacements(school: String, _ q: RecordQuery, _ body: (RawRow) -> Void) throws(StoreError) -> Int {
        let (sql, arguments) = Self.placementSQL(school: school, q)
        return try read { db in try Row.scan(db.cachedStatement(sql: sql), arguments, body) }
    }

    static func placementSQL(school: String, _ q: RecordQuery, counting: Bool = false) -> (String, StatementArguments) {
        // Current placements are few beside a school's history: the list of current ids drives
        // (CROSS JOIN keeps the planner from walking every placement each pupil ever had).
        var sql = q.currentOn == nil ? """
            SELECT \(Placement.seenColumns), pupil.alias, placement.trackSince FROM placement JOIN pupil ON placement.pupilId = pupil.id
            WHERE pupil.schoolId = ?
            """ : """
            SELECT \(Placement.seenColumns), pupil.alias, placement.trackSince FROM placement CROSS JOIN pupil ON placement.pupilId = pupil.id
            WHERE +pupil.schoolId = ?
            """
        var arguments: StatementArguments = [school]
        if let day = q.currentOn {
            // Current on a day: `to` empty or after it, a list of ids from the index on (class,
            // `to`) or, for a pupil, the index of open placements on (pupil, goal) and the
            // pupil's own placements — so a class's long history is never walked.
            let scope: String
            let value: String
            if let p = q.pupil { (scope, value) = ("pupilId = ?", p) }
            else if let c = q.classId { (scope, value) = ("classId = ?", c) }
            else { (scope, value) = ("classId IN (SELECT id FROM schoolClass WHERE schoolId = ?)", school) }
            // In a class's ended half, `+` keeps the planner on (class, `to`); a pupil's ended
            // placements are among all they had for the goal (or at all): one child's school career.
            let ended = q.pupil == nil ? " AND +goalId = ?" : " AND goalId = ?"
            let (openGoal, endedGoal) = q.goal == nil ? ("", "") : (" AND goalId = ?", ended)
            sql += """
                 AND placement.id IN (
                  SELECT id FROM placement WHERE \(scope)\(openGoal) AND "to" IS NULL
                  UNION ALL SELECT id FROM placement WHERE \(scope) AND "to" > ?\(endedGoal))
                """
            arguments += [value]
            if let g = q.goal { arguments += [g] }
            arguments += [value, day]
            if let g = q.goal { arguments += [g] }
            sql += " AND +placement.\"from\" <= ?"
            arguments += [day]
            // Nor ended by a change of the pupil's class (one probe of the pupil's changes).
            sql += " AND " + PupilStints.notEndedByAMove
            arguments += [day]
        }
        // With the list of current ids, `+` keeps the planner on it: an index on the pupil, the
        // class or the goal would walk every placement they ever had, and a long history with it.
        // (`+` also drops the column's affinity: every value compared there is text, as the
        // columns are.)
        let only = q.currentOn == nil ? "" : "+"
        if let p = q.pupil { sql += " AND \(only)pupil.id = ?"; arguments += [p] }
        if let c = q.classId { sql += " AND \(only)placement.classId = ?"; arguments += [c] }
        if let g = q.goal { sql += " AND \(only)placement.goalId = ?"; arguments += [g] }
        if let t = q.track { sql += " AND placement.track = ?"; arguments += [t] }
        if let t = q.to { sql += " AND \(only)placement.\"from\" <= ?"; arguments += [t] }
        if let f = q.from {
            // The stored end first (never before the one seen): the index on (class, `to`) narrows by it.
            sql += " AND (placement.\"to\" IS NULL OR placement.\"to\" >= ?) AND IFNULL(\(PupilStints.placementTo), '9999-12-31') >= ?"
            arguments += [f, f]
        }
        if counting { return (sql, arguments) }
        sql += " ORDER BY placement.\"from\", placement.id LIMIT ?"
        arguments += [q.sqlLimit]
        return (sql, arguments)
    }

    /// Results in a school (needs a class or a pupil, checked by the caller), row by row, read in
    /// place (columns: ``LearningResult``'s); returns the count.
    package func scanResults(school: String, _ q: RecordQuery, on day: Day? = nil, _ body: (RawRow) -> Void) throws(StoreError) -> Int {
        try read { db in
            let (plain, given) = Self.resultSQL(school: school, q)
            let (sql, arguments) = try Self.pupilsOn(db, school: school, q, day, plain, given)
            return try Row.scan(db.cachedStatement(sql: sql), arguments, body)
        }
    }

    /// Whether some pupil of `school` was in another class on `day` than now, or not there yet:
    /// a class's results or pupils kept in memory with the classes of now do not answer then.
    package func pupilsDiffer(school: String, on day: Day) throws(StoreError) -> Bool {
        try read { db in try PupilStints.differ(db, school: school, on: day) }
    }

    /// `sql` (on `pupil`) for a class's records as of `day`: with the class's pupils of then,
    /// when some pupil of the school was elsewhere then.
    static func pupilsOn(_ db: Database, school: String, _ q: RecordQuery, _ day: Day?, _ sql: String,
                         _ arguments: StatementArguments) throws -> (String, StatementArguments)
    {
        guard q.classId != nil, let day, try PupilStints.differ(db, school: school, on: day) else { return (sql, arguments) }
        let asOf = PupilStints.asOf(school: school, day: day)
        return (asOf.sql + sql, asOf.arguments + arguments)
    }

    static func resultSQL(school: String, _ q: RecordQuery, counting: Bool = false) -> (String, StatementArguments) {
        // With a class or a pupil, `+` keeps the planner off the school's index: it would
        // otherwise walk every pupil of the school for one class.
        let inSchool = q.classId != nil || q.pupil != nil ? "+pupil.schoolId" : "pupil.schoolId"
        var sql = "SELECT \(LearningResult.columns) FROM pupil JOIN result ON result.pupilId = pupil.id WHERE \(inSchool) = ?"
        var arguments: StatementArguments = [school]
        if let p = q.pupil { sql += " AND pupil.id = ?"; arguments += [p] }
        // A class's results are its pupils': not those of a pupil who left.
        if let c = q.classId { sql += " AND pupil.classId = ? AND pupil.leftOn IS NULL"; arguments += [c] }
        if let g = q.goal { sql += " AND result.goalId = ?"; arguments += [g] }
        if let f = q.from { sql += " AND result.date >= ?"; arguments += [f] }
        if let t = q.to { sql += " AND result.date <= ?"; arguments += [t] }
        if counting { return (sql, arguments) }
        sql += " ORDER BY result.date DESC, result.id DESC LIMIT ?"
        arguments += [q.sqlLimit]
        return (sql, arguments)
    }

    // MARK: - Dispatch

    /// The name of the engine's dispatch cursor: the one ticks and workers move.
    public static let engineCursor = "engine"

    /// Throws ``StoreError/weekNotRun(school:week:)`` for the first of `schools` (in id order)
    /// that has a closed week the engine's rules have not run over yet.
    ///
    /// Writers call it inside their transaction, at the first event of each school (the
    /// transaction then holds the write lock, so nothing it reads can change before commit):
    /// while a tick or a worker has still to run a closed week (`tick --no-dispatch`, a tick
    /// halfway through its schools or through the week's days), a record dated in that week
    /// would be seen by its rules or be late depending on which got there first, so the
    /// prompts would depend on timing. Refused, the writer waits its turn
    /// (``StoreError/weekNotRun(school:week:)``), and every store gives the prompts of a tick
    /// that ran at once.
    ///
    /// A week is run when the cursor has passed its `week.ended` event both in the log (a week
    /// closed after later ones runs as a late event) and in days: dispatch commits the days of
    /// a week batch by batch, with the log position of the whole run from the first batch on,
    /// and the week's `week.ended` (dated its Sunday) comes in the last one.
    static func refuseBeforeRulesRan(_ schools: Set<String>, in db: Database) throws {
        guard !schools.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            SELECT w.week FROM weekEnded w
            JOIN event e ON e.seq = w.eventSeq
            LEFT JOIN schoolCursor c ON c.name = ?2 AND c.schoolId = w.schoolId
            WHERE w.schoolId = ?1 AND (c.seq IS NULL OR w.eventSeq > c.seq OR c.day < e.time)
            ORDER BY w.week LIMIT 1
            """)
        for school in schools.sorted() {
            if let week = try String.fetchOne(statement, arguments: [school, engineCursor]) {
                throw StoreError.weekNotRun(school: school, week: week)
            }
        }
    }

    /// Where `cursor` stands for `school` (``SchoolCursor/start`` before the first dispatch).
    public func schoolCursor(_ cursor: String, school: String) throws(StoreError) -> SchoolCursor {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT day, seq FROM schoolCursor WHERE name = ? AND schoolId = ?"),
                                             arguments: [cursor, school]) else { return .start }
            return SchoolCursor(day: Day(row["day"] as String), seq: row["seq"])
        }
    }

    /// The newest event of a school (0 when it has none).
    public func lastEventSeq(school: String) throws(StoreError) -> Int64 {
        try read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM event WHERE schoolId = ?"), arguments: [school]) ?? 0
        }
    }

    /// The day of a school's first dated event, if any.
    public func firstEventDay(school: String) throws(StoreError) -> Day? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT MIN(time) FROM event WHERE schoolId = ? AND time IS NOT NULL"), arguments: [school])
                .flatMap(Day.init)
        }
    }

    /// The Sunday of the newest week closed for a school, if any.
    public func closedThrough(school: String) throws(StoreError) -> Day? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(week) FROM weekEnded WHERE schoolId = ?"), arguments: [school])
                .flatMap(IsoWeek.init)?.sunday
        }
    }

    /// Events logged after the cursor but dated within what it has handled (untimed events,
    /// records that arrived late), up to `upTo`, in log order.
    /// `kinds`: only events of these kinds (nil: every event). Dispatch asks only for what some
    /// rule listens to, so the other events (most of a school's log) never leave SQLite.
    public func lateEvents(school: String, after cursor: SchoolCursor, upTo: Int64, limit: Int,
                           kinds: Set<EventKind>? = nil) throws(StoreError) -> [Event] {
        if kinds?.isEmpty == true { return [] }
        let (only, kindArguments) = Self.kindFilter(kinds)
        return try read { db in
            guard let day = cursor.day else {
                // No day handled yet, so nothing dated can be late: only the untimed events, from
                // the index on (school, time, seq) instead of every event logged since the cursor
                // (a whole history after a bulk import).
                return try Row.collect(db.cachedStatement(sql: """
                    SELECT \(Event.columns) FROM event WHERE schoolId = ? AND time IS NULL AND seq > ? AND seq <= ?\(only)
                    ORDER BY seq LIMIT ?
                    """), [school, cursor.seq, upTo] + kindArguments + [limit]) { Event(indexed: $0) }
            }
            return try Row.collect(db.cachedStatement(sql: """
                SELECT \(Event.columns) FROM event WHERE schoolId = ? AND seq > ? AND seq <= ? AND (time IS NULL OR time <= ?)\(only)
                ORDER BY seq LIMIT ?
                """), [school, cursor.seq, upTo, day.description] + kindArguments + [limit]) { Event(indexed: $0) }
        }
    }

    /// Events dated after `day` up to `through` and logged up to `upTo`, in the order they
    /// happened (by day, then as logged). Whole days only: a batch that reaches `limit` ends
    /// with every event of its last day. `kinds` as in ``lateEvents(school:after:upTo:limit:kinds:)``.
    public func dueEvents(school: String, after day: Day?, through: Day, upTo: Int64, limit: Int,
                          kinds: Set<EventKind>? = nil) throws(StoreError) -> [Event] {
        if kinds?.isEmpty == true { return [] }
        let (only, kindArguments) = Self.kindFilter(kinds)
        return try read { db in
            var events = try Row.collect(db.cachedStatement(sql: """
                SELECT \(Event.columns) FROM event WHERE schoolId = ? AND time > ? AND time <= ? AND seq <= ?\(only)
                ORDER BY time, seq LIMIT ?
                """), [school, day?.description ?? "", through, upTo] + kindArguments + [limit]) { Event(indexed: $0) }
            if events.count == limit, let last = events.last, let lastDay = last.time {
                events += try Row.collect(db.cachedStatement(sql: """
                    SELECT \(Event.columns) FROM event WHERE schoolId = ? AND time = ? AND seq > ? AND seq <= ?\(only)
                    ORDER BY seq
                    """), [school, lastDay, last.seq, upTo] + kindArguments) { Event(indexed: $0) }
            }
            return events
        }
    }

    /// How many events a dispatch from `cursor` passes over, whether a rule listens to them or
    /// not: the late ones (as ``lateEvents(school:after:upTo:limit:kinds:)``) and, with
    /// `through`, the due ones (as ``dueEvents(school:after:through:upTo:limit:kinds:)``).
    /// Counted in SQLite: none of them is read into a value.
    public func pendingEventCount(school: String, after cursor: SchoolCursor, through: Day?, upTo: Int64)
        throws(StoreError) -> Int
    {
        try read { db in
            var count: Int
            if let day = cursor.day {
                count = try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM event WHERE schoolId = ? AND seq > ? AND seq <= ? AND (time IS NULL OR time <= ?)
                    """), arguments: [school, cursor.seq, upTo, day.description]) ?? 0
            } else {
                count = try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM event WHERE schoolId = ? AND time IS NULL AND seq > ? AND seq <= ?
                    """), arguments: [school, cursor.seq, upTo]) ?? 0
            }
            if let through, cursor.day.map({ $0 < through }) ?? true {
                count += try Int.fetchOne(db.cachedStatement(sql: """
                    SELECT COUNT(*) FROM event WHERE schoolId = ? AND time > ? AND time <= ? AND seq <= ?
                    """), arguments: [school, cursor.day?.description ?? "", through, upTo]) ?? 0
            }
            return count
        }
    }

    /// The day of the newest event of a school dated up to `through` and logged up to `upTo`,
    /// of any kind: where a dispatch to `through` leaves its cursor.
    public func newestEventDay(school: String, through: Day, upTo: Int64) throws(StoreError) -> Day? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT MAX(time) FROM event WHERE schoolId = ? AND time <= ? AND seq <= ?
                """), arguments: [school, through, upTo]).flatMap(Day.init)
        }
    }

    /// `AND kind IN (…)` for `kinds` (sorted, so that a set gives one cached statement), or nothing.
    private static func kindFilter(_ kinds: Set<EventKind>?) -> (String, StatementArguments) {
        guard let kinds else { return ("", []) }
        let sorted = kinds.map(\.rawValue).sorted()
        return (" AND kind IN (" + Array(repeating: "?", count: sorted.count).joined(separator: ", ") + ")",
                StatementArguments(sorted))
    }

    /// How many of a school's events dated between two days there are, and how many of them
    /// `cursor` has not handled yet.
    public func eventCounts(school: String, from: Day, to: Day, cursor: String) throws(StoreError) -> (all: Int, unhandled: Int) {
        let position = try schoolCursor(cursor, school: school)
        return try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), IFNULL(SUM(CASE WHEN seq > ? OR time > ? THEN 1 ELSE 0 END), 0)
                FROM event WHERE schoolId = ? AND time BETWEEN ? AND ?
                """, arguments: [position.seq, position.day?.description ?? "", school, from, to])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// Moves every school's `cursor` past every event now in the log (benchmarks start fresh).
    public func skipDispatch(_ cursor: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO schoolCursor (name, schoolId, day, seq)
                  SELECT ?, schoolId, IFNULL(MAX(time), ''), (SELECT MAX(seq) FROM event) FROM event
                  WHERE schoolId IS NOT NULL GROUP BY schoolId
                ON CONFLICT (name, schoolId) DO UPDATE SET day = excluded.day, seq = excluded.seq
                """, arguments: [cursor])
        }
    }

    /// Writes a dispatch step's prompts, rule state and rule health with the school's new
    /// cursor position, in one transaction: a crash or a rerun never loses or doubles a prompt.
    /// Returns false, having written nothing, when an erasure or a retention run came after
    /// the step read the store (``DispatchCommit/erasuresSeen``): the step is to be run again.
    public func commit(_ step: DispatchCommit) throws(StoreError) -> Bool {
        for prompt in step.prompts {
            let issues = prompt.issues(reference: prompt.key)
            if !issues.isEmpty { throw .invalid(ValidationError(issues)) }
        }
        return try write { db in
            if let seen = step.erasuresSeen, try ReadVersion.erasures(db) != seen { return false }
            for prompt in step.prompts { try Self.save(prompt, db) }
            for state in step.states {
                try db.cachedStatement(sql: """
                    INSERT INTO ruleState (ruleId, schoolId, value) VALUES (?, ?, ?)
                    ON CONFLICT (ruleId, schoolId) DO UPDATE SET value = excluded.value
                    """).execute(arguments: [state.ruleId, state.schoolId, state.value])
            }
            for health in step.health {
                try db.cachedStatement(sql: """
                    INSERT INTO ruleHealth (ruleId, schoolId, failures, quarantined, lastError, lastEventSeq, recentFailures)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (ruleId, schoolId) DO UPDATE SET failures = excluded.failures, quarantined = excluded.quarantined,
                      lastError = IFNULL(excluded.lastError, ruleHealth.lastError), lastEventSeq = excluded.lastEventSeq,
                      recentFailures = excluded.recentFailures
                    """).execute(arguments: [health.ruleId, health.schoolId, health.failures, health.quarantined, health.lastError,
                                     health.lastEventSeq, health.recentFailures.map(\.description).joined(separator: " ")])
            }
            try db.cachedStatement(sql: """
                INSERT INTO schoolCursor (name, schoolId, day, seq) VALUES (?, ?, ?, ?)
                ON CONFLICT (name, schoolId) DO UPDATE SET day = excluded.day, seq = excluded.seq
                """).execute(arguments: [step.cursor, step.school, step.position.day?.description ?? "", step.position.seq])
            return true
        }
    }

    /// The week and evidence of the newest prompt of the same finding (rule, subject, key) from
    /// a week before `prompt`'s, or (`sameWeek`) from its own week: what tells a repeat, read
    /// without the rest of the prompt.
    package func previousEvidence(of prompt: Prompt, sameWeek: Bool = false) throws(StoreError) -> (week: String, evidence: [String])? {
        try read { db in
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT week, evidence FROM prompt WHERE schoolId = ? AND ruleId = ? AND IFNULL(teacherId, '') = ? AND IFNULL(classId, '') = ?
                  AND key = ? AND week \(sameWeek ? "=" : "<") ? ORDER BY week DESC LIMIT 1
                """), arguments: [prompt.schoolId, prompt.ruleId, prompt.teacherId ?? "", prompt.classId ?? "", prompt.key,
                                  prompt.week])
            guard let row = try cursor.next() else { return nil }
            return (row.text(0), (row.optionalText(1) ?? "").split(separator: "\n").map(String.init))
        }
    }


    /// Whether `week` has been closed for `school`.
    public func weekClosed(_ week: IsoWeek, school: String) throws(StoreError) -> Bool {
        try read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT eventSeq FROM weekEnded WHERE schoolId = ? AND week = ?"),
                               arguments: [school, week.description]) != nil
        }
    }

    /// Inserts a prompt, or updates the one with the same identity (keeping its status).
    @discardableResult
    static func upsert(_ prompt: Prompt, _ db: Database) throws -> Prompt {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: upsertSQL + " RETURNING *"), arguments: upsertArguments(prompt))
        else { throw StoreError.database("a saved prompt was not returned") }
        return try Prompt(row: row)
    }

    /// ``upsert(_:_:)`` for a dispatch's commit, which needs nothing back.
    static func save(_ prompt: Prompt, _ db: Database) throws {
        try db.cachedStatement(sql: upsertSQL).execute(arguments: upsertArguments(prompt))
    }

    private static let upsertSQL = """
        INSERT INTO prompt (schoolId, ruleId, ruleVersion, audience, teacherId, classId, key, week, priority,
          text, nextStep, reason, status, snoozedUntil, shadow, eventSeq, focus, evidence)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (schoolId, ruleId, IFNULL(teacherId, ''), IFNULL(classId, ''), key, week) DO UPDATE SET
          ruleVersion = excluded.ruleVersion, audience = excluded.audience, priority = excluded.priority,
          text = excluded.text, nextStep = excluded.nextStep, reason = excluded.reason,
          shadow = excluded.shadow, eventSeq = excluded.eventSeq, focus = excluded.focus,
          evidence = excluded.evidence
        """

    private static func upsertArguments(_ prompt: Prompt) -> StatementArguments {
        [prompt.schoolId, prompt.ruleId, prompt.ruleVersion, prompt.audience.rawValue,
         prompt.teacherId, prompt.classId, prompt.key, prompt.week, prompt.priority, prompt.text,
         prompt.nextStep, prompt.reason, prompt.status.rawValue, prompt.snoozedUntil,
         prompt.shadow, prompt.eventSeq, prompt.focus, prompt.evidence.joined(separator: "\n")]
    }

    /// A rule's health in every school where it has failed, by school.
    public func ruleHealth(_ rule: String) throws(StoreError) -> [RuleHealth] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM ruleHealth WHERE ruleId = ? ORDER BY schoolId"),
                             arguments: [rule]).map(RuleHealth.init(row:))
        }
    }

    /// Every rule's health in `school`.
    package func ruleHealth(school: String) throws(StoreError) -> [RuleHealth] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM ruleHealth WHERE schoolId = ? ORDER BY ruleId"),
                             arguments: [school]).map(RuleHealth.init(row:))
        }
    }

    /// Lets a quarantined rule run again, in one school or in every school.
    public func releaseQuarantine(_ rule: String, school: String? = nil) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE ruleHealth SET failures = 0, quarantined = 0, recentFailures = '' WHERE ruleId = ? AND (? IS NULL OR schoolId = ?)
                """, arguments: [rule, school, school])
        }
    }

    /// Appends `week.ended` for a school, once per week (a second tick of the same week is a
    /// no-op). Returns the event's sequence number.
    @discardableResult
    public func endWeek(_ week: IsoWeek, school: String) throws(StoreError) -> Int64 {
        try endWeek(week, schools: [school])[0]
    }

    /// ``endWeek(_:school:)`` for several schools in one transaction: a writer sees the week
    /// closed for all of them or for none, never for the ones a tick has got to so far.
    @discardableResult
    public func endWeek(_ week: IsoWeek, schools: [String]) throws(StoreError) -> [Int64] {
        try write { db in try schools.map { school in try Self.endWeek(week, school: school, in: db) } }
    }

    private static func endWeek(_ week: IsoWeek, school: String, in db: Database) throws -> Int64 {
        if let seq = try Int64.fetchOne(db.cachedStatement(sql: "SELECT eventSeq FROM weekEnded WHERE schoolId = ? AND week = ?"),
                                        arguments: [school, week.description]) {
            return seq
        }
        guard try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM school WHERE id = ?"), arguments: [school]) != nil else {
            throw StoreError.notFound("school '\(school)'")
        }
        try db.execute(sql: "INSERT INTO event (kind, schoolId, time, recordId, payload) VALUES (?, ?, ?, ?, ?)",
                       arguments: [EventKind.weekEnded.rawValue, school, week.sunday, week.description,
                                   Event.weekEndedPayload(week)])
        let seq = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO weekEnded (schoolId, week, eventSeq) VALUES (?, ?, ?)",
                       arguments: [school, week.description, seq])
        return seq
    }

    /// Events of `kinds` of one school between two days (by event time), for replay: all of
    /// them, never a first part (a replay that left out the last events would say less than
    /// the tick did, without a word).
    public func events(school: String, from: Day, to: Day, kinds: Set<EventKind>) throws(StoreError) -> [Event] {
        guard !kinds.isEmpty else { return [] }
        let names = kinds.map(\.rawValue).sorted()
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM event WHERE schoolId = ? AND time BETWEEN ? AND ?
                  AND kind IN (\(Array(repeating: "?", count: names.count).joined(separator: ", "))) ORDER BY seq
                """, arguments: StatementArguments(([school, from, to] as [(any DatabaseValueConvertible)?]) + names.map { $0 }))
                .map(Event.init(row:))
        }
    }

    public func event(_ seq: Int64) throws(StoreError) -> Event? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM event WHERE seq = ?"), arguments: [seq]).map(Event.init(row:)) }
    }

    /// Prompts of a school and week, for the digest.
    public func prompts(school: String, week: String) throws(StoreError) -> [Prompt] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM prompt WHERE schoolId = ? AND week = ? ORDER BY id"), arguments: [school, week])
                .map(Prompt.init)
        }
    }

    /// Prompts of earlier weeks snoozed until a day of `week`: they come back in that week's
    /// digest (a week's digest reads that week's prompts, so without these a prompt snoozed
    /// past its own week would never be seen again). Not when the engine prompted the same
    /// finding (rule, teacher, class, key) again in a later week up to `week`: the newer prompt
    /// says it with fresher evidence, and the old one would only repeat it.
    public func promptsBack(school: String, week: IsoWeek) throws(StoreError) -> [Prompt] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM prompt p
                WHERE p.schoolId = ?1 AND p.week < ?2 AND p.status = 'snoozed' AND p.snoozedUntil BETWEEN ?3 AND ?4
                  AND NOT EXISTS (
                    SELECT 1 FROM prompt n
                    WHERE n.schoolId = ?1 AND n.ruleId = p.ruleId AND IFNULL(n.teacherId, '') = IFNULL(p.teacherId, '')
                      AND IFNULL(n.classId, '') = IFNULL(p.classId, '') AND n.key = p.key AND n.week > p.week AND n.week <= ?2)
                ORDER BY p.id
                """), arguments: [school, week.description, week.monday, week.sunday])
                .map(Prompt.init)
        }
    }
}

/// One result as ``CoachStore/resultCells(school:from:to:)`` reads it.
package struct ResultCell: Sendable {
    package var pupil: String
    /// The pupil's class of now.
    package var classId: String
    package var goal: String
    package var kind: String
    package var day: Day
    /// In percent (see ``CoachStore/masteryTotals(school:by:_:)``); nil without one.
    package var mastery: Double?
}

/// Mastery totals per key, counted and summed in one order whatever order the values come in
/// (each key's values ascending), so that totals from the store and from results kept in
/// memory (the engine's `ResultTally`) are the same to the last bit.
package enum MasteryTotals {
    /// Per key (in key order): how many values, and their sum.
    package static func of(_ values: [(key: String, value: Double)]) -> [(key: String, count: Int64, sum: Double)] {
        var grouped: [String: [Double]] = [:]
        for (key, value) in values { grouped[key, default: []].append(value) }
        return grouped.keys.sorted().map { key in
            let sorted = grouped[key]!.sorted()
            return (key, Int64(sorted.count), sorted.reduce(0, +))
        }
    }
}
