import CoachCore
import CoachStore
import Foundation
import LuaSandbox

/// One case of a rule spec, and how it went.
public struct SpecResult: Sendable, Hashable {
    public var rule: String
    public var name: String
    /// nil when it passed; what went wrong otherwise.
    public var failure: String?

    public var passed: Bool { failure == nil }
    public var line: String { passed ? "ok   \(rule): \(name)" : "FAIL \(rule): \(name): \(failure!)" }
}

/// The outcome of running specs, ending with the line `N passed, N failed`.
public struct SpecReport: Sendable {
    public var results: [SpecResult] = []
    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }
    public var summary: String { "\(passed) passed, \(failed) failed" }
    public var lines: [String] { results.map(\.line) + [summary] }
}

/// Runs `_spec.lua` files: each case gives records, names an event, and lists the prompts
/// expected (none for a rule that must stay quiet), against a fresh in-memory store.
///
/// ```lua
/// case "flags a pupil in track 3 for more than 6 weeks" {
///   given = { placements = { { pupil = "p1", goal = "breuken", track = 3, from = "2026-09-07" } } },
///   when = { event = "week.ended", week = "2026-W44" },
///   expect = { { to = "coach", key = "p1/breuken" } },
/// }
/// ```
public enum SpecRunner {
    /// Runs every `X_spec.lua` in the folders against `X.lua` beside it; a rule without a
    /// spec is reported as a failure.
    public static func runAll(directories: [String], files: [String] = [], limits: LuaLimits = EngineConfiguration().limits) -> SpecReport {
        var rules: [String] = []
        for directory in directories {
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            rules += entries.filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_spec.lua") }.map { directory + "/" + $0 }
        }
        // Plugins' rules run in ticks like the folder's: their specs sit beside them.
        rules += files
        var report = SpecReport()
        for rule in rules {
            let spec = String(rule.dropLast(4)) + "_spec.lua"
            if FileManager.default.fileExists(atPath: spec) {
                report.results += run(rule: rule, spec: spec, limits: limits).results
            } else {
                let name = ((rule as NSString).lastPathComponent as NSString).deletingPathExtension
                report.results.append(SpecResult(rule: name, name: "has a spec", failure: "no \(spec) beside the rule"))
            }
        }
        return report
    }

    /// Runs the cases of one spec file against one rule file.
    public static func run(rule ruleFile: String, spec specFile: String, limits: LuaLimits = EngineConfiguration().limits) -> SpecReport {
        let name = ((ruleFile as NSString).lastPathComponent as NSString).deletingPathExtension
        var report = SpecReport()
        let cases: [(String, LuaValue)]
        do {
            cases = try readCases(specFile)
        } catch {
            report.results.append(SpecResult(rule: name, name: "spec loads", failure: error.description))
            return report
        }
        if cases.isEmpty {
            report.results.append(SpecResult(rule: name, name: "spec has cases", failure: "\(specFile) defines no case"))
        }
        for (caseName, body) in cases {
            report.results.append(SpecResult(rule: name, name: caseName,
                                             failure: runCase(body, ruleFile: ruleFile, limits: limits)))
        }
        return report
    }

    struct SpecError: Error, CustomStringConvertible {
        var description: String
    }

    static func readCases(_ file: String) throws(SpecError) -> [(String, LuaValue)] {
        guard let data = FileManager.default.contents(atPath: file) else { throw SpecError(description: "\(file): cannot be read") }
        let sandbox: LuaSandbox
        do { sandbox = try LuaSandbox() } catch { throw SpecError(description: error.description) }
        var cases: [(String, LuaValue)] = []
        sandbox.register("case") { arguments in
            guard let name = arguments.first?.stringValue, !name.isEmpty else {
                throw LuaHostError("expects a name: case \"what it checks\" { given = ..., when = ..., expect = ... }")
            }
            return [sandbox.hostFunction("case") { body in
                guard let table = body.first, case .map = table else { throw LuaHostError("case \"\(name)\" expects a table") }
                cases.append((name, table))
                return []
            }]
        }
        do {
            _ = try sandbox.run(String(decoding: data, as: UTF8.self), chunkName: file)
        } catch {
            throw SpecError(description: error.description)
        }
        return cases
    }

    /// nil when the case passes.
    static func runCase(_ body: LuaValue, ruleFile: String, limits: LuaLimits) -> String? {
        do {
            return try runCaseThrowing(body, ruleFile: ruleFile, limits: limits)
        } catch let error as RuleProblem {
            return error.description
        } catch let error as StoreError {
            return "given records: \(error.description)"
        } catch {
            return String(describing: error)
        }
    }

    private static func runCaseThrowing(_ body: LuaValue, ruleFile: String, limits: LuaLimits) throws -> String? {
        try SpecShape.check(body)
        let store = try CoachStore.inMemory()
        let given = body["given"]
        let schoolLanguage = Language(rawValue: given["school"]["language"].stringValue ?? "nl") ?? .nl
        var records = try GivenRecords(given, language: schoolLanguage)
        let made = try records.records()
        // Every legend code a case uses is in the school's legend, as the plugin would put it.
        let codes = Set(made.flatMap { record -> [String] in if case .feedback(let f) = record { f.codes } else { [] } })
        try store.saveLegend(id: "legenda", codes: codes.sorted().map { ($0, "Code \($0)") })
        try store.write(Array(made[..<records.people]))
        if !records.moves.isEmpty {
            let moved = try store.write(importing: records.moves.map(NewRecord.pupil))
            if let issue = moved.issues.first { throw SpecRunner.SpecError(description: "given: pupils: \(issue.problem)") }
        }
        try store.write(Array(made[records.people...]))
        var configuration = EngineConfiguration()
        configuration.limits = limits
        let rule = try RuleLoader.load(file: ruleFile, store: store, limits: limits)
        if case .map(let params) = body["params"] {
            for (k, v) in params { if let k = k.stringValue { configuration.params[rule.definition.id, default: [:]][k] = v } }
        }
        let engine = Engine(store: store, rules: [rule], configuration: configuration)
        if let problem = engine.unknownRules(in: configuration).first {
            return problem.replacingOccurrences(of: "configuration: params.\(rule.definition.id)", with: "params")
        }
        if case .map = body["when"]["suggest"] {
            let ask = body["when"]["suggest"]
            guard let teacher = ask["teacher"].stringValue, let day = ask["day"].stringValue.flatMap(Day.init) else {
                throw SpecError(description: "when: suggest needs teacher = \"...\" and day = \"YYYY-MM-DD\"")
            }
            let answer = try engine.suggestions(teacher: teacher, classId: ask["class"].stringValue, goal: ask["goal"].stringValue,
                                                day: day)
            if let failure = answer.failures.first { return "the rule failed: \(failure.message)" }
            return compareSuggestions(answer.drafts, expected: body["expect"], rule: rule.definition)
        }
        let event = try target(body["when"], store: store)
        guard let school = try store.school("s1") else { return "internal: no school" }
        switch engine.run(rule, event: event, school: school) {
        case .failure(let message): return "the rule failed: \(message)"
        case .success(let prompts, _): return compare(prompts, expected: body["expect"], rule: rule.definition)
        }
    }

    static func target(_ when: LuaValue, store: CoachStore) throws -> Event {
        guard let kind = when["event"].stringValue else { throw SpecError(description: "when needs event = \"...\"") }
        if kind == EventKind.weekEnded.rawValue {
            guard let text = when["week"].stringValue, let week = IsoWeek(text) else {
                throw SpecError(description: "when: week.ended needs week = \"YYYY-Www\"")
            }
            let seq = try store.endWeek(week, school: "s1")
            return try store.event(seq)!
        }
        let events = try store.events(after: 0, limit: 100_000).filter { $0.kind.rawValue == kind }
        guard let event = events.last else {
            throw SpecError(description: "when: no given record makes a \(kind) event")
        }
        return event
    }

    /// `why`: a fragment the rule's seed-backed reason (as a coach reads it, in Dutch) must hold.
    static func reasonHolds(_ want: LuaValue, _ why: String?) -> Bool {
        guard let fragment = want["why"].stringValue else { return true }
        return (why ?? "").contains(fragment)
    }

    static func compare(_ prompts: [Prompt], expected: LuaValue, rule: RuleDefinition? = nil) -> String? {
        var wanted: [LuaValue] = []
        switch expected {
        case .nil, .array([]): break
        case .array(let items): wanted = items
        default: return "expect must be a list of prompts ({} for none)"
        }
        var remaining = prompts
        for want in wanted {
            if !reasonHolds(want, rule?.reason(in: .nl)) {
                return "expected the reason to say '\(want["why"].stringValue ?? "")', the rule says: \(rule?.reason(in: .nl) ?? "nothing")"
            }
            if let index = remaining.firstIndex(where: { matches($0, want) }) {
                remaining.remove(at: index)
            } else {
                return "expected a prompt \(want), got " + (prompts.isEmpty ? "none" : prompts.map(describe).joined(separator: "; "))
            }
        }
        if !remaining.isEmpty {
            return (wanted.isEmpty ? "expected no prompt, got " : "got more prompts than expected: ")
                + remaining.map(describe).joined(separator: "; ")
        }
        return nil
    }

    static func compareSuggestions(_ drafts: [SuggestionDraft], expected: LuaValue, rule: RuleDefinition? = nil) -> String? {
        var wanted: [LuaValue] = []
        switch expected {
        case .nil, .array([]): break
        case .array(let items): wanted = items
        default: return "expect must be a list of suggestions ({} for none)"
        }
        func describe(_ d: SuggestionDraft) -> String {
            "{priority = \(d.priority), text = \"\(d.text)\"" + (d.nextStep.map { ", next_step = \"\($0)\"" } ?? "")
                + (d.example.map { ", example = \"\($0)\"" } ?? "")
                + (d.classId.map { ", class = \($0)" } ?? "") + ", evidence = \(d.evidence.count)}"
        }
        // Suggestions come in order, most urgent first: compared in that order.
        guard drafts.count == wanted.count else {
            return "expected \(wanted.count) suggestions, got \(drafts.count): " + drafts.map(describe).joined(separator: "; ")
        }
        for (draft, want) in zip(drafts, wanted) {
            var ok = true
            if let text = want["text"].stringValue, !draft.text.contains(text) { ok = false }
            if let p = want["priority"].integerValue, Int(p) != draft.priority { ok = false }
            if let c = want["class"].stringValue, c != draft.classId { ok = false }
            if let g = want["goal"].stringValue, g != draft.goalId { ok = false }
            if let e = want["evidence"].integerValue, Int(e) != draft.evidence.count { ok = false }
            if let example = want["example"].stringValue, !(draft.example ?? "").contains(example) { ok = false }
            if want["example"] == .boolean(false), draft.example != nil { ok = false }
            if !reasonHolds(want, draft.why ?? rule?.reason(in: .nl)) { ok = false }
            if let next = want["next_step"].stringValue, !(draft.nextStep ?? "").contains(next) { ok = false }
            if !ok { return "expected a suggestion \(want), got " + describe(draft) }
        }
        return nil
    }

    static func matches(_ prompt: Prompt, _ want: LuaValue) -> Bool {
        if let to = want["to"].stringValue, to != prompt.audience.rawValue { return false }
        if let key = want["key"].stringValue, key != prompt.key { return false }
        if let teacher = want["teacher"].stringValue, teacher != prompt.teacherId { return false }
        if let c = want["class"].stringValue, c != prompt.classId { return false }
        if let p = want["priority"].integerValue, Int(p) != prompt.priority { return false }
        if case .boolean(let focus) = want["focus"], focus != prompt.focus { return false }
        if let text = want["text"].stringValue, !prompt.text.contains(text) { return false }
        if let next = want["next_step"].stringValue, !prompt.nextStep.contains(next) { return false }
        if let evidence = want["evidence"].integerValue {
            let reason = LuaJSON.value(fromJSON: prompt.reason)
            guard case .array(let items) = reason["evidence"], items.count == Int(evidence) else { return false }
        }
        return true
    }

    static func describe(_ prompt: Prompt) -> String {
        "{to = \(prompt.audience.rawValue), key = \(prompt.key)"
            + (prompt.teacherId.map { ", teacher = \($0)" } ?? "") + (prompt.classId.map { ", class = \($0)" } ?? "")
            + ", priority = \(prompt.priority), text = \"\(prompt.text)\", next_step = \"\(prompt.nextStep)\""
            + ", evidence = \(prompt.evidence.count)}"
    }
}

/// The records a case gives, with every id they mention created for them: a spec names only
/// what matters to the rule.
struct GivenRecords {
    let given: LuaValue
    let language: Language
    var teachers: [String] = []
    var classes: [String] = []
    var pupils: [String: (classId: String, alias: String?)] = [:]
    var pupilOrder: [String] = []
    /// The day a pupil came to the school, when its first entry gives one.
    var arrivals: [String: Day] = [:]
    /// A pupil given again with a `since`: a move to another class, written after the rest as
    /// an import of the people file would; and a pupil's `left`, the day they left the school.
    var moves: [Pupil] = []
    /// How many of the records made are the school's people, curriculum and kijkwijzers (the
    /// rest are its records, checked against the classes of their days: after the moves).
    var people = 0
    var goals: [String: (title: String, follows: String?)] = [:]
    /// Success criteria given for goals.
    var criteria: [String: [String]] = [:]
    var subjects: [String: String] = [:]
    var goalOrder: [String] = []
    var instruments: [String: (scale: Scale, keys: Set<String>)] = [:]
    /// Items given with their text, example and reflection question, per instrument and key.
    var itemDetails: [String: [String: (text: String, example: String?, question: String?)]] = [:]
    /// The school level an instrument's examples are for, when given.
    var instrumentLevels: [String: SchoolLevel] = [:]

    init(_ given: LuaValue, language: Language) throws {
        self.given = given
        self.language = language
    }

    func list(_ key: String) -> [LuaValue] {
        if case .array(let items) = given[key] { return items }
        return []
    }

    static func level(_ value: LuaValue) throws -> SchoolLevel? {
        guard value != .nil else { return nil }
        guard let text = value.stringValue, let level = SchoolLevel(spelled: text) else {
            throw SpecRunner.SpecError(description: "given: school.level must be primary or secondary, got \"\(value)\"")
        }
        return level
    }

    static func region(_ value: LuaValue) throws -> Region? {
        guard value != .nil else { return nil }
        guard let text = value.stringValue, let region = Region(spelled: text) else {
            throw SpecRunner.SpecError(description: "given: school.region must be flanders or netherlands, got \"\(value)\"")
        }
        return region
    }

    static func day(_ value: LuaValue, _ what: String) throws -> Day {
        guard let text = value.stringValue, let day = Day(text) else {
            throw SpecRunner.SpecError(description: "given: \(what) needs a date as YYYY-MM-DD, got \(value)")
        }
        return day
    }

    mutating func teacher(_ id: String?) -> String {
        let id = id ?? "t1"
        if !teachers.contains(id) { teachers.append(id) }
        return id
    }

    mutating func schoolClass(_ id: String?) -> String {
        let id = id ?? "k1"
        if !classes.contains(id) { classes.append(id) }
        return id
    }

    mutating func pupil(_ id: String, classId: String? = nil, alias: String? = nil) -> String {
        if pupils[id] == nil {
            pupils[id] = (schoolClass(classId), alias)
            pupilOrder.append(id)
        }
        return id
    }

    mutating func goal(_ id: String, title: String? = nil, follows: String? = nil) -> String {
        if goals[id] == nil {
            goals[id] = (title ?? id, follows)
            goalOrder.append(id)
        }
        return id
    }

    mutating func records() throws -> [NewRecord] {
        var tail: [NewRecord] = []
        for pupil in list("pupils") {
            let id = pupil["id"].stringValue ?? "p1"
            let since = pupil["since"] == .nil ? nil : try Self.day(pupil["since"], "a pupil's since")
            let left = pupil["left"] == .nil ? nil : try Self.day(pupil["left"], "a pupil's left")
            if pupils[id] != nil {
                // As a people file: a pupil given again says the day of its move (or of leaving).
                guard since != nil || left != nil else {
                    throw SpecRunner.SpecError(description: "given: pupils: \(id) is given twice; give the second a since (the day of the move)")
                }
                moves.append(Pupil(id: id, schoolId: "s1", classId: schoolClass(pupil["class"].stringValue),
                                   alias: pupil["alias"].stringValue ?? pupils[id]!.alias, since: since, left: left))
                continue
            }
            _ = self.pupil(id, classId: pupil["class"].stringValue, alias: pupil["alias"].stringValue)
            if let since { arrivals[id] = since }
            if let left { moves.append(Pupil(id: id, schoolId: "s1", classId: pupils[id]!.classId, alias: pupils[id]!.alias, left: left)) }
        }
        for goal in list("goals") {
            let id = self.goal(goal["id"].stringValue ?? "g1", title: goal["title"].stringValue, follows: goal["follows"].stringValue)
            if case .array(let items) = goal["criteria"] { criteria[id] = items.compactMap(\.stringValue) }
            if let subject = goal["subject"].stringValue { subjects[id] = subject }
        }
        for teacher in list("teachers") { _ = self.teacher(teacher.stringValue ?? teacher["id"].stringValue) }
        for instrument in list("instruments") {
            if let id = instrument["id"].stringValue {
                var known = instruments[id] ?? (.frequency, [])
                known.scale = try SpecShape.choice(instrument["scale"], Scale.frequency, "given.instruments: scale")
                if case .array(let items) = instrument["items"] {
                    for item in items {
                        guard let key = item["key"].stringValue else { continue }
                        known.keys.insert(key)
                        itemDetails[id, default: [:]][key] = (item["text"].stringValue ?? "Kijkpunt \(key)", item["example"].stringValue,
                                                               item["reflection_question"].stringValue)
                    }
                }
                instruments[id] = known
                instrumentLevels[id] = instrument["level"].stringValue.flatMap(SchoolLevel.init(spelled:))
            }
        }
        var period: Period?
        if case .map = given["period"] {
            let p = given["period"]
            var focus: Focus?
            if let instrument = p["focus"]["instrument"].stringValue, let section = p["focus"]["section"].integerValue {
                focus = Focus(instrumentId: instrument, section: Int(section))
                var known = instruments[instrument] ?? (.frequency, [])
                known.keys.insert("\(section).1")
                instruments[instrument] = known
            }
            period = Period(id: "period", schoolId: "s1", name: p["name"].stringValue ?? "Periode",
                            start: try p["start"] == .nil ? Day("2000-01-01")! : Self.day(p["start"], "period.start"),
                            end: try p["end"] == .nil ? Day("2099-12-31")! : Self.day(p["end"], "period.end"), focus: focus)
        }
        for o in list("observations") {
            guard case .map(let scores) = o["scores"] else { throw SpecRunner.SpecError(description: "given: an observation needs scores") }
            let instrument = o["instrument"].stringValue ?? "kijkwijzer"
            var known = instruments[instrument] ?? (.frequency, [])
            var itemScores: [ItemScore] = []
            for (key, value) in scores {
                guard let item = key.stringValue, let score = value.integerValue else { continue }
                known.keys.insert(item)
                itemScores.append(ItemScore(item: item, value: Int(score)))
            }
            instruments[instrument] = known
            let kind = try SpecShape.choice(o["kind"], ObservationKind.coach, "given.observations: kind")
            tail.append(.observation(Observation(
                kind: kind, schoolId: "s1", teacherId: teacher(o["teacher"].stringValue),
                classId: o["class"].stringValue.map { schoolClass($0) }, instrumentId: instrument,
                instrumentVersion: o["version"].stringValue ?? "1", date: try Self.day(o["date"], "an observation"),
                scores: itemScores.sorted { $0.item < $1.item },
                video: o["video"]["uri"].stringValue.map { uri in
                    VideoFragment(uri: uri, start: o["video"]["start"].doubleValue ?? 0, end: o["video"]["end"].doubleValue ?? 0)
                },
                workOn: o["work_on"].stringValue,
                observers: kind == .selfReflection ? [] : ["coach"],
                shared: kind == .selfReflection ? (o["shared"] == .boolean(true)) : nil)))
        }
        for f in list("feedback") {
            let classId = schoolClass(f["class"].stringValue)
            let pupilId = f["pupil"].stringValue.map { pupil($0, classId: classId) }
            tail.append(.feedback(FeedbackRecord(
                teacherId: teacher(f["teacher"].stringValue), classId: classId, pupilId: pupilId,
                goalId: goal(f["goal"].stringValue ?? "g1"), date: try Self.day(f["date"], "feedback"),
                level: try SpecShape.choice(f["level"], FeedbackLevel.task, "given.feedback: level"),
                question: try SpecShape.choice(f["question"], FeedbackQuestion.feedback, "given.feedback: question"),
                timing: try SpecShape.choice(f["timing"], FeedbackTiming.formative, "given.feedback: timing"),
                form: try SpecShape.choice(f["form"], pupilId == nil ? FeedbackForm.wholeClass : .individual, "given.feedback: form"),
                growthPoints: try SpecShape.whole(f["growth_points"], 1, "given.feedback: growth_points"), text: f["text"].stringValue,
                codes: { if case .array(let items) = f["codes"] { items.compactMap(\.stringValue) } else { [] } }())))
        }
        for p in list("placements") {
            let pupilId = pupil(p["pupil"].stringValue ?? "p1", classId: p["class"].stringValue)
            tail.append(.placement(Placement(
                pupilId: pupilId, classId: pupils[pupilId]!.classId, goalId: goal(p["goal"].stringValue ?? "g1"),
                track: try SpecShape.whole(p["track"], 2, "given.placements: track"), from: try Self.day(p["from"], "a placement"),
                to: p["to"] == .nil ? nil : try Self.day(p["to"], "a placement's to"),
                decidedBy: p["decided_by"].stringValue ?? "t1", pupilInvolved: p["pupil_involved"] == .boolean(true))))
        }
        for r in list("results") {
            tail.append(.result(LearningResult(
                pupilId: pupil(r["pupil"].stringValue ?? "p1"), goalId: goal(r["goal"].stringValue ?? "g1"),
                date: try Self.day(r["date"], "a result"), kind: try SpecShape.choice(r["kind"], ResultKind.exitTicket, "given.results: kind"),
                score: r["score"].doubleValue, maximum: r["maximum"].doubleValue, mastery: r["mastery"].doubleValue)))
        }
        for w in list("walks") {
            let instrument = w["instrument"].stringValue ?? "leerwandeling"
            var findings: [WalkFinding] = []
            if case .map(let map) = w["findings"] {
                for (key, value) in map {
                    guard let item = key.stringValue else { continue }
                    findings.append(WalkFinding(item: item, status: value.stringValue == "seen" ? .seen : .notSeen))
                }
            }
            var known = instruments[instrument] ?? (.seenNotSeen, [])
            known.scale = .seenNotSeen
            for f in findings { known.keys.insert(f.item) }
            instruments[instrument] = known
            tail.append(.learningWalk(LearningWalk(schoolId: "s1", instrumentId: instrument, instrumentVersion: "1",
                                                   date: try Self.day(w["date"], "a walk"), walkers: 2,
                                                   findings: findings.sorted { $0.item < $1.item })))
        }
        for c in list("central") {
            guard let year = c["year"].integerValue, let score = c["school"].doubleValue, let flemish = c["flemish"].doubleValue,
                  let similar = c["similar"].doubleValue
            else { throw SpecRunner.SpecError(description: "given: a central result needs year, school, flemish and similar") }
            tail.append(.centralResult(CentralResult(schoolId: "s1", year: Int(year), grade: c["grade"].stringValue ?? "6",
                                                     domain: c["domain"].stringValue ?? "begrijpend lezen", schoolScore: score,
                                                     flemishMean: flemish, similarMean: similar, learningGain: c["gain"].doubleValue)))
        }
        if teachers.isEmpty { _ = teacher(nil) }

        var records: [NewRecord] = [.school(School(id: "s1", name: "Specschool", language: language,
                                                   level: try Self.level(given["school"]["level"]),
                                                   region: try Self.region(given["school"]["region"])))]
        records += teachers.map { .teacher(Teacher(id: $0, schoolId: "s1", name: $0)) }
        records += classes.map { .schoolClass(SchoolClass(id: $0, schoolId: "s1", name: $0)) }
        records += pupilOrder.map {
            .pupil(Pupil(id: $0, schoolId: "s1", classId: pupils[$0]!.classId, alias: pupils[$0]!.alias, since: arrivals[$0]))
        }
        // Goals a goal follows must exist first.
        let orderedGoals = goalOrder.filter { goals[$0]!.follows == nil } + goalOrder.filter { goals[$0]!.follows != nil }
        for id in orderedGoals {
            if let follows = goals[id]!.follows, goals[follows] == nil {
                records.append(.goal(LearningGoal(id: follows, schoolId: "s1", title: follows)))
            }
            records.append(.goal(LearningGoal(id: id, schoolId: "s1", title: goals[id]!.title, subject: subjects[id],
                                              successCriteria: criteria[id] ?? [],
                                              follows: goals[id]!.follows)))
        }
        for (id, known) in instruments.sorted(by: { $0.key < $1.key }) {
            var sections: [Int: [String]] = [:]
            for key in known.keys { sections[Int(key.split(separator: ".").first ?? "1") ?? 1, default: []].append(key) }
            records.append(.instrument(Instrument(id: id, version: "1", title: id, scale: known.scale, sections:
                sections.keys.sorted().map { number in
                    InstrumentSection(number: number, title: "Onderdeel \(number)",
                                      items: sections[number]!.sorted().map { key in
                                          let detail = itemDetails[id]?[key]
                                          return InstrumentItem(key: key, text: detail?.text ?? "Kijkpunt \(key)", example: detail?.example,
                                                                reflectionQuestion: detail?.question)
                                      })
                }, level: instrumentLevels[id])))
        }
        if let period { records.append(.period(period)) }
        people = records.count
        return records + tail
    }
}
