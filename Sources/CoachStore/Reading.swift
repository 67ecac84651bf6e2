import CoachCore
import GRDB

/// Reads. Each query is served by an index (see Schema); none scans a whole history.
extension CoachStore {
    public func school(_ id: String) throws(StoreError) -> School? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM school WHERE id = ?"), arguments: [id]).map(School.init) }
    }

    public func schools() throws(StoreError) -> [School] {
        try read { db in try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM school ORDER BY id")).map(School.init) }
    }

    public func teacher(_ id: String) throws(StoreError) -> Teacher? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Teacher.columns) FROM teacher WHERE id = ?"), arguments: [id])
                .map(Teacher.init(indexed:))
        }
    }

    public func teachers(school: String) throws(StoreError) -> [Teacher] {
        try read { db in
            try Row.collect(db.cachedStatement(sql: "SELECT \(Teacher.columns) FROM teacher WHERE schoolId = ? ORDER BY id"), [school],
                            Teacher.init(indexed:))
        }
    }

    public func coach(_ id: String) throws(StoreError) -> Coach? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM coach WHERE id = ?"), arguments: [id]).map(Coach.init) }
    }

    public func assignments(coach: String) throws(StoreError) -> [CoachAssignment] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM coachAssignment WHERE coachId = ? ORDER BY scope, scopeId"),
                             arguments: [coach]).map(CoachAssignment.init)
        }
    }

    public func schoolClass(_ id: String) throws(StoreError) -> SchoolClass? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(SchoolClass.columns) FROM schoolClass WHERE id = ?"), arguments: [id])
                .map(SchoolClass.init(indexed:))
        }
    }

    public func classes(school: String) throws(StoreError) -> [SchoolClass] {
        try read { db in
            try Row.collect(db.cachedStatement(sql: "SELECT \(SchoolClass.columns) FROM schoolClass WHERE schoolId = ? ORDER BY id"),
                            [school], SchoolClass.init(indexed:))
        }
    }

    public func classTeachers(teacher: String) throws(StoreError) -> [ClassTeacher] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM classTeacher WHERE teacherId = ? ORDER BY classId"), arguments: [teacher])
                .map(ClassTeacher.init)
        }
    }

    /// Who teaches a class.
    public func classTeachers(class classId: String) throws(StoreError) -> [ClassTeacher] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM classTeacher WHERE classId = ? ORDER BY teacherId"), arguments: [classId])
                .map(ClassTeacher.init)
        }
    }

    public func pupil(_ id: String) throws(StoreError) -> Pupil? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Pupil.columns) FROM pupil WHERE id = ?"), arguments: [id])
                .map(Pupil.init(indexed:))
        }
    }

    /// The school's pupils that have an alias, with it: what must never reach a log line.
    package func pupilAliases(school: String) throws(StoreError) -> [(id: String, alias: String)] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT id, alias FROM pupil WHERE schoolId = ? AND alias IS NOT NULL AND alias <> ''"),
                             arguments: [school]).map { ($0[0], $0[1]) }
        }
    }

    /// A school's pupils, by id; with `day`, the pupils there on that day, each in its class of
    /// that day.
    public func pupils(school: String, on day: Day? = nil) throws(StoreError) -> [Pupil] {
        try read { db in
            if let day, try PupilStints.differ(db, school: school, on: day) {
                let asOf = PupilStints.asOf(school: school, day: day)
                return try Row.collect(db.cachedStatement(sql: asOf.sql + Self.pupilsOfSchoolSQL), asOf.arguments + [school],
                                       Pupil.init(indexed:))
            }
            return try Row.collect(db.cachedStatement(sql: Self.pupilsOfSchoolSQL), [school], Pupil.init(indexed:))
        }
    }

    // Constants, so that `PupilIndexTests` explains the very text asked: both are answered from
    // their index alone, in its order (v21), with no lookup in the table and no sort.
    // Those who left are not there (before they left, a `pupilStint` row reads them as of the day).
    static let pupilsOfSchoolSQL = "SELECT \(Pupil.columns) FROM pupil WHERE schoolId = ? AND leftOn IS NULL ORDER BY id"
    static let pupilsOfClassSQL = "SELECT \(Pupil.columns) FROM pupil WHERE classId = ? AND leftOn IS NULL ORDER BY id"

    /// A class's pupils, by id; with `day` (and the class's `school`), those in it on that day.
    public func pupils(class classId: String, school: String? = nil, on day: Day? = nil) throws(StoreError) -> [Pupil] {
        try read { db in
            if let day, let school, try PupilStints.differ(db, school: school, on: day) {
                let asOf = PupilStints.asOf(school: school, day: day)
                return try Row.collect(db.cachedStatement(sql: asOf.sql + Self.pupilsOfClassSQL), asOf.arguments + [classId],
                                       Pupil.init(indexed:))
            }
            return try Row.collect(db.cachedStatement(sql: Self.pupilsOfClassSQL), [classId], Pupil.init(indexed:))
        }
    }

    public func goal(_ id: String) throws(StoreError) -> LearningGoal? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM learningGoal WHERE id = ?"), arguments: [id]).map(LearningGoal.init) }
    }

    /// A school's learning goals.
    public func goals(school: String) throws(StoreError) -> [LearningGoal] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM learningGoal WHERE schoolId = ? ORDER BY id"), arguments: [school]).map(LearningGoal.init)
        }
    }

    public func period(_ id: String) throws(StoreError) -> Period? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM period WHERE id = ?"), arguments: [id]).map(Period.init) }
    }

    /// The period of `school` that contains `day` (the latest started, when they overlap).
    public func period(school: String, on day: Day) throws(StoreError) -> Period? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM period WHERE schoolId = ? AND start <= ? AND "end" >= ? ORDER BY start DESC LIMIT 1
                """, arguments: [school, day, day]).map(Period.init)
        }
    }

    public func instrument(_ id: String, version: String) throws(StoreError) -> Instrument? {
        try read { db in try InstrumentQueries.fetch(db, id: id, version: version) }
    }

    /// All stored instruments (of one id, when given), every version.
    public func instruments(id: String? = nil) throws(StoreError) -> [Instrument] {
        try read { db in try InstrumentQueries.fetchAll(db, id: id) }
    }

    public func observation(_ id: Int64) throws(StoreError) -> Observation? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Observation.columns) FROM observation WHERE id = ?"),
                                             arguments: [id]) else { return nil }
            return try Observation(indexed: row, scores: try Self.scores(db, observation: id))
        }
    }

    /// A teacher's observations between two days (inclusive), oldest first.
    public func observations(teacher: String, from: Day, to: Day) throws(StoreError) -> [Observation] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Observation.columns) FROM observation WHERE teacherId = ? AND date BETWEEN ? AND ? ORDER BY date, id
                """, arguments: [teacher, from, to]).map { row in
                try Observation(indexed: row, scores: try Self.scores(db, observation: row[0] as Int64))
            }
        }
    }

    private static func scores(_ db: Database, observation: Int64) throws -> [ItemScore] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT item, value, note FROM observationScore WHERE observationId = ?"),
                         arguments: [observation]).map { ItemScore(item: $0["item"], value: $0["value"], note: $0["note"]) }
    }

    public func learningWalk(_ id: Int64) throws(StoreError) -> LearningWalk? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM learningWalk WHERE id = ?"), arguments: [id]) else { return nil }
            return LearningWalk(row: row, findings: try Self.findings(db, walk: id))
        }
    }

    /// A school's learning walks, newest first.
    public func learningWalks(school: String, limit: Int = 100) throws(StoreError) -> [LearningWalk] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM learningWalk WHERE schoolId = ? ORDER BY date DESC, id DESC LIMIT ?"),
                             arguments: [school, limit]).map { row in
                LearningWalk(row: row, findings: try Self.findings(db, walk: row["id"]))
            }
        }
    }

    static func findings(_ db: Database, walk: Int64) throws -> [WalkFinding] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT item, status, examples FROM learningWalkFinding WHERE walkId = ? ORDER BY item"),
                         arguments: [walk]).map { row in
            WalkFinding(item: row["item"], status: try WalkStatus.column(row, "status"),
                        examples: JSONColumn.decode(row["examples"]), agreedByWholeTeam: true)
        }
    }

    public func feedback(_ id: Int64) throws(StoreError) -> FeedbackRecord? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM feedback WHERE id = ?"), arguments: [id]).map(FeedbackRecord.init(row:)) }
    }

    /// A teacher's feedback between two days (inclusive), oldest first.
    public func feedback(teacher: String, from: Day, to: Day) throws(StoreError) -> [FeedbackRecord] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM feedback WHERE teacherId = ? AND date BETWEEN ? AND ? ORDER BY date, id"),
                             arguments: [teacher, from, to]).map(FeedbackRecord.init(row:))
        }
    }

    public func placement(_ id: Int64) throws(StoreError) -> Placement? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM placement WHERE id = ?"), arguments: [id]).map(Placement.init(row:)) }
    }

    /// A pupil's placements for a goal, oldest first.
    public func placements(pupil: String, goal: String) throws(StoreError) -> [Placement] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM placement WHERE pupilId = ? AND goalId = ? ORDER BY \"from\", id"),
                             arguments: [pupil, goal]).map(Placement.init(row:))
        }
    }

    /// The current placements in a class for a goal.
    public func currentPlacements(class classId: String, goal: String) throws(StoreError) -> [Placement] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM placement WHERE classId = ? AND goalId = ? AND "to" IS NULL ORDER BY pupilId
                """, arguments: [classId, goal]).map(Placement.init(row:))
        }
    }

    public func result(_ id: Int64) throws(StoreError) -> LearningResult? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM result WHERE id = ?"), arguments: [id]).map(LearningResult.init(row:)) }
    }

    /// A pupil's results for a goal, oldest first.
    public func results(pupil: String, goal: String) throws(StoreError) -> [LearningResult] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM result WHERE pupilId = ? AND goalId = ? ORDER BY date, id"),
                             arguments: [pupil, goal]).map(LearningResult.init(row:))
        }
    }

    /// Events after `seq` (exclusive), in order, at most `limit`: a range scan of the log.
    public func events(after seq: Int64, limit: Int = 1000) throws(StoreError) -> [Event] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM event WHERE seq > ? ORDER BY seq LIMIT ?"), arguments: [seq, limit])
                .map(Event.init(row:))
        }
    }

    /// The newest event's sequence number (0 for an empty log).
    public func lastEventSeq() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT IFNULL(MAX(seq), 0) FROM event")) ?? 0 }
    }

    /// How many rows a table holds (for tests and `coach` status lines).
    public func count(_ table: StoredTable) throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.rawValue)") ?? 0 }
    }
}

/// The tables, by name, for counts.
public enum StoredTable: String, Sendable, CaseIterable {
    case school, teacher, coach, coachAssignment, schoolClass, classTeacher, pupil, learningGoal, period
    case instrument, instrumentSection, instrumentItem, observation, observationScore, learningWalk
    case learningWalkFinding, feedback, placement, result, centralResult, event, prompt, suggestion, ruleState
}

extension CoachStore {
    /// The first and last day of the records `references` name ("feedback:12", "placement:3"):
    /// what a prompt's evidence spans, for people to read. Nil when none is dated.
    public func evidenceSpan(_ references: [String], school: String) throws(StoreError) -> ClosedRange<Day>? {
        var ids: [String: [Int64]] = [:]
        for reference in references.compactMap(RecordReference.init) { ids[reference.kind, default: []].append(reference.id) }
        let dated = ["feedback": "date", "result": "date", "observation": "date", "learningWalk": "date", "placement": "\"from\""]
        return try read { db in
            var first: Day?, last: Day?
            for (kind, list) in ids {
                guard let column = dated[kind], let mine = Self.ofSchool[kind] else { continue }
                for start in stride(from: 0, to: list.count, by: 500) {
                    let chunk = Array(list[start..<min(start + 500, list.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    guard let row = try Row.fetchOne(db, sql: "SELECT min(\(column)) AS a, max(\(column)) AS b FROM \(kind) WHERE id IN (\(marks)) AND \(mine)",
                                                     arguments: StatementArguments(chunk) + [school]),
                          let a = (row["a"] as String?).flatMap(Day.init), let b = (row["b"] as String?).flatMap(Day.init)
                    else { continue }
                    first = min(first ?? a, a)
                    last = max(last ?? b, b)
                }
            }
            guard let first, let last else { return nil }
            return first...last
        }
    }

    /// Per kind of record a rule can cite, the condition that a row is of the school (`?`).
    /// A rule can write any reference as evidence: shown, one of another school would show
    /// that school's records.
    static let ofSchool = [
        "feedback": "teacherId IN (SELECT id FROM teacher WHERE schoolId = ?)",
        "result": "pupilId IN (SELECT id FROM pupil WHERE schoolId = ?)",
        "placement": "pupilId IN (SELECT id FROM pupil WHERE schoolId = ?)",
        "observation": "schoolId = ?",
        "learningWalk": "schoolId = ?",
        "centralResult": "schoolId = ?",
    ]

    /// Whether the record `reference` names is one of `school`'s (false for a kind coach does
    /// not keep, or a record that is not there).
    public func isOfSchool(_ reference: RecordReference, school: String) throws(StoreError) -> Bool {
        guard let mine = Self.ofSchool[reference.kind] else { return false }
        return try read { db in
            try Row.fetchOne(db, sql: "SELECT 1 FROM \(reference.kind) WHERE id = ? AND \(mine)", arguments: [reference.id, school]) != nil
        }
    }
}
