/// What happened, as rules subscribe to it.
public struct EventKind: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let schoolAdded: EventKind = "school.added"
    public static let teacherAdded: EventKind = "teacher.added"
    public static let coachAdded: EventKind = "coach.added"
    public static let coachAssigned: EventKind = "coach.assigned"
    public static let classAdded: EventKind = "class.added"
    public static let classTeacherAdded: EventKind = "class.teacherAdded"
    public static let pupilAdded: EventKind = "pupil.added"
    public static let goalAdded: EventKind = "goal.added"
    public static let periodStarted: EventKind = "period.started"
    public static let instrumentAdded: EventKind = "instrument.added"
    public static let observationRecorded: EventKind = "observation.recorded"
    public static let learningWalkRecorded: EventKind = "learningWalk.recorded"
    public static let feedbackRecorded: EventKind = "feedback.recorded"
    public static let placementChanged: EventKind = "placement.changed"
    public static let resultRecorded: EventKind = "result.recorded"
    public static let centralResultRecorded: EventKind = "centralResult.recorded"
    public static let weekEnded: EventKind = "week.ended"
    /// People changed by a later import (a name, an alias, a pupil's class).
    public static let schoolUpdated: EventKind = "school.updated"
    public static let teacherUpdated: EventKind = "teacher.updated"
    public static let coachUpdated: EventKind = "coach.updated"
    public static let classUpdated: EventKind = "class.updated"
    public static let pupilUpdated: EventKind = "pupil.updated"
    public static let goalUpdated: EventKind = "goal.updated"

    /// Every kind the engine writes: a rule can listen to these only.
    public static let all: [EventKind] = [
        schoolAdded, teacherAdded, coachAdded, coachAssigned, classAdded, classTeacherAdded, pupilAdded, goalAdded,
        periodStarted, instrumentAdded, observationRecorded, learningWalkRecorded, feedbackRecorded, placementChanged,
        resultRecorded, centralResultRecorded, weekEnded, schoolUpdated, teacherUpdated, coachUpdated, classUpdated,
        pupilUpdated, goalUpdated,
    ]
}

/// An entry of the event log: appended with its record, in the same transaction.
public struct Event: Codable, Sendable, Hashable {
    /// Position in the log, increasing, never reused.
    public var seq: Int64
    public var kind: EventKind
    /// The school it belongs to; nil for records shared across schools (a coach, an
    /// instrument).
    public var schoolId: String?
    /// The day it happened in the school (the record's date), not when it was typed in.
    public var time: Day?
    /// The id of the record (`observation` 12 → `"12"`).
    public var recordId: String
    /// The record's references as a JSON object (ids only: no names, no notes).
    public var payload: String

    public init(seq: Int64, kind: EventKind, schoolId: String?, time: Day?, recordId: String, payload: String) {
        self.seq = seq
        self.kind = kind
        self.schoolId = schoolId
        self.time = time
        self.recordId = recordId
        self.payload = payload
    }
}

extension Event {
    /// A self-reflection the teacher has not shared: it is the teacher's own, so no rule runs
    /// on it and no prompt for the coach is built from it.
    public var isTeachersOwn: Bool { kind == .observationRecorded && payload.contains("\"shared\":false") }

    /// The payload of `week.ended`: the week and its first and last day. `tick` and replay
    /// build it here, so that a rule sees the same event either way.
    public static func weekEndedPayload(_ week: IsoWeek) -> String {
        var payload = JSONObject()
        payload.add("week", week.description)
        payload.add("from", week.monday.description)
        payload.add("to", week.sunday.description)
        return payload.json
    }
}

/// A small JSON object writer for event payloads: faster than an encoder, and what goes in
/// is spelled out at each call site (ids and codes only). Written as bytes into one buffer:
/// every record of an import makes one (appending small Strings was 6 % of an import, perf).
public struct JSONObject {
    private var bytes: [UInt8]

    public init() {
        bytes = []
        bytes.reserveCapacity(256)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        separator(key)
        JSONObject.appendQuoted(value, to: &bytes)
    }

    public mutating func add(_ key: String, _ value: Int64?) {
        guard let value else { return }
        separator(key)
        JSONObject.append(value, to: &bytes)
    }

    public mutating func add(_ key: String, _ value: Int) { add(key, Int64(value)) }

    public mutating func add(_ key: String, _ value: Double?) {
        guard let value, value.isFinite else { return }
        separator(key)
        if value == value.rounded() && abs(value) < 1e15 {
            JSONObject.append(Int64(value), to: &bytes)
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    public mutating func add(_ key: String, _ value: Bool) {
        separator(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func add(_ key: String, _ values: [String]) {
        separator(key)
        JSONObject.append(values, to: &bytes)
    }

    /// `json` as the value of `key`: an object or array already written.
    public mutating func add(_ key: String, json: String) {
        separator(key)
        bytes.append(contentsOf: json.utf8)
    }

    public var json: String {
        var out = bytes
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func separator(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        JSONObject.appendQuoted(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// `value` as a JSON string literal.
    public static func quote(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON array of strings.
    public static func array(_ values: [String]) -> String {
        if values.isEmpty { return "[]" }
        var bytes: [UInt8] = []
        append(values, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ values: [String], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (n, value) in values.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private static func append(_ value: Int64, to bytes: inout [UInt8]) {
        // Up to 15 digits fit in a String without an allocation.
        bytes.append(contentsOf: String(value).utf8)
    }

    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most values are ids and codes with nothing to escape: appended whole.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
