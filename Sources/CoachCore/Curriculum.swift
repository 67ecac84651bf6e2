/// A learning goal (leerdoel) with its success criteria (succescriteria).
public struct LearningGoal: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "goal"
    public var id: String
    public var schoolId: String
    public var title: String
    public var subject: String?
    public var successCriteria: [String]
    /// The goal this one builds on, for mastery learning ("move on at about 80 %").
    public var follows: String?

    public init(id: String, schoolId: String, title: String, subject: String? = nil,
                successCriteria: [String] = [], follows: String? = nil) {
        self.id = id
        self.schoolId = schoolId
        self.title = title
        self.subject = subject
        self.successCriteria = successCriteria
        self.follows = follows
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireID("schoolId", schoolId)
        issues.requireText("title", title)
        if let subject { issues.requireText("subject", subject, maxLength: 80) }
        for (n, criterion) in successCriteria.enumerated() {
            issues.requireText("successCriteria[\(n + 1)]", criterion, maxLength: 500)
        }
        issues.optionalID("follows", follows)
        if follows == id { issues.add("follows", Phrase("cannot be the goal itself", nl: "{got} is het doel zelf: een doel kan niet op zichzelf volgen"), got: id) }
    }
}

/// This period's focus: one section of one kijkwijzer (seed 002: "to avoid overloading the
/// team, focus on one section of the kijkwijzer per period").
public struct Focus: Codable, Sendable, Hashable {
    public var instrumentId: String
    public var section: Int

    public init(instrumentId: String, section: Int) {
        self.instrumentId = instrumentId
        self.section = section
    }
}

/// A period a school works in, with an optional focus.
public struct Period: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "period"
    public var id: String
    public var schoolId: String
    public var name: String
    public var start: Day
    public var end: Day
    public var focus: Focus?

    public init(id: String, schoolId: String, name: String, start: Day, end: Day, focus: Focus? = nil) {
        self.id = id
        self.schoolId = schoolId
        self.name = name
        self.start = start
        self.end = end
        self.focus = focus
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireID("schoolId", schoolId)
        issues.requireText("name", name)
        if end < start { issues.add("end", Phrase("must not be before start (\(start))", nl: "{got} ligt vóór het begin (\(start))"), got: end.description) }
        if let focus {
            issues.requireID("focus.instrumentId", focus.instrumentId)
            if focus.section < 1 { issues.add("focus.section", Phrase("must be 1 or more", nl: "moet minstens 1 zijn"), got: focus.section) }
        }
    }
}
