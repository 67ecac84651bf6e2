import ArgumentParser

extension Coach {
    /// `coach bench`: throughput figures as ratios against a bare baseline in the same run.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the engine against bare baselines (build with -c release).",
            discussion: "Example:\n  swift run -c release coach bench lua",
            subcommands: [BenchLua.self, BenchStore.self, BenchEngine.self, BenchRules.self, BenchNetwork.self]
        )
    }
}
