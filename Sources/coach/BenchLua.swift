import ArgumentParser
import CoachBenchmarks

extension Coach.Bench {
    /// `coach bench lua`.
    struct BenchLua: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lua",
            abstract: "Calls per second of a small rule function: sandbox vs. bare lua_pcall.",
            discussion: """
                Every loop calls the same Lua function with one integer and reads back a string
                and an integer. Baseline: lua_pcall on a plain state with no hook. Then the same
                with an empty count hook (what Lua 5.4 charges for any hook), the sandbox's call
                path reading results off the Lua stack as the baseline does, and the full
                LuaSandbox.call API returning Swift LuaValues. Rounds alternate between the
                loops; the best round of each counts.

                Example:
                  swift run -c release coach bench lua --calls 2000000
                """
        )

        @OptionGroup var global: StoreOptions
        @Option(help: "Calls per round.")
        var calls: Int = 1_000_000
        @Option(help: "Rounds of each loop.")
        var rounds: Int = 5

        @Flag(help: "Run only the sandbox loop (for a profiler).")
        var sandboxOnly = false

        func run() throws {
            var benchmark = LuaCallBenchmark()
            benchmark.sandboxOnly = sandboxOnly
            benchmark.calls = calls
            benchmark.rounds = rounds
            try guarded { try benchmark.run { say($0) } }
        }
    }
}
