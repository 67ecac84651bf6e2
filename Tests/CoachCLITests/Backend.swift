import CoachPostgres
import CoachStore
import Foundation
import Testing

/// Where a CLI test keeps its school: a SQLite file, or a fresh database on the PostgreSQL
/// server `scripts/test` starts (`COACH_TEST_POSTGRES`). Tests that touch storage run on both.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let server = ProcessInfo.processInfo.environment["COACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A new, empty database for `--db`; nil (the test is skipped) when there is no server.
    func database(in scratch: Scratch, named name: String = "school") throws -> String? {
        switch self {
        case .sqlite:
            return scratch.url.appendingPathComponent("\(name).sqlite").path
        case .postgres:
            guard let base = Self.server else {
                print("no COACH_TEST_POSTGRES (scripts/test starts a server); the PostgreSQL case is skipped")
                return nil
            }
            let database = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            process.arguments = [base, "-q", "-c", "CREATE DATABASE \(database)"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "psql could not make a database")
            let location = try PostgresLocation(url: base)
            return "postgres://\(location.user)@\(location.host):\(location.port)/\(database)"
        }
    }

    /// Runs `body` on the store at `db` and keeps what it wrote.
    @discardableResult
    static func writing<T>(_ db: String, _ body: (CoachStore) throws -> T) throws -> T {
        guard PostgresLocation.isURL(db) else { return try body(try CoachStore.open(path: db)) }
        let copy = try PostgresStore(url: db).copy(.all, writing: true)
        let result = try body(copy.store)
        try copy.commit()
        return result
    }

    /// The store at `db` as it is now, to read.
    static func reading(_ db: String) throws -> CoachStore {
        guard PostgresLocation.isURL(db) else { return try CoachStore.open(path: db) }
        let copy = try PostgresStore(url: db).copy(.all, writing: false)
        copy.abandon()
        return copy.store
    }
}
