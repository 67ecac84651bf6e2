import CoachCore
import CoachEngine
import CoachImport
import CoachSetup
import CoachStore
import Foundation

/// The weekly cycle of the shared benchmark's network — each week's CSV files imported, then
/// the week closed — in one process, with one store and one engine from the first week to the
/// last: what a long-running `coach` would pay, beside the command line's two processes a week
/// (`scripts/bench-network` times both on the same files).
public struct WeeklyBenchmark: Sendable {
    /// The folder `to_coach.py` wrote: `people.csv` and `weeks/NN-YYYY-Www/*.csv`.
    public var folder: String

    /// The cycle of the files in `folder`.
    public init(folder: String) { self.folder = folder }

    /// What the cycle did and took.
    public struct Outcome: Sendable {
        /// Records imported over all weeks (the people not counted).
        public var records = 0
        /// Weeks imported and closed.
        public var weeks = 0
        /// Prompts the rules made.
        public var prompts = 0
        /// Rule calls that failed (each also recorded in the store's rule health, as a tick does).
        public var failures = 0
        /// Wall time of the imports and ticks together.
        public var seconds = 0.0
        /// Of which the imports.
        public var importSeconds = 0.0
    }

    /// The week folders in order, each with the ISO week its name ends in.
    func weeks() throws -> [(week: IsoWeek, files: [String])] {
        let root = folder + "/weeks"
        return try Self.contents(root).sorted().map { name in
            guard let dash = name.firstIndex(of: "-"), let week = IsoWeek(String(name[name.index(after: dash)...])) else {
                throw BenchmarkFailure("\(root)/\(name): not a week folder (NN-YYYY-Www)")
            }
            let files = try Self.contents(root + "/" + name).filter { $0.hasSuffix(".csv") }.sorted().map { root + "/" + name + "/" + $0 }
            return (week, files)
        }
    }

    static func contents(_ path: String) throws -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw BenchmarkFailure("cannot read the folder \(path): \(error.localizedDescription)")
        }
    }

    /// Imports the people (not timed), then every week's files and its tick on `store`, with
    /// `engine` (loaded on the same store). An import with problems stops the run.
    public func run(store: CoachStore, engine: Engine) throws -> Outcome {
        let weeks = try weeks()
        guard !weeks.isEmpty else { throw BenchmarkFailure("\(folder)/weeks: no week folders") }
        try Self.importing([folder + "/people.csv"], into: store)
        var outcome = Outcome()
        let clock = ContinuousClock()
        var imports = Duration.zero
        let total = try clock.measure {
            for (week, files) in weeks {
                let started = clock.now
                outcome.records += try Self.importing(files, into: store)
                imports += clock.now - started
                let report = try engine.tick(week: week, dispatch: true)
                outcome.prompts += report.dispatch.prompts
                outcome.failures += report.dispatch.failures.count
                outcome.weeks += 1
            }
        }
        outcome.seconds = StoreBenchmark.seconds(total)
        outcome.importSeconds = StoreBenchmark.seconds(imports)
        return outcome
    }

    /// The cycle on a store of its own, set up as `coach init` does with `workspace`'s rules,
    /// plugins and configuration (its database is ignored), removed afterwards. The engine is
    /// loaded as `coach tick` loads it; `workers`, when given, replaces the configuration's.
    public func runOnFreshStore(_ workspace: Workspace, workers: Int? = nil) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coach-weekly-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var workspace = workspace
        workspace.database = scratch + "/weekly.sqlite"
        _ = try workspace.initialise()
        let store = try workspace.open()
        var configuration = try workspace.configuration()
        if let workers { configuration.dispatchWorkers = workers }
        let (engine, _) = try workspace.engine(store, configuration: configuration)
        return try run(store: store, engine: engine)
    }

    /// One import of `files`, all or nothing, as `coach import` does it; the records added.
    @discardableResult
    static func importing(_ files: [String], into store: CoachStore) throws -> Int {
        let outcome = try Importer.run(files: try ImportFile.open(files, kind: nil, encoding: nil), into: store)
        if let problem = outcome.problems.first {
            throw BenchmarkFailure("\(outcome.problems.count) problems importing \(files.count) files, the first: \(problem.text)")
        }
        return outcome.added
    }
}
