import ArgumentParser
import CoachBenchmarks

extension Coach.Bench {
    /// `coach bench network EVENTS.jsonl`.
    struct BenchNetwork: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "network",
            abstract: "A school network's year in one process: writing and dispatch rates, to size a deployment.",
            discussion: """
                Reads the neutral JSON lines of ../shared/bench/gen_events.py, writes the records in \
                batches to a fresh store, closes every week with the rules of --rules, and prints \
                records/s and events/s. scripts/bench-network runs it beside the Python peer on the \
                same file and prints the ratios.

                Example:
                  python3 ../shared/bench/gen_events.py 10 40 > events.jsonl
                  scripts/ensure-deps      # release builds link jemalloc
                  swift run -c release coach bench network events.jsonl
                """
        )

        @OptionGroup var global: StoreOptions
        @OptionGroup var engineOptions: EngineOptions
        @Argument(help: "The neutral events file.")
        var events: String
        @Option(help: "Schools dispatched side by side (default: one per core).")
        var workers: Int?

        func run() throws {
            var benchmark = NetworkBenchmark()
            benchmark.path = events
            benchmark.ruleDirectories = engineOptions.ruleDirectories()
            benchmark.workers = workers
            try guarded { try benchmark.run { say($0) } }
        }
    }
}
