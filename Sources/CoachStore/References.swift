import CoachCore
import GRDB

/// What a batch refers to, loaded once per batch (a query per table, not per record), and
/// extended with what the batch itself creates, in order.
struct References {
    var schools: Set<String> = []
    var coaches: Set<String> = []
    var periods: Set<String> = []
    /// id → school, for records that belong to one school.
    var teachers: [String: String] = [:]
    var classes: [String: String] = [:]
    /// Each pupil's school, class of now and the day they left, if they did.
    var pupils: [String: (school: String, classId: String, left: Day?)] = [:]
    /// The first day a retention run kept, per school that had one (`school.keptFrom`).
    var keptFrom: [String: Day] = [:]
    var goals: [String: String] = [:]
    var instruments: [InstrumentKey: Instrument] = [:]
    /// Instruments given again with the same content: written as no-ops.
    var unchangedInstruments: Set<Int> = []
    /// When set (an import), people that exist already are updates, not duplicates.
    var upsertsPeople = false
    /// The feedback legend's codes, loaded when a record carries codes.
    var legendCodes: Set<String> = []
    /// Positions of people records that exist already (with `upsertsPeople`).
    var existingPeople: Set<Int> = []
    /// Whether any pupil of the store changed class or came later (`pupilStint`): only then is
    /// a record's class checked against the pupil's class of its day, read per pupil.
    var stintsExist = false
    private var stretches: [String: [PupilStints.Stretch]] = [:]
    /// The stored stretches of the batch's pupils before the last (`pupilStint`), read in one
    /// query per 500 pupils when any exist; and the days they left, as stored.
    private var stintRows: [String: [(until: Day, classId: String?)]] = [:]
    private var storedLeft: [String: Day] = [:]

    struct InstrumentKey: Hashable {
        var id: String
        var version: String
    }

    /// What earlier batches of one import found: records (feedback, results, …) refer to
    /// people but never change them, so a batch of records asks the store only for ids no
    /// earlier batch asked for (a query with hundreds of ids per table and batch was a tenth
    /// of a year's import, perf). Forgotten whenever a batch holds anything else.
    struct Memo {
        fileprivate var found: [String: [String: String]] = [:]
        fileprivate var asked: [String: Set<String>] = [:]
    }

    static func load(for records: [NewRecord], in db: Database) throws -> References {
        var memo = Memo()
        return try load(for: records, in: db, using: &memo)
    }

    /// `memo` is used and kept only for a batch of records alone; a batch with people (which
    /// it may add or change) is loaded afresh and forgets what was kept.
    static func load(for records: [NewRecord], in db: Database, memo: inout Memo) throws -> References {
        guard records.allSatisfy({ $0.table != nil }) else {
            memo = Memo()
            return try load(for: records, in: db)
        }
        return try load(for: records, in: db, using: &memo)
    }

    private static func load(for records: [NewRecord], in db: Database, using memo: inout Memo) throws -> References {
        func existing(_ db: Database, _ table: String, _ ids: Set<String>, column: String = "id") throws -> [String: String] {
            let key = table + "\u{0}" + column
            let fresh = ids.subtracting(memo.asked[key, default: []])
            if !fresh.isEmpty {
                // Changed in place: a copy taken out and put back would copy every id asked so
                // far on each batch (a network of 200,000 pupils spent most of an import so).
                for (id, value) in try References.existing(db, table, fresh, column: column) { memo.found[key, default: [:]][id] = value }
                memo.asked[key, default: []].formUnion(fresh)
            }
            var out: [String: String] = [:]
            if let found = memo.found[key] { for id in ids { if let value = found[id] { out[id] = value } } }
            return out
        }
        let wanted = Mentions(records)
        var refs = References()
        if records.contains(where: { if case .feedback(let f) = $0 { !f.codes.isEmpty } else { false } }) {
            refs.legendCodes = Set(try String.fetchAll(db, sql: "SELECT code FROM legendCode"))
        }
        refs.schools = Set(try existing(db, "school", wanted.schools).keys)
        // Every school's (a handful of rows): a record's school is often known only through its
        // class or pupil.
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, keptFrom FROM school WHERE keptFrom IS NOT NULL")) {
            if let day = Day(row[1] as String) { refs.keptFrom[row[0]] = day }
        }
        if !wanted.pupils.isEmpty {
            refs.stintsExist = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM pupilStint)")) ?? false
        }
        refs.coaches = Set(try existing(db, "coach", wanted.coaches).keys)
        refs.periods = Set(try existing(db, "period", wanted.periods).keys)
        refs.teachers = try existing(db, "teacher", wanted.teachers, column: "schoolId")
        refs.classes = try existing(db, "schoolClass", wanted.classes, column: "schoolId")
        refs.goals = try existing(db, "learningGoal", wanted.goals, column: "schoolId")
        // One query for all three: the school (for school checks), the class (for feedback) and
        // the day the pupil left (for records after it).
        for (id, cells) in try existing(db, "pupil", wanted.pupils, column: "schoolId || char(1) || classId || char(1) || IFNULL(leftOn, '')") {
            let parts = cells.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            refs.pupils[id] = (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? Day(parts[2]) : nil)
            if let left = refs.pupils[id]?.left { refs.storedLeft[id] = left }
        }
        if refs.stintsExist {
            let statement = try db.cachedStatement(sql: """
                SELECT pupilId, "until", classId FROM pupilStint WHERE pupilId IN (\(InList.marks)) ORDER BY pupilId, "until"
                """)
            for chunk in InList.chunks(Array(wanted.pupils)) {
                for row in try Row.fetchAll(statement, arguments: StatementArguments(chunk)) {
                    guard let until = Day(row[1] as String) else { continue }
                    refs.stintRows[row[0], default: []].append((until, row[2]))
                }
            }
        }
        for key in wanted.instruments {
            if let instrument = try InstrumentQueries.fetch(db, id: key.id, version: key.version) {
                refs.instruments[key] = instrument
            }
        }
        for id in wanted.instrumentIds {
            for instrument in try InstrumentQueries.fetchAll(db, id: id) {
                refs.instruments[InstrumentKey(id: instrument.id, version: instrument.version)] = instrument
            }
        }
        return refs
    }

    /// `id → column` for the ids that exist in `table` (chunked: SQLite caps parameters).
    private static func existing(_ db: Database, _ table: String, _ ids: Set<String>,
                                 column: String = "id") throws -> [String: String] {
        var found: [String: String] = [:]
        for chunk in InList.chunks(Array(ids)) {
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT id, \(column) AS value FROM \(table) WHERE id IN (\(InList.marks))"),
                arguments: StatementArguments(chunk))
            while let row = try rows.next() { found[row[0]] = row[1] }
        }
        return found
    }

    /// The problems with what `record` refers to; then records what it creates.
    mutating func check(_ record: NewRecord, position: Int, in db: Database) throws -> [ValidationIssue] {
        var issues = IssueCollector(record: record.recordName, reference: record.reference(position: position))
        func known(_ field: String, _ id: String, _ exists: Bool, _ what: String) {
            if !exists { issues.add(field, Phrase("is not a known \(what)", nl: "{got} is geen \(Self.knownNL[what] ?? what)"), got: id) }
        }
        func sameSchool(_ field: String, _ id: String, _ school: String?, as expected: String, _ whose: String) {
            if let school, school != expected {
                issues.add(field, Phrase("belongs to another school than \(whose)",
                                         nl: "{got} hoort bij een andere school dan \(Self.whoseNL[whose] ?? whose)"), got: id)
            }
        }
        // A person given again: with `upsertsPeople` an update (never a move to another
        // school), otherwise a duplicate.
        func duplicate(_ exists: Bool, _ id: String, school: String? = nil, expected: String? = nil) {
            guard exists else { return }
            if upsertsPeople {
                existingPeople.insert(position)
                if let school, let expected, school != expected {
                    issues.add("schoolId", Phrase("is another school than the one \(id) belongs to (\(school)); people do not move "
                                                  + "between schools",
                                                  nl: "{got} is een andere school dan die van \(id) (\(school)); een persoon wisselt niet "
                                                  + "van school"), got: expected)
                }
            } else {
                issues.add("id", Self.taken, got: id)
            }
        }
        switch record {
        case .school(let r):
            duplicate(schools.contains(r.id), r.id)
            schools.insert(r.id)
        case .teacher(let r):
            duplicate(teachers[r.id] != nil, r.id, school: teachers[r.id], expected: r.schoolId)
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            teachers[r.id] = r.schoolId
        case .coach(let r):
            duplicate(coaches.contains(r.id), r.id)
            coaches.insert(r.id)
        case .coachAssignment(let r):
            known("coachId", r.coachId, coaches.contains(r.coachId), "coach")
            switch r.scope {
            case .school: known("scopeId", r.scopeId, schools.contains(r.scopeId), "school")
            case .class: known("scopeId", r.scopeId, classes[r.scopeId] != nil, "class")
            case .teacher: known("scopeId", r.scopeId, teachers[r.scopeId] != nil, "teacher")
            }
        case .schoolClass(let r):
            duplicate(classes[r.id] != nil, r.id, school: classes[r.id], expected: r.schoolId)
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            classes[r.id] = r.schoolId
        case .classTeacher(let r):
            known("classId", r.classId, classes[r.classId] != nil, "class")
            known("teacherId", r.teacherId, teachers[r.teacherId] != nil, "teacher")
            if let teacherSchool = teachers[r.teacherId] {
                sameSchool("classId", r.classId, classes[r.classId], as: teacherSchool, "the teacher")
            }
        case .pupil(let r):
            duplicate(pupils[r.id] != nil, r.id, school: pupils[r.id]?.school, expected: r.schoolId)
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            known("classId", r.classId, classes[r.classId] != nil, "class")
            sameSchool("classId", r.classId, classes[r.classId], as: r.schoolId, "the pupil")
            // A row with a day may be of the pupil's past: the class of now stays what it was.
            if r.since == nil || pupils[r.id] == nil { pupils[r.id] = (r.schoolId, r.classId, r.left ?? pupils[r.id]?.left) }
            stretches[r.id] = nil
        case .goal(let r):
            duplicate(goals[r.id] != nil, r.id, school: goals[r.id], expected: r.schoolId)
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            if let follows = r.follows {
                known("follows", follows, goals[follows] != nil, "goal")
                sameSchool("follows", follows, goals[follows], as: r.schoolId, "the goal")
            }
            goals[r.id] = r.schoolId
        case .period(let r):
            if periods.contains(r.id) { issues.add("id", Self.taken, got: r.id) }
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            if let focus = r.focus {
                let versions = instruments.values.filter { $0.id == focus.instrumentId }
                if versions.isEmpty {
                    issues.add("focus.instrumentId", Phrase("is not a known instrument", nl: "{got} is geen bekende kijkwijzer"), got: focus.instrumentId)
                } else if !versions.contains(where: { $0.section(focus.section) != nil }) {
                    issues.add("focus.section", Phrase("is not a section of \(focus.instrumentId)", nl: "{got} is geen onderdeel van kijkwijzer \(focus.instrumentId)"),
                               got: focus.section)
                }
            }
            periods.insert(r.id)
        case .instrument(let r):
            let key = InstrumentKey(id: r.id, version: r.version)
            if let existing = instruments[key] {
                var stored = existing
                stored.plugin = r.plugin
                if stored == r {
                    unchangedInstruments.insert(position)
                } else {
                    issues.add("version", Phrase("is already stored with other content; give the changed instrument a new version",
                                                 nl: "{got} is al opgeslagen met een andere inhoud; geef de gewijzigde kijkwijzer een nieuwe versie"),
                               got: r.version)
                }
            }
            instruments[key] = r
        case .observation(let r):
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            known("teacherId", r.teacherId, teachers[r.teacherId] != nil, "teacher")
            sameSchool("teacherId", r.teacherId, teachers[r.teacherId], as: r.schoolId, "the observation")
            if let classId = r.classId {
                known("classId", classId, classes[classId] != nil, "class")
                sameSchool("classId", classId, classes[classId], as: r.schoolId, "the observation")
            }
            if let instrument = instruments[InstrumentKey(id: r.instrumentId, version: r.instrumentVersion)] {
                return issues.issues.withPosition(position)
                    + r.scoreIssues(against: instrument, reference: record.reference(position: position)).withPosition(position)
            }
            issues.add("instrumentId", Self.unknownInstrument(r.instrumentVersion), got: r.instrumentId)
        case .centralResult(let r):
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
        case .learningWalk(let r):
            known("schoolId", r.schoolId, schools.contains(r.schoolId), "school")
            if let instrument = instruments[InstrumentKey(id: r.instrumentId, version: r.instrumentVersion)] {
                return issues.issues.withPosition(position)
                    + r.findingIssues(against: instrument, reference: record.reference(position: position)).withPosition(position)
            }
            issues.add("instrumentId", Self.unknownInstrument(r.instrumentVersion), got: r.instrumentId)
        case .feedback(let r):
            for code in r.codes where !legendCodes.contains(code) {
                let known = legendCodes.sorted().joined(separator: ", ")
                issues.add("codes", legendCodes.isEmpty
                           ? Phrase("cannot be checked: no feedback legend is installed (add the feedbacklegenda plugin and run 'coach init')",
                                    nl: "er is geen feedbacklegenda geïnstalleerd om {got} aan te toetsen (voeg de plugin feedbacklegenda toe "
                                    + "en voer 'coach init' uit)")
                           : Phrase("holds a code that is not in the school's feedback legend (known: \(known))",
                                    nl: "{got} is geen code van de feedbacklegenda van de school (bekend: \(known))"), got: code)
            }
            known("teacherId", r.teacherId, teachers[r.teacherId] != nil, "teacher")
            known("classId", r.classId, classes[r.classId] != nil, "class")
            known("goalId", r.goalId, goals[r.goalId] != nil, "goal")
            if let school = teachers[r.teacherId] {
                sameSchool("classId", r.classId, classes[r.classId], as: school, "the teacher")
                sameSchool("goalId", r.goalId, goals[r.goalId], as: school, "the teacher")
            }
            if let pupilId = r.pupilId {
                if let pupil = pupils[pupilId] {
                    // Gone by then: the stored day they left (kept when retention took the stretches).
                    let gone = pupil.left.map { r.date >= $0 } == true
                    let then = gone ? nil : stintsExist ? try classOf(pupilId, now: pupil.classId, on: r.date, in: db) : pupil.classId
                    if gone || then == nil && left(pupilId, by: r.date) {
                        issues.add("pupilId", Self.noLonger(r.date), got: pupilId)
                    } else if then == nil {
                        issues.add("pupilId", Self.notYet(r.date), got: pupilId)
                    } else if then != r.classId {
                        let klas = Quoted.shortened(r.classId)
                        issues.add("pupilId", then == pupil.classId
                                   ? Phrase("is not in class \(klas)", nl: "{got} zit niet in klas \(klas)")
                                   : Phrase("was not in class \(klas) on \(r.date)", nl: "{got} zat op \(r.date) niet in klas \(klas)"),
                                   got: pupilId)
                    }
                } else {
                    issues.add("pupilId", Self.unknownPupil, got: pupilId)
                }
            }
        case .placement(let r):
            checkPupilAndGoal(r.pupilId, r.goalId, into: &issues)
            try refuseAway(r.pupilId, on: r.from, into: &issues, in: db)
            known("classId", r.classId, classes[r.classId] != nil, "class")
            if let pupil = pupils[r.pupilId] {
                sameSchool("classId", r.classId, classes[r.classId], as: pupil.school, "the pupil")
            }
        case .result(let r):
            checkPupilAndGoal(r.pupilId, r.goalId, into: &issues)
            try refuseAway(r.pupilId, on: r.date, into: &issues, in: db)
        }
        return issues.issues.withPosition(position)
    }

    private func checkPupilAndGoal(_ pupilId: String, _ goalId: String, into issues: inout IssueCollector) {
        guard let pupil = pupils[pupilId] else {
            issues.add("pupilId", Self.unknownPupil, got: pupilId)
            if goals[goalId] == nil { issues.add("goalId", Self.unknownGoal, got: goalId) }
            return
        }
        guard let goalSchool = goals[goalId] else {
            issues.add("goalId", Self.unknownGoal, got: goalId)
            return
        }
        if goalSchool != pupil.school { issues.add("goalId", Phrase("belongs to another school than the pupil", nl: "{got} hoort bij een andere school dan de leerling"),
                                                       got: goalId) }
    }

    func schoolOfPupil(_ id: String) -> String? { pupils[id]?.school }

    /// Whether `pupil` (whose stretches are read) had left the school by `day`: away then, after
    /// a class of theirs had begun.
    private func left(_ pupil: String, by day: Day) -> Bool {
        stretches[pupil]?.contains { $0.classId != nil && ($0.start.map { $0 <= day } ?? true) } == true
    }

    static func noLonger(_ day: Day) -> Phrase {
        Phrase("was no longer at the school on \(day) (the people file says the pupil left)",
               nl: "{got} was op \(day) niet meer ingeschreven (in het personenbestand staat dat de leerling vertrokken is)")
    }

    static func notYet(_ day: Day) -> Phrase {
        Phrase("was not at the school yet on \(day) (the people file gives a later since)",
               nl: "{got} was op \(day) nog niet ingeschreven (in het personenbestand staat bij since of vanaf een latere dag)")
    }

    /// A record of a pupil dated when they were not at the school (a result, a placement's
    /// start): before they came, or after they left. An issue, as for feedback.
    private mutating func refuseAway(_ pupilId: String, on day: Day, into issues: inout IssueCollector, in db: Database) throws {
        guard let pupil = pupils[pupilId] else { return }
        if pupil.left.map({ day >= $0 }) == true {
            issues.add("pupilId", Self.noLonger(day), got: pupilId)
        } else if stintsExist, try classOf(pupilId, now: pupil.classId, on: day, in: db) == nil {
            issues.add("pupilId", left(pupilId, by: day) ? Self.noLonger(day) : Self.notYet(day), got: pupilId)
        }
    }

    /// The pupil's class on `day` (nil: not at the school), its stretches read once (from the
    /// batch's stint rows).
    private mutating func classOf(_ pupil: String, now: String, on day: Day, in db: Database) throws -> String? {
        if stretches[pupil] == nil {
            stretches[pupil] = PupilStints.stretches(rows: stintRows[pupil] ?? [], now: now, left: storedLeft[pupil])
        }
        return PupilStints.classOn(day, in: stretches[pupil]!)
    }
}

extension Array where Element == ValidationIssue {
    func withPosition(_ position: Int) -> [ValidationIssue] {
        map { issue in
            var issue = issue
            issue.position = position
            return issue
        }
    }
}

/// Lists of values for `IN (…)`, always of one length, so that each table's statement is
/// prepared once per connection and kept: a statement of 500 parameters prepared for every
/// chunk was a sixth of looking up what an import refers to (docs/performance-log.md, session 17).
enum InList {
    static let size = 500
    static let marks = Array(repeating: "?", count: size).joined(separator: ",")

    /// `values` in chunks of exactly ``size``; the last one filled up with its own last value
    /// (`IN` ignores a value given twice).
    static func chunks(_ values: [String]) -> [[String]] {
        stride(from: 0, to: values.count, by: size).map { start in
            var chunk = Array(values[start..<min(start + size, values.count)])
            chunk += Array(repeating: chunk[chunk.count - 1], count: size - chunk.count)
            return chunk
        }
    }
}

extension References {
    /// "is not a known X" in Dutch, after `{got} is geen`: the adjective agrees with the noun.
    static let knownNL = ["school": "bekende school", "coach": "bekende coach", "class": "bekende klas", "teacher": "bekende leerkracht",
                          "goal": "bekend doel", "pupil": "bekende leerling"]
    /// "another school than X" in Dutch.
    static let whoseNL = ["the goal": "het doel", "the observation": "de observatie", "the pupil": "de leerling",
                          "the teacher": "de leerkracht"]
    static let taken = Phrase("is already taken", nl: "{got} is al in gebruik")
    static let unknownPupil = Phrase("is not a known pupil", nl: "{got} is geen bekende leerling")
    static let unknownGoal = Phrase("is not a known goal", nl: "{got} is geen bekend doel")

    static func unknownInstrument(_ version: String) -> Phrase {
        Phrase("is not a known instrument (version \(version))", nl: "{got} in versie \(version) is geen bekende kijkwijzer")
    }
}
