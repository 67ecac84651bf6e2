import Benchmark
import CoachBenchmarks

/// Micro benchmarks, each beside its bare baseline in the same process: `swift package
/// benchmark` (release build). The `ratio` rows are subject time / baseline time x 100,
/// measured in alternating rounds so that a noisy neighbour slows both alike.
let benchmarks: @Sendable () -> Void = {
    let ratio = BenchmarkMetric.custom("time / baseline (x100)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           maxDuration: .seconds(10), maxIterations: 20)

    // A small rule function: the sandbox's call path vs. a bare lua_pcall on a plain state.
    var lua = LuaCallBenchmark()
    lua.calls = 100_000
    Benchmark("lua: bare lua_pcall x100k (baseline)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(lua.bareLoop(hooked: false)) }
    }
    Benchmark("lua: sandbox call x100k") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try lua.sandboxLoop()) }
    }
    Benchmark("lua: sandbox / bare", configuration: .init(metrics: [ratio])) { benchmark in
        for _ in benchmark.scaledIterations {
            let bare = lua.bareLoop(hooked: false), sandbox = try lua.sandboxLoop()
            benchmark.measurement(ratio, Int(StoreBenchmark.seconds(sandbox) / StoreBenchmark.seconds(bare) * 100))
        }
    }

    // 1,000 mixed records in one transaction: the store (validation, references, events) vs.
    // the bare SQLite C API writing the same rows.
    Benchmark("store: 1,000 records, store / bare SQLite C API", configuration: .init(metrics: [ratio, .wallClock])) { benchmark in
        let pair = try StoreBenchmark.Pair()
        for _ in benchmark.scaledIterations {
            let (store, bare) = try pair.round(records: 1_000)
            benchmark.measurement(ratio, Int(StoreBenchmark.seconds(store) / StoreBenchmark.seconds(bare) * 100))
        }
    }

    // Dispatch to 10 rules that query through ctx: the cost per event must not grow with history.
    // Both stores are built once; each iteration dispatches the same 20,000 new events on each
    // (a cursor per iteration, the order alternating); the first iteration warms up.
    let stores = Stores()
    let rounds = (warmup: 1, counted: 7)
    Benchmark("dispatch: 10 rules, 1M / 10k prior records", configuration: .init(
        metrics: [ratio], warmupIterations: rounds.warmup, maxDuration: .seconds(600), maxIterations: rounds.counted)) { benchmark in
        guard let pair = stores.pair else {
            benchmark.error("the dispatch benchmark's stores were not built")
            return
        }
        for _ in benchmark.scaledIterations {
            let (small, large) = try pair.round()
            // Time per event on the long history over the short one: at most 143 (1 / 0.70).
            benchmark.measurement(ratio, Int((small / large * 100).rounded()))
        }
    } setup: {
        stores.pair = try EngineBenchmark.Pair(EngineBenchmark(), capacity: rounds.warmup + rounds.counted)
    } teardown: {
        stores.pair = nil
    }
}

/// The dispatch benchmark's two stores, built once in its setup.
final class Stores: @unchecked Sendable {
    // @unchecked: set in setup and teardown, read by the iterations in between, one at a time.
    var pair: EngineBenchmark.Pair?
}
