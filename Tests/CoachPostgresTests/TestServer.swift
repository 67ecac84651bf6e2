import CoachPostgres
import Foundation
import Testing

/// The test server `scripts/test` starts (its URL in `COACH_TEST_POSTGRES`); without it the
/// PostgreSQL tests say so and do nothing else.
enum TestServer {
    static let url = ProcessInfo.processInfo.environment["COACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether there is a server; says once per test when there is none.
    static func available(_ test: String = #function) -> Bool {
        if url == nil { print("\(test): no COACH_TEST_POSTGRES (scripts/test starts a server); skipped") }
        return url != nil
    }

    /// The URL of a fresh database on the test server (made with psql: CREATE DATABASE cannot
    /// run in a transaction).
    static func freshDatabase() throws -> String {
        let base = try #require(url)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [base, "-q", "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql could not make a database")
        let location = try PostgresLocation(url: base)
        return "postgres://\(location.user)@\(location.host):\(location.port)/\(name)"
    }

    /// A migrated store on a fresh database.
    static func store() throws -> PostgresStore {
        let store = try PostgresStore(url: try freshDatabase())
        try store.migrate()
        return store
    }
}
