import ArgumentParser
import CoachBenchmarks
import Foundation

extension Coach.Bench {
    /// `coach bench network EVENTS.jsonl`.
    struct BenchNetwork: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "network",
            abstract: "A school network's year in one process: writing and dispatch rates, to size a deployment.",
            discussion: """
                Reads the neutral JSON lines of ../shared/bench/gen_events.py, writes the records in \
                batches to a fresh store, closes every week with the rules of --rules, and prints \
                records/s and events/s. With --weeks (the CSV files to_coach.py made of the same \
                file) it also runs the weekly cycle in this one process: on a fresh store set up as \
                'coach init' does, every week's files imported and the week closed, the store and \
                the rules kept open from week to week, as a long-running coach would. \
                scripts/bench-network runs it beside the Python peer on the same file and prints \
                the ratios.

                Example:
                  python3 ../shared/bench/gen_events.py 10 40 > events.jsonl
                  scripts/ensure-deps      # release builds link jemalloc
                  swift run -c release coach bench network events.jsonl
                """
        )

        @OptionGroup var global: ReadingStoreOptions
        @OptionGroup var engineOptions: EngineOptions
        @Argument(help: "The neutral events file.")
        var events: String
        @Option(help: "Schools dispatched side by side (default: one per core).")
        var workers: Int?
        @Option(help: "The folder of to_coach.py's CSV files (people.csv, weeks/): also time the weekly cycle in one process.")
        var weeks: String?

        func validate() throws {
            // Said before the network's own run, not after it.
            if let weeks, !FileManager.default.fileExists(atPath: weeks + "/people.csv") {
                throw ValidationError("--weeks \(weeks): no people.csv there (give the folder to_coach.py wrote)")
            }
        }

        func run() throws {
            var benchmark = NetworkBenchmark()
            benchmark.path = events
            benchmark.ruleDirectories = engineOptions.ruleDirectories()
            benchmark.workers = workers
            try guarded { try benchmark.run { say($0) } }
            if let weeks { try weekly(weeks) }
        }

        /// The weekly cycle in one process, on a store of its own.
        func weekly(_ weeks: String) throws {
            let outcome = try guarded { try WeeklyBenchmark(folder: weeks).runOnFreshStore(engineOptions.workspace, workers: workers) }
            say(String(format: "weekly, one process: %.2f s (imports %.2f s), %d records, %d weeks, %d prompts, %d failures",
                       outcome.seconds, outcome.importSeconds, outcome.records, outcome.weeks, outcome.prompts, outcome.failures))
        }
    }
}
