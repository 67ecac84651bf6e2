/// Where a result comes from.
public enum ResultKind: String, Codable, Sendable, CaseIterable {
    case exitTicket, test, observation
}

/// Evidence of learning: a pupil's score on a goal, or a mastery percentage.
public struct LearningResult: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "result"
    public var id: Int64?
    public var pupilId: String
    public var goalId: String
    public var date: Day
    public var kind: ResultKind
    public var score: Double?
    public var maximum: Double?
    /// 0 to 100, when no score is given.
    public var mastery: Double?

    public init(id: Int64? = nil, pupilId: String, goalId: String, date: Day, kind: ResultKind,
                score: Double? = nil, maximum: Double? = nil, mastery: Double? = nil) {
        self.id = id
        self.pupilId = pupilId
        self.goalId = goalId
        self.date = date
        self.kind = kind
        self.score = score
        self.maximum = maximum
        self.mastery = mastery
    }

    /// Mastery in percent, from the score or as given.
    public var masteryPercent: Double? {
        if let score, let maximum, maximum > 0 { return score / maximum * 100 }
        return mastery
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("pupilId", pupilId)
        issues.requireID("goalId", goalId)
        switch (score, maximum, mastery) {
        case (let score?, let maximum?, nil):
            if !(maximum > 0) || !maximum.isFinite { issues.add("maximum", Phrase("must be more than 0", nl: "moet groter dan 0 zijn"), got: maximum) }
            else if !(0...maximum).contains(score) { issues.add("score", Phrase("must be 0 to the maximum \(maximum)", nl: "moet tussen 0 en het maximum (\(maximum)) liggen, niet {got}"), got: score) }
        case (nil, nil, let mastery?):
            if !(0...100).contains(mastery) { issues.add("mastery", Phrase("must be 0 to 100", nl: "moet tussen 0 en 100 liggen"), got: mastery) }
        default:
            issues.add("", Phrase("needs either a score with its maximum, or a mastery percentage",
                                  nl: "heeft precies één van beide nodig (een score met het maximum, of een beheersingspercentage)"))
        }
    }
}
