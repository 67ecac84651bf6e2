/// A school's feedback on the central tests (Vlaamse toetsen, seed 004) for one domain: the
/// school's result beside the Flemish mean and the mean of similar schools, in one year and
/// grade. One source among others: a team reads it together, never as a verdict.
public struct CentralResult: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "central result"
    public var id: Int64?
    public var schoolId: String
    /// The calendar year the test was taken (in May or June).
    public var year: Int
    /// The grade tested, as the feedback names it: `4`, `6`, `2A`.
    public var grade: String
    /// The domain, as the feedback names it: `begrijpend lezen`, `wiskunde probleemoplossen`.
    public var domain: String
    public var schoolScore: Double
    public var flemishMean: Double
    public var similarMean: Double
    /// The learning gain since the previous test, where the feedback gives it.
    public var learningGain: Double?

    public init(id: Int64? = nil, schoolId: String, year: Int, grade: String, domain: String, schoolScore: Double,
                flemishMean: Double, similarMean: Double, learningGain: Double? = nil) {
        self.id = id
        self.schoolId = schoolId
        self.year = year
        self.grade = grade
        self.domain = domain
        self.schoolScore = schoolScore
        self.flemishMean = flemishMean
        self.similarMean = similarMean
        self.learningGain = learningGain
    }

    /// The day rules may know it from: the end of June of its year, when the tests are over.
    /// A rule on an earlier day does not see it (time-true).
    public var day: Day { Day(year: year, month: 6, day: 30) ?? Day("2000-06-30")! }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("schoolId", schoolId)
        if !(2000...2100).contains(year) { issues.add("year", Phrase("must be a year like 2026", nl: "moet een jaartal zijn zoals 2026"), got: year) }
        issues.requireID("grade", grade)
        issues.requireText("domain", domain, maxLength: 100)
        for (field, value) in [("schoolScore", schoolScore), ("flemishMean", flemishMean), ("similarMean", similarMean),
                               ("learningGain", learningGain ?? 0)] where !value.isFinite {
            issues.add(field, Phrase("must be a number", nl: "moet een getal zijn"), got: value)
        }
    }
}
