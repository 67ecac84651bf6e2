/// Hattie & Timperley's levels. Person-level praise does not improve learning (seed 001).
public enum FeedbackLevel: String, Codable, Sendable, CaseIterable {
    case task, process, selfRegulation, person
}

/// Which of the three feedback questions it answers.
public enum FeedbackQuestion: String, Codable, Sendable, CaseIterable {
    /// Where am I going?
    case feedUp
    /// How am I doing?
    case feedback
    /// What is my next step?
    case feedForward
}

/// During learning, or after it (a test).
public enum FeedbackTiming: String, Codable, Sendable, CaseIterable {
    case formative, summative
}

public enum FeedbackForm: String, Codable, Sendable, CaseIterable {
    case wholeClass, individual, peer
    /// Inner feedback (innerlijke feedback): the pupil's own.
    case selfFeedback = "self"
}

/// Feedback a teacher gave: at which level, answering which question, when, in which form.
public struct FeedbackRecord: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "feedback"
    public var id: Int64?
    public var teacherId: String
    public var classId: String
    public var pupilId: String?
    public var goalId: String
    public var date: Day
    public var level: FeedbackLevel
    public var question: FeedbackQuestion
    public var timing: FeedbackTiming
    public var form: FeedbackForm
    /// Growth points (groeikansen) named: keep it to one or two (seed 000).
    public var growthPoints: Int
    public var text: String?
    /// Codes from a feedback legend plugin (seed 003's coloured dots).
    public var codes: [String]

    public init(id: Int64? = nil, teacherId: String, classId: String, pupilId: String? = nil,
                goalId: String, date: Day, level: FeedbackLevel, question: FeedbackQuestion,
                timing: FeedbackTiming, form: FeedbackForm, growthPoints: Int, text: String? = nil,
                codes: [String] = []) {
        self.id = id
        self.teacherId = teacherId
        self.classId = classId
        self.pupilId = pupilId
        self.goalId = goalId
        self.date = date
        self.level = level
        self.question = question
        self.timing = timing
        self.form = form
        self.growthPoints = growthPoints
        self.text = text
        self.codes = codes
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("teacherId", teacherId)
        issues.requireID("classId", classId)
        issues.optionalID("pupilId", pupilId)
        issues.requireID("goalId", goalId)
        if !(0...20).contains(growthPoints) { issues.add("growthPoints", Phrase("must be 0 to 20", nl: "moet tussen 0 en 20 liggen"), got: growthPoints) }
        if form == .individual, pupilId == nil { issues.add("pupilId", Phrase("is required for individual feedback", nl: "is verplicht bij individuele feedback")) }
        if let text { issues.requireText("text", text, maxLength: 4000) }
        for code in codes where !IssueCollector.isID(code) { issues.add("codes", Phrase("must be short codes", nl: "{got} is geen korte code (letters, cijfers, '-', '_', '.' of '/')"), got: code) }
    }
}
