import CoachCore
import CoachFixtures
import CoachStore
import Foundation

/// Records written through the store (validation, references, events) vs. the bare SQLite C
/// API writing the same rows in the same transactions.
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
        let barePath = folder.appendingPathComponent("bare.sqlite").path
        let school = Workload.school()
        try store.write(school)
        // The bare loop writes into a database of the same schema and the same people.
        try CoachStore.open(path: barePath).write(school)
        var bare = try BareSQLite(path: barePath)
        defer { bare.close() }

        var workload = Workload(seed: 42, perDay: 500)
        let clock = ContinuousClock()
        var storeTime = Duration.zero, bareTime = Duration.zero
        var written = 0
        while written < records {
            let count = min(batch, records - written)
            let batchRecords = (0..<count).map { _ in workload.next() }
            let rows = batchRecords.compactMap(BareSQLite.rows)
            // Alternating batches: a noisy neighbour slows both sides alike.
            storeTime += try clock.measure { try store.write(batchRecords) }
            bareTime += try clock.measure { try bare.write(rows) }
            written += count
        }
        let storeRate = Double(records) / Self.seconds(storeTime)
        let bareRate = Double(records) / Self.seconds(bareTime)
        print("\(records) mixed records, \(batch) per transaction, WAL file databases")
        print("store (validation, references, events): \(LuaCallBenchmark.format(storeRate)) records/s")
        print("bare SQLite C API, the same rows:       \(LuaCallBenchmark.format(bareRate)) records/s (baseline)")
        print("store rate / bare rate: \(LuaCallBenchmark.ratio(storeRate / bareRate)) (target: at least 0.50)")
        print("events appended: \(try store.lastEventSeq() - Int64(school.count))")
    }

    /// A store and a bare database side by side, written in alternating batches.
    package final class Pair {
        private let folder: URL
        private let store: CoachStore
        private var bare: BareSQLite
        private var workload = Workload(seed: 42, perDay: 500)

        package init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            store = try CoachStore.open(path: folder.appendingPathComponent("store.sqlite").path)
            let barePath = folder.appendingPathComponent("bare.sqlite").path
            try store.write(Workload.school())
            try CoachStore.open(path: barePath).write(Workload.school())
            bare = try BareSQLite(path: barePath)
        }

        deinit {
            bare.close()
            try? FileManager.default.removeItem(at: folder)
        }

        /// Writes one batch of `records` new records each way; the time of each.
        package func round(records: Int) throws -> (store: Duration, bare: Duration) {
            let batch = (0..<records).map { _ in workload.next() }
            let rows = batch.compactMap(BareSQLite.rows)
            let clock = ContinuousClock()
            let storeTime = try clock.measure { try store.write(batch) }
            let bareTime = try clock.measure { try bare.write(rows) }
            return (storeTime, bareTime)
        }
    }

    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// A benchmark that could not run, in one line.
public struct BenchmarkFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
