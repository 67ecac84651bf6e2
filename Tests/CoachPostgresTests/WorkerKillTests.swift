import CoachCore
import CoachFixtures
import CoachPlugins
import CoachPostgres
import CoachStore
import Foundation
import Testing

/// Workers as processes: one of two is killed with SIGKILL while it works; the survivor
/// finishes, and the prompts are a single worker's, none lost and none twice.
struct WorkerKillTests {
    static let root = SharedOneTruthTests.root

    /// The `coach` executable the tests were built with.
    static let coach: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("coach")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/debug/coach")
    }()

    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = coach
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// A shared store with a network's history, its weeks closed and no rule run yet.
    static func prepared() throws -> (url: String, store: PostgresStore) {
        let url = try TestServer.freshDatabase()
        let store = try PostgresStore(url: url)
        try store.migrate()
        let kijkwijzer = try #require(SharedOneTruthTests.plugins.instruments.first { $0.id == "peter-benoit-doelgerichte-differentiatie" })
        let network = SchoolNetwork(shape: .init(schools: 4, weeks: 8, classes: 3, pupils: 10, seed: 21), observationInstrument: kijkwijzer)
        let copy = try store.copy(.all, writing: true)
        try copy.store.write(SharedOneTruthTests.plugins.instruments.map(NewRecord.instrument))
        try copy.store.write(network.setup())
        for w in 0..<network.shape.weeks { try copy.store.write(network.records(week: w)) }
        try copy.commit()
        let tick = try start(["tick", "--through", network.isoWeek(network.shape.weeks - 1).description, "--no-dispatch", "--db", url])
        tick.waitUntilExit()
        #expect(tick.terminationStatus == 0)
        return (url, store)
    }

    static func worker(_ url: String) throws -> Process {
        try start(["worker", "--once", "--db", url, "--rules", root.appendingPathComponent("Rules").path,
                   "--plugins", root.appendingPathComponent("Plugins").path])
    }

    @Test
    func aWorkerKilledMidBatchLosesNothingAndDuplicatesNothing() throws {
        guard TestServer.available() else { return }
        // One worker alone: the reference.
        let single = try Self.prepared()
        let alone = try Self.worker(single.url)
        alone.waitUntilExit()
        #expect(alone.terminationStatus == 0)
        let reference = try SharedOneTruthTests.shapes(try SharedOneTruthTests.reading(single.store))
        #expect(reference.count > 20)

        // Two workers; one is killed while it holds a school, at a moment of its work that
        // differs from run to run (whatever the moment, nothing may be lost or doubled). On a
        // quiet machine the two may finish before the moment comes: then again, sooner.
        var shared: (url: String, store: PostgresStore)
        var doomed: Process, survivor: Process
        var latest = 1.0
        repeat {
            shared = try Self.prepared()
            doomed = try Self.worker(shared.url)
            survivor = try Self.worker(shared.url)
            Thread.sleep(forTimeInterval: Double.random(in: (latest * 0.3)...latest))
            kill(doomed.processIdentifier, SIGKILL)
            doomed.waitUntilExit()
            survivor.waitUntilExit()
            latest /= 3
        } while doomed.terminationReason != .uncaughtSignal && latest > 0.01
        #expect(doomed.terminationReason == .uncaughtSignal, "killed while working")
        #expect(survivor.terminationStatus == 0, "the survivor finishes")
        #expect(try shared.store.unhandledSchools().isEmpty, "every school handled")
        let prompts = try SharedOneTruthTests.shapes(try SharedOneTruthTests.reading(shared.store))
        #expect(prompts == reference, "\(SharedOneTruthTests.difference(prompts, reference))")
        #expect(Set(prompts).count == prompts.count, "no prompt twice")
    }
}
