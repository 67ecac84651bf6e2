import CoachCore
import CoachFixtures
import CoachStore
import Foundation

/// `coach bench store`: records with validation and events vs. a bare insert loop.
public struct StoreBenchmark: Sendable {
    public init() {}


    /// Records to write on each side.
    public var records: Int = 1_000_000

    /// Records per transaction.
    public var batch: Int = 1_000

    /// Runs the benchmark, telling each line of the report to `print`.
    public func run(_ print: (String) -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CoachStore.open(path: folder.appendingPathComponent("store.sqlite").path)
        let bare = try CoachStore.open(path: folder.appendingPathComponent("bare.sqlite").path)
        let school = Workload.school()
        try store.write(school)
        try bare.write(school)

        var workload = Workload(seed: 42, perDay: 500)
        let clock = ContinuousClock()
        var storeTime = Duration.zero, bareTime = Duration.zero
        var written = 0
        while written < records {
            let count = min(batch, records - written)
            let batchRecords = (0..<count).map { _ in workload.next() }
            storeTime += try clock.measure { try store.write(batchRecords) }
            bareTime += try clock.measure { try bare.insertBare(batchRecords) }
            written += count
        }
        let storeRate = Double(records) / Self.seconds(storeTime)
        let bareRate = Double(records) / Self.seconds(bareTime)
        print("\(records) mixed records, \(batch) per transaction, WAL file databases")
        print("store (validation, references, events): \(LuaCallBenchmark.format(storeRate)) records/s")
        print("bare inserts of the same rows:          \(LuaCallBenchmark.format(bareRate)) records/s")
        print("store rate / bare rate: \(LuaCallBenchmark.ratio(storeRate / bareRate)) (target: at least 0.50)")
        print("events appended: \(try store.lastEventSeq() - Int64(school.count))")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// A benchmark that could not run, in one line.
public struct BenchmarkFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
