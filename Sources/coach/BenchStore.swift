import ArgumentParser
import CoachBenchmarks

extension Coach.Bench {
    /// `coach bench store`.
    struct BenchStore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Records per second written by the store vs. a bare GRDB insert loop of the same rows.",
            discussion: """
                Writes the same mixed records (feedback 40 %, results 25 %, observations with three
                scores 15 %, placements 20 %) to two fresh database files in temporary storage:
                once through CoachStore.write (validation, reference checks, the event log, one
                transaction per batch) and once as bare inserts of the same rows through the same
                cached statements, without validation or events. Batches alternate between the two
                so that a noisy neighbour slows both alike.

                Example:
                  swift run -c release coach bench store --records 1000000
                """
        )

        @OptionGroup var global: StoreOptions
        @Option(help: "Records to write on each side.")
        var records: Int = 1_000_000
        @Option(help: "Records per transaction.")
        var batch: Int = 1_000

        func run() throws {
            var benchmark = StoreBenchmark()
            benchmark.records = records
            benchmark.batch = batch
            try guarded { try benchmark.run { say($0) } }
        }
    }
}
