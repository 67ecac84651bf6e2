import Foundation

/// The PostgreSQL server `scripts/test` starts for the tests (its URL in `COACH_TEST_POSTGRES`),
/// shared by every test target that runs a case on it.
package enum TestPostgres {
    /// The server's URL; nil when there is none (the PostgreSQL cases are then skipped).
    package static let server = ProcessInfo.processInfo.environment["COACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether there is a server; says so, naming the test, when there is none.
    package static func available(_ test: String = #function) -> Bool {
        if server == nil { print("\(test): no COACH_TEST_POSTGRES (scripts/test starts a server); skipped") }
        return server != nil
    }

    /// The URL of a new, empty database on the server, made with `psql` (`CREATE DATABASE`
    /// cannot run in a transaction, which every statement of ours is in).
    package static func freshDatabase() throws -> String {
        guard let server else { throw Failure("no COACH_TEST_POSTGRES: no server to make a database on") }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [server, "-q", "-c", "CREATE DATABASE \(name)"]
        try psql.run()
        psql.waitUntilExit()
        guard psql.terminationStatus == 0 else { throw Failure("psql could not make the database \(name) (exit \(psql.terminationStatus))") }
        // The server's own URL with the database swapped: its user, password and options stay.
        guard var parts = URLComponents(string: server) else { throw Failure("COACH_TEST_POSTGRES is not a URL") }
        parts.path = "/\(name)"
        guard let url = parts.string else { throw Failure("no URL for the database \(name)") }
        return url
    }

    /// Why a database could not be made.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
        init(_ description: String) { self.description = description }
    }
}
