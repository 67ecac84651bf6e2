import CoachCore
import CoachStore
import Foundation
import Logging
import LuaSandbox

/// How the engine runs rules for a deployment.
public struct EngineConfiguration: Sendable {
    /// Prompts shown per teacher in a weekly digest (seed 000: one or two growth points).
    public var promptsPerTeacher = 2
    /// Consecutive failures after which a rule is quarantined.
    public var quarantineAfter = 3
    /// The sandbox limits of every rule call.
    public var limits = LuaLimits(instructions: 20_000_000, timeout: .milliseconds(500), memoryBytes: 32 << 20)
    /// Parameter values that override a rule's defaults, per rule (for every school).
    public var params: [String: [String: LuaValue]] = [:]
    /// Overrides for one school, per school id, then per rule: they win over `params`.
    public var schoolParams: [String: [String: [String: LuaValue]]] = [:]
    /// Rules run in shadow mode: their prompts are stored but shown in no digest.
    public var shadow: Set<String> = []
    /// Rules switched off.
    public var disabled: Set<String> = []
    /// The dispatch cursor's name in the store.
    public var cursor = "engine"
    /// Events handled per transaction.
    public var eventsPerCommit = 100

    public init() {}
}

/// What a dispatch did.
public struct DispatchReport: Sendable, Hashable {
    public var events = 0
    public var ruleCalls = 0
    public var prompts = 0
    public var failures: [String] = []
    public var quarantined: [String] = []

    public init() {}
}

/// Runs rules on the event log and turns what they say into prompts.
///
/// Not `Sendable`: each rule's Lua state belongs to one thread. Create one engine per process
/// (or per worker).
public final class Engine {
    public let store: CoachStore
    public let rules: [LoadedRule]
    public let configuration: EngineConfiguration
    let logger: Logger
    private var schools: [String: School] = [:]

    public init(store: CoachStore, rules: [LoadedRule], configuration: EngineConfiguration = EngineConfiguration(),
                logger: Logger = Logger(label: "coach.engine")) {
        self.store = store
        self.rules = rules
        self.configuration = configuration
        self.logger = logger
    }

    /// Loads the rules of `directories` and makes an engine; broken rules are returned as
    /// problems and left out.
    public static func load(store: CoachStore, ruleDirectories: [String], ruleFiles: [String] = [],
                            configuration: EngineConfiguration = EngineConfiguration(),
                            logger: Logger = Logger(label: "coach.engine")) -> (Engine, [RuleProblem]) {
        let (rules, problems) = RuleLoader.loadAll(directories: ruleDirectories, files: ruleFiles, store: store,
                                                   limits: configuration.limits)
        return (Engine(store: store, rules: rules, configuration: configuration, logger: logger), problems)
    }

    public func rule(_ id: String) -> LoadedRule? { rules.first { $0.definition.id == id } }

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

    // MARK: - Dispatch

    /// Hands every event after the cursor, in order, to every rule that listens to it, and
    /// stores the prompts with the new cursor position in the same transaction.
    @discardableResult
    public func dispatch(maxEvents: Int = .max) throws(StoreError) -> DispatchReport {
        var report = DispatchReport()
        for rule in rules { rule.context.pendingState = [:] }
        var position = try store.dispatchPosition(configuration.cursor)
        var health: [String: RuleHealth] = [:]
        for rule in rules {
            health[rule.definition.id] = try store.ruleHealth(rule.definition.id)
                ?? RuleHealth(ruleId: rule.definition.id, failures: 0, quarantined: false)
        }
        while report.events < maxEvents {
            let events = try store.events(after: position, limit: min(configuration.eventsPerCommit, maxEvents - report.events))
            if events.isEmpty { break }
            var prompts: [Prompt] = []
            var states: [RuleState] = []
            var ran = Set<String>()
            for event in events {
                guard let school = try school(event.schoolId) else { continue }
                for rule in rules where rule.definition.events.contains(event.kind) {
                    let id = rule.definition.id
                    if configuration.disabled.contains(id) || health[id]?.quarantined == true { continue }
                    report.ruleCalls += 1
                    switch run(rule, event: event, school: school) {
                    case .success(let made, let state):
                        prompts += made
                        if let state { states.append(state) }
                        ran.insert(id)
                        health[id]?.failures = 0
                        health[id]?.lastEventSeq = event.seq
                    case .failure(let message):
                        logger.warning("rule failed", metadata: ["rule": "\(id)", "event": "\(event.seq)", "error": "\(message)"])
                        report.failures.append("\(id) on event \(event.seq): \(message)")
                        ran.insert(id)
                        health[id]?.failures += 1
                        health[id]?.lastError = message
                        health[id]?.lastEventSeq = event.seq
                        if let failures = health[id]?.failures, failures >= configuration.quarantineAfter {
                            health[id]?.quarantined = true
                            report.quarantined.append(id)
                            prompts.append(quarantinePrompt(rule.definition, event: event, school: school,
                                                            failures: failures, message: message))
                        }
                    }
                }
            }
            position = events.last!.seq
            try store.commit(DispatchCommit(cursor: configuration.cursor, seq: position, prompts: prompts, states: states,
                                            health: ran.sorted().compactMap { health[$0] }))
            for rule in rules { rule.context.pendingState = [:] }
            report.events += events.count
            report.prompts += prompts.count
        }
        return report
    }

    /// Closes a week for every school: appends `week.ended` (once per week) and dispatches.
    @discardableResult
    public func tick(week: IsoWeek) throws(StoreError) -> DispatchReport {
        for school in try store.schools() { try store.endWeek(week, school: school.id) }
        return try dispatch()
    }

    enum Outcome {
        case success([Prompt], RuleState?)
        case failure(String)
    }

    /// Calls one rule on one event; never throws: a failing rule is an outcome.
    func run(_ rule: LoadedRule, event: Event, school: School, store saveState: Bool = true) -> Outcome {
        let context = rule.context
        context.reset(event: event, school: school, day: event.time, mode: .run)
        let params = params(for: rule.definition, school: school.id)
        do {
            _ = try rule.sandbox.call(rule.invoker, [.function(rule.run), eventTable(event), paramTable(params)])
        } catch {
            return .failure(error.description)
        }
        let week = event.time?.isoWeek.description ?? ""
        let shadow = rule.definition.shadow || configuration.shadow.contains(rule.definition.id)
        let prompts = context.prompts.map { draft in
            Prompt(schoolId: school.id, ruleId: rule.definition.id, ruleVersion: rule.definition.version,
                   audience: draft.audience, teacherId: draft.teacherId, classId: draft.classId, key: draft.key,
                   week: week, priority: draft.priority, text: draft.text, nextStep: draft.nextStep,
                   reason: reason(rule.definition, event: event, params: params, evidence: draft.evidence),
                   shadow: shadow, eventSeq: event.seq, focus: draft.focus)
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
        for line in context.logs {
            logger.info("rule log", metadata: ["rule": "\(rule.definition.id)", "event": "\(event.seq)", "line": "\(line)"])
        }
        return .success(prompts, state)
    }

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

    /// The reason stored with a prompt, as JSON.
    func reason(_ rule: RuleDefinition, event: Event, params: [String: LuaValue], evidence: [String]) -> String {
        var object: [String: Any] = [
            "rule": rule.id, "version": rule.version, "file": rule.file,
            "event": ["seq": event.seq, "kind": event.kind.rawValue, "time": event.time?.description ?? "",
                      "record": event.recordId] as [String: Any],
            "evidence": evidence,
        ]
        var p: [String: Any] = [:]
        for (k, v) in params { p[k] = (try? LuaJSON.jsonObject(v)) ?? NSNull() }
        object["params"] = p
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    func quarantinePrompt(_ rule: RuleDefinition, event: Event, school: School, failures: Int, message: String) -> Prompt {
        let nl = school.language == .nl
        let text = nl
            ? "Regel '\(rule.title(in: .nl))' (\(rule.id)) staat in quarantaine na \(failures) fouten op rij. Laatste fout: \(message)"
            : "Rule '\(rule.title(in: .en))' (\(rule.id)) is quarantined after \(failures) failures in a row. Last error: \(message)"
        let next = nl
            ? "Laat de regel nakijken met 'coach rules check' en 'coach rules test'; daarna kan ze weer aan."
            : "Have the rule checked with 'coach rules check' and 'coach rules test'; then switch it back on."
        return Prompt(schoolId: school.id, ruleId: "engine", ruleVersion: "1", audience: .team, key: "quarantine/\(rule.id)",
                      week: (event.time ?? Day("2000-01-01")!).isoWeek.description, priority: 1, text: text, nextStep: next,
                      reason: reason(rule, event: event, params: [:], evidence: []), eventSeq: event.seq)
    }
}
