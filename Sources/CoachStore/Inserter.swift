import CoachCore
import GRDB

/// Inserts validated records with their events, through cached statements.
struct Inserter {
    let db: Database
    private(set) var events: [Int64] = []
    /// The schools the events written belong to.
    private(set) var schools: Set<String> = []
    private var lastSchool: String?
    /// When set (a dry run), a school whose closed week waits for its rules is noted in
    /// ``waiting`` instead of refused, so that the rest is still checked.
    var noteWaiting = false
    /// Pupils given in another class without a `since`, by the day their move counts from.
    var movedFrom: [Day: Int] = [:]
    /// New pupils without a `since` in schools with closed weeks, by the day they count from.
    var arrivedFrom: [Day: Int] = [:]
    /// Pupils the rows said left the school (and had not before), by the day they left.
    var leftFrom: [Day: Int] = [:]
    /// Pupils who left, given again without a day (a list of now): kept away.
    var keptAway = 0
    /// New pupils without a `since` whose `left` is on or before the first day not closed yet:
    /// not taken in (see ``insert(_:position:references:key:digest:)``).
    var goneBefore = 0
    /// The first refusal ``noteWaiting`` kept.
    private(set) var waiting: StoreError?
    /// Whether the last insert was a link that existed already (a class's teacher, a coach's
    /// assignment): nothing written, no event.
    private(set) var ignored = false
    /// Whether the last insert was a pupil not taken in (``goneBefore``): nothing written.
    private(set) var skipped = false

    init(db: Database) {
        self.db = db
    }

    private func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private mutating func event(_ kind: EventKind, school: String?, time: Day?, record: String, _ payload: JSONObject) throws {
        try db.write("INSERT INTO event (kind, schoolId, time, recordId, payload) VALUES (?, ?, ?, ?, ?)",
                     kind.rawValue, school, time, record, payload.json)
        events.append(db.lastInsertedRowID)
        if let school, school != lastSchool {
            // Checked at the school's first event, not after the last: a refused import of a
            // million rows then stops at once and lets go of the lock the tick it waits for needs.
            if schools.insert(school).inserted {
                do {
                    try CoachStore.refuseBeforeRulesRan([school], in: db)
                } catch let refusal as StoreError where noteWaiting {
                    waiting = waiting ?? refusal
                }
            }
            lastSchool = school
        }
    }

    /// Inserts one record and its event; returns the record's id. `key` and `digest` are an
    /// imported row's (kept with observations, walks, feedback, placements and results).
    mutating func insert(_ record: NewRecord, position: Int, references: References, key: String? = nil,
                         digest: String? = nil) throws -> String {
        ignored = false
        skipped = false
        // (An import leaves such records out before this; one record written alone is refused.)
        if let kept = try Self.keptAfter(record, references, in: db) {
            throw ValidationError(Self.beforeKept(record, kept, position: position))
        }
        var payload = JSONObject()

        switch record {
        case .school(let r):
            try run("INSERT INTO school (id, name, language, level, region) VALUES (?, ?, ?, ?, ?)",
                    [r.id, r.name, r.language.rawValue, r.level?.rawValue, r.region?.rawValue])
            payload = EventPayload.school(r)
            try event(.schoolAdded, school: r.id, time: nil, record: r.id, payload)
            return r.id
        case .teacher(let r):
            try run("INSERT INTO teacher (id, schoolId, name) VALUES (?, ?, ?)", [r.id, r.schoolId, r.name])
            payload = EventPayload.teacher(r)
            try event(.teacherAdded, school: r.schoolId, time: nil, record: r.id, payload)
            return r.id
        case .coach(let r):
            try run("INSERT INTO coach (id, name, kind) VALUES (?, ?, ?)", [r.id, r.name, r.kind.rawValue])
            payload.add("coach", r.id)
            try event(.coachAdded, school: nil, time: nil, record: r.id, payload)
            return r.id
        case .coachAssignment(let r):
            try run("INSERT OR IGNORE INTO coachAssignment (coachId, scope, scopeId) VALUES (?, ?, ?)",
                    [r.coachId, r.scope.rawValue, r.scopeId])
            if db.changesCount == 0 {
                ignored = true
                return "\(r.coachId)/\(r.scope.rawValue)/\(r.scopeId)"
            }
            payload.add("coach", r.coachId)
            payload.add("scope", r.scope.rawValue)
            payload.add(r.scope.rawValue, r.scopeId)
            let school: String? = switch r.scope {
            case .school: r.scopeId
            case .class: references.classes[r.scopeId]
            case .teacher: references.teachers[r.scopeId]
            }
            try event(.coachAssigned, school: school, time: nil, record: "\(r.coachId)/\(r.scope.rawValue)/\(r.scopeId)", payload)
            return "\(r.coachId)/\(r.scope.rawValue)/\(r.scopeId)"
        case .schoolClass(let r):
            try run("INSERT INTO schoolClass (id, schoolId, name, grade) VALUES (?, ?, ?, ?)",
                    [r.id, r.schoolId, r.name, r.grade])
            payload = EventPayload.schoolClass(r)
            try event(.classAdded, school: r.schoolId, time: nil, record: r.id, payload)
            return r.id
        case .classTeacher(let r):
            try run("INSERT OR IGNORE INTO classTeacher (classId, teacherId) VALUES (?, ?)", [r.classId, r.teacherId])
            if db.changesCount == 0 {
                ignored = true
                return "\(r.classId)/\(r.teacherId)"
            }
            payload.add("class", r.classId)
            payload.add("teacher", r.teacherId)
            try event(.classTeacherAdded, school: references.classes[r.classId], time: nil,
                      record: "\(r.classId)/\(r.teacherId)", payload)
            return "\(r.classId)/\(r.teacherId)"
        case .pupil(let r):
            // Gone before any week a rule has still to see (a people file that still lists a
            // pupil whom retention removed, or who left before the school used coach): nothing
            // of theirs could reach a prompt, so they are not taken in — said, not refused.
            if r.since == nil, let left = r.left, let open = try PupilStints.firstOpenDay(db, school: r.schoolId), left <= open {
                goneBefore += 1
                skipped = true
                return r.id
            }
            try run("INSERT INTO pupil (id, schoolId, classId, alias) VALUES (?, ?, ?, ?)",
                    [r.id, r.schoolId, r.classId, r.alias])
            if let day = try PupilStints.arrive(db, pupil: r.id, school: r.schoolId, since: r.since) { arrivedFrom[day, default: 0] += 1 }
            if let left = r.left {
                let placed = try leaving(r) { try PupilStints.place(db, pupil: r.id, school: r.schoolId, classId: nil, since: left) }
                try run("UPDATE pupil SET leftOn = ? WHERE id = ?", [placed.now.left, r.id])
                if let day = placed.now.left { leftFrom[day, default: 0] += 1 }
            }
            payload = EventPayload.pupil(r)
            try event(.pupilAdded, school: r.schoolId, time: nil, record: r.id, payload)
            return r.id
        case .goal(let r):
            try run("""
                INSERT INTO learningGoal (id, schoolId, title, subject, successCriteria, follows)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [r.id, r.schoolId, r.title, r.subject, JSONColumn.encode(r.successCriteria), r.follows])
            payload = EventPayload.goal(r)
            try event(.goalAdded, school: r.schoolId, time: nil, record: r.id, payload)
            return r.id
        case .period(let r):
            try run("""
                INSERT INTO period (id, schoolId, name, start, "end", focusInstrumentId, focusSection)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [r.id, r.schoolId, r.name, r.start, r.end, r.focus?.instrumentId, r.focus?.section])
            payload.add("period", r.id)
            payload.add("start", r.start.description)
            payload.add("end", r.end.description)
            payload.add("instrument", r.focus?.instrumentId)
            payload.add("section", r.focus.map { Int64($0.section) })
            try event(.periodStarted, school: r.schoolId, time: r.start, record: r.id, payload)
            return r.id
        case .instrument(let r):
            let id = "\(r.id)@\(r.version)"
            if references.unchangedInstruments.contains(position) { return id }
            try InstrumentQueries.insert(db, r)
            payload.add("instrument", r.id)
            payload.add("version", r.version)
            try event(.instrumentAdded, school: nil, time: nil, record: id, payload)
            return id
        case .observation(let r):
            try db.write("""
                INSERT INTO observation (kind, schoolId, teacherId, classId, instrumentId, instrumentVersion,
                  date, subject, lesson, videoUri, videoStart, videoEnd, workOn, observers, importKey, importDigest, shared)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, r.kind.rawValue, r.schoolId, r.teacherId, r.classId, r.instrumentId, r.instrumentVersion,
                      r.date, r.subject, r.lesson, r.video?.uri, r.video?.start, r.video?.end, r.workOn,
                      JSONColumn.encode(r.observers), key, digest, r.reachesCoach)
            let id = db.lastInsertedRowID
            for score in r.scores {
                try db.write("INSERT INTO observationScore (observationId, item, value, note) VALUES (?, ?, ?, ?)",
                             id, score.item, score.value, score.note)
            }
            payload.add("id", id)
            payload.add("kind", r.kind.rawValue)
            payload.add("shared", r.reachesCoach)
            payload.add("teacher", r.teacherId)
            payload.add("class", r.classId)
            payload.add("instrument", r.instrumentId)
            payload.add("version", r.instrumentVersion)
            payload.add("date", r.date.description)
            try event(.observationRecorded, school: r.schoolId, time: r.date, record: String(id), payload)
            return String(id)
        case .centralResult(let r):
            try run("""
                INSERT INTO centralResult (schoolId, year, grade, domain, schoolScore, flemishMean, similarMean, learningGain,
                  importKey, importDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [r.schoolId, r.year, r.grade, r.domain, r.schoolScore, r.flemishMean, r.similarMean, r.learningGain, key, digest])
            let id = db.lastInsertedRowID
            payload.add("id", id)
            payload.add("year", r.year)
            payload.add("grade", r.grade)
            payload.add("domain", r.domain)
            try event(.centralResultRecorded, school: r.schoolId, time: r.day, record: String(id), payload)
            return String(id)
        case .learningWalk(let r):
            try run("""
                INSERT INTO learningWalk (schoolId, instrumentId, instrumentVersion, date, walkers, importKey, importDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [r.schoolId, r.instrumentId, r.instrumentVersion, r.date, r.walkers, key, digest])
            let id = db.lastInsertedRowID
            for finding in r.findings {
                try run("INSERT INTO learningWalkFinding (walkId, item, status, examples) VALUES (?, ?, ?, ?)",
                        [id, finding.item, finding.status.rawValue, JSONColumn.encode(finding.examples)])
            }
            payload.add("id", id)
            payload.add("instrument", r.instrumentId)
            payload.add("version", r.instrumentVersion)
            payload.add("date", r.date.description)
            try event(.learningWalkRecorded, school: r.schoolId, time: r.date, record: String(id), payload)
            return String(id)
        case .feedback(let r):
            try db.write("""
                INSERT INTO feedback (teacherId, classId, pupilId, goalId, date, level, question, timing, form,
                  growthPoints, text, codes, importKey, importDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, r.teacherId, r.classId, r.pupilId, r.goalId, r.date, r.level.rawValue, r.question.rawValue,
                      r.timing.rawValue, r.form.rawValue, r.growthPoints, r.text, JSONColumn.encode(r.codes), key, digest)
            let id = db.lastInsertedRowID
            payload = EventPayload.feedback(r, id: id)
            try event(.feedbackRecorded, school: references.teachers[r.teacherId], time: r.date,
                      record: String(id), payload)
            return String(id)
        case .placement(let r):
            var previousTrack: Int64?
            // The placement version (Schema.v19PlacementVersion) has no trigger for the two
            // updates here (`to`, `trackSince`): the placement added with them raises it. If
            // the insert fails, both write paths roll the whole write back; a path that kept
            // the updates without the insert would have to raise the version itself.
            if r.to == nil {
                // A new current placement ends the one before it, on the day it starts.
                let ended = try Row.fetchOne(db.cachedStatement(sql: """
                    UPDATE placement SET "to" = ? WHERE pupilId = ? AND goalId = ? AND "to" IS NULL AND "from" <= ?
                    RETURNING track
                    """), arguments: [r.from, r.pupilId, r.goalId, r.from])
                previousTrack = ended?["track"]
            }
            try refuseOverlap(r, record: record, position: position)
            let since = try trackSince(r)
            do {
                try db.write("""
                    INSERT INTO placement (pupilId, classId, goalId, track, "from", "to", decidedBy, pupilInvolved,
                      importKey, importDigest, trackSince)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, r.pupilId, r.classId, r.goalId, r.track, r.from, r.to, r.decidedBy, r.pupilInvolved, key, digest,
                          since)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                var issues = IssueCollector(record: Placement.recordName, reference: record.reference(position: position))
                issues.add("from", Self.beforeCurrent(r.goalId), got: r.from.description)
                throw ValidationError(issues.issues.withPosition(position))
            }
            let id = db.lastInsertedRowID
            try carryTrackSince(after: r, since: since)
            payload = EventPayload.placement(r, id: id, previousTrack: previousTrack)
            try event(.placementChanged, school: references.schoolOfPupil(r.pupilId), time: r.from,
                      record: String(id), payload)
            return String(id)
        case .result(let r):
            try db.write("""
                INSERT INTO result (pupilId, goalId, date, kind, score, maximum, mastery, importKey, importDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, r.pupilId, r.goalId, r.date, r.kind.rawValue, r.score, r.maximum, r.mastery, key, digest)
            let id = db.lastInsertedRowID
            payload = EventPayload.result(r, id: id)
            try event(.resultRecorded, school: references.schoolOfPupil(r.pupilId), time: r.date,
                      record: String(id), payload)
            return String(id)
        }
    }
}

extension Inserter {
    /// `leave` (`r` leaving on `r.left`), refused on the row unless it leaves the pupil in a
    /// class the day before and away from that day, with no later class: a leaving on or before
    /// the day the pupil came (without a `since`, the first week not yet closed), or before a
    /// later move, would say something else than the row. A return stored already (a history
    /// imported again) stays.
    func leaving(_ r: Pupil, _ leave: () throws -> (now: PupilStints.Now, changed: Bool, defaulted: Day?)) throws
        -> (now: PupilStints.Now, changed: Bool, defaulted: Day?)
    {
        let refusal: ValidationError = {
            var issues = IssueCollector(record: Pupil.recordName, reference: r.id)
            issues.add("left", Phrase("is not after the day the pupil came to the school or into their last class; give the day they came "
                                      + "in since, or the right day they left",
                                      nl: "{got} valt niet na de dag waarop de leerling op school of in de laatste klas kwam; geef die dag "
                                          + "in since of vanaf, of de juiste dag van vertrek"), got: r.left?.description)
            return ValidationError(issues.issues)
        }()
        let placed: (now: PupilStints.Now, changed: Bool, defaulted: Day?)
        do {
            placed = try leave()
        } catch is PupilStints.NeverThere {
            throw refusal
        }
        guard let day = r.left else { return placed }
        let stretches = try PupilStints.stretches(db, pupil: r.id, now: placed.now.classId, left: placed.now.left)
        let away = PupilStints.classOn(day, in: stretches) == nil
        let there = PupilStints.classOn(day.adding(days: -1), in: stretches) != nil
        // A later class is the pupil's return, when stored already (a history imported again).
        let back = placed.changed && stretches.contains { $0.classId != nil && ($0.start.map { $0 > day } ?? false) }
        guard away, there, !back else { throw refusal }
        return placed
    }

    /// The retention day of `record`'s school when the record lies before it: dated before it,
    /// a placement that ended before it (by its `to`, or by the next placement of its goal
    /// that began before it too), a record of a pupil no longer there from before it, a new
    /// pupil who left on or before it. Retention removed such records; an import given again
    /// must not bring them back. The school is read through what retention leaves (a class, a
    /// goal), since the pupil may be gone.
    static func keptAfter(_ record: NewRecord, _ references: References, in db: Database) throws -> Day? {
        guard !references.keptFrom.isEmpty else { return nil }
        let school: String?
        switch record {
        case .feedback(let r): school = references.classes[r.classId]
        case .result(let r): school = references.goals[r.goalId]
        case .placement(let r): school = references.classes[r.classId]
        case .observation(let r): school = r.schoolId
        case .learningWalk(let r): school = r.schoolId
        // A new pupil only: a known one's leaving applies (the next retention run takes them).
        case .pupil(let r): guard references.pupils[r.id] == nil else { return nil }; school = r.schoolId
        default: return nil
        }
        guard let school, let kept = references.keptFrom[school], let day = keptDay(record) else { return nil }
        switch record {
        // A pupil's `left` is their first day away: leaving on the retention day is leaving before it.
        case .pupil: return day <= kept ? kept : nil
        case .placement(let r) where r.to == nil:
            guard r.from < kept else { return nil }
            // Its pupil gone (removed with their placements), or a later placement of the goal
            // that began before the day: it ended before the day, and went.
            if references.pupils[r.pupilId] == nil { return kept }
            let later = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM placement WHERE pupilId = ? AND goalId = ? AND "from" > ? AND "from" < ?)
                """), arguments: [r.pupilId, r.goalId, r.from, kept]) ?? false
            return later ? kept : nil
        default: return day < kept ? kept : nil
        }
    }

    /// The refusal of `record`, which lies before its school's retention day `kept`.
    static func beforeKept(_ record: NewRecord, _ kept: Day, position: Int) -> [ValidationIssue] {
        var issues = IssueCollector(record: record.recordName, reference: record.reference(position: position))
        // (A pupil's `left` on the day itself is refused too: their last day lay before it.)
        let (before, vóór) = if case .pupil = record { ("is not after", "ligt niet na") } else { ("is before", "ligt vóór") }
        issues.add(dayField(record), Phrase(
            "\(before) \(kept): the school keeps data from that day on; older data was removed and is not taken in again",
            nl: "{got} \(vóór) \(kept): de school bewaart gegevens pas vanaf die dag (bewaartermijn), oudere zijn verwijderd en "
                + "worden niet opnieuw opgenomen"),
                   got: keptDay(record)?.description)
        return issues.issues.withPosition(position)
    }

    /// The day ``keptAfter(_:in:)`` reads.
    static func keptDay(_ record: NewRecord) -> Day? {
        switch record {
        case .feedback(let r): r.date
        case .result(let r): r.date
        case .placement(let r): r.to ?? r.from
        case .observation(let r): r.date
        case .learningWalk(let r): r.date
        case .pupil(let r): r.left
        default: nil
        }
    }

    /// The field ``keptDay(_:)`` reads.
    static func dayField(_ record: NewRecord) -> String {
        switch record {
        case .placement(let r): r.to == nil ? "from" : "to"
        case .pupil: "left"
        default: "date"
        }
    }

    /// Since when the pupil of `r` is in its track: the start of the placement in the same track
    /// that ended the day `r` begins, else `r`'s own first day. A placement of no days (one
    /// replaced the day it began) is no step of the stay: counted, it made the stay depend on
    /// the order the placements came in (review, session 23).
    private func trackSince(_ r: Placement) throws -> Day {
        let before = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT track, trackSince, "from" FROM placement WHERE pupilId = ? AND "to" = ? AND goalId = ? AND "to" > "from"
            ORDER BY "from" DESC, id DESC LIMIT 1
            """), arguments: [r.pupilId, r.from, r.goalId])
        guard let before, before["track"] as Int == r.track else { return r.from }
        return (before["trackSince"] as String?).flatMap(Day.init) ?? Day(before["from"] as String) ?? r.from
    }

    /// A placement that arrives after the ones that follow it (an import of history, out of
    /// order) carries its start on to them: the chain is the same however the records arrive.
    private func carryTrackSince(after r: Placement, since: Day) throws {
        if let to = r.to, to <= r.from { return }
        var end = r.to
        var seen = 0
        while let day = end, seen < 1_000 {
            guard let next = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, "to", trackSince FROM placement WHERE pupilId = ? AND goalId = ? AND "from" = ? AND track = ?
                  AND ("to" IS NULL OR "to" > "from")
                ORDER BY id LIMIT 1
                """), arguments: [r.pupilId, r.goalId, day, r.track]),
                  next["trackSince"] as String? != since.description
            else { return }
            try db.cachedStatement(sql: "UPDATE placement SET trackSince = ? WHERE id = ?")
                .execute(arguments: [since, next["id"] as Int64])
            end = (next["to"] as String?).flatMap(Day.init)
            seen += 1
        }
    }

    /// A pupil is in one track per goal at a time: a placement that would overlap another of
    /// the same pupil and goal is an issue on its row, in whichever order they come. Only a
    /// current placement's end is coach's to set (the next current one starts); an end a row
    /// gave is never changed, so a step that falls inside a stored placement is refused, not
    /// fitted in. Placements of no days overlap nothing.
    private func refuseOverlap(_ r: Placement, record: NewRecord, position: Int) throws {
        if let to = r.to, to <= r.from { return }
        guard let other = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT "from", "to", track FROM placement
            WHERE pupilId = ? AND goalId = ? AND "from" < ? AND ("to" IS NULL OR ("to" > ? AND "to" > "from"))
            ORDER BY "to" IS NOT NULL, "from" LIMIT 1
            """), arguments: [r.pupilId, r.goalId, r.to?.description ?? "9999-12-31", r.from])
        else { return }
        let (from, to, track): (String, String?, Int) = (other["from"], other["to"], other["track"])
        var issues = IssueCollector(record: Placement.recordName, reference: record.reference(position: position))
        if r.to == nil, to == nil {
            issues.add("from", Self.beforeCurrent(r.goalId), got: r.from.description)
        } else {
            issues.add("from", Phrase("overlaps the pupil's placement for \(r.goalId) from \(from) "
                                      + (to.map { "to \($0)" } ?? "on (current)") + " in track \(track); a pupil is in one track per goal "
                                      + "at a time, each placement ending where the next begins",
                                      nl: "{got} overlapt met de spoorindeling van de leerling voor \(r.goalId) vanaf \(from) "
                                      + (to.map { "tot \($0)" } ?? "(nog lopend)") + " in spoor \(track); een leerling zit per doel in één "
                                      + "spoor tegelijk, en elke spoorindeling eindigt waar de volgende begint"), got: r.from.description)
        }
        throw ValidationError(issues.issues.withPosition(position))
    }

    /// Updates a person given again by an import where its row changed, with an event;
    /// false when nothing changed (nothing written, no event). Fields in `keeps` (left out of
    /// the row) keep what is stored.
    mutating func update(_ record: NewRecord, keeping keeps: Set<String> = [], references: References) throws -> Bool {
        var payload = JSONObject()
        func changed() -> Bool { db.changesCount > 0 }
        // A kept field is set to itself: the statements stay the same, and nothing changes it.
        func value(_ field: String, _ column: String) -> String { keeps.contains(field) ? column : "?" }
        func given(_ field: String, _ values: [(any DatabaseValueConvertible)?]) -> [(any DatabaseValueConvertible)?] {
            keeps.contains(field) ? [] : values
        }
        switch record {
        case .school(let r):
            let (language, level, region) = (value("language", "language"), value("level", "level"), value("region", "region"))
            let values = given("language", [r.language.rawValue]) + given("level", [r.level?.rawValue]) + given("region", [r.region?.rawValue])
            try run("""
                UPDATE school SET name = ?, language = \(language), level = \(level), region = \(region) WHERE id = ?
                  AND (name IS NOT ? OR language IS NOT \(language) OR level IS NOT \(level) OR region IS NOT \(region))
                """, StatementArguments([r.name] + values + [r.id, r.name] + values))
            guard changed() else { return false }
            payload.add("school", r.id)
            try event(.schoolUpdated, school: r.id, time: nil, record: r.id, payload)
        case .teacher(let r):
            try run("UPDATE teacher SET name = ? WHERE id = ? AND name IS NOT ?", [r.name, r.id, r.name])
            guard changed() else { return false }
            payload.add("teacher", r.id)
            try event(.teacherUpdated, school: r.schoolId, time: nil, record: r.id, payload)
        case .coach(let r):
            let kind = value("kind", "kind")
            try run("UPDATE coach SET name = ?, kind = \(kind) WHERE id = ? AND (name IS NOT ? OR kind IS NOT \(kind))",
                    StatementArguments([r.name] + given("kind", [r.kind.rawValue]) + [r.id, r.name] + given("kind", [r.kind.rawValue])))
            guard changed() else { return false }
            payload.add("coach", r.id)
            try event(.coachUpdated, school: nil, time: nil, record: r.id, payload)
        case .schoolClass(let r):
            let grade = value("grade", "grade")
            try run("UPDATE schoolClass SET name = ?, grade = \(grade) WHERE id = ? AND (name IS NOT ? OR grade IS NOT \(grade))",
                    StatementArguments([r.name] + given("grade", [r.grade]) + [r.id, r.name] + given("grade", [r.grade])))
            guard changed() else { return false }
            payload.add("class", r.id)
            try event(.classUpdated, school: r.schoolId, time: nil, record: r.id, payload)
        case .pupil(let r):
            let alias = value("alias", "alias")
            // The class of now follows from the pupil's stretches: a `since` before the last
            // change corrects the past and leaves the class of now as it is.
            // Without a day, a row that says the pupil left names the class they left, and a row
            // of a pupil who left keeps them away (a list of now that leaves the column out):
            // neither moves anybody. Only a row with its day brings a pupil back.
            let stored = try PupilStints.stored(db, pupil: r.id)
            if r.since == nil && r.left == nil && stored?.left != nil { keptAway += 1 }
            var placed = r.since == nil && (r.left != nil || stored?.left != nil)
                ? (now: stored ?? PupilStints.Now(classId: r.classId), changed: false, defaulted: nil)
                : try PupilStints.place(db, pupil: r.id, school: r.schoolId, classId: r.classId, since: r.since)
            if let left = r.left {
                // Then away from the school from that day (a pupil who left: their class until
                // then), from where the row put the pupil.
                try run("UPDATE pupil SET classId = ?, leftOn = ? WHERE id = ? AND (classId IS NOT ? OR leftOn IS NOT ?)",
                        [placed.now.classId, placed.now.left, r.id, placed.now.classId, placed.now.left])
                let away = try leaving(r) { try PupilStints.place(db, pupil: r.id, school: r.schoolId, classId: nil, since: left) }
                if away.changed, let day = away.now.left { leftFrom[day, default: 0] += 1 }
                placed = (away.now, placed.changed || away.changed, placed.defaulted)
            }
            let now = placed.now
            try run("""
                UPDATE pupil SET classId = ?, leftOn = ?, alias = \(alias)
                WHERE id = ? AND (classId IS NOT ? OR leftOn IS NOT ? OR alias IS NOT \(alias))
                """, StatementArguments([now.classId, now.left] + given("alias", [r.alias]) + [r.id, now.classId, now.left]
                                          + given("alias", [r.alias])))
            if placed.changed && !changed() {
                // Only the past changed: readers that keep classes in memory still learn of it.
                try run("UPDATE pupil SET classId = classId WHERE id = ?", [r.id])
            }
            guard changed() || placed.changed else { return false }
            if let day = placed.defaulted { movedFrom[day, default: 0] += 1 }
            payload.add("pupil", r.id)
            payload.add("class", now.classId)
            if let since = r.since { payload.add("since", since.description) }
            if let left = now.left { payload.add("left", left.description) }
            try event(.pupilUpdated, school: r.schoolId, time: nil, record: r.id, payload)
        case .goal(let r):
            let criteria = JSONColumn.encode(r.successCriteria)
            let (subject, criteriaSQL, follows) = (value("subject", "subject"), value("successCriteria", "successCriteria"),
                                                   value("follows", "follows"))
            let values = given("subject", [r.subject]) + given("successCriteria", [criteria]) + given("follows", [r.follows])
            try run("""
                UPDATE learningGoal SET title = ?, subject = \(subject), successCriteria = \(criteriaSQL), follows = \(follows) WHERE id = ?
                  AND (title IS NOT ? OR subject IS NOT \(subject) OR successCriteria IS NOT \(criteriaSQL) OR follows IS NOT \(follows))
                """, StatementArguments([r.title] + values + [r.id, r.title] + values))
            guard changed() else { return false }
            payload.add("goal", r.id)
            payload.add("follows", r.follows)
            try event(.goalUpdated, school: r.schoolId, time: nil, record: r.id, payload)
        default:
            return false
        }
        return true
    }
}

/// Instruments span three tables (instrument, section, item).
enum InstrumentQueries {
    static func insert(_ db: Database, _ r: Instrument) throws {
        try db.cachedStatement(sql: """
            INSERT INTO instrument (id, version, title, scale, purpose, closingQuestions, plugin, level, uses)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [r.id, r.version, r.title, r.scale.rawValue, r.purpose,
                                     JSONColumn.encode(r.closingQuestions), r.plugin, r.level?.rawValue,
                                     r.uses.map { JSONColumn.encode($0.map(\.rawValue)) }])
        for section in r.sections {
            try db.cachedStatement(sql: """
                INSERT INTO instrumentSection (instrumentId, instrumentVersion, number, title, tips)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [r.id, r.version, section.number, section.title, JSONColumn.encode(section.tips)])
            for (position, item) in section.items.enumerated() {
                try db.cachedStatement(sql: """
                    INSERT INTO instrumentItem (instrumentId, instrumentVersion, key, section, position, text,
                      example, reflectionQuestion)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [r.id, r.version, item.key, section.number, position + 1, item.text,
                                             item.example, item.reflectionQuestion])
            }
        }
    }

    static func fetch(_ db: Database, id: String, version: String) throws -> Instrument? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM instrument WHERE id = ? AND version = ?",
                                         arguments: [id, version])
        else { return nil }
        return try build(db, row)
    }

    static func fetchAll(_ db: Database, id: String? = nil) throws -> [Instrument] {
        let rows = id == nil
            ? try Row.fetchAll(db, sql: "SELECT * FROM instrument ORDER BY id, version")
            : try Row.fetchAll(db, sql: "SELECT * FROM instrument WHERE id = ? ORDER BY version", arguments: [id])
        return try rows.map { try build(db, $0) }
    }

    private static func build(_ db: Database, _ row: Row) throws -> Instrument {
        let id: String = row["id"]
        let version: String = row["version"]
        let itemRows = try Row.fetchAll(db, sql: """
            SELECT * FROM instrumentItem WHERE instrumentId = ? AND instrumentVersion = ? ORDER BY section, position
            """, arguments: [id, version])
        var items: [Int: [InstrumentItem]] = [:]
        for item in itemRows {
            items[item["section"], default: []].append(InstrumentItem(
                key: item["key"], text: item["text"], example: item["example"],
                reflectionQuestion: item["reflectionQuestion"]))
        }
        let sections = try Row.fetchAll(db, sql: """
            SELECT * FROM instrumentSection WHERE instrumentId = ? AND instrumentVersion = ? ORDER BY number
            """, arguments: [id, version]).map { section -> InstrumentSection in
            let number: Int = section["number"]
            return InstrumentSection(number: number, title: section["title"], items: items[number] ?? [],
                                     tips: JSONColumn.decode(section["tips"]))
        }
        return Instrument(id: id, version: version, title: row["title"],
                          scale: try Scale.column(row, "scale"), purpose: row["purpose"], sections: sections,
                          closingQuestions: JSONColumn.decode(row["closingQuestions"]), plugin: row["plugin"],
                          level: (row["level"] as String?).flatMap(SchoolLevel.init(rawValue:)),
                          uses: (row["uses"] as String?).map { (JSONColumn.decode($0) as [String]).compactMap(InstrumentUse.init(rawValue:)) })
    }
}

extension Inserter {
    /// A placement that starts before the pupil's current one for the same goal.
    static func beforeCurrent(_ goal: String) -> Phrase {
        Phrase("must not be before the start of the pupil's current placement for \(goal)",
               nl: "{got} ligt vóór het begin van de huidige spoorindeling van de leerling voor \(goal)")
    }
}
