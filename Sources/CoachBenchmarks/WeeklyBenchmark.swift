import CoachCore
import CoachEngine
import CoachImport
import CoachStore
import Foundation

/// The weekly cycle of the shared benchmark's network — each week's CSV files imported, then
/// the week closed — in one process, with one store and one engine from the first week to the
/// last: what a long-running `coach` would pay, beside the command line's two processes a week
/// (`scripts/bench-network` times both on the same files).
public struct WeeklyBenchmark: Sendable {
    /// The folder `to_coach.py` wrote: `people.csv` and `weeks/NN-YYYY-Www/*.csv`.
    public var folder: String

    public init(folder: String) { self.folder = folder }

    /// What the cycle did and took.
    public struct Outcome: Sendable {
        /// Records imported over all weeks (the people not counted).
        public var records = 0
        /// Weeks imported and closed.
        public var weeks = 0
        /// Prompts the rules made.
        public var prompts = 0
        /// Wall time of the imports and ticks together.
        public var seconds = 0.0
        /// Of which the imports.
        public var importSeconds = 0.0
    }

    /// The week folders in order, each with the ISO week its name ends in.
    func weeks() throws -> [(week: IsoWeek, files: [String])] {
        let root = folder + "/weeks"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return try names.sorted().map { name in
            guard let dash = name.firstIndex(of: "-"), let week = IsoWeek(String(name[name.index(after: dash)...])) else {
                throw BenchmarkFailure("\(root)/\(name): not a week folder (NN-YYYY-Www)")
            }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + name)) ?? [])
                .filter { $0.hasSuffix(".csv") }.sorted().map { root + "/" + name + "/" + $0 }
            return (week, files)
        }
    }

    /// Imports the people (not timed), then every week's files and its tick on `store`, with
    /// `engine` (loaded on the same store). An import with problems stops the run.
    public func run(store: CoachStore, engine: Engine) throws -> Outcome {
        try Self.importing([folder + "/people.csv"], into: store)
        let weeks = try weeks()
        guard !weeks.isEmpty else { throw BenchmarkFailure("\(folder)/weeks: no week folders") }
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
                outcome.weeks += 1
            }
        }
        outcome.seconds = StoreBenchmark.seconds(total)
        outcome.importSeconds = StoreBenchmark.seconds(imports)
        return outcome
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
