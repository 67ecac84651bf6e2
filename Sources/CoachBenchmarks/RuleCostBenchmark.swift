import CoachCore
import CoachEngine
import CoachFixtures
import CoachStore
import Foundation

/// `coach bench rules`: how far the shipped rules stay inside their limits at school scale.
public struct RuleCostBenchmark: Sendable {
    public init() {}


    /// The folders of the rules to measure.
    public var ruleDirectories: [String] = ["Rules"]
    /// Classes in the school.
    public var classes: Int = 40
    /// Pupils per class.
    public var pupils: Int = 25
    /// Weeks of records.
    public var weeks: Int = 12
    /// Records one large query returns.
    public var rows: Int = 20_000

    /// Runs the benchmark, telling each line of the report to `print`.
    public func run(_ print: (String) -> Void) throws {
        let store = try CoachStore.inMemory()
        let network = SchoolNetwork(shape: .init(schools: 1, weeks: weeks, classes: classes, pupils: pupils, seed: 11))
        try store.write(network.setup())
        for w in 0..<weeks { try store.write(network.records(week: w)) }
        let (engine, problems) = Engine.load(store: store, ruleDirectories: ruleDirectories)
        for problem in problems { print("rule problem: \(problem)") }
        let clock = ContinuousClock()
        var failures = 0
        let elapsed = try clock.measure {
            for w in 0..<weeks { failures += try engine.tick(week: network.isoWeek(w)).dispatch.failures.count }
        }
        let limits = engine.configuration.limits
        print("one school: \(classes * pupils) pupils in \(classes) classes, \(weeks) weeks, "
              + "\(try store.lastEventSeq()) events, \(StoreBenchmark.seconds(elapsed)) s, \(failures) failures")
        print("rule\tcalls\tmax instructions\tof budget\tmax ms\tof backstop\tmean ms")
        for (id, cost) in engine.costs.sorted(by: { $0.key < $1.key }) {
            let maxMs = StoreBenchmark.seconds(cost.maxDuration) * 1000
            let meanMs = StoreBenchmark.seconds(cost.totalDuration) * 1000 / Double(max(cost.calls, 1))
            print("\(id)\t\(cost.calls)\t\(cost.maxInstructions)\t"
                  + "\(Self.percent(Double(cost.maxInstructions) / Double(limits.instructions)))\t"
                  + "\(String(format: "%.2f", maxMs))\t"
                  + "\(Self.percent(maxMs / (StoreBenchmark.seconds(limits.timeout) * 1000)))\t"
                  + "\(String(format: "%.3f", meanMs))")
        }
        try largeQuery(print)
    }

    /// One query returning `rows` records: the time per record handed to Lua.
    private func largeQuery(_ print: (String) -> Void) throws {
        let store = try CoachStore.inMemory()
        let day = Day("2026-10-05")!
        do {
            try store.write([.school(School(id: "q", name: "Q")), .teacher(Teacher(id: "qt", schoolId: "q", name: "T")),
                             .schoolClass(SchoolClass(id: "qc", schoolId: "q", name: "C")),
                             .goal(LearningGoal(id: "qg", schoolId: "q", title: "G"))])
            var batch: [NewRecord] = []
            for n in 0..<rows {
                batch.append(.feedback(FeedbackRecord(teacherId: "qt", classId: "qc", goalId: "qg", date: day.adding(days: -(n % 300)),
                                                      level: .task, question: .feedback, timing: .formative, form: .wholeClass,
                                                      growthPoints: 1)))
            }
            try store.write(batch)
        }
        let source = """
            return rule { id = "big", title = { nl = "b" }, on = { "week.ended" },
              run = function(ev, ctx) local n = 0; for _, f in ipairs(ctx.feedback{ teacher = "qt" }) do n = n + f.growth_points end end }
            """
        let rule = try RuleLoader.load(source: Array(source.utf8), file: "big.lua", store: store)
        let big = Engine(store: store, rules: [rule])
        _ = try big.tick(week: day.isoWeek)
        let cost = big.costs["big"] ?? RuleCost()
        let ms = StoreBenchmark.seconds(cost.maxDuration) * 1000
        print("one ctx.feedback of \(rows) records: \(String(format: "%.1f", ms)) ms, "
              + "\(String(format: "%.2f", ms * 1000 / Double(rows))) µs a record, \(cost.maxInstructions) instructions")
    }

    static func percent(_ share: Double) -> String { String(format: "%.2f %%", share * 100) }
}
