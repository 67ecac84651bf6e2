import CoachBenchmarks
import Foundation
import Testing

/// Each benchmark runs at a tiny size and reports its ratio against its baseline. Nothing here
/// asserts a speed: these machines are shared, and speed lives in the benchmarks themselves.
struct BenchmarkReportTests {
    static let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules").path

    static func lines(_ run: ((String) -> Void) throws -> Void) throws -> [String] {
        var lines: [String] = []
        try run { lines.append($0) }
        return lines
    }

    @Test
    func luaCallsReportTheirRatioToTheBareCall() throws {
        var benchmark = LuaCallBenchmark()
        benchmark.calls = 2_000
        benchmark.rounds = 1
        let lines = try Self.lines(benchmark.run)
        #expect(lines.contains { $0.hasPrefix("sandbox cost (hook, budget, allocator cap, message handler): ") })
    }

    @Test
    func storeWritesReportTheirRatioToBareInserts() throws {
        var benchmark = StoreBenchmark()
        benchmark.records = 2_000
        benchmark.batch = 500
        let lines = try Self.lines(benchmark.run)
        #expect(lines.contains { $0.hasPrefix("store rate / bare rate: ") })
        #expect(lines.contains("events appended: 2000"))
    }

    @Test
    func dispatchReportsLargeOverSmall() throws {
        var benchmark = EngineBenchmark()
        benchmark.events = 300
        benchmark.small = 200
        benchmark.large = 600
        benchmark.rounds = 2
        let lines = try Self.lines(benchmark.run)
        #expect(lines.contains { $0.hasPrefix("large / small: ") })
        // The warm-up round is not counted: one ratio per counted round.
        let perRound = lines.first { $0.hasPrefix("large / small, per round: ") }
        #expect(perRound?.dropFirst("large / small, per round: ".count).split(separator: " ").count == 2)
    }

    @Test
    func ruleCostsAreReportedForEveryShippedRuleThatRan() throws {
        var benchmark = RuleCostBenchmark()
        benchmark.classes = 3
        benchmark.pupils = 5
        benchmark.weeks = 2
        benchmark.rows = 100
        benchmark.ruleDirectories = [Self.rules]
        let lines = try Self.lines(benchmark.run)
        #expect(lines.first?.hasSuffix(", 0 failures") == true, "\(lines.first ?? "")")
        #expect(lines.contains { $0.hasPrefix("persistent-track3\t2\t") })
        #expect(lines.last?.hasPrefix("one ctx.feedback of 100 records: ") == true)
    }
}
