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

    /// Feedback records as one array of tables: no dictionary per record (rules read thousands).
    static func feedback(_ records: [FeedbackRecord]) -> LuaValue {
        var rows = LuaRows(names: feedbackNames)
        rows.reserve(records.count)
        for f in records {
            let id = f.id ?? 0
            rows.add(.text("feedback:" + String(id))); rows.add(.integer(id)); rows.add(.text(f.teacherId))
            rows.add(.text(f.classId)); rows.add(text(f.pupilId)); rows.add(.text(f.goalId)); rows.add(day(f.date))
            rows.add(.text(f.level.rawValue)); rows.add(.text(f.question.rawValue)); rows.add(.text(f.timing.rawValue))
            rows.add(.text(f.form.rawValue)); rows.add(.integer(Int64(f.growthPoints)))
            rows.add(.array(f.codes.isEmpty ? [] : f.codes.map(LuaValue.text)))
        }
        return .rows(rows)
    }

    static let placementNames = ["ref", "id", "pupil", "pupil_alias", "class", "goal", "track", "from", "to", "current", "weeks",
                                 "decided_by", "pupil_involved", "track_since", "track_weeks"]

    /// Placements as one array of tables.
    static func placements(_ views: [PlacementView], today: Day?) -> LuaValue {
        var rows = LuaRows(names: placementNames)
        rows.reserve(views.count)
        for view in views {
            let p = view.placement
            let end = p.to ?? today ?? p.from
            let id = p.id ?? 0
            rows.add(.text("placement:" + String(id))); rows.add(.integer(id)); rows.add(.text(p.pupilId))
            rows.add(text(view.pupilAlias)); rows.add(.text(p.classId)); rows.add(.text(p.goalId)); rows.add(.integer(Int64(p.track)))
            rows.add(day(p.from)); rows.add(day(p.to)); rows.add(.boolean(p.to == nil))
            rows.add(.integer(Int64(max(0, p.from.days(to: end)) / 7))); rows.add(.text(p.decidedBy))
            let since = view.trackSince ?? p.from
            rows.add(.boolean(p.pupilInvolved)); rows.add(day(since))
            // Whole weeks in this track without a break, up to today (or the placement's end):
            // what rules about long stays ask, without a ctx.days call per row.
            rows.add(.integer(Int64(max(0, since.days(to: end)) / 7)))
        }
        return .rows(rows)
    }

    static let resultNames = ["ref", "id", "pupil", "goal", "date", "kind", "score", "maximum", "mastery"]

    /// Results as one array of tables.
    static func results(_ records: [LearningResult]) -> LuaValue {
        var rows = LuaRows(names: resultNames)
        rows.reserve(records.count)
        for r in records {
            let id = r.id ?? 0
            rows.add(.text("result:" + String(id))); rows.add(.integer(id)); rows.add(.text(r.pupilId)); rows.add(.text(r.goalId))
            rows.add(day(r.date)); rows.add(.text(r.kind.rawValue)); rows.add(r.score.map(LuaValue.number) ?? .nil)
            rows.add(r.maximum.map(LuaValue.number) ?? .nil); rows.add(r.masteryPercent.map(LuaValue.number) ?? .nil)
        }
        return .rows(rows)
    }

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
