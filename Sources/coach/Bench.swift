import ArgumentParser

extension Coach {
    /// `coach bench`: throughput figures as ratios against a bare baseline in the same run.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Size a deployment: a network's year, and what each rule costs at school scale.",
            discussion: "Micro benchmarks (the Lua call, the store, dispatch) are in Benchmarks/: swift package benchmark.\n\nExample:\n  scripts/ensure-deps      # release builds link jemalloc\n  swift run -c release coach bench network events.jsonl",
            subcommands: [BenchNetwork.self, BenchRules.self]
        )
    }
}
