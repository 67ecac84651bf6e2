import CoachStore
import CoachCore
import LuaSandbox

/// The option table a ctx function was called with, read strictly: a misspelt option is an
/// error, not a silently wider query.
struct Options {
    let fields: [LuaValue: LuaValue]
    let function: String

    init(_ arguments: [LuaValue], function: String, allowed: Set<String>) throws(LuaHostError) {
        self.function = function
        switch arguments.first ?? .nil {
        case .nil, .array([]): fields = [:]
        case .map(let map): fields = map
        default:
            throw LuaHostError("expects a table of options, like \(function){ teacher = \"t1\" }")
        }
        for key in fields.keys {
            guard let name = key.stringValue, allowed.contains(name) else {
                throw LuaHostError("unknown option '\(key)' (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    func string(_ key: String) throws(LuaHostError) -> String? {
        switch fields[.text(key)] ?? .nil {
        case .nil: return nil
        case .string(let s): return s.description
        case .integer(let i): return String(i)
        case let other: throw LuaHostError("option '\(key)' must be text, got \(other.typeName)")
        }
    }

    func requiredString(_ key: String) throws(LuaHostError) -> String {
        guard let value = try string(key), !value.isEmpty else { throw LuaHostError("option '\(key)' is required") }
        return value
    }

    func int(_ key: String) throws(LuaHostError) -> Int? {
        switch fields[.text(key)] ?? .nil {
        case .nil: return nil
        case let value:
            guard let i = value.integerValue else { throw LuaHostError("option '\(key)' must be a whole number, got \(value)") }
            return Int(i)
        }
    }

    func bool(_ key: String) throws(LuaHostError) -> Bool? {
        switch fields[.text(key)] ?? .nil {
        case .nil: return nil
        case .boolean(let b): return b
        case let other: throw LuaHostError("option '\(key)' must be true or false, got \(other.typeName)")
        }
    }

    func day(_ key: String) throws(LuaHostError) -> Day? {
        guard let text = try string(key) else { return nil }
        guard let day = Day(text) else { throw LuaHostError("option '\(key)' must be a date as YYYY-MM-DD, got '\(text)'") }
        return day
    }

    func strings(_ key: String) throws(LuaHostError) -> [String] {
        switch fields[.text(key)] ?? .nil {
        case .nil: return []
        case .array(let items):
            return try items.map { item throws(LuaHostError) in
                switch item {
                case .string(let s): return s.description
                case .integer(let i): return String(i)
                default: throw LuaHostError("option '\(key)' must list texts")
                }
            }
        case .string(let s): return [s.description]
        case let other: throw LuaHostError("option '\(key)' must be a list, got \(other.typeName)")
        }
    }

    func value(_ key: String) -> LuaValue { fields[.text(key)] ?? .nil }
}

/// Records as rules see them: Lua tables with snake_case fields and a `ref` ("feedback:12")
/// to cite as evidence.
enum RecordTables {
    static func map(_ pairs: [(String, LuaValue)]) -> LuaValue {
        var map: [LuaValue: LuaValue] = [:]
        for (key, value) in pairs where value != .nil { map[.text(key)] = value }
        return .map(map)
    }

    static func text(_ s: String?) -> LuaValue { s.map(LuaValue.text) ?? .nil }
    static func day(_ d: Day?) -> LuaValue { d.map { .text($0.description) } ?? .nil }

    static func observation(_ o: Observation) -> LuaValue {
        var scores: [LuaValue: LuaValue] = [:]
        for score in o.scores { scores[.text(score.item)] = .integer(Int64(score.value)) }
        return map([
            ("ref", .text("observation:\(o.id ?? 0)")), ("id", .integer(o.id ?? 0)), ("kind", .text(o.kind.rawValue)),
            ("teacher", .text(o.teacherId)), ("class", text(o.classId)), ("instrument", .text(o.instrumentId)),
            ("version", .text(o.instrumentVersion)), ("date", day(o.date)), ("subject", text(o.subject)),
            ("scores", .map(scores)), ("work_on", text(o.workOn)),
            ("video", o.video.map { v in map([("uri", .text(v.uri)), ("start", .number(v.start)), ("end", .number(v.end))]) } ?? .nil),
        ])
    }

    static func central(_ r: CentralResult) -> LuaValue {
        map([("ref", .text("centralResult:\(r.id ?? 0)")), ("id", .integer(r.id ?? 0)), ("year", .integer(Int64(r.year))),
             ("grade", .text(r.grade)), ("domain", .text(r.domain)), ("school", .number(r.schoolScore)),
             ("flemish", .number(r.flemishMean)), ("similar", .number(r.similarMean)),
             ("gain", r.learningGain.map(LuaValue.number) ?? .nil)])
    }

    static func walk(_ w: LearningWalk) -> LuaValue {
        var findings: [LuaValue: LuaValue] = [:]
        for finding in w.findings {
            findings[.text(finding.item)] = map([("status", .text(finding.status.rawValue)),
                                                 ("examples", .array(finding.examples.map(LuaValue.text)))])
        }
        return map([("ref", .text("learningWalk:\(w.id ?? 0)")), ("id", .integer(w.id ?? 0)), ("date", day(w.date)),
                    ("instrument", .text(w.instrumentId)), ("version", .text(w.instrumentVersion)),
                    ("walkers", .integer(Int64(w.walkers))), ("findings", .map(findings))])
    }

    static let feedbackNames = ["ref", "id", "teacher", "class", "pupil", "goal", "date", "level", "question", "timing", "form",
                                "growth_points", "codes"]

    static let placementNames = ["ref", "id", "pupil", "pupil_alias", "class", "goal", "track", "from", "to", "current", "weeks",
                                 "decided_by", "pupil_involved", "track_since", "track_weeks"]

    static let resultNames = ["ref", "id", "pupil", "goal", "date", "kind", "score", "maximum", "mastery"]

    static func instrument(_ i: Instrument) -> LuaValue {
        map([("id", .text(i.id)), ("version", .text(i.version)), ("title", .text(i.title)), ("scale", .text(i.scale.rawValue)),
             ("level", text(i.level?.rawValue)),
             ("closing_questions", .array(i.closingQuestions.map(LuaValue.text))),
             ("sections", .array(i.sections.map { section in
                 map([("number", .integer(Int64(section.number))), ("title", .text(section.title)),
                      ("tips", .array(section.tips.map(LuaValue.text))),
                      ("items", .array(section.items.map { item in
                          map([("key", .text(item.key)), ("text", .text(item.text)), ("example", text(item.example)),
                               ("reflection_question", text(item.reflectionQuestion))])
                      }))])
             }))])
    }

    static func goal(_ g: LearningGoal) -> LuaValue {
        map([("ref", .text("goal:\(g.id)")), ("id", .text(g.id)), ("title", .text(g.title)), ("subject", text(g.subject)),
             ("success_criteria", .array(g.successCriteria.map(LuaValue.text))), ("follows", text(g.follows))])
    }
}

/// Query rows copied straight into ``LuaRows`` (no record struct or Swift string per cell):
/// the same fields, in the same order, as ``RecordTables``' builders from records.
extension RecordTables {
    /// Appends a text column's bytes, or nil for NULL.
    private static func addText(_ rows: inout LuaRows, _ row: some RowCells, _ column: Int32) {
        if row.isNull(column) { rows.addNil() } else { rows.addText(row.text(column)) }
    }

    /// One feedback row (columns of `FeedbackRecord.columns`), fields as ``feedbackNames``.
    static func addFeedback(_ row: RawRow, to rows: inout LuaRows) {
        let id = row.integer(0)
        rows.addText("feedback:", id); rows.addInteger(id)
        for column: Int32 in 1...9 { addText(&rows, row, column) }
        rows.addInteger(row.integer(10))
        // Most lists of codes are empty: no JSON decoder for those.
        let codes = row.text(12)
        if codes.count <= 2 { rows.add(.array([])) }
        else { rows.add(LuaJSON.value(fromJSON: String(decoding: codes, as: UTF8.self))) }
    }

    /// One placement row (columns of `Placement.columns`, the pupil's alias, the start of the
    /// stay), fields as ``placementNames``; `today` is the event's day.
    static func addPlacement(_ row: some RowCells, today: Day?, to rows: inout LuaRows) {
        let id = row.integer(0)
        let from = row.day(5) ?? Day(year: 2000, month: 1, day: 1)!
        var to = row.day(6)
        // A placement that ends after today is current as far as the rule can know.
        if let end = to, let today, end > today { to = nil }
        let end = to ?? today ?? from
        rows.addText("placement:", id); rows.addInteger(id)
        addText(&rows, row, 1); addText(&rows, row, 9); addText(&rows, row, 2); addText(&rows, row, 3)
        rows.addInteger(row.integer(4))
        addText(&rows, row, 5)
        if to == nil { rows.addNil() } else { addText(&rows, row, 6) }
        rows.addBoolean(to == nil)
        rows.addInteger(Int64(max(0, from.days(to: end)) / 7))
        addText(&rows, row, 7)
        rows.addBoolean(row.integer(8) != 0)
        let since = row.day(10) ?? from
        if row.isNull(10) { addText(&rows, row, 5) } else { addText(&rows, row, 10) }
        rows.addInteger(Int64(max(0, since.days(to: end)) / 7))
    }

    /// One result row (columns of `LearningResult.columns`), fields as ``resultNames``.
    static func addResult(_ row: RawRow, to rows: inout LuaRows) {
        let id = row.integer(0)
        rows.addText("result:", id); rows.addInteger(id)
        for column: Int32 in 1...4 { addText(&rows, row, column) }
        let score = row.isNull(5) ? nil : row.number(5), maximum = row.isNull(6) ? nil : row.number(6)
        if let score { rows.addNumber(score) } else { rows.addNil() }
        if let maximum { rows.addNumber(maximum) } else { rows.addNil() }
        // Mastery in percent: from the score where there is one, as `LearningResult.masteryPercent`.
        if let score, let maximum, maximum > 0 { rows.addNumber(score / maximum * 100) }
        else if !row.isNull(7) { rows.addNumber(row.number(7)) }
        else { rows.addNil() }
    }
}
