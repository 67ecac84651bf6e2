import CoachCore
import CoachFixtures
import CoachEngine
import CoachStore
import Foundation
import LuaSandbox

/// Events per second on a short and on a long history.
///
/// Both stores are built once; then the same new events are dispatched again in each round,
/// by a cursor of its own, on the short and the long history in turn (the order alternating
/// from round to round), so that a noisy neighbour slows both alike. The first round warms
/// both stores up and stores the prompts; the counted rounds dispatch the events again with
/// every prompt already there (the same work on both stores). The report is the median of the
/// counted rounds' ratios.
public struct EngineBenchmark: Sendable {
    public init() {}

    /// New events dispatched in each round on each store.
    public var events: Int = 20_000
    /// Prior records in the small store.
    public var small: Int = 10_000
    /// Prior records in the large store.
    public var large: Int = 1_000_000
    /// Rounds counted (one more warms up).
    public var rounds: Int = 5

    /// Runs the benchmark, telling each line of the report to `print`.
    public func run(_ print: (String) -> Void) throws {
        guard rounds >= 1 else { throw BenchmarkFailure("the dispatch benchmark needs at least one round after the warm-up") }
        let pair = try Pair(self)
        var ratios: [Double] = [], smallRates: [Double] = [], largeRates: [Double] = []
        for _ in 0...rounds {
            let (smallRate, largeRate) = try pair.round()
            guard pair.rounds > 1 else { continue }
            smallRates.append(smallRate)
            largeRates.append(largeRate)
            ratios.append(largeRate / smallRate)
        }
        print("\(events) events to 10 rules, \(rounds) rounds after one to warm up (medians)")
        print("after \(small) prior records: \(LuaCallBenchmark.format(Self.median(smallRates))) events/s")
        print("after \(large) prior records: \(LuaCallBenchmark.format(Self.median(largeRates))) events/s")
        print("large / small, per round: " + ratios.map { LuaCallBenchmark.ratio($0) }.joined(separator: " "))
        print("large / small: \(LuaCallBenchmark.ratio(Self.median(ratios))) (target: at least 0.70)")
    }

    /// The middle value (the mean of the two middle ones for an even count).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// A short and a long history with the same new events, dispatched round after round.
    package final class Pair {
        private let folder: URL
        /// New events each round must dispatch on each store.
        private let events: Int
        private let smallStore: CoachStore
        private let largeStore: CoachStore
        /// Rounds run so far.
        package private(set) var rounds = 0
        /// Rounds the stores have a cursor for.
        private let capacity: Int

        /// Builds both stores (the long one takes a while: its history is written first).
        package init(_ benchmark: EngineBenchmark, capacity: Int? = nil) throws {
            self.capacity = capacity ?? benchmark.rounds + 1
            events = benchmark.events
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            smallStore = try Self.build(prior: benchmark.small, events: benchmark.events, cursors: self.capacity,
                                        path: folder.appendingPathComponent("small.sqlite").path)
            largeStore = try Self.build(prior: benchmark.large, events: benchmark.events, cursors: self.capacity,
                                        path: folder.appendingPathComponent("large.sqlite").path)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Dispatches the new events once more on each store; their rates (events per second).
        package func round() throws -> (small: Double, large: Double) {
            guard rounds < capacity else { throw BenchmarkFailure("the stores have cursors for \(capacity) rounds") }
            let cursor = "bench-\(rounds)"
            // The order alternates, so that a slow moment does not always fall on one side.
            let first = rounds % 2 == 0
            rounds += 1
            if first {
                let small = try rate(smallStore, cursor: cursor)
                return (small, try rate(largeStore, cursor: cursor))
            }
            let large = try rate(largeStore, cursor: cursor)
            return (try rate(smallStore, cursor: cursor), large)
        }

        private static func build(prior: Int, events: Int, cursors: Int, path: String) throws -> CoachStore {
            let store = try CoachStore.open(path: path)
            try store.write(Workload.school() + [.period(Period(
                id: "all", schoolId: "s1", name: "All", start: Day("2000-01-01")!, end: Day("2099-12-31")!,
                focus: Focus(instrumentId: "pb", section: 1)))])
            let perDay = 50
            let start = Day("2026-09-01")!.adding(days: -(prior / perDay))
            var history = Workload(seed: 7, start: start, perDay: perDay)
            var written = 0
            while written < prior {
                let n = min(1000, prior - written)
                try store.write((0..<n).map { _ in history.next() })
                written += n
            }
            // Every round's cursor starts after the history: only the new events are dispatched.
            for round in 0..<cursors { try store.skipDispatch("bench-\(round)") }
            var fresh = Workload(seed: 99, start: Day("2026-09-01")!, perDay: perDay)
            fresh.follow(history)
            written = 0
            while written < events {
                let n = min(1000, events - written)
                try store.write((0..<n).map { _ in fresh.next(current: true) })
                written += n
            }
            return store
        }

        private func rate(_ store: CoachStore, cursor: String) throws -> Double {
            var configuration = EngineConfiguration()
            configuration.cursor = cursor
            let rules = try EngineBenchmark.rules.map { name, source in
                try RuleLoader.load(source: Array(source.utf8), file: name, store: store, limits: configuration.limits)
            }
            let engine = Engine(store: store, rules: rules, configuration: configuration)
            let clock = ContinuousClock()
            var report = DispatchReport()
            let elapsed = try clock.measure { report = try engine.dispatch(through: Day("9999-12-31")!) }
            guard report.failures.isEmpty else { throw BenchmarkFailure("bench rules failed: \(report.failures.prefix(3))") }
            // A cursor that did not start right after the history would time other work.
            guard report.events == events else {
                throw BenchmarkFailure("cursor \(cursor) dispatched \(report.events) events, not the \(events) new ones")
            }
            return Double(report.events) / StoreBenchmark.seconds(elapsed)
        }
    }

    /// Ten rules in the style of the shipped ones, each asking ctx for recent records.
    static let rules: [(String, String)] = [
        ("fb-person.lua", """
            return rule { id = "fb-person", title = { nl = "p" }, on = { "feedback.recorded" }, run = function(ev, ctx)
              local person, all = 0, 0
              for _, f in ipairs(ctx.feedback{ teacher = ev.teacher, from = ctx.add_days(ev.date, -7) }) do
                all = all + 1
                if f.level == "person" then person = person + 1 end
              end
              if all >= 20 and person / all > 0.4 then
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "person", text = "person " .. person, next_step = "-", evidence = { ev.id .. "" } }
              end
            end }
            """),
        ("fb-growth.lua", """
            return rule { id = "fb-growth", title = { nl = "g" }, on = { "feedback.recorded" }, run = function(ev, ctx)
              if ev.growthPoints > 2 then
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "growth", text = "too many", next_step = "-" }
              end
            end }
            """),
        ("fb-forward.lua", """
            return rule { id = "fb-forward", title = { nl = "f" }, on = { "feedback.recorded" }, run = function(ev, ctx)
              local forward = 0
              for _, f in ipairs(ctx.feedback{ class = ev.class, goal = ev.goal, from = ctx.add_days(ev.date, -7) }) do
                if f.question == "feedForward" then forward = forward + 1 end
              end
              if forward == 0 then ctx.prompt{ to = "coach", class = ev.class, key = "ff/" .. ev.goal, text = "no ff", next_step = "-" } end
            end }
            """),
        ("res-band.lua", """
            return rule { id = "res-band", title = { nl = "b" }, on = { "result.recorded" }, run = function(ev, ctx)
              local sum, n = 0, 0
              for _, r in ipairs(ctx.results{ pupil = ev.pupil, goal = ev.goal, from = ctx.add_days(ev.date, -28) }) do
                sum, n = sum + r.mastery, n + 1
              end
              if n >= 3 and (sum / n < 30 or sum / n > 97) then
                ctx.prompt{ to = "coach", key = "band/" .. ev.pupil, text = "band", next_step = "-" }
              end
            end }
            """),
        ("res-gate.lua", """
            return rule { id = "res-gate", title = { nl = "m" }, on = { "result.recorded" }, run = function(ev, ctx)
              for _, s in ipairs(ctx.placements{ pupil = ev.pupil, goal = ev.goal, current = true }) do
                if s.track == 3 and ev.mastery and ev.mastery >= 90 then
                  ctx.prompt{ to = "coach", class = s.class, key = "gate/" .. ev.pupil, text = "gate", next_step = "-", evidence = { s.ref } }
                end
              end
            end }
            """),
        ("obs-low.lua", """
            return rule { id = "obs-low", title = { nl = "o" }, on = { "observation.recorded" }, run = function(ev, ctx)
              local low = 0
              for _, o in ipairs(ctx.observations{ teacher = ev.teacher, from = ctx.add_days(ev.date, -3) }) do
                for _, v in pairs(o.scores) do if v <= 1 then low = low + 1 end end
              end
              if low > 40 then ctx.prompt{ to = "coach", teacher = ev.teacher, key = "low", text = "low", next_step = "-" } end
            end }
            """),
        ("obs-focus.lua", """
            return rule { id = "obs-focus", title = { nl = "f" }, on = { "observation.recorded" }, run = function(ev, ctx)
              local period = ctx.period()
              local instrument = ctx.instrument(ev.instrument, ev.version)
              if period and period.focus and instrument and #instrument.sections > 5 then
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "focus", text = "focus", next_step = "-" }
              end
            end }
            """),
        ("pl-track3.lua", """
            return rule { id = "pl-track3", title = { nl = "t" }, on = { "placement.changed" }, run = function(ev, ctx)
              local n = 0
              for _, s in ipairs(ctx.placements{ pupil = ev.pupil, current = true }) do
                if s.track == 3 then n = n + 1 end
              end
              if n >= 10 then ctx.prompt{ to = "coach", key = "most/" .. ev.pupil, text = "most", next_step = "-" } end
            end }
            """),
        ("pl-class.lua", """
            return rule { id = "pl-class", title = { nl = "c" }, on = { "placement.changed" }, run = function(ev, ctx)
              local tracks = { 0, 0, 0 }
              for _, s in ipairs(ctx.placements{ class = ev.class, goal = ev.goal, current = true }) do
                tracks[s.track] = tracks[s.track] + 1
              end
              if tracks[3] > 20 then ctx.prompt{ to = "coach", class = ev.class, key = "class/" .. ev.goal, text = "c", next_step = "-" } end
            end }
            """),
        ("count.lua", """
            return rule { id = "count", title = { nl = "n" },
              on = { "feedback.recorded", "result.recorded", "observation.recorded", "placement.changed" },
              run = function(ev, ctx)
                ctx.set_state(ev.kind, (ctx.get_state(ev.kind) or 0) + 1)
              end }
            """),
    ]
}
