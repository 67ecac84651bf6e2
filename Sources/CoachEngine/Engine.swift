import CoachCore
import CoachStore
import Foundation
import Logging
import LuaSandbox

/// How the engine runs rules for a deployment.
public struct EngineConfiguration: Sendable {
    /// Prompts shown per teacher in a weekly digest (seed 000: one or two growth points).
    public var promptsPerTeacher = 2
    /// Failures within `quarantineWindowDays` (by event day) after which a rule is quarantined:
    /// a rule that fails every week and succeeds in between still trips it.
    public var quarantineAfter = 3
    /// Team figures over fewer than this many teachers, pupils or walks are not shown: they
    /// would point at one person (k-anonymity; never below 2).
    public var smallGroup = 3
    /// Who reads, when neither `--as` nor `COACH_AS` says (`coach:c-els`).
    public var role: String?
    public var quarantineWindowDays = 28
    /// The sandbox limits of every rule call. The instruction budget decides, the same on a
    /// busy machine as on an idle one; the wall clock is only a backstop against a stuck host
    /// call, far above what any rule needs.
    public var limits = LuaLimits(instructions: 20_000_000, timeout: .seconds(10), memoryBytes: 64 << 20)
    /// The most records one `ctx` query may return; a query that would return more fails
    /// with a clear error instead of being cut silently.
    public var maxQueryRows = EngineConfiguration.defaultMaxQueryRows
    /// ``maxQueryRows`` unless configured: a constant, so that a rule's context does not make
    /// a whole configuration (which asks the system for its cores) to know it.
    static let defaultMaxQueryRows = 50_000
    /// Parameter values that override a rule's defaults, per rule (for every school).
    public var params: [String: [String: LuaValue]] = [:]
    /// Overrides for one school, per school id, then per rule: they win over `params`.
    public var schoolParams: [String: [String: [String: LuaValue]]] = [:]
    /// Rules run in shadow mode: their prompts are stored but shown in no digest.
    public var shadow: Set<String> = []
    /// Rules switched off.
    public var disabled: Set<String> = []
    /// The dispatch cursor's name in the store. Not public: writers wait for the closed weeks
    /// of ``CoachStore/engineCursor`` only, so a front end ticking with another cursor would
    /// leave every later write refused. Benchmarks and tests replay with their own.
    package var cursor = CoachStore.engineCursor
    /// Events handled per transaction (whole days: a day's events are never split).
    public var eventsPerCommit = 500
    /// Schools dispatched side by side (each worker has its own copy of the rules): one per
    /// core by default. The prompts are the same for any number.
    public var dispatchWorkers = ProcessInfo.processInfo.activeProcessorCount

    /// What the team set that decides prompts (the budget, quarantine, groups, rules off or in
    /// shadow, parameters), in one canonical line: two configurations with the same line give
    /// the same prompts. Who reads (`as`) is the reader's own, and not in it.
    public var teamSettings: String {
        func listed(_ params: [String: [String: LuaValue]]) -> String {
            params.sorted { $0.key < $1.key }.map { rule, values in
                rule + "{" + values.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.canonical($0.value))" }.joined(separator: ",") + "}"
            }.joined(separator: ";")
        }
        return ["promptsPerTeacher=\(promptsPerTeacher)", "quarantineAfter=\(quarantineAfter)", "smallGroup=\(smallGroup)",
                "shadow=" + shadow.sorted().joined(separator: ","), "disabled=" + disabled.sorted().joined(separator: ","),
                "params=" + listed(params),
                "schools=" + schoolParams.sorted { $0.key < $1.key }.map { "\($0.key):" + listed($0.value) }.joined(separator: "|")]
            .joined(separator: " ")
    }

    static func canonical(_ value: LuaValue) -> String {
        switch value {
        case .string(let text): "\"" + text.description + "\""
        case .array(let items): "[" + items.map(canonical).joined(separator: ",") + "]"
        default: value.description
        }
    }

    public init() {}
}

/// One rule failing on one event.
public struct RuleFailure: Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var school: String
    public var eventSeq: Int64
    public var eventKind: String
    public var day: Day?
    /// The error in one line.
    public var message: String

    public var description: String { text(.en) }

    /// ``description`` in `language` (the rule's error itself as the rule or Lua said it).
    public func text(_ language: Language) -> String {
        language == .nl
            ? "\(rule) bij gebeurtenis \(eventSeq) (\(eventKind)\(day.map { " van \($0)" } ?? ""), school \(school)): \(message)"
            : "\(rule) on event \(eventSeq) (\(eventKind)\(day.map { " of \($0)" } ?? ""), school \(school)): \(message)"
    }
}

/// What a rule's calls cost: for the margin between what rules use and their limits.
public struct RuleCost: Sendable, Hashable {
    public var calls = 0
    /// Lua instructions of the most expensive call (counted as the budget counts them).
    public var maxInstructions = 0
    public var maxDuration: Duration = .zero
    public var totalDuration: Duration = .zero

    public init() {}

    mutating func add(instructions: Int, duration: Duration) {
        calls += 1
        maxInstructions = max(maxInstructions, instructions)
        maxDuration = max(maxDuration, duration)
        totalDuration += duration
    }

    mutating func merge(_ other: RuleCost) {
        calls += other.calls
        maxInstructions = max(maxInstructions, other.maxInstructions)
        maxDuration = max(maxDuration, other.maxDuration)
        totalDuration += other.totalDuration
    }
}

/// What a dispatch did.
public struct DispatchReport: Sendable, Hashable {
    /// Events passed over, whether a rule listens to them or not.
    public var events = 0
    public var ruleCalls = 0
    /// Prompts stored (new or refined in their week).
    public var prompts = 0
    /// Prompts a rule made again while nothing new supported them: not stored.
    public var repeats = 0
    public var failures: [RuleFailure] = []
    /// Rules put in quarantine by this dispatch, once each.
    public var quarantined: [String] = []
    /// The schools each of them was put in quarantine in.
    public var quarantinedIn: [String: [String]] = [:]

    public init() {}

    /// Adds what another worker's (or another week's) dispatch did.
    package mutating func merge(_ other: DispatchReport) {
        events += other.events
        ruleCalls += other.ruleCalls
        prompts += other.prompts
        repeats += other.repeats
        failures += other.failures
        for rule in other.quarantined where !quarantined.contains(rule) { quarantined.append(rule) }
        for (rule, schools) in other.quarantinedIn { quarantinedIn[rule, default: []] = (quarantinedIn[rule, default: []] + schools).sorted() }
    }

    /// The failing rules, each once, in the order they first failed.
    public var failingRules: [String] {
        var seen = Set<String>()
        return failures.map(\.rule).filter { seen.insert($0).inserted }
    }
}

/// Runs rules on the event log and turns what they say into prompts.
///
/// Not `Sendable`: each rule's Lua state belongs to one thread. Create one engine per process
/// (or per worker).
public final class Engine {
    public let store: CoachStore
    /// The rules compiled, ready to run.
    public let rules: [LoadedRule]
    /// Every rule loaded, compiled or not: what a digest or an explanation says about a rule.
    public let definitions: [RuleDefinition]
    public let configuration: EngineConfiguration
    let logger: Logger
    private var schools: [String: School] = [:]
    private var paramsText: [String: String] = [:]
    /// What the rules of the running dispatch batch asked `ctx`.
    let queryCache = QueryCache()
    /// What each rule's calls cost so far, for benchmarks and sizing.
    public private(set) var costs: [String: RuleCost] = [:]
    /// Run between a dispatch batch's read and its commit, for tests that put another
    /// writer there (this engine's own dispatch only: a worker's copy has none).
    package var beforeCommit: (() -> Void)?
    /// Run when a dispatch batch's events have been read, before its rules read the store (the
    /// same: for tests).
    package var afterEventsRead: (() -> Void)?
    /// Run when a dispatch batch was written, before the next one starts (the same: for tests).
    package var afterCommit: (() -> Void)?

    /// An engine running `rules`; `definitions` (by default the rules') are every rule it can
    /// tell about, also those not compiled.
    public init(store: CoachStore, rules: [LoadedRule], definitions: [RuleDefinition]? = nil,
                configuration: EngineConfiguration = EngineConfiguration(), logger: Logger = Logger(label: "coach.engine")) {
        self.store = store
        self.rules = rules
        self.definitions = definitions ?? rules.map(\.definition)
        self.configuration = configuration
        self.logger = logger
        for rule in rules {
            rule.context.maxRows = configuration.maxQueryRows
            rule.context.cache = queryCache
        }
    }

    /// This engine's compiled rules, and its workers' copies of them, pointed at `store`: a tick
    /// or a worker on the shared store hands them from one school's working copy to the next
    /// instead of compiling every rule again for each school (the same rules for every school
    /// of the run, by construction). This engine must not be used afterwards: its rules now
    /// read `store`.
    public func rebound(to store: CoachStore) -> Engine {
        for rule in rules { rule.context.rebind(to: store) }
        let engine = Engine(store: store, rules: rules, definitions: definitions, configuration: configuration, logger: logger)
        engine.replicas = replicas.map { $0.rebound(to: store) }
        engine.replicaFailed = replicaFailed
        return engine
    }

    /// What a worker needs to make its own engine: the rules' sources, read on this engine's
    /// thread, so that the copy can be loaded on the worker's.
    var recipe: Recipe {
        Recipe(store: store, sources: rules.map { ($0.source, $0.definition.file) }, configuration: configuration, logger: logger)
    }

    /// The rules' sources and the engine's settings: another engine with its own copy of the
    /// same rules (their own Lua states) is made from it on any thread.
    struct Recipe: Sendable {
        let store: CoachStore
        let sources: [(source: [UInt8], file: String)]
        let configuration: EngineConfiguration
        let logger: Logger

        /// The copy; nil if a rule cannot be loaded again.
        func make() -> Engine? {
            var copies: [LoadedRule] = []
            for rule in sources {
                guard let copy = try? RuleLoader.load(source: rule.source, file: rule.file, store: store,
                                                      limits: configuration.limits) else { return nil }
                copies.append(copy)
            }
            return Engine(store: store, rules: copies, configuration: configuration, logger: logger)
        }
    }

    /// Workers' engines, made the first time they are needed and kept: a `tick --through` of a
    /// year dispatches forty times.
    var replicas: [Engine] = []
    /// A copy would not load (a rule that loads once and not twice): no more are tried.
    var replicaFailed = false

    /// Counts what a worker's rule calls cost as this engine's own (and clears the worker's, so
    /// the next dispatch does not count them again).
    func takeCosts(of worker: Engine) {
        for (id, cost) in worker.costs { costs[id, default: RuleCost()].merge(cost) }
        worker.costs = [:]
    }

    /// Loads the rules of `directories` and makes an engine; broken rules are returned as
    /// problems and left out. Only the rules that `need` asks for are compiled; the others'
    /// definitions come from `catalogue` where it has them.
    public static func load(store: CoachStore, ruleDirectories: [String], ruleFiles: [String] = [],
                            configuration: EngineConfiguration = EngineConfiguration(),
                            catalogue: RuleCatalogue? = nil, need: RuleNeed = .all,
                            logger: Logger = Logger(label: "coach.engine")) -> (Engine, [RuleProblem]) {
        let set = RuleLoader.load(directories: ruleDirectories, files: ruleFiles, store: store, limits: configuration.limits,
                                  catalogue: catalogue, need: need)
        return (Engine(store: store, rules: set.compiled, definitions: set.definitions, configuration: configuration, logger: logger),
                set.problems)
    }

    /// The compiled rule `id`.
    public func rule(_ id: String) -> LoadedRule? { rules.first { $0.definition.id == id } }

    /// The configuration's rule ids that no loaded rule has (a typo switches nothing off), and
    /// parameters a rule does not have or of another kind than its default, one line each;
    /// none when no rule loaded at all (the rules are missing, not misspelled).
    public func unknownRules(in configuration: EngineConfiguration) -> [String] {
        configurationProblems(configuration).map(\.en)
    }

    /// ``unknownRules(in:)`` in both languages, for the reader's.
    public func configurationProblems(_ configuration: EngineConfiguration) -> [Phrase] {
        let ids = Set(definitions.map(\.id))
        guard !ids.isEmpty else { return [] }
        let known = ids.sorted().joined(separator: ", ")
        var lines: [Phrase] = []
        for (setting, named) in [("disabled", configuration.disabled), ("shadow", configuration.shadow),
                                 ("params", Set(configuration.params.keys)),
                                 ("schools.*.params", Set(configuration.schoolParams.values.flatMap(\.keys)))] {
            for id in named.sorted() where !ids.contains(id) {
                lines.append(Phrase("configuration: \(setting): '\(Quoted.shortened(id))' is not a rule (the rules: \(known))",
                                    nl: "configuratie: \(setting): '\(Quoted.shortened(id))' is geen regel (de regels: \(known))"))
            }
        }
        // A parameter the rule does not have changes nothing; one of another kind than its
        // default fails the rule every week and blames its author.
        let given = configuration.params.map { ("params.\($0.key)", $0.key, $0.value) }
            + configuration.schoolParams.sorted { $0.key < $1.key }.flatMap { school, rules in
                rules.map { ("schools.\(school).params.\($0.key)", $0.key, $0.value) }
            }
        for (place, id, values) in given.sorted(by: { $0.0 < $1.0 }) {
            guard let declared = definition(id)?.params else { continue }
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                guard let standard = declared[name] else {
                    let names = declared.keys.sorted().joined(separator: ", ")
                    lines.append(Phrase("configuration: \(Quoted.shortened(place)): '\(Quoted.shortened(name))' is not a parameter of the rule"
                                        + " (its parameters: \(names.isEmpty ? "none" : names))",
                                        nl: "configuratie: \(Quoted.shortened(place)): '\(Quoted.shortened(name))' is geen parameter van de "
                                        + "regel (de parameters: \(names.isEmpty ? "geen" : names))"))
                    continue
                }
                if Self.kind(of: value) != Self.kind(of: standard) {
                    let at = "\(Quoted.shortened(place)).\(Quoted.shortened(name))"
                    lines.append(Phrase("configuration: \(at): \(Self.kind(of: value)) where the rule expects \(Self.kind(of: standard)), "
                                        + "like its default \(Self.shown(standard))",
                                        nl: "configuratie: \(at): \(Self.kind(of: value, .nl)), maar de regel verwacht \(Self.kind(of: standard, .nl)), "
                                        + "zoals de standaardwaarde \(Self.shown(standard, .nl))"))
                }
            }
        }
        return lines
    }

    /// A parameter's kind in words: numbers are one kind, whole or not.
    static func kind(of value: LuaValue, _ language: Language = .en) -> String {
        let nl = language == .nl
        return switch value {
        case .integer, .number: nl ? "een getal" : "a number"
        case .string: nl ? "een tekst" : "a text"
        case .boolean: nl ? "true of false" : "true or false"
        case .array, .rows: nl ? "een lijst" : "a list"
        case .map: nl ? "een tabel" : "a table"
        case .nil: nl ? "niets" : "nothing"
        case .function: nl ? "een functie" : "a function"
        }
    }

    static func shown(_ value: LuaValue, _ language: Language = .en) -> String {
        switch value {
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .string(let text): "\"\(Quoted.shortened(text.description))\""
        case .boolean(let b): String(b)
        default: kind(of: value, language)
        }
    }

    /// What rule `id` declares, compiled or not.
    public func definition(_ id: String) -> RuleDefinition? { definitions.first { $0.id == id } }

    func school(_ id: String?) throws(StoreError) -> School? {
        guard let id else { return nil }
        if let school = schools[id] { return school }
        let school = try store.school(id)
        schools[id] = school
        return school
    }

    func params(for rule: RuleDefinition, school: String? = nil) -> [String: LuaValue] {
        rule.params
            .merging(configuration.params[rule.id] ?? [:]) { _, override in override }
            .merging(school.flatMap { configuration.schoolParams[$0]?[rule.id] } ?? [:]) { _, override in override }
    }

    enum Outcome {
        case success([Prompt], RuleState?)
        case failure(String)
    }

    /// Calls one rule on one event; never throws: a failing rule is an outcome.
    func run(_ rule: LoadedRule, event: Event, school: School, store saveState: Bool = true) -> Outcome {
        // An unshared self-reflection is the teacher's own: no prompt is built on it.
        if event.isTeachersOwn { return .success([], nil) }
        let context = rule.context
        context.reset(event: event, school: school, day: event.time, mode: .run)
        let params = params(for: rule.definition, school: school.id)
        let started = ContinuousClock.now
        defer { costs[rule.definition.id, default: RuleCost()].add(instructions: rule.sandbox.instructionsUsed,
                                                                   duration: ContinuousClock.now - started) }
        do {
            _ = try rule.sandbox.call(rule.invoker, [.text("run"), eventTable(event), paramTable(params)])
        } catch {
            logRule(context, event: event)
            return .failure(redacted(error.description, context))
        }
        let week = event.time?.isoWeek.description ?? ""
        let shadow = rule.definition.shadow || configuration.shadow.contains(rule.definition.id)
        var prompts: [Prompt] = []
        for draft in context.prompts {
            let prompt = Prompt(schoolId: school.id, ruleId: rule.definition.id, ruleVersion: rule.definition.version,
                                audience: draft.audience, teacherId: draft.teacherId, classId: draft.classId, key: draft.key,
                                week: week, priority: draft.priority, text: draft.text, nextStep: draft.nextStep,
                                reason: reason(rule.definition, event: event, school: school.id, params: params,
                                               evidence: draft.evidence),
                                shadow: shadow, eventSeq: event.seq, focus: draft.focus, evidence: draft.evidence)
            // What a rule hands back is checked as part of its call: a bad prompt is this
            // rule's failure, never a failed commit for every rule.
            let issues = prompt.issues(reference: draft.key)
            if let issue = issues.first { return .failure(redacted("ctx.prompt: key '\(draft.key)': \(issue.problem)", context)) }
            prompts.append(prompt)
        }
        var state: RuleState?
        if context.stateChanged, let values = context.state, context.replayState == nil {
            context.pendingState[school.id] = values
            var map: [LuaValue: LuaValue] = [:]
            for (k, v) in values { map[.text(k)] = v }
            if let json = try? LuaJSON.json(.map(map)) {
                state = RuleState(ruleId: rule.definition.id, schoolId: school.id, value: json)
            }
        }
        logRule(context, event: event)
        return .success(prompts, state)
    }

    /// A rule's own lines (`print`, `ctx.log`), without personal data, at info level.
    func logRule(_ context: CallContext, event: Event?) {
        guard !context.logs.isEmpty else { return }
        let redaction = Redaction(store: context.store, school: context.schoolId, handedTexts: context.handedTexts)
        for line in context.logs {
            logger.info("rule log", metadata: ["rule": "\(context.definition?.id ?? "")", "event": "\(event?.seq ?? 0)",
                                               "line": "\(redaction.apply(line))"])
        }
    }

    /// A rule's error text without personal data: it reaches logs, the rule's health record
    /// and the team's failure prompt.
    /// Bounded first: a rule's error can be megabytes (`error(("x"):rep(3e6))`), and redaction's
    /// work grows with its length, outside the rule's budget; and in one line, so that it cannot
    /// pass for a line of coach's own.
    func redacted(_ message: String, _ context: CallContext) -> String {
        let scalars = message.unicodeScalars
        let total = scalars.count
        // Redacted well past what is shown: a name or note that the cut would split lies beyond
        // the part shown, and one inside it is whole when redacted.
        let window = Self.errorLimit * 5
        let bounded = total > window ? String(String.UnicodeScalarView(scalars.prefix(window))) : message
        let clean = Redaction(store: context.store, school: context.schoolId, handedTexts: context.handedTexts).apply(bounded)
        guard total > Self.errorLimit || clean.unicodeScalars.count > Self.errorLimit else { return Quoted.shortened(clean, limit: Self.errorLimit) }
        let shown = String(String.UnicodeScalarView(clean.unicodeScalars.prefix(Self.errorLimit)))
        return Quoted.shortened(shown, limit: Self.errorLimit) + "… (\(total) characters)"
    }

    /// The characters of a rule's error that are kept.
    static let errorLimit = 500

    func eventTable(_ event: Event) -> LuaValue {
        var fields: [LuaValue: LuaValue] = [:]
        if case .map(let payload) = LuaJSON.value(fromJSON: event.payload) { fields = payload }
        fields[.text("kind")] = .text(event.kind.rawValue)
        fields[.text("seq")] = .integer(event.seq)
        fields[.text("school")] = event.schoolId.map(LuaValue.text) ?? .nil
        fields[.text("time")] = event.time.map { .text($0.description) } ?? .nil
        fields[.text("week")] = event.time.map { .text($0.isoWeek.description) } ?? fields[.text("week")] ?? .nil
        fields[.text("record")] = .text(event.recordId)
        return .map(fields)
    }

    func paramTable(_ params: [String: LuaValue]) -> LuaValue {
        var map: [LuaValue: LuaValue] = [:]
        for (k, v) in params { map[.text(k)] = v }
        return .map(map)
    }

    /// The reason stored with a prompt, as JSON (keys in order, as a sorted encoder would
    /// write them). Written by hand: it is made for every prompt a rule makes.
    func reason(_ rule: RuleDefinition, event: Event, school: String? = nil, params: [String: LuaValue],
                evidence: [String]) -> String {
        var about = JSONObject()
        about.add("kind", event.kind.rawValue)
        about.add("record", event.recordId)
        about.add("seq", event.seq)
        about.add("time", event.time?.description ?? "")
        let values = paramsJSON(rule, school: school, params)
        var object = JSONObject()
        object.add("event", json: about.json)
        object.add("evidence", evidence)
        object.add("file", rule.file)
        object.add("params", json: values)
        object.add("rule", rule.id)
        object.add("version", rule.version)
        return object.json
    }

    /// A rule's parameters for a school as JSON, made once: they are the same for every prompt.
    private func paramsJSON(_ rule: RuleDefinition, school: String?, _ params: [String: LuaValue]) -> String {
        if params.isEmpty { return "{}" }
        let key = rule.id + "\u{0}" + (school ?? "")
        if let known = paramsText[key] { return known }
        var map: [LuaValue: LuaValue] = [:]
        for (k, v) in params { map[.text(k)] = v }
        let text = (try? LuaJSON.json(.map(map))) ?? "{}"
        paramsText[key] = text
        return text
    }

    func quarantinePrompt(_ rule: RuleDefinition, event: Event, school: School, failures: Int, message: String) -> Prompt {
        let nl = school.language == .nl
        let days = configuration.quarantineWindowDays
        let text = nl
            ? "Regel '\(rule.title(in: .nl))' (\(rule.id)) staat in quarantaine na \(failures) fouten in \(days) dagen. Laatste fout: \(message)"
            : "Rule '\(rule.title(in: .en))' (\(rule.id)) is quarantined after \(failures) failures in \(days) days. Last error: \(message)"
        let next = nl
            ? "Laat de regel nakijken met 'coach rules check' en 'coach rules test'; daarna zet 'coach rules release \(rule.id)' de regel weer aan."
            : "Have the rule checked with 'coach rules check' and 'coach rules test'; then 'coach rules release \(rule.id)' switches it back on."
        return Prompt(schoolId: school.id, ruleId: "engine", ruleVersion: "1", audience: .team, key: "quarantine/\(rule.id)",
                      week: (event.time ?? Day("2000-01-01")!).isoWeek.description, priority: 1, text: text, nextStep: next,
                      reason: reason(rule, event: event, params: [:], evidence: []), eventSeq: event.seq)
    }

    /// The team's prompt about a rule's first failure in a week (nil after the first).
    func failurePrompt(_ rule: RuleDefinition, failure: RuleFailure, school: School, memory: FindingMemory)
        throws(StoreError) -> Prompt?
    {
        guard let day = failure.day else { return nil }
        let nl = school.language == .nl
        let title = rule.title(in: school.language)
        let text = nl
            ? "Regel '\(title)' (\(rule.id)) liep fout op \(failure.eventKind) van \(day): \(failure.message)"
            : "Rule '\(title)' (\(rule.id)) failed on \(failure.eventKind) of \(day): \(failure.message)"
        let replay = "coach rules replay \(rule.id) --school \(school.id) --from \(day) --to \(day)"
        let next = nl
            ? "Geef dit door aan wie de regel schreef: '\(replay)' toont de fout opnieuw, 'coach rules test' toetst de regel."
            : "Pass this on to whoever wrote the rule: '\(replay)' shows the failure again, 'coach rules test' checks the rule."
        let event = Event(seq: failure.eventSeq, kind: EventKind(rawValue: failure.eventKind), schoolId: school.id, time: day,
                          recordId: "", payload: "{}")
        let prompt = Prompt(schoolId: school.id, ruleId: "engine", ruleVersion: "1", audience: .team, key: "failure/\(rule.id)",
                            week: day.isoWeek.description, priority: 1, text: String(text.prefix(1900)), nextStep: next,
                            reason: reason(rule, event: event, params: [:], evidence: []), eventSeq: failure.eventSeq)
        return try memory.firstInWeek(prompt) ? prompt : nil
    }
}
