import CoachCore
import CoachStore
import Foundation
import LuaSandbox

/// Tools for rule authors: replay, explain, suggest.
extension Engine {
    /// What `ruleId` would have said about `school` between two days, without storing anything:
    /// a dry run before a school switches a rule on. Events run in the order dispatch runs them
    /// (by day, then as logged); weeks in the range that were never closed get the same
    /// `week.ended` that `tick` makes. The rule starts with empty state and no earlier prompts.
    /// A failure is listed with its event and the replay goes on.
    public func replay(rule ruleId: String, school schoolId: String, from: Day, to: Day) throws(EngineError) -> ReplayReport {
        guard let rule = rule(ruleId) else { throw .unknownRule(ruleId) }
        guard let school = try wrap({ () throws(StoreError) in try self.school(schoolId) }) else {
            throw .store(.notFound("school '\(schoolId)'"))
        }
        var events = try wrap { () throws(StoreError) in
            try store.events(school: schoolId, from: from, to: to, kinds: Set(rule.definition.events))
        }
        if rule.definition.events.contains(.weekEnded) {
            var closed = Set(events.filter { $0.kind == .weekEnded }.map(\.recordId))
            var week = from.isoWeek
            while week.sunday <= to {
                if !closed.contains(week.description) {
                    closed.insert(week.description)
                    events.append(Event(seq: .max, kind: .weekEnded, schoolId: schoolId, time: week.sunday,
                                        recordId: week.description, payload: Event.weekEndedPayload(week)))
                }
                week = week.sunday.adding(days: 1).isoWeek
            }
        }
        events.sort { ($0.time ?? from, $0.seq) < ($1.time ?? from, $1.seq) }
        var report = ReplayReport()
        var made: [String: Prompt] = [:]
        var order: [String] = []
        let memory = FindingMemory(store: nil)
        rule.context.replayState = [:]
        defer { rule.context.replayState = nil }
        for event in events {
            switch run(rule, event: event, school: school) {
            case .success(let prompts, _):
                for prompt in prompts {
                    guard (try? memory.admit(prompt)) == true else { report.repeats += 1; continue }
                    let identity = prompt.finding + "\u{1}" + prompt.week
                    if made[identity] == nil { order.append(identity) }
                    made[identity] = prompt
                }
            case .failure(let message):
                report.failures.append(RuleFailure(rule: ruleId, school: schoolId, eventSeq: event.seq == .max ? 0 : event.seq,
                                                   eventKind: event.kind.rawValue, day: event.time, message: message))
            }
        }
        report.prompts = order.compactMap { made[$0] }
        return report
    }

    /// Everything in a prompt's reason, in sentences.
    public func explain(prompt id: Int64, language: Language = .nl) throws(EngineError) -> String {
        guard let prompt = try wrap({ () throws(StoreError) in try store.prompt(id) }) else {
            throw .store(.notFound("prompt \(id)"))
        }
        let reason = (try? JSONSerialization.jsonObject(with: Data(prompt.reason.utf8))) as? [String: Any] ?? [:]
        let event = reason["event"] as? [String: Any] ?? [:]
        let nl = language == .nl
        var lines: [String] = []
        let school = try wrap({ () throws(StoreError) in try store.school(prompt.schoolId) }) ?? School(id: prompt.schoolId, name: "")
        let about = [prompt.teacherId.map { (nl ? "leerkracht " : "teacher ") + $0 },
                     prompt.classId.map { school.classWords(language).one + " " + $0 }].compactMap { $0 }.joined(separator: ", ")
        lines.append((nl ? "Gesprekspunt \(id) voor \(prompt.audience.word(language))" : "Prompt \(id) for \(prompt.audience.rawValue)")
                     + (about.isEmpty ? "" : " (\(about))") + ", \(prompt.week), " + (nl ? "prioriteit" : "priority")
                     + " \(prompt.priority), status \(prompt.status.word(language))" + (prompt.shadow ? (nl ? ", schaduw" : ", shadow") : ""))
        lines.append("  \(prompt.text)")
        let ruleId = reason["rule"] as? String ?? prompt.ruleId
        if let why = definition(ruleId)?.reason(in: language) { lines.append((nl ? "  Waarom: " : "  Why: ") + why) }
        lines.append((nl ? "  Volgende stap: " : "  Next step: ") + prompt.nextStep)
        var ruleLine = (nl ? "Regel: " : "Rule: ") + ruleId
        if let definition = definition(ruleId) {
            ruleLine += " — \(definition.title(in: language)) (\(definition.file))"
            if definition.version != prompt.ruleVersion {
                ruleLine += nl ? "; let op: de regel is sindsdien gewijzigd" : "; note: the rule has changed since"
            }
        }
        lines.append(ruleLine + (nl ? ", versie " : ", version ") + prompt.ruleVersion)
        lines.append((nl ? "Gebeurtenis: #" : "Event: #") + "\(event["seq"] ?? prompt.eventSeq) \(event["kind"] ?? "?")"
                     + (nl ? " op " : " on ") + "\(event["time"] ?? "?")")
        let params = (reason["params"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
        lines.append((nl ? "Parameters: " : "Parameters: ") + (params.isEmpty ? "-" : params))
        // In record order (placement:2 before placement:10), kinds together.
        let evidence = (reason["evidence"] as? [String] ?? []).sorted { a, b in
            switch (RecordReference(a), RecordReference(b)) {
            case (let x?, let y?): (x.kind, x.id) < (y.kind, y.id)
            case (nil, nil): a < b
            case (nil, _): false
            case (_, nil): true
            }
        }
        lines.append((nl ? "Bewijs: " : "Evidence: ") + (evidence.isEmpty ? "-" : evidence.joined(separator: ", ")))
        for reference in evidence {
            // Only the school's own records are shown: a rule may cite anything.
            guard let cited = RecordReference(reference), (try? store.isOfSchool(cited, school: prompt.schoolId)) == true else {
                if RecordReference(reference) != nil {
                    lines.append("  \(reference): " + (nl ? "geen gegeven van deze school" : "not a record of this school"))
                }
                continue
            }
            if let line = try? describe(reference, nl: nl) { lines.append("  " + line) }
        }
        return lines.joined(separator: "\n")
    }

    /// A record cited as evidence, as a coach reads it: the pupil's alias (the id without one),
    /// the goal's title, days in words, feedback in the reader's words; the reference first,
    /// for `coach export` and the like.
    private func describe(_ reference: String, nl: Bool) throws -> String? {
        guard let cited = RecordReference(reference) else { return nil }
        let id = cited.id
        let language: Language = nl ? .nl : .en
        func day(_ d: Day) -> String { DayWords.day(d, language: language) }
        func pupil(_ id: String) throws -> String { try store.pupil(id)?.alias ?? id }
        func goal(_ id: String) throws -> String { try store.goal(id).map { "‘\($0.title)’" } ?? id }
        switch cited.kind {
        case "placement":
            guard let p = try store.placement(id) else { return nil }
            return "\(reference): " + (nl ? "\(try pupil(p.pupilId)), doel \(try goal(p.goalId)), spoor \(p.track) sinds \(day(p.from))"
                                          : "\(try pupil(p.pupilId)), goal \(try goal(p.goalId)), track \(p.track) since \(day(p.from))")
                + (p.to.map { nl ? " tot \(day($0))" : " until \(day($0))" } ?? "")
        case "observation":
            guard let o = try store.observation(id) else { return nil }
            let kind = nl ? ["coach": "lesbezoek van de coach", "peer": "collegiale observatie", "selfReflection": "zelfreflectie",
                             "learningWalk": "leerwandeling"][o.kind.rawValue] ?? o.kind.rawValue
                          : ["coach": "coach's visit", "peer": "peer observation", "selfReflection": "self-reflection",
                             "learningWalk": "learning walk"][o.kind.rawValue] ?? o.kind.rawValue
            return "\(reference): \(kind), \(day(o.date)), scores "
                + o.scores.sorted { $0.item.localizedStandardCompare($1.item) == .orderedAscending }
                    .map { "\($0.item)=\($0.value)" }.joined(separator: " ")
        case "feedback":
            guard let f = try store.feedback(id) else { return nil }
            let words = nl
                ? [FeedbackLevel.task.rawValue: "taak", "process": "proces", "selfRegulation": "zelfregulatie", "person": "persoon",
                   "feedUp": "feed-up", "feedback": "feedback", "feedForward": "feed-forward", "formative": "formatief", "summative": "summatief"]
                : ["selfRegulation": "self-regulation", "feedUp": "feed-up", "feedForward": "feed-forward"]
            func word(_ code: String) -> String { words[code] ?? code }
            let points = nl ? (f.growthPoints == 1 ? "1 groeikans" : "\(f.growthPoints) groeikansen")
                            : (f.growthPoints == 1 ? "1 growth point" : "\(f.growthPoints) growth points")
            return "\(reference): \(day(f.date)), " + [f.level.rawValue, f.question.rawValue, f.timing.rawValue].map(word).joined(separator: ", ")
                + ", \(points)" + (try f.pupilId.map { ", " + (try pupil($0)) } ?? "")
        case "result":
            guard let r = try store.result(id) else { return nil }
            return "\(reference): \(try pupil(r.pupilId)), \(try goal(r.goalId)), \(day(r.date)), "
                + (r.masteryPercent.map { "\(Int($0.rounded())) %" } ?? "?")
        default:
            return nil
        }
    }

    /// Up to `limit` suggestions for a teacher's next lesson, from every rule with `suggest`,
    /// most urgent first. `day` is the day asked about (rules see no later records). Two by
    /// default: one or two growth points at a time (seed 000).
    /// With `classId`, only suggestions about that class, and, unless `classOnly` is false, none
    /// about the teacher as a whole either (a coach of that one class asks).
    public func suggest(teacher teacherId: String, classId: String? = nil, goal: String? = nil, day: Day, ownReflections: Bool = true,
                        limit: Int = 2, classOnly: Bool = false) throws(EngineError) -> [SuggestionDraft] {
        try suggestions(teacher: teacherId, classId: classId, goal: goal, day: day, ownReflections: ownReflections,
                        limit: limit, classOnly: classOnly).drafts
    }

    /// ``suggest(teacher:classId:goal:day:ownReflections:limit:classOnly:)`` with which rules
    /// were asked and which failed: "no suggestions" must not read as "too little recorded"
    /// when no rule makes any, or when the one that would have failed.
    public func suggestions(teacher teacherId: String, classId: String? = nil, goal: String? = nil, day: Day,
                            ownReflections: Bool = true, limit: Int = 2, classOnly: Bool = false) throws(EngineError) -> SuggestAnswer {
        guard let teacher = try wrap({ () throws(StoreError) in try store.teacher(teacherId) }) else {
            throw .store(.notFound("teacher '\(teacherId)'"))
        }
        guard let school = try wrap({ () throws(StoreError) in try self.school(teacher.schoolId) }) else {
            throw .store(.notFound("school '\(teacher.schoolId)'"))
        }
        if let goal, try wrap({ () throws(StoreError) in try store.goal(goal) })?.schoolId != teacher.schoolId {
            throw .store(.notFound("goal '\(Quoted.shortened(goal))' (in the school of teacher '\(teacherId)')"))
        }
        // A class the teacher does not teach is another teacher's: never read for this one.
        if let classId {
            let theirs = try wrap { () throws(StoreError) in try store.classTeachers(teacher: teacherId) }.map(\.classId)
            guard theirs.contains(classId) else {
                let (shown, list) = (Quoted.shortened(classId), theirs.joined(separator: ", "))
                throw .notTheirs(Phrase("teacher '\(teacherId)' does not teach class '\(shown)' (their classes: \(theirs.isEmpty ? "none" : list))",
                                        nl: "leerkracht '\(teacherId)' geeft geen les in klas '\(shown)' (klassen van deze leerkracht: "
                                            + "\(theirs.isEmpty ? "geen" : list))"))
            }
        }
        var query: [LuaValue: LuaValue] = [.text("teacher"): .text(teacherId), .text("day"): .text(day.description),
                                           .text("week"): .text(day.isoWeek.description)]
        if let classId { query[.text("class")] = .text(classId) }
        if let goal { query[.text("goal")] = .text(goal) }
        var drafts: [SuggestionDraft] = []
        var asked: [String] = []
        var failures: [SuggestFailure] = []
        for rule in rules where rule.suggest != nil && !configuration.disabled.contains(rule.definition.id) {
            asked.append(rule.definition.id)
            rule.context.reset(event: nil, school: school, day: day, mode: .suggest)
            rule.context.seesOwnReflections = ownReflections
            rule.context.asking = teacherId
            do {
                _ = try rule.sandbox.call(rule.invoker, [.text("suggest"), .map(query), paramTable(params(for: rule.definition, school: school.id))])
                drafts += rule.context.suggestions
                logRule(rule.context, event: nil)
            } catch {
                logRule(rule.context, event: nil)
                let message = redacted(error.description, rule.context)
                failures.append(SuggestFailure(rule: rule.definition.id, message: message))
                logger.warning("suggest failed", metadata: ["rule": "\(rule.definition.id)", "error": "\(message)"])
            }
        }
        if let classId {
            // Asked about one class: a rule that answers for the teacher's other classes too is
            // not heard on them here.
            drafts = drafts.filter { $0.classId == classId || ($0.classId == nil && !classOnly) }
        }
        return SuggestAnswer(drafts: Array(drafts.sorted { ($0.priority, $0.ruleId) < ($1.priority, $1.ruleId) }.prefix(limit)),
                             asked: asked, failures: failures)
    }

    /// Suggestions for a teacher's next lesson, most urgent first (nothing is written: a
    /// teacher asking never waits for an import).
    /// `ownReflections`: whether the teacher's unshared self-reflections count (only when the
    /// teacher asks; see ``Access/seesOwnReflections(of:)``).
    public func nextLesson(teacher teacherId: String, classId: String? = nil, goal: String? = nil, day: Day,
                           limit: Int = 2, ownReflections: Bool = true, classOnly: Bool = false) throws(EngineError) -> NextLesson {
        let answer = try suggestions(teacher: teacherId, classId: classId, goal: goal, day: day, ownReflections: ownReflections,
                                     limit: limit, classOnly: classOnly)
        guard let teacher = try wrap({ () throws(StoreError) in try store.teacher(teacherId) }) else {
            throw .store(.notFound("teacher '\(teacherId)'"))
        }
        return NextLesson(teacher: teacher, day: day, suggestions: answer.drafts, asked: answer.asked, failures: answer.failures,
                          versions: Dictionary(uniqueKeysWithValues: definitions.map { ($0.id, $0.version) }),
                          rules: Dictionary(uniqueKeysWithValues: definitions.map { ($0.id, $0) }))
    }

    func wrap<T>(_ body: () throws(StoreError) -> T) throws(EngineError) -> T {
        do { return try body() } catch { throw .store(error) }
    }
}

/// A teacher's suggestions for the next lesson, most urgent first.
public struct NextLesson: Sendable {
    public var teacher: Teacher
    public var day: Day
    public var suggestions: [SuggestionDraft]
    /// The rules asked (loaded with `suggest`, switched on); none: no rule makes suggestions.
    public var asked: [String] = []
    /// The rules that failed to answer: the suggestions may miss theirs.
    public var failures: [SuggestFailure] = []
    /// The version of each rule that made them.
    public var versions: [String: String] = [:]
    /// The rules that made them, by id: why each matters, and its source.
    public var rules: [String: RuleDefinition] = [:]

    /// Stores the suggestions with their reason (rule, evidence, example), so that what was
    /// suggested can be looked back on.
    public func save(in store: CoachStore) throws(StoreError) {
        for s in suggestions {
            var reason: [String: Any] = ["rule": s.ruleId, "evidence": s.evidence]
            reason["example"] = s.example
            let json = (try? JSONSerialization.data(withJSONObject: reason, options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            try store.saveSuggestion(Suggestion(schoolId: teacher.schoolId, ruleId: s.ruleId, ruleVersion: versions[s.ruleId] ?? "?",
                                                teacherId: teacher.id, classId: s.classId, goalId: s.goalId, day: day, text: s.text,
                                                reason: json))
        }
    }
}

/// What the rules with `suggest` answered a teacher's question.
public struct SuggestAnswer: Sendable {
    /// The most urgent suggestions, up to the limit asked for.
    public var drafts: [SuggestionDraft]
    /// The rules asked, in load order.
    public var asked: [String]
    /// The rules that failed.
    public var failures: [SuggestFailure]
}

/// A rule whose `suggest` failed: its id and the error in one line (personal data redacted).
public struct SuggestFailure: Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var message: String

    public var description: String { text(.en) }

    /// ``description`` in `language` (the rule's error itself as the rule or Lua said it).
    public func text(_ language: Language) -> String {
        language == .nl ? "regel \(rule) liep fout bij het suggereren: \(message)" : "rule \(rule) failed while suggesting: \(message)"
    }
}

/// What a replay found: the prompts a rule would have stored, and where it failed.
public struct ReplayReport: Sendable {
    public var prompts: [Prompt] = []
    /// Prompts made again while nothing new supported them (not listed, as in dispatch).
    public var repeats = 0
    public var failures: [RuleFailure] = []
}

/// Why an engine tool failed.
public enum EngineError: Error, Sendable, CustomStringConvertible, ReadableError {
    case unknownRule(String)
    case ruleFailed(rule: String, event: Int64, message: String)
    case store(StoreError)
    /// Asked about something that is not the asker's (another teacher's class).
    case notTheirs(Phrase)

    public var description: String {
        switch self {
        case .notTheirs(let what): return what.en
        case .unknownRule(let id): return "rule '\(id)' is not loaded"
        case .ruleFailed(let rule, let event, let message): return "rule \(rule) failed on event \(event): \(message)"
        case .store(let error): return error.description
        }
    }

    public func text(_ language: Language) -> String {
        guard language == .nl else { return description }
        switch self {
        case .notTheirs(let what): return what.nl
        case .unknownRule(let id): return "regel '\(id)' is niet geladen"
        case .ruleFailed(let rule, let event, let message): return "regel \(rule) liep fout bij gebeurtenis \(event): \(message)"
        case .store(let error): return error.text(language)
        }
    }
}
