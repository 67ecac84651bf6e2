import ArgumentParser
import CoachCore
import CoachEngine
import CoachFixtures
import CoachStore
import Foundation

extension Coach.Bench {
    /// `coach bench rules`: how far the shipped rules stay inside their limits at school scale.
    struct BenchRules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "The rules' cost per call at school scale, against their instruction budget and time backstop.",
            discussion: """
                Generates one school of --classes classes of --pupils pupils (1,000 pupils by
                default) and --weeks weeks of records, closes the weeks one by one with the rules
                of --rules, and prints per rule its calls, its most expensive call in instructions
                (against the budget that decides) and in time (against the wall-clock backstop).
                Then the cost of a large query: one ctx.feedback call returning --rows records.

                Example:
                  swift run -c release coach bench rules --classes 40 --pupils 25 --weeks 12
                """
        )

        @OptionGroup var engineOptions: EngineOptions
        @Option(help: "Classes in the school.")
        var classes: Int = 40
        @Option(help: "Pupils per class.")
        var pupils: Int = 25
        @Option(help: "Weeks of records.")
        var weeks: Int = 12
        @Option(help: "Records one large query returns.")
        var rows: Int = 20_000

        func run() throws {
            let store = try CoachStore.inMemory()
            let network = SchoolNetwork(shape: .init(schools: 1, weeks: weeks, classes: classes, pupils: pupils, seed: 11))
            try guarded { try store.write(network.setup()) }
            for w in 0..<weeks { try guarded { try store.write(network.records(week: w)) } }
            let (engine, _) = try engineOptions.engine(store)
            let clock = ContinuousClock()
            var failures = 0
            let elapsed = try clock.measure {
                for w in 0..<weeks { failures += try guarded { try engine.tick(week: network.isoWeek(w)) }.dispatch.failures.count }
            }
            let limits = engine.configuration.limits
            print("one school: \(classes * pupils) pupils in \(classes) classes, \(weeks) weeks, "
                  + "\(try store.lastEventSeq()) events, \(BenchStore.seconds(elapsed)) s, \(failures) failures")
            print("rule\tcalls\tmax instructions\tof budget\tmax ms\tof backstop\tmean ms")
            for (id, cost) in engine.costs.sorted(by: { $0.key < $1.key }) {
                let maxMs = BenchStore.seconds(cost.maxDuration) * 1000
                let meanMs = BenchStore.seconds(cost.totalDuration) * 1000 / Double(max(cost.calls, 1))
                print("\(id)\t\(cost.calls)\t\(cost.maxInstructions)\t"
                      + "\(Self.percent(Double(cost.maxInstructions) / Double(limits.instructions)))\t"
                      + "\(String(format: "%.2f", maxMs))\t"
                      + "\(Self.percent(maxMs / (BenchStore.seconds(limits.timeout) * 1000)))\t"
                      + "\(String(format: "%.3f", meanMs))")
            }
            try largeQuery(engine)
        }

        /// One query returning `rows` records: the time per record handed to Lua.
        private func largeQuery(_ engine: Engine) throws {
            let store = try CoachStore.inMemory()
            let day = Day("2026-10-05")!
            try guarded {
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
            let rule = try guarded { try RuleLoader.load(source: Array(source.utf8), file: "big.lua", store: store) }
            let big = Engine(store: store, rules: [rule])
            _ = try guarded { try big.tick(week: day.isoWeek) }
            let cost = big.costs["big"] ?? RuleCost()
            let ms = BenchStore.seconds(cost.maxDuration) * 1000
            print("one ctx.feedback of \(rows) records: \(String(format: "%.1f", ms)) ms, "
                  + "\(String(format: "%.2f", ms * 1000 / Double(rows))) µs a record, \(cost.maxInstructions) instructions")
        }

        static func percent(_ share: Double) -> String { String(format: "%.2f %%", share * 100) }
    }
}
