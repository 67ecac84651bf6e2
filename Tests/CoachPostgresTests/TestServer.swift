import CoachPostgres
import CoachTestSupport

/// The test server `scripts/test` starts (its URL in `COACH_TEST_POSTGRES`); without it the
/// PostgreSQL tests say so and do nothing else.
enum TestServer {
    /// Whether there is a server; says once per test when there is none.
    static func available(_ test: String = #function) -> Bool { TestPostgres.available(test) }

    /// The URL of a fresh database on the test server.
    static func freshDatabase() throws -> String { try TestPostgres.freshDatabase() }

    /// A migrated store on a fresh database.
    static func store() throws -> PostgresStore {
        let store = try PostgresStore(url: try freshDatabase())
        try store.migrate()
        return store
    }
}
