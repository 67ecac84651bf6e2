import CoachCore
import Foundation
import GRDB

/// Everything the store holds about one pupil, for a parent's request (`coach export`).
public struct PupilExport: Encodable, Sendable {
    public var pupil: Pupil
    public var schoolClass: SchoolClass?
    public var feedback: [FeedbackRecord]
    public var results: [LearningResult]
    public var placements: [Placement]
    /// The classes the pupil was in before the one of now, oldest first: each until the day
    /// the next began (no class: not at the school yet).
    public var earlierClasses: [EarlierClass]
    /// Prompts and suggestions that name the pupil (by alias or id), other pupils' aliases and
    /// ids masked. Those that only rest on the pupil's records without naming them are about a
    /// teacher or a class (a teacher's feedback habits, a class's figures) and stay out of a
    /// parent's copy: coaching is not appraisal. ``CoachStore/erase(pupil:dryRun:)`` removes
    /// those too.
    public var prompts: [Prompt]
    public var suggestions: [Suggestion]

    enum CodingKeys: String, CodingKey {
        case pupil, schoolClass = "class", earlierClasses, feedback, results, placements, prompts, suggestions
    }
}

/// A class a pupil was in before the one of now, until the first day in the next (no class: not
/// at the school yet).
public struct EarlierClass: Encodable, Sendable, Hashable {
    public var classId: String?
    public var until: Day

    public init(classId: String?, until: Day) {
        self.classId = classId
        self.until = until
    }

    enum CodingKeys: String, CodingKey {
        case classId = "class", until
    }

    /// `"class": null` for the days before the pupil came: said, not left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(classId, forKey: .classId)
        try container.encode(until, forKey: .until)
    }
}

/// What a removal took out (or would, in a dry run), per table, in a fixed order.
public struct Removal: Sendable, Hashable {
    public var rows: [(table: String, count: Int)] = []
    /// The pupils a retention run removes because they left (their ids: pseudonyms), so that a
    /// dry run says whom.
    public var leavers: [String] = []
    public var dryRun = false
    /// In a dry run: why the real run would wait (``StoreError/weekNotRun(school:week:)``).
    public var waiting: StoreError?

    public var total: Int { rows.reduce(0) { $0 + $1.count } }

    public static func == (a: Removal, b: Removal) -> Bool {
        a.dryRun == b.dryRun && a.rows.map(\.table) == b.rows.map(\.table) && a.rows.map(\.count) == b.rows.map(\.count)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(dryRun)
        for row in rows { hasher.combine(row.table); hasher.combine(row.count) }
    }

    /// Counts `count` more rows of `table`: one line per table, however many schools or
    /// statements removed them.
    mutating func add(_ table: String, _ count: Int) {
        guard count > 0 else { return }
        if let known = rows.firstIndex(where: { $0.table == table }) { rows[known].count += count } else { rows.append((table, count)) }
    }
}

extension CoachStore {
    /// All records about `pupil`, and the prompts and suggestions that name them (see
    /// ``PupilExport/prompts`` for what is left out, and why).
    public func export(pupil id: String) throws(StoreError) -> PupilExport {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Pupil.columns) FROM pupil WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("pupil '\(id)'")
            }
            var pupil = Pupil(indexed: row)
            pupil.left = try PupilStints.stored(db, pupil: id)?.left
            let found = try Self.mentions(db, pupil)
            func ids(_ list: [Int64]) -> String { list.map(String.init).joined(separator: ",") }
            let schoolClass = try Row.fetchOne(db, sql: "SELECT \(SchoolClass.columns) FROM schoolClass WHERE id = ?",
                                               arguments: [pupil.classId]).map(SchoolClass.init(indexed:))
            let feedback = try Row.fetchAll(db, sql: "SELECT * FROM feedback WHERE pupilId = ? ORDER BY date, id", arguments: [id])
                .map { try FeedbackRecord(row: $0) }
            let results = try Row.fetchAll(db, sql: "SELECT * FROM result WHERE pupilId = ? ORDER BY date, id", arguments: [id])
                .map { try LearningResult(row: $0) }
            let placements = try Row.fetchAll(db, sql: "SELECT * FROM placement WHERE pupilId = ? ORDER BY \"from\", id",
                                              arguments: [id]).map { Placement(row: $0) }
            // What names the pupil, and only that: other pupils in the same text are masked, and
            // what a prompt rests on is left out (it is about the school's records, not the pupil).
            // Rules name a pupil without an alias by their id, so other pupils' ids go too.
            let others = try Row.fetchAll(db, sql: "SELECT id, alias FROM pupil WHERE schoolId = ? AND id <> ?",
                                          arguments: [pupil.schoolId, id])
                .flatMap { [$0[0] as String, $0[1] as String?].compactMap { $0 } }
                .filter { $0.count >= 2 && $0 != pupil.alias && $0 != id }
            func masked(_ text: String) -> String { others.reduce(text) { Words.replacing($1, with: "‹leerling›", in: $0) } }
            let scope = try Self.aliasScope(db, pupil)
            let prompts = found.prompts.isEmpty ? [] : try Row.fetchAll(
                db, sql: "SELECT * FROM prompt WHERE id IN (\(ids(found.prompts))) ORDER BY id").map { try Prompt(row: $0) }
                .filter { prompt in
                    Self.names(pupil, scope, prompt.text, classId: prompt.classId)
                        || Self.names(pupil, scope, prompt.nextStep, classId: prompt.classId)
                }
                .map { prompt -> Prompt in
                    var prompt = prompt
                    prompt.text = masked(prompt.text)
                    prompt.nextStep = masked(prompt.nextStep)
                    prompt.reason = "{}"
                    prompt.evidence = prompt.evidence.filter(found.refs.contains)
                    return prompt
                }
            let suggestions = found.suggestions.isEmpty ? [] : try Row.fetchAll(
                db, sql: "SELECT * FROM suggestion WHERE id IN (\(ids(found.suggestions))) ORDER BY id").map { Suggestion(row: $0) }
                .filter { suggestion in Self.names(pupil, scope, suggestion.text, classId: suggestion.classId) }
                .map { suggestion -> Suggestion in
                    var suggestion = suggestion
                    suggestion.text = masked(suggestion.text)
                    suggestion.reason = "{}"
                    return suggestion
                }
            let earlier = try Row.fetchAll(db, sql: "SELECT classId, \"until\" FROM pupilStint WHERE pupilId = ? ORDER BY \"until\"",
                                           arguments: [id]).compactMap { row in
                Day(row[1] as String).map { EarlierClass(classId: row[0], until: $0) }
            }
            return PupilExport(pupil: pupil, schoolClass: schoolClass, feedback: feedback, results: results,
                               placements: placements, earlierClasses: earlier, prompts: prompts, suggestions: suggestions)
        }
    }

    /// Removes `pupil` and everything about them: their feedback, results and placements, the
    /// prompts and suggestions that name them or rest on those records, the events that carry
    /// their id, the rule states that remember it, and their alias wherever a teacher wrote it.
    /// Then the file is rewritten (VACUUM) so that no free page keeps a copy. A dry run counts.
    /// Refused with ``StoreError/weekNotRun(school:week:)`` while a closed week of the pupil's
    /// school waits for its rules (a tick at it would name the pupil again after the erasure).
    public func erase(pupil id: String, dryRun: Bool) throws(StoreError) -> Removal {
        try rewriting(dryRun: dryRun) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Pupil.columns) FROM pupil WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("pupil '\(id)'")
            }
            let pupil = Pupil(indexed: row)
            // Not while a tick or worker still runs a closed week of the school: its later
            // batches, read before the erasure, would write prompts naming the pupil after it.
            var removal = Removal(dryRun: dryRun)
            do {
                try Self.refuseBeforeRulesRan([pupil.schoolId], in: db)
            } catch let refusal as StoreError where dryRun {
                removal.waiting = refusal
            }
            try Self.forget(pupil, in: db, into: &removal)
            return removal
        }
    }

    /// Removes `pupil` and everything about them (see ``erase(pupil:dryRun:)``), counting
    /// the rows in `removal`, the pupil's own row as `table`.
    static func forget(_ pupil: Pupil, in db: Database, into removal: inout Removal, as table: String = "pupil") throws {
        let id = pupil.id
        let found = try Self.mentions(db, pupil)
        // Before their records go: those say which classes the pupil was in.
        let scope = try Self.aliasScope(db, pupil)
        func delete(_ table: String, _ condition: String, _ arguments: StatementArguments) throws {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(condition)", arguments: arguments)
            removal.add(table, db.changesCount)
        }
        func deleteIds(_ table: String, _ ids: [Int64], key: String = "id") throws {
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = ids[chunk..<min(chunk + 500, ids.count)].map(String.init).joined(separator: ",")
                try db.execute(sql: "DELETE FROM \(table) WHERE \(key) IN (\(part))")
                removal.add(table, db.changesCount)
            }
        }
        try deleteIds("prompt", found.prompts)
        try deleteIds("suggestion", found.suggestions)
        try deleteIds("event", found.events, key: "seq")
        try delete("feedback", "pupilId = ?", [id])
        try delete("result", "pupilId = ?", [id])
        try delete("placement", "pupilId = ?", [id])
        // A rule's memory keeps the other pupils: the id goes wherever it stands as a word
        // ("p1", "p1/breuken"), and the alias where it is theirs alone.
        var forgotten = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT ruleId, value FROM ruleState WHERE schoolId = ? AND (instr(value, ?) > 0 OR instr(lower(value), lower(?)) > 0)
            """, arguments: [pupil.schoolId, id, pupil.alias ?? id]) {
            let value: String = row[1]
            // In the state's strings only (a numeric id must not turn {"weeks":12} into
            // something that is no longer JSON).
            var changed = false
            func forget(_ text: String) -> String {
                var cleaned = Words.replacing(id, with: "‹gewist›", in: text)
                if let alias = pupil.alias, scope == .school { cleaned = Words.replacing(alias, with: "‹gewist›", in: cleaned) }
                if cleaned != text { changed = true }
                return cleaned
            }
            func forgetting(_ value: Any) -> Any {
                switch value {
                case let text as String: return forget(text)
                case let list as [Any]: return list.map(forgetting)
                case let map as [String: Any]:
                    return Dictionary(map.map { (forget($0.key), forgetting($0.value)) }, uniquingKeysWith: { first, _ in first })
                default: return value
                }
            }
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]),
                  case let remembered = forgetting(parsed), changed,
                  let data = try? JSONSerialization.data(withJSONObject: remembered,
                                                         options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
            else { continue }
            let cleaned = String(decoding: data, as: UTF8.self)
            try db.execute(sql: "UPDATE ruleState SET value = ? WHERE ruleId = ? AND schoolId = ?",
                           arguments: [cleaned, row[0] as String, pupil.schoolId])
            forgotten += 1
        }
        removal.add("ruleState", forgotten)
        // A rule's last error in the pupil's school that names them (as a prompt would: the id
        // as a word, the alias where it is theirs alone) is cleared.
        var cleared = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT ruleId, lastError FROM ruleHealth WHERE schoolId = ? AND (instr(lastError, ?) > 0 OR instr(lower(lastError), lower(?)) > 0)
            """, arguments: [pupil.schoolId, id, pupil.alias ?? id]) where Self.names(pupil, scope, row[1], classId: nil) {
            try db.execute(sql: "UPDATE ruleHealth SET lastError = NULL WHERE ruleId = ? AND schoolId = ?",
                           arguments: [row[0] as String, pupil.schoolId])
            cleared += 1
        }
        removal.add("ruleHealth", cleared)
        // A teacher may have written the alias in a note: it goes, the note stays.
        if let alias = pupil.alias, scope != .nowhere {
            // Within the pupil's school only: another school's "Noor" is another child; and
            // within their class when another pupil of the school has that alias too (a
            // walk has no class: its notes are left alone then).
            let theirs: [String] = { if case .classes(let set) = scope { return set.sorted() }; return [] }()
            let list = "(SELECT value FROM json_each(?))"
            let inSchool = scope == .school ? [
                "feedback": "teacherId IN (SELECT id FROM teacher WHERE schoolId = ?)",
                "observation": "schoolId = ?",
                "observationScore": "observationId IN (SELECT id FROM observation WHERE schoolId = ?)",
                "learningWalkFinding": "walkId IN (SELECT id FROM learningWalk WHERE schoolId = ?)",
            ] : [
                "feedback": "classId IN \(list)",
                "observation": "classId IN \(list)",
                "observationScore": "observationId IN (SELECT id FROM observation WHERE classId IN \(list))",
            ]
            let place = scope == .school ? pupil.schoolId : JSONColumn.encode(theirs)
            for (table, column, keys) in [("feedback", "text", ["id"]), ("observation", "workOn", ["id"]),
                                          ("observation", "lesson", ["id"]),
                                          ("observationScore", "note", ["observationId", "item"]),
                                          ("learningWalkFinding", "examples", ["walkId", "item"])] where inSchool[table] != nil {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(column), \(keys.joined(separator: ", ")) FROM \(table)
                    WHERE \(inSchool[table]!) AND instr(lower(\(column)), lower(?)) > 0
                    """, arguments: [place, alias])
                var changed = 0
                for row in rows {
                    let text: String = row[0]
                    let cleaned = Words.replacing(alias, with: "‹leerling›", in: text)
                    guard cleaned != text else { continue }
                    let match = keys.map { "\($0) = ?" }.joined(separator: " AND ")
                    try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(match)",
                                   arguments: StatementArguments([cleaned.databaseValue] + (1...keys.count).map { row[$0] as DatabaseValue }))
                    changed += 1
                }
                removal.add(table + " (alias)", changed)
            }
        }
        try delete("pupilStint", "pupilId = ?", [id])
        try db.execute(sql: "DELETE FROM pupil WHERE id = ?", arguments: [id])
        removal.add(table, db.changesCount)
    }

    /// Removes what is older than `day` (records dated before it, placements that ended before
    /// it, their events, prompts and suggestions of earlier weeks, and the pupils who left on
    /// or before it, as ``erase(pupil:dryRun:)`` would), in one school or all;
    /// the school's retention period says which day. Refused while events before that day
    /// still wait for the rules (tick first), and, when it would remove anything, while a
    /// closed week of the school waits for its rules (``StoreError/weekNotRun(school:week:)``).
    public func removeRecords(before day: Day, school: String?, cursor: String = "engine", dryRun: Bool) throws(StoreError) -> Removal {
        try rewriting(dryRun: dryRun) { db in
            var removal = Removal(dryRun: dryRun)
            let schools = try school.map { [$0] } ?? String.fetchAll(db, sql: "SELECT id FROM school ORDER BY id")
            for school in schools {
                guard try Row.fetchOne(db, sql: "SELECT 1 FROM school WHERE id = ?", arguments: [school]) != nil else {
                    throw StoreError.notFound("school '\(school)'")
                }
                // Handled: logged before the cursor's event and dated no later than its day (the
                // same test as the week status): an event of a week not yet closed is waiting.
                let waiting = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM event LEFT JOIN schoolCursor c ON c.schoolId = event.schoolId AND c.name = ?
                    WHERE event.schoolId = ? AND event.time < ?
                      AND (c.seq IS NULL OR event.seq > c.seq OR event.time > c.day)
                    """, arguments: [cursor, school, day]) ?? 0
                if waiting > 0 {
                    // A closed week still to run: that is for waiting, not for refusing — unless
                    // some of these events lie after the school's newest closed week, which no
                    // wait would run: then at once.
                    let closed = try String.fetchOne(db, sql: "SELECT MAX(week) FROM weekEnded WHERE schoolId = ?", arguments: [school])
                        .flatMap(IsoWeek.init)
                    let open = try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM event LEFT JOIN schoolCursor c ON c.schoolId = event.schoolId AND c.name = ?
                        WHERE event.schoolId = ? AND event.time < ? AND event.time > ?
                          AND (c.seq IS NULL OR event.seq > c.seq OR event.time > c.day)
                        """, arguments: [cursor, school, day, closed?.sunday.description ?? ""]) ?? 0
                    if !dryRun && open == 0 { try Self.refuseBeforeRulesRan([school], in: db) }
                    throw StoreError.refused("school '\(school)' has \(waiting) \(waiting == 1 ? "event" : "events") before \(day) that "
                                              + "the rules have not seen; run 'coach tick' first")
                }
                func delete(_ table: String, _ condition: String) throws {
                    try db.execute(sql: "DELETE FROM \(table) WHERE \(condition)", arguments: [school, day])
                    removal.add(table, db.changesCount)
                }
                let week = day.isoWeek.description
                let before = removal.total
                // Remembered, so that a file given again later does not bring back what goes now.
                try db.execute(sql: "UPDATE school SET keptFrom = ? WHERE id = ? AND (keptFrom IS NULL OR keptFrom < ?)",
                               arguments: [day, school, day])
                // Pupils who left on or before the day: every day they were at the school is
                // older than it, so they go too, as `coach erase` takes them — their records, the
                // prompts and suggestions resting on those, their alias in teachers' notes, and
                // whatever still names them. First, while their records still say what rests on
                // them and which classes they were in.
                let leavers = try Row.fetchAll(db, sql: "SELECT \(Pupil.columns) FROM pupil WHERE schoolId = ? AND leftOn <= ? ORDER BY id",
                                               arguments: [school, day]).map(Pupil.init(indexed:))
                for pupil in leavers {
                    try Self.forget(pupil, in: db, into: &removal, as: "pupil (left)")
                    removal.leavers.append(pupil.id)
                }
                try delete("feedback", Self.feedbackBefore)
                try delete("result", "pupilId IN (SELECT id FROM pupil WHERE schoolId = ?) AND date < ?")
                // Placements that ended before the day, also those a move or a leaving ended
                // (read through the pupil's stretches, before those go).
                try delete("placement", "pupilId IN (SELECT id FROM pupil WHERE schoolId = ?) AND IFNULL(\(PupilStints.placementTo), "
                           + "'9999-12-31') < ?")
                // Which class a pupil was in before the day: nothing left to read it for (a
                // stretch ending on the day still ends the placements kept, as they are).
                try delete("pupilStint", "schoolId = ? AND \"until\" < ?")
                try delete("observation", "schoolId = ? AND date < ?")
                try delete("learningWalk", "schoolId = ? AND date < ?")
                try delete("event", "schoolId = ? AND time < ?")
                try db.execute(sql: "DELETE FROM prompt WHERE schoolId = ? AND week < ?", arguments: [school, week])
                removal.add("prompt", db.changesCount)
                try delete("suggestion", "schoolId = ? AND day < ?")
                // Not while a closed week's rules are still to run (they may look back past
                // `day`), when there is anything to remove; a dry run says the real one would wait.
                if removal.total > before {
                    do {
                        try Self.refuseBeforeRulesRan([school], in: db)
                    } catch let refusal as StoreError where dryRun {
                        removal.waiting = removal.waiting ?? refusal
                    }
                }
            }
            return removal
        }
    }

    /// A school's feedback dated before a day (arguments: the school, the day), found through
    /// its teachers: feedback has no index by class (migration v23).
    static let feedbackBefore = "teacherId IN (SELECT id FROM teacher WHERE schoolId = ?) AND date < ?"

    /// The ids of prompts, suggestions and events that name `pupil` (whole word: `p1` is not
    /// `p12`) or rest on one of their records.
    /// Where a pupil's alias names only them: a pseudonym ("Noor") may be another child's too.
    enum AliasScope: Equatable { case school, classes(Set<String>), nowhere }

    /// `.classes`: the classes the pupil is or was in (their records say which), when another
    /// pupil of the school has the alias too but none of those classes.
    static func aliasScope(_ db: Database, _ pupil: Pupil) throws -> AliasScope {
        guard let alias = pupil.alias, alias.count >= 2 else { return .nowhere }
        let namesakes = try String.fetchAll(db, sql: "SELECT id FROM pupil WHERE schoolId = ? AND id <> ? AND lower(alias) = lower(?)",
                                            arguments: [pupil.schoolId, pupil.id, alias])
        if namesakes.isEmpty { return .school }
        // The classes a pupil is or was in: now, and where their records were made.
        func classes(_ id: String) throws -> Set<String> {
            Set(try String.fetchAll(db, sql: """
                SELECT classId FROM pupil WHERE id = ? UNION SELECT classId FROM feedback WHERE pupilId = ?
                UNION SELECT classId FROM placement WHERE pupilId = ?
                UNION SELECT classId FROM pupilStint WHERE pupilId = ? AND classId IS NOT NULL
                """, arguments: [id, id, id, id]))
        }
        let theirs = try classes(pupil.id)
        var others = Set<String>()
        for namesake in namesakes { others.formUnion(try classes(namesake)) }
        return theirs.isDisjoint(with: others) ? .classes(theirs) : .nowhere
    }

    /// Whether `text` (of a prompt or suggestion about `classId`) names `pupil`: by id always,
    /// by alias where the alias is theirs alone.
    static func names(_ pupil: Pupil, _ scope: AliasScope, _ text: String, classId: String?) -> Bool {
        if Words.contains(pupil.id, in: text) { return true }
        guard let alias = pupil.alias else { return false }
        switch scope {
        case .school: return Words.contains(alias, in: text)
        case .classes(let theirs): return classId.map(theirs.contains) == true && Words.contains(alias, in: text)
        case .nowhere: return false
        }
    }

    static func mentions(_ db: Database, _ pupil: Pupil)
        throws -> (prompts: [Int64], suggestions: [Int64], events: [Int64], refs: Set<String>)
    {
        let refs = Set(
            try Int64.fetchAll(db, sql: "SELECT id FROM feedback WHERE pupilId = ?", arguments: [pupil.id]).map { "feedback:\($0)" }
            + Int64.fetchAll(db, sql: "SELECT id FROM result WHERE pupilId = ?", arguments: [pupil.id]).map { "result:\($0)" }
            + Int64.fetchAll(db, sql: "SELECT id FROM placement WHERE pupilId = ?", arguments: [pupil.id]).map { "placement:\($0)" })
        let scope = try aliasScope(db, pupil)
        func named(_ text: String, _ classId: String?) -> Bool { Self.names(pupil, scope, text, classId: classId) }

        var prompts: [Int64] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT id, text, nextStep, reason, evidence, classId FROM prompt WHERE schoolId = ?
            """, arguments: [pupil.schoolId]) {
            let evidence = (row[4] as String).split(separator: "\n").map(String.init)
            if evidence.contains(where: refs.contains) || named(row[1], row[5]) || named(row[2], row[5])
                || (row[3] as String).contains("\"\(pupil.id)\"") {
                prompts.append(row[0])
            }
        }
        // Suggestions that name them, or whose reason cites one of their records.
        var suggestions: [Int64] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, text, reason, classId FROM suggestion WHERE schoolId = ?",
                                    arguments: [pupil.schoolId]) {
            let reason: String = row[2]
            if named(row[1], row[3]) || refs.contains(where: { reason.contains("\"" + $0 + "\"") }) { suggestions.append(row[0]) }
        }
        // Event payloads are JSON with ids only: the id in quotes is exact (instr, not LIKE,
        // whose `_` and `%` would match other ids).
        let events = try Int64.fetchAll(db, sql: "SELECT seq FROM event WHERE schoolId = ? AND instr(payload, ?) > 0",
                                        arguments: [pupil.schoolId, "\"" + pupil.id + "\""])
        return (prompts, suggestions, events, refs)
    }

    /// Runs `body` in one transaction with secure deletes; a dry run rolls back. Afterwards
    /// the file is rewritten and the WAL emptied, so that nothing removed stays on disk.
    func rewriting(dryRun: Bool, _ body: (Database) throws -> Removal) throws(StoreError) -> Removal {
        do {
            let removal = try writer.writeWithoutTransaction { db -> Removal in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
                // A store file's writer keeps temporary files in memory (see `init`); the
                // deletes' statement journals and the VACUUM's copy of the store go to disk.
                // (Not in a copy in memory: changing it there would drop its temporary
                // change record.)
                let onFile = writer is DatabasePool
                if onFile { try db.execute(sql: "PRAGMA temp_store = FILE") }
                defer { if onFile { try? db.execute(sql: "PRAGMA temp_store = MEMORY") } }
                var removal = Removal()
                try db.inTransaction {
                    removal = try body(db)
                    // A tick's batch that read the store before this removal writes nothing (migration v24).
                    if !dryRun && removal.total > 0 { try ReadVersion.bumpErasures(db) }
                    return dryRun ? .rollback : .commit
                }
                if !dryRun && removal.total > 0 {
                    try db.execute(sql: "VACUUM")
                    try db.checkpoint(.truncate)
                }
                return removal
            }
            return removal
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
