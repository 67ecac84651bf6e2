import CoachCore
@testable import CoachEngine
import CoachFixtures
import CoachStore
import Foundation
import Testing

/// Schools are dispatched side by side, each worker with its own copy of the rules: the same
/// prompts as one by one. A rule's failures count per school.
struct ParallelDispatchTests {
    static func fileStore(_ network: SchoolNetwork) throws -> (CoachStore, String) {
        let path = NSTemporaryDirectory() + "coach-parallel-\(UUID().uuidString).sqlite"
        let store = try CoachStore.open(path: path)
        try store.write(OneTruthTests.plugins.instruments.map(NewRecord.instrument))
        try store.write(network.setup())
        return (store, path)
    }

    /// The network's weeks ticked one by one with `workers`; `breakCopies` gives one rule a
    /// source that does not load, so that no worker can make its copy of the rules.
    static func run(_ network: SchoolNetwork, workers: Int, breakCopies: Bool = false) throws -> (prompts: [String: [String]], engine: Engine) {
        let (store, path) = try Self.fileStore(network)
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var configuration = EngineConfiguration()
        configuration.dispatchWorkers = workers
        let (engine, problems) = Engine.load(store: store, ruleDirectories: [OneTruthTests.root.appendingPathComponent("Rules").path],
                                             configuration: configuration)
        #expect(problems.isEmpty)
        if breakCopies { engine.rules[0].source = Array("this is not Lua".utf8) }
        var report = DispatchReport()
        for w in 0..<network.shape.weeks {
            try store.write(network.records(week: w))
            let tick = try engine.tick(week: network.isoWeek(w)).dispatch
            report.events += tick.events
            report.ruleCalls += tick.ruleCalls
            report.failures += tick.failures
        }
        #expect(report.failures.isEmpty, "\(report.failures.prefix(2))")
        #expect(report.events > 500)
        // Every rule call is counted once, whichever worker made it.
        #expect(engine.costs.values.reduce(0) { $0 + $1.calls } == report.ruleCalls)
        return (try OneTruthTests.stored(store, network), engine)
    }

    static func expectSame(_ a: [String: [String]], _ b: [String: [String]]) {
        #expect(a.values.reduce(0) { $0 + $1.count } > 50, "the network makes prompts")
        for rule in Set(a.keys).union(b.keys).sorted() {
            #expect(a[rule] == b[rule], "\(rule): \(OneTruthTests.difference(a[rule] ?? [], b[rule] ?? []))")
        }
    }

    @Test
    func oneWorkerOrThreeGiveTheSamePrompts() throws {
        let network = try OneTruthTests.network(SchoolNetwork.Shape(schools: 4, weeks: 8, classes: 4, pupils: 10, seed: 11))
        let one = try Self.run(network, workers: 1)
        let three = try Self.run(network, workers: 3)
        Self.expectSame(one.prompts, three.prompts)
        // The workers' copies of the rules are made once and used for every week.
        #expect(one.engine.replicas.isEmpty)
        #expect(three.engine.replicas.count == 2 && !three.engine.replicaFailed)
    }

    @Test
    func workersWhoseRulesWillNotLoadLeaveTheirSchoolsToTheOthers() throws {
        let network = try OneTruthTests.network(SchoolNetwork.Shape(schools: 3, weeks: 4, classes: 3, pupils: 8, seed: 5))
        let one = try Self.run(network, workers: 1)
        let broken = try Self.run(network, workers: 3, breakCopies: true)
        Self.expectSame(one.prompts, broken.prompts)
        #expect(broken.engine.replicaFailed)
        #expect(broken.engine.replicas.isEmpty)
    }

    @Test
    func aRuleQuarantinedInOneSchoolStillRunsInAnother() throws {
        let store = try EngineFixture.store()
        // Fails on every observation of school s1, works in s2.
        let picky = ("picky.lua", """
            return rule { id = "picky", title = { nl = "Kieskeurig" }, on = { "observation.recorded" },
              run = function(ev, ctx)
                if ev.school == "s1" then error("kan niet in s1") end
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "seen/" .. ev.id, text = "gezien", next_step = "-" }
              end }
            """)
        try store.write([.instrument(Instrument(id: "xi", version: "1", title: "X", scale: .frequency, sections: [
            InstrumentSection(number: 1, title: "A", items: [InstrumentItem(key: "1.1", text: "a")]),
        ]))])
        var records: [NewRecord] = []
        for day in ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"] {
            records.append(EngineFixture.observation(date: day, scores: ["3.1": 4]))
            records.append(.observation(Observation(kind: .coach, schoolId: "s2", teacherId: "x1", instrumentId: "xi",
                                                    instrumentVersion: "1", date: EngineFixture.d(day),
                                                    scores: [ItemScore(item: "1.1", value: 3)], observers: ["c1"])))
        }
        try store.write(records)
        let engine = try EngineFixture.engine(store, extra: [picky])
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.quarantined == ["picky"])
        #expect(report.failures.count == 3 && report.failures.allSatisfy { $0.school == "s1" })
        let health = try store.ruleHealth("picky")
        #expect(health.first { $0.schoolId == "s1" }?.quarantined == true)
        #expect(health.first { $0.schoolId == "s2" }?.quarantined != true)
        #expect(try store.prompts(school: "s2").filter { $0.ruleId == "picky" }.count == 4, "s2 kept every prompt")
        // Released in s1, it runs there again.
        try store.releaseQuarantine("picky", school: "s1")
        #expect(try store.ruleHealth("picky").allSatisfy { !$0.quarantined })
    }

    /// A worker takes first the schools whose records it keeps from its last dispatch (a
    /// catch-up dispatches week after week), then the next in order; every school once.
    @Test
    func aWorkerTakesTheSchoolsItKeepsFirst() {
        let queue = Engine.SchoolQueue(["a", "b", "c", "d", "e"].map { School(id: $0, name: $0) })
        #expect(queue.take(preferring: ["c", "x"])?.id == "c")
        #expect(queue.take(preferring: [])?.id == "a")
        #expect(queue.take(preferring: ["a", "e"])?.id == "e")
        #expect(queue.take(preferring: ["c"])?.id == "b")
        #expect(queue.take(preferring: [])?.id == "d")
        #expect(queue.take(preferring: ["a", "b"]) == nil)
    }
}

