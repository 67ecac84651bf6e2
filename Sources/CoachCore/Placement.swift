/// A pupil's track for one goal in one class (the 3-track policy, seed 002): 1 instruction-
/// independent, 2 instruction-sensitive, 3 instruction-dependent (extended instruction in the
/// "miniklas"). Groups should be flexible and temporary, so placements have an end.
public struct Placement: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "placement"
    public var id: Int64?
    public var pupilId: String
    public var classId: String
    public var goalId: String
    public var track: Int
    public var from: Day
    /// When the placement ended; nil while it is current.
    public var to: Day?
    /// Who decided (a teacher id, or a team name).
    public var decidedBy: String
    /// Whether the pupil was involved in choosing (seed 002 asks for it).
    public var pupilInvolved: Bool

    public init(id: Int64? = nil, pupilId: String, classId: String, goalId: String, track: Int,
                from: Day, to: Day? = nil, decidedBy: String, pupilInvolved: Bool) {
        self.id = id
        self.pupilId = pupilId
        self.classId = classId
        self.goalId = goalId
        self.track = track
        self.from = from
        self.to = to
        self.decidedBy = decidedBy
        self.pupilInvolved = pupilInvolved
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("pupilId", pupilId)
        issues.requireID("classId", classId)
        issues.requireID("goalId", goalId)
        if !(1...3).contains(track) { issues.add("track", Phrase("must be 1, 2 or 3", nl: "moet 1, 2 of 3 zijn"), got: track) }
        if let to, to < from { issues.add("to", Phrase("must not be before from (\(from))", nl: "{got} ligt vóór from (\(from))"), got: to.description) }
        issues.requireText("decidedBy", decidedBy, maxLength: 80)
    }
}
