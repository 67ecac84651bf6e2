import CoachCore
import CoachStore
import LuaSandbox

/// A prompt as a rule asked for it, before the engine adds the reason and stores it.
struct PromptDraft {
    var audience: Audience
    var teacherId: String?
    var classId: String?
    var key: String
    var priority: Int
    var text: String
    var nextStep: String
    var evidence: [String]
    var focus: Bool
}

/// A next-lesson suggestion as a rule made it.
public struct SuggestionDraft: Sendable, Hashable {
    public var ruleId: String
    public var teacherId: String
    public var classId: String?
    public var goalId: String?
    public var text: String
    public var nextStep: String?
    public var example: String?
    public var reflectionQuestion: String?
    public var evidence: [String]
    public var priority: Int
    /// Why this suggestion matters, with its source, when the rule says it per suggestion.
    public var why: String? = nil
}

/// What one rule call can see and what it produced. One per rule (each rule has its own
/// sandbox); the engine sets the event and school before each call.
final class CallContext {
    enum Mode { case run, suggest }

    private(set) var store: CoachStore
    var definition: RuleDefinition?
    var mode: Mode = .run
    var event: Event?
    var school: School?
    var day: Day?
    var prompts: [PromptDraft] = []
    var suggestions: [SuggestionDraft] = []
    var state: [String: LuaValue]?
    var stateChanged = false
    /// During a replay: the rule's state lives here, never in the store.
    var replayState: [String: LuaValue]?
    /// State written by successful calls whose transaction has not been committed yet, per
    /// school, so the next event in the same batch sees it.
    var pendingState: [String: [String: LuaValue]] = [:]
    var logs: [String] = []
    /// Free text handed to the rule in this call (work-on notes, walk examples): taken out of
    /// its log lines and errors (``Redaction``).
    var handedTexts: [String] = []
    /// Whether a suggestion may build on the teacher's unshared self-reflections: yes when the
    /// teacher (or a local single-user store) asks, no when a coach asks for them.
    var seesOwnReflections = true
    /// The teacher a suggestion is for (whose own unshared self-reflections it may build on).
    var asking: String?
    /// The most records one query may return (the engine's configuration sets it).
    var maxRows = EngineConfiguration.defaultMaxQueryRows
    /// Shared by the rules of one engine: answers within a dispatch batch.
    var cache: QueryCache?
    private var periodCache: (Day, Period?)?
    /// Which ids belong to which school: they never move, so this lives as long as the rule.
    private var membership: [String: String] = [:]
    /// Stored instrument versions never change; all versions per id, loaded once.
    private var instruments: [String: [Instrument]] = [:]

    init(store: CoachStore) {
        self.store = store
    }

    /// Points this context at another store (the next school's working copy of the shared
    /// store), letting go of everything it kept of the last one.
    func rebind(to store: CoachStore) {
        self.store = store
        cache = nil
        pendingState = [:]
        replayState = nil
        periodCache = nil
        membership = [:]
        instruments = [:]
        teacherNames = nil
        reset(event: nil, school: School(id: "", name: ""), day: nil, mode: .run)
        school = nil
    }

    func reset(event: Event?, school: School, day: Day?, mode: Mode) {
        self.event = event
        self.school = school
        self.day = day
        self.mode = mode
        prompts = []
        suggestions = []
        state = nil
        stateChanged = false
        logs = []
        handedTexts = []
        periodCache = nil
    }

    var schoolId: String { school?.id ?? "" }

    func period() throws(StoreError) -> Period? {
        guard let day else { return nil }
        if let (cachedDay, period) = periodCache, cachedDay == day { return period }
        let period = try store.period(school: schoolId, on: day)
        periodCache = (day, period)
        return period
    }

    /// The rule's state for this school: from the replay, or from the store, once per call.
    func loadState() throws(LuaHostError) {
        guard state == nil else { return }
        if let replay = replayState {
            state = replay
        } else if let pending = pendingState[schoolId] {
            state = pending
        } else {
            let stored = try wrap { () throws(StoreError) in try store.ruleState(rule: definition?.id ?? "", school: schoolId) }
            if case .map(let map) = stored.map({ LuaJSON.value(fromJSON: $0.value) }) ?? .nil {
                state = Dictionary(uniqueKeysWithValues: map.compactMap { k, v in k.stringValue.map { ($0, v) } })
            } else {
                state = [:]
            }
        }
        // A note kept from an earlier call is as private as when it was handed over: sentences
        // in the state (ids have no spaces) stay out of this call's logs too.
        func sentences(_ value: LuaValue) -> [String] {
            switch value {
            case .string:
                guard let text = value.stringValue else { return [] }
                return text.count >= 12 && text.contains(" ") ? [text] : []
            case .array(let items): return items.flatMap(sentences)
            case .map(let map): return map.values.flatMap(sentences)
            default: return []
            }
        }
        handedTexts += (state ?? [:]).values.flatMap(sentences)
    }

    /// Fails unless `id` is a `what` of this school: rules never see another school's records.
    func requireInSchool(_ table: String, _ id: String?, _ what: String) throws(LuaHostError) {
        guard let id else { return }
        let key = table + "\u{1}" + id
        if membership[key] == schoolId { return }
        let belongs: Bool
        do { belongs = try store.belongs(table, id, to: schoolId) } catch { throw LuaHostError(error.description) }
        if !belongs { throw LuaHostError("\(what) '\(id)' is not in this school") }
        membership[key] = schoolId
    }

    func instrumentVersions(_ id: String) throws(LuaHostError) -> [Instrument] {
        if let cached = instruments[id], !cached.isEmpty { return cached }
        let all = try wrap { () throws(StoreError) in try store.instruments(id: id) }
        instruments[id] = all
        return all
    }

    /// The last day a query may see: never after the event (a replay sees what live saw).
    func until(_ requested: Day?) -> Day? {
        guard let day else { return requested }
        guard let requested else { return day }
        return min(requested, day)
    }

    /// The school's teachers and classes by id, with their names, for the appraisal guard.
    private var teacherNames: (school: String, names: [(id: String, name: String)], classes: [(id: String, name: String)])?

    /// Coaching is not appraisal: a prompt for the team never names a teacher, and a prompt
    /// built on a learning walk never points at one (seed 000: a walk is never an evaluation
    /// of one teacher). Refused as the rule's error, so its owners hear of it.
    func refuseAppraisal(_ draft: PromptDraft) throws(LuaHostError) {
        // Built on a walk: its evidence, or the walk's own event.
        let onWalk = draft.evidence.contains { $0.hasPrefix("learningWalk:") } || event?.kind == .learningWalkRecorded
        guard draft.audience == .team || onWalk else { return }
        let why = draft.audience == .team
            ? "a prompt for the team never names a teacher (coaching is not appraisal)"
            : "a prompt built on a learning walk never points at a teacher or class (a walk is never an evaluation of one teacher, seed 000)"
        if draft.teacherId != nil { throw LuaHostError(why + "; leave out 'teacher'") }
        if onWalk {
            if draft.audience != .team { throw LuaHostError(why + "; send it to the team") }
            if draft.classId != nil { throw LuaHostError(why + "; leave out 'class'") }
        }
        // A class is its teachers' lessons: named to the team, it points at them (and compares them).
        if draft.audience == .team, draft.classId != nil {
            throw LuaHostError("a prompt for the team never names a class (a class is its teacher's lessons: coaching is not "
                               + "appraisal); leave out 'class'")
        }
        if teacherNames?.school != schoolId {
            let teachers = try wrap { () throws(StoreError) in try store.teachers(school: schoolId) }
            let classes = try wrap { () throws(StoreError) in try store.classes(school: schoolId) }
            teacherNames = (schoolId, teachers.map { ($0.id, $0.name) }, classes.map { ($0.id, $0.name) })
        }
        let words = draft.text + " " + draft.nextStep
        for teacher in teacherNames?.names ?? [] {
            for name in [teacher.id, teacher.name] where Words.contains(name, in: words) {
                // Not which one: this error reaches the team as the rule's failure.
                throw LuaHostError(why + "; its text names one of the school's teachers")
            }
        }
        guard draft.audience == .team else { return }
        // A class's id or a one-word name ("k5a", "5A", "Vlinders"); not a number (a score such
        // as "52") nor a name of several words ("Leerjaar 4" is how the central tests say a grade).
        func distinctive(_ name: String) -> Bool {
            name.count >= 2 && !name.contains(where: \.isWhitespace) && !name.allSatisfy(\.isNumber)
        }
        for schoolClass in teacherNames?.classes ?? [] {
            for name in [schoolClass.id, schoolClass.name] where distinctive(name) && Words.contains(name, in: words) {
                throw LuaHostError("a prompt for the team never names a class (a class is its teacher's lessons: coaching is "
                                   + "not appraisal); its text names one of the school's classes")
            }
        }
    }

    func wrap<T>(_ body: () throws(StoreError) -> T) throws(LuaHostError) -> T {
        do { return try body() } catch { throw LuaHostError(error.description) }
    }
}

/// The `ctx` functions, as host functions of one rule's sandbox.
enum ContextAPI {
    /// The `ctx` functions that answer as of the event's day: records, counts, the period.
    static let dated: Set<String> = ["observations", "walks", "central_results", "feedback", "placements", "count", "mastery",
                                     "results", "period"]

    static func functions(_ c: CallContext, in sandbox: LuaSandbox) -> LuaValue {
        /// The rule's own `limit`, or everything up to one past the cap (to tell a cut).
        func limit(_ o: Options) throws(LuaHostError) -> Int {
            let maxRows = c.maxRows
            guard let asked = try o.int("limit") else { return maxRows + 1 }
            guard asked >= 0 else { throw LuaHostError("option 'limit' must be 0 or more, got \(asked)") }
            // More than the cap would be cut to it without a word: refused like the question it limits.
            guard asked <= maxRows else {
                throw LuaHostError("option 'limit' must be at most \(maxRows), got \(asked); narrow the question (from, to, class, teacher)")
            }
            return asked
        }
        /// Fails rather than cutting silently: a rule sees all of what it asked for, or knows.
        func cappedCount(_ count: Int, _ function: String) throws(LuaHostError) {
            let maxRows = c.maxRows
            guard count <= maxRows else {
                throw LuaHostError("\(function): more than \(maxRows) records match; narrow the question (from, to, class, "
                                   + "teacher) or give a limit")
            }
        }
        func capped<T>(_ rows: [T], _ function: String) throws(LuaHostError) -> [T] {
            try cappedCount(rows.count, function)
            return rows
        }

        var fns: [(String, LuaHostFunction)] = []

        fns.append(("today", { _ in [c.day.map { .text($0.description) } ?? .nil] }))
        fns.append(("days", { args throws(LuaHostError) in
            guard args.count == 2, let a = args[0].stringValue.flatMap(Day.init), let b = args[1].stringValue.flatMap(Day.init) else {
                throw LuaHostError("expects two dates as YYYY-MM-DD: ctx.days(from, to)")
            }
            return [.integer(Int64(a.days(to: b)))]
        }))
        fns.append(("add_days", { args throws(LuaHostError) in
            guard args.count == 2, let a = args[0].stringValue.flatMap(Day.init), let n = args[1].integerValue,
                  abs(n) < 1_000_000
            else { throw LuaHostError("expects a date as YYYY-MM-DD and a whole number: ctx.add_days(date, n)") }
            return [.text(a.adding(days: Int(n)).description)]
        }))
        fns.append(("day_text", { args throws(LuaHostError) in
            guard let day = args.first?.stringValue.flatMap(Day.init) else {
                throw LuaHostError("expects a date as YYYY-MM-DD: ctx.day_text(\"2026-09-07\") gives \"7 september 2026\"")
            }
            return [.text(DayWords.day(day, language: c.school?.language ?? .nl))]
        }))
        fns.append(("week", { _ in [c.day.map { .text($0.isoWeek.description) } ?? .nil] }))
        fns.append(("school", { _ in
            [RecordTables.map([("id", .text(c.schoolId)), ("name", RecordTables.text(c.school?.name)),
                               ("language", .text(c.school?.language.rawValue ?? "nl")),
                               ("level", RecordTables.text(c.school?.level?.rawValue)),
                               ("region", RecordTables.text(c.school?.region?.rawValue))])]
        }))
        fns.append(("period", { _ throws(LuaHostError) in
            guard let period = try c.wrap({ () throws(StoreError) in try c.period() }) else { return [.nil] }
            var focus: LuaValue = .nil
            if let f = period.focus {
                let title = try c.instrumentVersions(f.instrumentId).last?.section(f.section)?.title
                focus = RecordTables.map([("instrument", .text(f.instrumentId)), ("section", .integer(Int64(f.section))),
                                          ("title", RecordTables.text(title))])
            }
            return [RecordTables.map([("id", .text(period.id)), ("name", .text(period.name)),
                                      ("start", RecordTables.day(period.start)), ("end", RecordTables.day(period.end)),
                                      ("focus", focus)])]
        }))
        fns.append(("teachers", { _ throws(LuaHostError) in
            let teachers = try c.wrap { () throws(StoreError) in try c.store.teachers(school: c.schoolId) }
            var rows = LuaRows(names: ["id", "name"])
            rows.reserve(teachers.count)
            for teacher in teachers { rows.append([.text(teacher.id), .text(teacher.name)]) }
            return [.rows(rows)]
        }))
        fns.append(("classes", { _ throws(LuaHostError) in
            let classes = try c.wrap { () throws(StoreError) in try c.store.classes(school: c.schoolId) }
            var rows = LuaRows(names: ["id", "name", "grade"])
            rows.reserve(classes.count)
            for schoolClass in classes {
                rows.append([.text(schoolClass.id), .text(schoolClass.name), RecordTables.text(schoolClass.grade)])
            }
            return [.rows(rows)]
        }))
        fns.append(("pupils", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.pupils", allowed: ["class"])
            // One class's pupils, or (without a class) the whole school's.
            let classId = try o.string("class")
            try c.requireInSchool("schoolClass", classId, "class")
            let pupils = try c.wrap { () throws(StoreError) in
                // As of the event's day: a pupil who changed class since is in the class of then.
                if let classId { return try c.store.pupils(class: classId, school: c.schoolId, on: c.day) }
                return try c.store.pupils(school: c.schoolId, on: c.day)
            }
            // As rows, not a table per pupil built in Swift first: a school's pupils are a
            // thousand records, asked for every week.
            var rows = LuaRows(names: ["id", "class", "alias"])
            rows.reserve(pupils.count)
            for pupil in pupils { rows.append([.text(pupil.id), .text(pupil.classId), RecordTables.text(pupil.alias)]) }
            return [.rows(rows)]
        }))
        fns.append(("goals", { _ throws(LuaHostError) in
            let goals = try c.wrap { () throws(StoreError) in try c.store.goals(school: c.schoolId) }
            return [.array(goals.map(RecordTables.goal))]
        }))
        fns.append(("goal", { args throws(LuaHostError) in
            guard let id = args.first?.stringValue else { throw LuaHostError("expects a goal id") }
            try c.requireInSchool("learningGoal", id, "goal")
            return [try c.wrap { () throws(StoreError) in try c.store.goal(id) }.map(RecordTables.goal) ?? .nil]
        }))
        fns.append(("instrument", { args throws(LuaHostError) in
            guard let id = args.first?.stringValue else { throw LuaHostError("expects an instrument id") }
            let version = args.count > 1 ? args[1].stringValue : nil
            let all = try c.instrumentVersions(id)
            let chosen = version.map { v in all.first { $0.version == v } } ?? all.last
            return [chosen.map(RecordTables.instrument) ?? .nil]
        }))
        fns.append(("observations", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.observations", allowed: ["teacher", "class", "kind", "from", "to", "limit", "fields"])
            var q = RecordQuery(teacher: try o.string("teacher"), classId: try o.string("class"), from: try o.day("from"),
                                to: c.until(try o.day("to")), kind: try o.string("kind"), limit: try limit(o))
            let fields = try ObservationFields(o.value("fields"))
            q.withScores = fields.has("scores")
            // A self-reflection belongs to the teacher: prompts (for the coach or the team) see it
            // only when shared; a suggestion the teacher asks for sees all of their own.
            // ... and only their own: never another teacher's unshared self-reflection.
            q.sharedOnly = true
            if c.mode == .suggest && c.seesOwnReflections { q.unsharedOf = c.asking }
            try c.requireInSchool("teacher", q.teacher, "teacher")
            try c.requireInSchool("schoolClass", q.classId, "class")
            let rows = try capped(try c.wrap { () throws(StoreError) in try c.store.observations(school: c.schoolId, q) },
                                  "ctx.observations")
            for row in rows { c.handedTexts += [row.workOn, row.lesson].compactMap { $0 } + row.scores.compactMap(\.note) }
            return [.array(rows.map { fields.select(RecordTables.observation($0)) })]
        }))
        fns.append(("walks", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.walks", allowed: ["from", "to", "limit"])
            let (from, to, max) = (try o.day("from"), c.until(try o.day("to")), try limit(o))
            let walks = try capped(try c.wrap { () throws(StoreError) in
                try c.store.learningWalks(school: c.schoolId, from: from, to: to, limit: max)
            }, "ctx.walks")
            for walk in walks { c.handedTexts += walk.findings.flatMap(\.examples) }
            return [.array(walks.map(RecordTables.walk))]
        }))
        fns.append(("central_results", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.central_results", allowed: ["domain", "grade", "from_year"])
            let (domain, grade, fromYear) = (try o.string("domain"), try o.string("grade"), try o.int("from_year"))
            let rows = try c.wrap { () throws(StoreError) in
                try c.store.centralResults(school: c.schoolId, day: c.day, domain: domain, grade: grade, fromYear: fromYear)
            }
            return [.array(rows.map(RecordTables.central))]
        }))
        /// A feedback question from `ctx.feedback` or `ctx.count{ of = "feedback" }`'s options.
        func feedbackQuery(_ o: Options, needsScope: Bool) throws(LuaHostError) -> RecordQuery {
            var q = RecordQuery(teacher: try o.string("teacher"), classId: try o.string("class"), pupil: try o.string("pupil"),
                                goal: try o.string("goal"), from: try o.day("from"), to: c.until(try o.day("to")),
                                limit: try limit(o))
            if needsScope, q.teacher == nil, q.classId == nil, q.pupil == nil {
                throw LuaHostError("give teacher, class or pupil; to count the whole school's feedback, use ctx.count{ of = \"feedback\" }")
            }
            try c.requireInSchool("teacher", q.teacher, "teacher")
            try c.requireInSchool("schoolClass", q.classId, "class")
            try c.requireInSchool("pupil", q.pupil, "pupil")
            let filters: [(String, FeedbackColumn, [String])] = [
                ("level", .level, FeedbackLevel.allCases.map(\.rawValue)),
                ("question", .question, FeedbackQuestion.allCases.map(\.rawValue)),
                ("timing", .timing, FeedbackTiming.allCases.map(\.rawValue)),
                ("form", .form, FeedbackForm.allCases.map(\.rawValue)),
            ]
            for (option, column, values) in filters {
                guard let value = try o.string(option) else { continue }
                guard values.contains(value) else {
                    throw LuaHostError("option '\(option)' must be one of \(values.joined(separator: ", ")), got '\(value)'")
                }
                q.feedbackEquals[column] = value
            }
            if let coded = try o.bool("coded") { q.feedbackEquals[.coded] = coded ? "true" : "false" }
            return q
        }
        let feedbackOptions: Set<String> = ["teacher", "class", "pupil", "goal", "from", "to", "limit", "level", "question", "timing", "form",
                                            "coded"]

        fns.append(("feedback", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.feedback", allowed: feedbackOptions)
            let q = try feedbackQuery(o, needsScope: true)
            var rows = LuaRows(names: RecordTables.feedbackNames)
            let count = try c.wrap { () throws(StoreError) in
                try c.store.scanFeedback(school: c.schoolId, q) { RecordTables.addFeedback($0, to: &rows) }
            }
            try cappedCount(count, "ctx.feedback")
            return [.rows(rows)]
        }))
        func placementQuery(_ o: Options) throws(LuaHostError) -> RecordQuery {
            let current = try o.bool("current") ?? false
            let q = RecordQuery(classId: try o.string("class"), pupil: try o.string("pupil"), goal: try o.string("goal"),
                                from: try o.day("from"), to: c.until(try o.day("to")), track: try o.int("track"),
                                currentOn: current ? (c.day ?? Day("9999-12-31")!) : nil, limit: try limit(o))
            try c.requireInSchool("schoolClass", q.classId, "class")
            try c.requireInSchool("pupil", q.pupil, "pupil")
            return q
        }
        let placementOptions: Set<String> = ["class", "pupil", "goal", "track", "current", "from", "to", "limit"]

        fns.append(("placements", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.placements", allowed: placementOptions)
            let q = try placementQuery(o)
            var rows = LuaRows(names: RecordTables.placementNames)
            let count = try c.wrap { () throws(StoreError) in
                // In a batch, current placements come from the school's snapshot (no query).
                if let kept = try c.cache?.placements(c.store, school: c.schoolId, for: q) {
                    return kept.scan(q) { RecordTables.addPlacement($0, today: c.day, to: &rows) }
                }
                return try c.store.scanPlacements(school: c.schoolId, q) { RecordTables.addPlacement($0, today: c.day, to: &rows) }
            }
            try cappedCount(count, "ctx.placements")
            return [.rows(rows)]
        }))
        // Counts instead of records: a rule that only needs how many reads no rows, and asks
        // for the records (its evidence) only of what it will show.
        fns.append(("count", { args throws(LuaHostError) in
            let of = args.first?["of"].stringValue
            let counts: [(keys: [String], count: Int64)]
            /// `by` as one field or a list of fields, each one of `columns`.
            func fields<Column>(_ o: Options, _ columns: [String: Column]) throws(LuaHostError) -> ([String], [Column]) {
                var names = (try? o.strings("by")) ?? []
                if names.isEmpty { names = [try o.requiredString("by")] }
                var chosen: [Column] = []
                guard Set(names).count == names.count else { throw LuaHostError("ctx.count: a field is named twice in 'by'") }
                for name in names {
                    guard let column = columns[name] else {
                        throw LuaHostError("ctx.count: 'by' of \(of ?? "") must be one of \(columns.keys.sorted().joined(separator: ", ")), got '\(name)'")
                    }
                    chosen.append(column)
                }
                guard chosen.count <= 3 else { throw LuaHostError("ctx.count: 'by' takes at most three fields") }
                return (names, chosen)
            }
            var names: [String] = []
            switch of {
            case "feedback":
                let o = try Options(args, function: "ctx.count", allowed: feedbackOptions.subtracting(["limit"]).union(["of", "by"]))
                let (chosen, columns) = try fields(o, ["teacher": FeedbackColumn.teacher, "class": .schoolClass, "pupil": .pupil,
                                                       "goal": .goal, "date": .date, "level": .level, "question": .question,
                                                       "timing": .timing, "form": .form, "growth_points": .growthPoints,
                                                       "coded": .coded])
                names = chosen
                let q = try feedbackQuery(o, needsScope: false)
                counts = try c.wrap { () throws(StoreError) in
                    // In a dispatch batch, counted from the batch's one read of the school's feedback.
                    if let cache = c.cache, cache.active,
                       let tallied = try cache.feedback.counts(store: c.store, school: c.schoolId, by: columns, q) {
                        return tallied
                    }
                    return try c.store.countFeedback(school: c.schoolId, by: columns, q)
                }
            case "placements":
                let o = try Options(args, function: "ctx.count", allowed: placementOptions.subtracting(["limit"]).union(["of", "by"]))
                let (chosen, columns) = try fields(o, ["pupil": PlacementColumn.pupil, "class": .schoolClass, "goal": .goal,
                                                       "track": .track])
                names = chosen
                let q = try placementQuery(o)
                counts = try c.wrap { () throws(StoreError) in
                    // In a batch, current placements are counted in the school's snapshot.
                    if let kept = try c.cache?.placements(c.store, school: c.schoolId, for: q) { return kept.count(q, by: columns) }
                    return try c.store.countPlacements(school: c.schoolId, by: columns, q)
                }
            default:
                throw LuaHostError("ctx.count: option 'of' must be feedback or placements, got \(of.map { "'\($0)'" } ?? "nothing")")
            }
            // Nested by field: counts[class][pupil]. Whole numbers (a track, growth points)
            // are keys as numbers, as the records carry them.
            func key(_ text: String, _ field: String) -> LuaValue {
                field == "track" || field == "growth_points" ? (Int64(text).map(LuaValue.integer) ?? .text(text)) : .text(text)
            }
            func nest(_ entries: ArraySlice<(keys: [String], count: Int64)>, level: Int) -> LuaValue {
                if level == names.count - 1 {
                    var map: [LuaValue: LuaValue] = [:]
                    for entry in entries { map[key(entry.keys[level], names[level])] = .integer(entry.count) }
                    return .map(map)
                }
                var map: [LuaValue: LuaValue] = [:]
                var start = entries.startIndex
                while start < entries.endIndex {
                    let value = entries[start].keys[level]
                    var end = start
                    while end < entries.endIndex, entries[end].keys[level] == value { end += 1 }
                    map[key(value, names[level])] = nest(entries[start..<end], level: level + 1)
                    start = end
                }
                return .map(map)
            }
            return [nest(counts[...], level: 0)]
        }))
        fns.append(("mastery", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.mastery", allowed: ["by", "pupil", "class", "goal", "from", "to"])
            let by = try o.requiredString("by")
            let columns: [String: ResultColumn] = ["pupil": .pupil, "goal": .goal, "kind": .kind]
            guard let column = columns[by] else {
                throw LuaHostError("ctx.mastery: 'by' must be one of \(columns.keys.sorted().joined(separator: ", ")), got '\(by)'")
            }
            let q = RecordQuery(classId: try o.string("class"), pupil: try o.string("pupil"), goal: try o.string("goal"),
                                from: try o.day("from"), to: c.until(try o.day("to")))
            try c.requireInSchool("schoolClass", q.classId, "class")
            try c.requireInSchool("pupil", q.pupil, "pupil")
            let totals = try c.wrap { () throws(StoreError) in
                // A class's results are its pupils' of the event's day; those kept in memory
                // are by the classes of now, which answer unless a pupil changed class since.
                var classesOfNow = true
                if q.classId != nil, let day = c.day { classesOfNow = try !c.store.pupilsDiffer(school: c.schoolId, on: day) }
                // In a dispatch batch, from the school's results kept in memory.
                if classesOfNow, let cache = c.cache, cache.active,
                   let kept = try cache.results.totals(store: c.store, school: c.schoolId, by: column, q) {
                    return kept
                }
                return try c.store.masteryTotals(school: c.schoolId, by: column, q, on: c.day)
            }
            var map: [LuaValue: LuaValue] = [:]
            for total in totals where total.count > 0 {
                map[.text(total.key)] = RecordTables.map([("count", .integer(total.count)),
                                                          ("mean", .number(total.sum / Double(total.count)))])
            }
            return [.map(map)]
        }))
        fns.append(("results", { args throws(LuaHostError) in
            let o = try Options(args, function: "ctx.results", allowed: ["pupil", "class", "goal", "from", "to", "limit"])
            let q = RecordQuery(classId: try o.string("class"), pupil: try o.string("pupil"), goal: try o.string("goal"),
                                from: try o.day("from"), to: c.until(try o.day("to")), limit: try limit(o))
            guard q.classId != nil || q.pupil != nil else { throw LuaHostError("give pupil or class (every query goes through an index)") }
            try c.requireInSchool("schoolClass", q.classId, "class")
            try c.requireInSchool("pupil", q.pupil, "pupil")
            var rows = LuaRows(names: RecordTables.resultNames)
            let count = try c.wrap { () throws(StoreError) in
                try c.store.scanResults(school: c.schoolId, q, on: c.day) { RecordTables.addResult($0, to: &rows) }
            }
            try cappedCount(count, "ctx.results")
            return [.rows(rows)]
        }))
        fns.append(("prompt", { args throws(LuaHostError) in
            guard c.mode == .run else { throw LuaHostError("prompts are made in run, not in suggest (use ctx.suggest)") }
            let o = try Options(args, function: "ctx.prompt",
                                allowed: ["to", "teacher", "class", "key", "priority", "text", "next_step", "evidence", "focus"])
            guard let to = Audience(rawValue: try o.requiredString("to")) else {
                throw LuaHostError("option 'to' must be coach, teacher or team")
            }
            let teacher = try o.string("teacher"), classId = try o.string("class")
            try c.requireInSchool("teacher", teacher, "teacher")
            try c.requireInSchool("schoolClass", classId, "class")
            if to == .teacher && teacher == nil { throw LuaHostError("a prompt to a teacher names the teacher") }
            let priority = try o.int("priority") ?? 3
            guard (1...5).contains(priority) else { throw LuaHostError("option 'priority' must be 1 (highest) to 5, got \(priority)") }
            guard c.day != nil else { throw LuaHostError("this event has no date, and a prompt belongs to a week") }
            guard c.prompts.count < 200 else { throw LuaHostError("a rule makes at most 200 prompts per event") }
            let draft = PromptDraft(audience: to, teacherId: teacher, classId: classId, key: try o.requiredString("key"),
                                    priority: priority, text: try o.requiredString("text"),
                                    nextStep: try o.requiredString("next_step"), evidence: try o.strings("evidence"),
                                    focus: try o.bool("focus") ?? false)
            try c.refuseAppraisal(draft)
            c.prompts.append(draft)
            return []
        }))
        fns.append(("suggest", { args throws(LuaHostError) in
            guard c.mode == .suggest else { throw LuaHostError("suggestions are made in suggest, not in run") }
            let o = try Options(args, function: "ctx.suggest",
                                allowed: ["teacher", "class", "goal", "text", "next_step", "example", "reflection_question",
                                          "evidence", "priority", "why"])
            let teacher = try o.requiredString("teacher")
            try c.requireInSchool("teacher", teacher, "teacher")
            // A suggestion is for one teacher: never built on a learning walk (seed 000).
            if try o.strings("evidence").contains(where: { $0.hasPrefix("learningWalk:") }) {
                throw LuaHostError("a suggestion is for one teacher, and a learning walk is never an evaluation of one teacher "
                                   + "(seed 000); leave the walk out of its evidence")
            }
            try c.requireInSchool("schoolClass", try o.string("class"), "class")
            try c.requireInSchool("learningGoal", try o.string("goal"), "goal")
            guard c.suggestions.count < 20 else { throw LuaHostError("a rule makes at most 20 suggestions per question") }
            c.suggestions.append(SuggestionDraft(
                ruleId: c.definition?.id ?? "", teacherId: teacher, classId: try o.string("class"), goalId: try o.string("goal"),
                text: try o.requiredString("text"), nextStep: try o.string("next_step"), example: try o.string("example"),
                reflectionQuestion: try o.string("reflection_question"), evidence: try o.strings("evidence"),
                priority: try o.int("priority") ?? 3, why: try o.string("why")))
            return []
        }))
        fns.append(("t", { args throws(LuaHostError) in
            guard let key = args.first?.stringValue else { throw LuaHostError("expects a text key") }
            let wanted = c.school?.language ?? .nl
            let texts = c.definition?.texts ?? [:]
            // A rule without texts in the school's language writes Dutch: its words too.
            let language = texts[wanted.rawValue]?[key] != nil ? wanted : .nl
            guard let template = texts[language.rawValue]?[key] else {
                throw LuaHostError("no text '\(key)' in \(wanted.rawValue)")
            }
            let vars = args.count > 1 ? args[1] : .nil
            // What the school calls a class, for every text: `groep` in a Dutch primary school.
            let words = (c.school ?? School(id: c.schoolId, name: "")).classWords(language)
            return [.text(try Texts.fill(template, vars, key: key, builtIn: ["class_word": words.one, "classes_word": words.many]))]
        }))
        fns.append(("log", { args in
            guard c.logs.count < 100 else { return [] }
            c.logs.append(args.map(\.description).joined(separator: " "))
            return []
        }))
        fns.append(("get_state", { args throws(LuaHostError) in
            guard let key = args.first?.stringValue else { throw LuaHostError("expects a key") }
            try c.loadState()
            return [c.state?[key] ?? .nil]
        }))
        fns.append(("set_state", { args throws(LuaHostError) in
            guard let key = args.first?.stringValue else { throw LuaHostError("expects a key and a value") }
            let value = args.count > 1 ? args[1] : .nil
            // Kept as the store gives it back (number keys as texts, 2.0 as 2), refused at the
            // call when it cannot be stored: the next event sees the same value whether it
            // comes in this batch, in the next tick or in a replay.
            let stored = LuaJSON.value(fromJSON: try LuaJSON.json(value))
            try c.loadState()
            c.state?[key] = stored == .nil ? nil : stored
            c.stateChanged = true
            if c.replayState != nil { c.replayState = c.state }
            return []
        }))

        var map: [LuaValue: LuaValue] = [:]
        for (name, function) in fns {
            var host = function
            if Self.dated.contains(name) {
                // An event without a day (a pupil added) has no "as of": answered, these would
                // show whatever the store holds when the event happens to run — records of weeks
                // not yet closed, or not yet imported — and differ with how the records came.
                let inner = host
                host = { args in
                    guard c.mode != .run || c.day != nil else {
                        throw LuaHostError("ctx.\(name): no day to answer as of on an event without one (\(c.event?.kind.rawValue ?? "none")); "
                                           + "ask on a dated event, such as week.ended")
                    }
                    return try inner(args)
                }
            }
            if QueryCache.functions.contains(name) {
                let function = host
                host = { args in
                    guard let cache = c.cache, cache.active else { return try function(args) }
                    // Everything the answer depends on: the question, the school, the day.
                    let key = name + "\u{0}" + c.schoolId + "\u{0}" + (c.day?.description ?? "") + "\u{0}"
                        + args.map(\.description).joined(separator: "\u{1}")
                    var asked = false
                    let answer = try cache.answer(key) {
                        asked = true
                        let before = c.handedTexts.count
                        let values = try function(args)
                        return (values, Array(c.handedTexts[before...]))
                    }
                    // A cached answer hands this rule the same free texts: they stay out of its logs too.
                    if !asked { c.handedTexts += answer.handed }
                    return answer.values
                }
            }
            if Projection.functions.contains(name) { host = Projection.wrap("ctx." + name, host) }
            map[.text(name)] = sandbox.hostFunction("ctx." + name, host)
        }
        return .map(map)
    }
}

/// `fields = { … }` on a question for records: only those fields of each record are handed to
/// the rule. Taken off before the question is asked (and cached), and applied to the answer,
/// so rules that read different fields of the same records share one answer; the records'
/// other fields are never made into Lua values (a school's current placements, read by three
/// rules a week, are a thousand records of fifteen fields).
enum Projection {
    static let functions: Set<String> = ["feedback", "placements", "results"]

    /// The field names of a `fields` option: a list of texts, none empty.
    static func names(_ given: LuaValue, _ function: String) throws(LuaHostError) -> [String] {
        guard case .array(let items) = given, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) else {
            throw LuaHostError("\(function): option 'fields' must be a list of field names, like { \"pupil\", \"track\" }")
        }
        return items.compactMap(\.stringValue)
    }

    static func wrap(_ function: String, _ host: @escaping LuaHostFunction) -> LuaHostFunction {
        { args in
            guard case .map(var options)? = args.first, let given = options.removeValue(forKey: .text("fields")) else {
                return try host(args)
            }
            let fields = try names(given, function)
            return try host([.map(options)] + args.dropFirst()).map { value in
                guard case .rows(let rows) = value else { return value }
                let (chosen, unknown) = rows.selecting(fields)
                guard let chosen else {
                    throw LuaHostError("\(function): no field '\(unknown ?? "")'; the fields are "
                                       + rows.names.map(\.description).joined(separator: ", "))
                }
                return .rows(chosen)
            }
        }
    }
}

/// `fields = { … }` on `ctx.observations`: only those fields of each observation, and its item
/// scores read from the store only when `scores` is one of them. Part of the question (and of
/// its cache key), unlike ``Projection``: an answer without scores cannot serve a rule that
/// reads them.
struct ObservationFields {
    static let all = ["ref", "id", "kind", "teacher", "class", "instrument", "version", "date", "subject", "scores", "work_on",
                      "video"]
    let chosen: Set<String>?

    init(_ given: LuaValue) throws(LuaHostError) {
        if given == .nil {
            chosen = nil
            return
        }
        let names = try Projection.names(given, "ctx.observations")
        if let unknown = names.first(where: { !Self.all.contains($0) }) {
            throw LuaHostError("ctx.observations: no field '\(unknown)'; the fields are " + Self.all.joined(separator: ", "))
        }
        chosen = Set(names)
    }

    func has(_ field: String) -> Bool { chosen?.contains(field) ?? true }

    func select(_ observation: LuaValue) -> LuaValue {
        guard let chosen, case .map(let all) = observation else { return observation }
        return .map(all.filter { key, _ in key.stringValue.map(chosen.contains) ?? false })
    }
}

/// `{name}` placeholders in texts.
enum Texts {
    /// Read as bytes: rules fill texts for every pupil they list, and Character by Character
    /// this was almost half of a `ctx.t` call.
    ///
    /// `builtIn` fills a placeholder the rule's values leave out (``builtInPlaceholders``).
    static func fill(_ template: String, _ vars: LuaValue, key: String, builtIn: [String: String] = [:]) throws(LuaHostError) -> String {
        var template = template
        var missing: String?
        let filled = template.withUTF8 { bytes -> String in
            let (open, close) = (UInt8(ascii: "{"), UInt8(ascii: "}"))
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            var i = 0
            while let start = bytes[i...].firstIndex(of: open) {
                // An unclosed brace is text.
                guard let end = bytes[(start + 1)...].firstIndex(of: close) else { break }
                out.append(contentsOf: bytes[i..<start])
                let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
                let value = vars[name]
                if value == .nil {
                    guard let word = builtIn[name] else {
                        missing = name
                        return ""
                    }
                    i = end + 1
                    // "{class_word} {class}" of a class named "Groep 5" is "Groep 5", not "groep Groep 5".
                    let next = Array(" {class}".utf8)
                    if bytes.count - i >= next.count, Array(bytes[i..<i + next.count]) == next,
                       vars["class"].description.lowercased().hasPrefix(word.lowercased() + " ") {
                        i += 1
                        continue
                    }
                    out.append(contentsOf: word.utf8)
                    continue
                }
                out.append(contentsOf: value.description.utf8)
                i = end + 1
            }
            out.append(contentsOf: bytes[i...])
            return String(decoding: out, as: UTF8.self)
        }
        if let missing { throw LuaHostError("text '\(key)' needs {\(missing)}") }
        return filled
    }

    /// What every text may use without the rule filling it: what the school calls a class
    /// (`class_word`: `klas`, `groep`, `class`) and classes (`classes_word`).
    static let builtInPlaceholders: Set<String> = ["class_word", "classes_word"]

    /// The `{name}`s of a text, in order of first use.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The keys a rule's source asks for with a literal `ctx.t("key"`, with their lines.
    /// Read as bytes: it runs for every rule a command loads (as Characters it was a sixth of
    /// a tick that had nothing to do).
    static func keysUsed(in source: String) -> [(key: String, line: Int)] {
        let bytes = Array(source.utf8)
        let call = Array("ctx.t(".utf8)
        let (newline, space, tab, comma, close) = (UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","),
                                                    UInt8(ascii: ")"))
        var keys: [(String, Int)] = []
        var line = 1
        var i = 0
        while i < bytes.count {
            if bytes[i] == newline { line += 1; i += 1; continue }
            guard bytes[i] == call[0], i + call.count <= bytes.count, Array(bytes[i..<i + call.count]) == call else { i += 1; continue }
            i += call.count
            var j = i
            while j < bytes.count, bytes[j] == space || bytes[j] == tab { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") else { continue }
            let quote = bytes[j]
            let start = j + 1
            var end = start
            while end < bytes.count, bytes[end] != quote, bytes[end] != newline { end += 1 }
            guard end < bytes.count, bytes[end] == quote else { continue }
            var next = end + 1
            while next < bytes.count, bytes[next] == space || bytes[next] == tab { next += 1 }
            // Only a whole literal key: `ctx.t("level_" .. x)` is built at run time.
            if next < bytes.count, bytes[next] == comma || bytes[next] == close {
                keys.append((String(decoding: bytes[start..<end], as: UTF8.self), line))
            }
            i = end + 1
        }
        return keys
    }
}
