/// Who a prompt is for.
public enum Audience: String, Codable, Sendable, CaseIterable {
    case coach, teacher, team

    /// The audience as a reader of `language` says it ("leerkracht").
    public func word(_ language: Language) -> String {
        guard language == .nl else { return rawValue }
        switch self {
        case .coach: return "coach"
        case .teacher: return "leerkracht"
        case .team: return "team"
        }
    }
}

/// Where a prompt stands for its reader.
public enum PromptStatus: String, Codable, Sendable, CaseIterable {
    case open, acknowledged, done, snoozed

    /// The status as a reader of `language` says it ("uitgesteld").
    public func word(_ language: Language) -> String {
        guard language == .nl else { return rawValue }
        switch self {
        case .open: return "open"
        case .acknowledged: return "gezien"
        case .done: return "afgerond"
        case .snoozed: return "uitgesteld"
        }
    }
}

/// A coaching prompt a rule produced, with the reason it exists.
public struct Prompt: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "prompt"
    public var id: Int64?
    public var schoolId: String
    public var ruleId: String
    /// A hash of the rule's source when it ran.
    public var ruleVersion: String
    public var audience: Audience
    public var teacherId: String?
    public var classId: String?
    /// The rule's deduplication key: same rule, subject, key and week is one prompt.
    public var key: String
    public var week: String
    public var priority: Int
    public var text: String
    public var nextStep: String
    /// The reason as JSON: event, parameters, evidence record ids.
    public var reason: String
    public var status: PromptStatus
    public var snoozedUntil: Day?
    /// Stored but shown in no digest (a rule in shadow mode).
    public var shadow: Bool
    /// The event that last produced or updated it.
    public var eventSeq: Int64
    /// About this period's focus section: shown first within the attention budget.
    public var focus: Bool
    /// The records it rests on (`placement:12`), sorted and without repeats: the same finding
    /// is not prompted again while nothing new supports it.
    public var evidence: [String]

    public init(id: Int64? = nil, schoolId: String, ruleId: String, ruleVersion: String,
                audience: Audience, teacherId: String? = nil, classId: String? = nil, key: String,
                week: String, priority: Int, text: String, nextStep: String, reason: String,
                status: PromptStatus = .open, snoozedUntil: Day? = nil, shadow: Bool = false,
                eventSeq: Int64, focus: Bool = false, evidence: [String] = []) {
        self.id = id
        self.schoolId = schoolId
        self.ruleId = ruleId
        self.ruleVersion = ruleVersion
        self.audience = audience
        self.teacherId = teacherId
        self.classId = classId
        self.key = key
        self.week = week
        self.priority = priority
        self.text = text
        self.nextStep = nextStep
        self.reason = reason
        self.status = status
        self.snoozedUntil = snoozedUntil
        self.shadow = shadow
        self.eventSeq = eventSeq
        self.focus = focus
        self.evidence = Array(Set(evidence)).sorted()
    }

    /// What makes two prompts the same finding, whatever their week.
    public var finding: String {
        [schoolId, ruleId, teacherId ?? "", classId ?? "", key].joined(separator: "\u{1}")
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("schoolId", schoolId)
        issues.requireID("ruleId", ruleId)
        issues.optionalID("teacherId", teacherId)
        issues.optionalID("classId", classId)
        issues.requireText("key", key)
        if IsoWeek(week) == nil { issues.add("week", Phrase("must be a week as YYYY-Www", nl: "moet een week zijn in de vorm JJJJ-Www (bijv. 2026-W48)"), got: week) }
        if !(1...5).contains(priority) { issues.add("priority", Phrase("must be 1 (highest) to 5", nl: "moet 1 (hoogst) tot en met 5 zijn"), got: priority) }
        issues.requireText("text", text, maxLength: 2000)
        issues.requireText("nextStep", nextStep, maxLength: 2000)
        if status == .snoozed, snoozedUntil == nil { issues.add("snoozedUntil", Phrase("is required when snoozed", nl: "is verplicht voor een uitgesteld gesprekspunt")) }
    }
}

/// A next-lesson suggestion for a teacher, with its reason.
public struct Suggestion: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "suggestion"
    public var id: Int64?
    public var schoolId: String
    public var ruleId: String
    public var ruleVersion: String
    public var teacherId: String
    public var classId: String?
    public var goalId: String?
    public var day: Day
    public var text: String
    public var reason: String

    public init(id: Int64? = nil, schoolId: String, ruleId: String, ruleVersion: String,
                teacherId: String, classId: String? = nil, goalId: String? = nil, day: Day,
                text: String, reason: String) {
        self.id = id
        self.schoolId = schoolId
        self.ruleId = ruleId
        self.ruleVersion = ruleVersion
        self.teacherId = teacherId
        self.classId = classId
        self.goalId = goalId
        self.day = day
        self.text = text
        self.reason = reason
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("schoolId", schoolId)
        issues.requireID("ruleId", ruleId)
        issues.requireID("teacherId", teacherId)
        issues.optionalID("classId", classId)
        issues.optionalID("goalId", goalId)
        issues.requireText("text", text, maxLength: 2000)
    }
}

/// A rule's persistent state for one school, as JSON the rule wrote through `ctx.state`.
public struct RuleState: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "rule state"
    public var ruleId: String
    public var schoolId: String
    public var value: String

    public init(ruleId: String, schoolId: String, value: String) {
        self.ruleId = ruleId
        self.schoolId = schoolId
        self.value = value
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("ruleId", ruleId)
        issues.requireID("schoolId", schoolId)
        if value.utf8.count > 1 << 20 { issues.add("value", Phrase("must be at most 1 MiB of JSON", nl: "mag hoogstens 1 MiB JSON zijn")) }
    }
}
