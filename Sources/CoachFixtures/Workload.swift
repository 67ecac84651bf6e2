import CoachCore
import CoachStore

/// A deterministic stream of mixed records for one school, dated in order: `perDay` records
/// a day from `start`.
public struct Workload: Sendable {
    public static let pupils = 240, classes = 10, goals = 12, teachers = 10

    private var state: UInt64
    private let start: Day
    private let perDay: Int
    private var count = 0
    private var placementDay: [Int: Day] = [:]

    public init(seed: UInt64, start: Day = Day("2026-09-01")!, perDay: Int = 5_000) {
        state = seed
        self.start = start
        self.perDay = perDay
    }

    public static func school() -> [NewRecord] {
        var records: [NewRecord] = [.school(School(id: "s1", name: "Benchmark school"))]
        for t in 0..<teachers { records.append(.teacher(Teacher(id: "t\(t)", schoolId: "s1", name: "Teacher \(t)"))) }
        for c in 0..<classes { records.append(.schoolClass(SchoolClass(id: "k\(c)", schoolId: "s1", name: "Class \(c)"))) }
        for g in 0..<goals { records.append(.goal(LearningGoal(id: "g\(g)", schoolId: "s1", title: "Goal \(g)"))) }
        for p in 0..<pupils { records.append(.pupil(Pupil(id: "p\(p)", schoolId: "s1", classId: "k\(p % classes)"))) }
        records.append(.instrument(Instrument(id: "pb", version: "1", title: "PB", scale: .frequency, sections: [
            InstrumentSection(number: 1, title: "S1", items: (1...4).map { InstrumentItem(key: "1.\($0)", text: "Item \($0)") }),
        ])))
        return records
    }

    /// Goes on from where `earlier` left each pupil's placements: a stream of current
    /// placements after a stream of history never starts inside a step of it (placements of
    /// one pupil and goal never overlap).
    public mutating func follow(_ earlier: Workload) {
        placementDay = earlier.placementDay
    }

    private mutating func random(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    /// The next record; placements are current ones (ending the previous) when `current`.
    public mutating func next(current: Bool = false) -> NewRecord {
        let day = start.adding(days: count / perDay)
        count += 1
        let pupil = random(Self.pupils)
        let classId = "k\(pupil % Self.classes)"
        let teacher = "t\(pupil % Self.teachers)"
        let goal = random(Self.goals)
        switch random(100) {
        case 0..<40:
            return .feedback(FeedbackRecord(
                teacherId: teacher, classId: classId, pupilId: "p\(pupil)", goalId: "g\(goal)", date: day,
                level: FeedbackLevel.allCases[random(4)], question: FeedbackQuestion.allCases[random(3)],
                timing: random(4) == 0 ? .summative : .formative, form: .individual, growthPoints: random(4),
                text: "Kijk nog eens naar stap \(random(5) + 1)."))
        case 40..<65:
            return .result(LearningResult(pupilId: "p\(pupil)", goalId: "g\(goal)", date: day, kind: .exitTicket,
                                          score: Double(random(11)), maximum: 10))
        case 65..<80:
            return .observation(Observation(
                kind: .peer, schoolId: "s1", teacherId: teacher, classId: classId, instrumentId: "pb", instrumentVersion: "1",
                date: day, scores: (1...3).map { ItemScore(item: "1.\($0)", value: random(5) + 1) }, observers: ["t\(random(Self.teachers))"]))
        default:
            let slot = pupil * Self.goals + goal
            let from = max(day, placementDay[slot] ?? day)
            placementDay[slot] = from.adding(days: current ? 0 : 7)
            return .placement(Placement(pupilId: "p\(pupil)", classId: classId, goalId: "g\(goal)", track: random(3) + 1,
                                        from: from, to: current ? nil : from.adding(days: 7), decidedBy: teacher,
                                        pupilInvolved: random(2) == 0))
        }
    }
}
