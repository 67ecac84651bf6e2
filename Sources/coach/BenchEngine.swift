import ArgumentParser
import CoachBenchmarks

extension Coach.Bench {
    /// `coach bench engine`.
    struct BenchEngine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engine",
            abstract: "Events per second dispatched to 10 rules, on a small and on a large history.",
            discussion: """
                Builds two stores with the same school: one with --small prior records, one with
                --large, written at the same density (50 a day, a busy school) so that the larger one has a
                longer history, not a busier week. Then writes the same --events new records to
                both and dispatches them to 10 rules that query through ctx (recent feedback,
                results, observations, current placements, the period, rule state). The cost per
                event must not grow with the history: target, large rate at least 0.7 of the small.

                Example:
                  swift run -c release coach bench engine --events 100000 --small 10000 --large 1000000
                """
        )

        @OptionGroup var global: StoreOptions
        @Option(help: "New events to dispatch on each store.")
        var events: Int = 100_000
        @Option(help: "Prior records in the small store.")
        var small: Int = 10_000
        @Option(help: "Prior records in the large store.")
        var large: Int = 1_000_000

        func run() throws {
            var benchmark = EngineBenchmark()
            benchmark.events = events
            benchmark.small = small
            benchmark.large = large
            try guarded { try benchmark.run { say($0) } }
        }
    }
}
