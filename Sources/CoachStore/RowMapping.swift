import CoachCore
import Foundation
import GRDB

// Explicit column mapping for every record type: one table per type, column names as in
// the migrations. (Hand-written rather than Codable-derived: faster, and a renamed Swift
// property cannot silently move a column.)

enum JSONColumn {
    static func encode(_ strings: [String]) -> String { JSONObject.array(strings) }

    static func decode(_ text: String?) -> [String] {
        // Most lists are empty: no decoder for those (read for every feedback row a rule asks for).
        if text == nil || text == "[]" { return [] }
        guard let text, let data = text.data(using: .utf8),
              let strings = try? JSONDecoder().decode([String].self, from: data)
        else { return [] }
        return strings
    }
}

extension Day: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Day? {
        String.fromDatabaseValue(value).flatMap(Day.init)
    }
}

extension RawRepresentable where RawValue == String {
    static func column(_ row: Row, _ name: String) throws -> Self {
        let raw: String = row[name]
        guard let value = Self(rawValue: raw) else {
            throw StoreError.corrupt("\(name) has an unknown value '\(raw)'")
        }
        return value
    }
}

extension School {
    init(row: Row) throws {
        self.init(id: row["id"], name: row["name"], language: try Language.column(row, "language"),
                  level: (row["level"] as String?).flatMap(SchoolLevel.init(rawValue:)),
                  region: (row["region"] as String?).flatMap(Region.init(rawValue:)))
    }
}

extension Teacher {
    static let columns = "id, schoolId, name"
    init(indexed row: Row) { self.init(id: row.text(0), schoolId: row.text(1), name: row.text(2)) }
}

extension Coach {
    init(row: Row) throws { self.init(id: row["id"], name: row["name"], kind: try CoachKind.column(row, "kind")) }
}

extension CoachAssignment {
    init(row: Row) throws {
        self.init(coachId: row["coachId"], scope: try CoachScope.column(row, "scope"), scopeId: row["scopeId"])
    }
}

extension SchoolClass {
    static let columns = "id, schoolId, name, grade"
    init(indexed row: Row) { self.init(id: row.text(0), schoolId: row.text(1), name: row.text(2), grade: row.optionalText(3)) }
}

extension ClassTeacher {
    init(row: Row) { self.init(classId: row["classId"], teacherId: row["teacherId"]) }
}

extension Pupil {
    static let columns = "id, schoolId, classId, alias"
    init(indexed row: Row) { self.init(id: row.text(0), schoolId: row.text(1), classId: row.text(2), alias: row.optionalText(3)) }
}

extension LearningGoal {
    init(row: Row) {
        self.init(id: row["id"], schoolId: row["schoolId"], title: row["title"], subject: row["subject"],
                  successCriteria: JSONColumn.decode(row["successCriteria"]), follows: row["follows"])
    }
}

extension Period {
    init(row: Row) {
        let focus: Focus? = (row["focusInstrumentId"] as String?).map {
            Focus(instrumentId: $0, section: row["focusSection"])
        }
        self.init(id: row["id"], schoolId: row["schoolId"], name: row["name"], start: row["start"],
                  end: row["end"], focus: focus)
    }
}

extension Observation {
    static let columns = "id, kind, schoolId, teacherId, classId, instrumentId, instrumentVersion, date, subject, lesson, "
        + "videoUri, videoStart, videoEnd, workOn, observers, shared"

    /// A row of ``columns``, read by index (rules ask for observations every week).
    init(indexed row: Row, scores: [ItemScore]) throws {
        let raw = row.text(1)
        guard let kind = ObservationKind(rawValue: raw) else { throw StoreError.corrupt("kind has an unknown value '\(raw)'") }
        var video: VideoFragment?
        if let uri = row.optionalText(10) {
            guard let start = row[11] as Double?, let end = row[12] as Double? else {
                throw StoreError.corrupt("observation \(row[0] as Int64) has a video without its start or end")
            }
            video = VideoFragment(uri: uri, start: start, end: end)
        }
        self.init(id: row[0] as Int64, kind: kind, schoolId: row.text(2), teacherId: row.text(3), classId: row.optionalText(4),
                  instrumentId: row.text(5), instrumentVersion: row.text(6), date: try row.day(7), subject: row.optionalText(8),
                  lesson: row.optionalText(9), scores: scores, video: video, workOn: row.optionalText(13),
                  observers: JSONColumn.decode(row.optionalText(14)),
                  shared: kind == .selfReflection ? (row[15] as Bool? ?? false) : nil)
    }
}

extension LearningWalk {
    init(row: Row, findings: [WalkFinding]) {
        self.init(id: row["id"], schoolId: row["schoolId"], instrumentId: row["instrumentId"],
                  instrumentVersion: row["instrumentVersion"], date: row["date"], walkers: row["walkers"],
                  findings: findings)
    }
}

extension FeedbackRecord {
    init(row: Row) throws {
        self.init(id: row["id"], teacherId: row["teacherId"], classId: row["classId"], pupilId: row["pupilId"],
                  goalId: row["goalId"], date: row["date"], level: try FeedbackLevel.column(row, "level"),
                  question: try FeedbackQuestion.column(row, "question"),
                  timing: try FeedbackTiming.column(row, "timing"), form: try FeedbackForm.column(row, "form"),
                  growthPoints: row["growthPoints"], text: row["text"], codes: JSONColumn.decode(row["codes"]))
    }
}

extension Placement {
    init(row: Row) {
        self.init(id: row["id"], pupilId: row["pupilId"], classId: row["classId"], goalId: row["goalId"],
                  track: row["track"], from: row["from"], to: row["to"], decidedBy: row["decidedBy"],
                  pupilInvolved: row["pupilInvolved"])
    }
}

extension CentralResult {
    init(row: Row) {
        self.init(id: row["id"], schoolId: row["schoolId"], year: row["year"], grade: row["grade"], domain: row["domain"],
                  schoolScore: row["schoolScore"], flemishMean: row["flemishMean"], similarMean: row["similarMean"],
                  learningGain: row["learningGain"])
    }
}

extension LearningResult {
    init(row: Row) throws {
        self.init(id: row["id"], pupilId: row["pupilId"], goalId: row["goalId"], date: row["date"],
                  kind: try ResultKind.column(row, "kind"), score: row["score"], maximum: row["maximum"],
                  mastery: row["mastery"])
    }
}

extension Prompt {
    init(row: Row) throws {
        self.init(id: row["id"], schoolId: row["schoolId"], ruleId: row["ruleId"], ruleVersion: row["ruleVersion"],
                  audience: try Audience.column(row, "audience"), teacherId: row["teacherId"],
                  classId: row["classId"], key: row["key"], week: row["week"], priority: row["priority"],
                  text: row["text"], nextStep: row["nextStep"], reason: row["reason"],
                  status: try PromptStatus.column(row, "status"), snoozedUntil: row["snoozedUntil"],
                  shadow: row["shadow"], eventSeq: row["eventSeq"], focus: row["focus"],
                  evidence: (row["evidence"] as String? ?? "").split(separator: "\n").map(String.init))
    }
}

extension Suggestion {
    init(row: Row) {
        self.init(id: row["id"], schoolId: row["schoolId"], ruleId: row["ruleId"], ruleVersion: row["ruleVersion"],
                  teacherId: row["teacherId"], classId: row["classId"], goalId: row["goalId"], day: row["day"],
                  text: row["text"], reason: row["reason"])
    }
}

extension RuleHealth {
    init(row: Row) {
        self.init(ruleId: row["ruleId"], schoolId: row["schoolId"], failures: row["failures"], quarantined: row["quarantined"],
                  lastError: row["lastError"], lastEventSeq: row["lastEventSeq"],
                  recentFailures: (row["recentFailures"] as String? ?? "").split(separator: " ").compactMap { Day(String($0)) })
    }
}

extension RuleState {
    init(row: Row) { self.init(ruleId: row["ruleId"], schoolId: row["schoolId"], value: row["value"]) }
}

extension Event {
    static let columns = "seq, kind, schoolId, time, recordId, payload"

    /// A row of ``columns``.
    init(indexed row: Row) {
        self.init(seq: row[0], kind: EventKind(rawValue: row.text(1)), schoolId: row.optionalText(2), time: row.optionalDay(3),
                  recordId: row.text(4), payload: row.text(5))
    }

    init(row: Row) {
        self.init(seq: row["seq"], kind: EventKind(rawValue: row["kind"]), schoolId: row["schoolId"],
                  time: row["time"], recordId: row["recordId"], payload: row["payload"])
    }
}

// Rows of the queries rules make, read by column index: by name, every value costs a
// case-insensitive search of the column names (a tenth of dispatch, perf). Read from a cursor,
// texts and numbers come straight from SQLite (GRDB's fast path for `String`, `Int64`,
// `Double`); a `Day` read as itself would take the generic path, so it is read as text.
extension Row {
    @inline(__always) func text(_ index: Int) -> String { self[index] as String }
    @inline(__always) func optionalText(_ index: Int) -> String? { self[index] as String? }
    @inline(__always) func day(_ index: Int) throws -> Day {
        let text = self[index] as String
        guard let day = Day(text) else { throw StoreError.corrupt("column \(index) is not a day: '\(text)'") }
        return day
    }
    @inline(__always) func optionalDay(_ index: Int) -> Day? { (self[index] as String?).flatMap(Day.init) }

    /// Every row of `statement`, read through a cursor (no copy of each row) into `make`.
    static func collect<T>(_ statement: Statement, _ arguments: StatementArguments, _ make: (Row) throws -> T) throws -> [T] {
        var out: [T] = []
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() { out.append(try make(row)) }
        return out
    }
}

extension FeedbackRecord {
    static let columns = "feedback.id, feedback.teacherId, feedback.classId, feedback.pupilId, feedback.goalId, feedback.date, "
        + "feedback.level, feedback.question, feedback.timing, feedback.form, feedback.growthPoints, feedback.text, feedback.codes"

    init(indexed row: Row) throws {
        func choice<T: RawRepresentable>(_ index: Int, _ name: String) throws -> T where T.RawValue == String {
            let raw: String = row[index]
            guard let value = T(rawValue: raw) else { throw StoreError.corrupt("\(name) has an unknown value '\(raw)'") }
            return value
        }
        self.init(id: row[0] as Int64, teacherId: row.text(1), classId: row.text(2), pupilId: row.optionalText(3), goalId: row.text(4),
                  date: try row.day(5), level: try choice(6, "level"), question: try choice(7, "question"),
                  timing: try choice(8, "timing"), form: try choice(9, "form"), growthPoints: row[10] as Int,
                  text: row.optionalText(11), codes: JSONColumn.decode(row.optionalText(12)))
    }
}

extension Placement {
    static let columns = "placement.id, placement.pupilId, placement.classId, placement.goalId, placement.track, "
        + "placement.\"from\", placement.\"to\", placement.decidedBy, placement.pupilInvolved"
    /// ``columns`` with the end a rule sees: a placement ends when its pupil changes class
    /// (``PupilStints/placementTo``).
    static let seenColumns = columns.replacingOccurrences(of: "placement.\"to\"", with: PupilStints.placementTo + " AS \"to\"")

    init(indexed row: Row) throws {
        self.init(id: row[0] as Int64, pupilId: row.text(1), classId: row.text(2), goalId: row.text(3), track: row[4] as Int,
                  from: try row.day(5), to: row.optionalDay(6), decidedBy: row.text(7), pupilInvolved: row[8] as Bool)
    }
}

extension LearningResult {
    static let columns = "result.id, result.pupilId, result.goalId, result.date, result.kind, result.score, result.maximum, "
        + "result.mastery"

    init(indexed row: Row) throws {
        let raw: String = row[4]
        guard let kind = ResultKind(rawValue: raw) else { throw StoreError.corrupt("kind has an unknown value '\(raw)'") }
        self.init(id: row[0] as Int64, pupilId: row.text(1), goalId: row.text(2), date: try row.day(3), kind: kind,
                  score: row[5] as Double?, maximum: row[6] as Double?, mastery: row[7] as Double?)
    }
}
