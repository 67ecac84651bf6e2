import ArgumentParser
import CoachBenchmarks

extension Coach.Bench {
    /// `coach bench rules`.
    struct BenchRules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "The rules' cost per call at school scale, against their instruction budget and time backstop.",
            discussion: """
                Generates one school of --classes classes of --pupils pupils (1,000 pupils by \
                default) and --weeks weeks of records, closes the weeks one by one with the rules \
                of --rules, and prints per rule its calls, its most expensive call in instructions \
                (against the budget that decides) and in time (against the wall-clock backstop). \
                Then the cost of a large query: one ctx.feedback call returning --rows records.

                Example:
                  scripts/ensure-deps      # release builds link jemalloc
                  swift run -c release coach bench rules --classes 40 --pupils 25 --weeks 12
                """
        )

        @OptionGroup var global: ReadingStoreOptions
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
            var benchmark = RuleCostBenchmark()
            benchmark.classes = classes
            benchmark.pupils = pupils
            benchmark.weeks = weeks
            benchmark.rows = rows
            benchmark.ruleDirectories = engineOptions.ruleDirectories()
            try guarded { try benchmark.run { say($0) } }
        }
    }
}
