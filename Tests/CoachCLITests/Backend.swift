import CoachPostgres
import CoachStore
import CoachTestSupport
import Foundation
import Testing

/// Where a CLI test keeps its school: a SQLite file, or a fresh database on the PostgreSQL
/// server `scripts/test` starts (`COACH_TEST_POSTGRES`). Tests that touch storage run on both.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A new, empty database for `--db`; nil (the test is skipped) when there is no server.
    func database(in scratch: Scratch, named name: String = "school") throws -> String? {
        switch self {
        case .sqlite:
            return scratch.url.appendingPathComponent("\(name).sqlite").path
        case .postgres:
            guard TestPostgres.available("the PostgreSQL case") else { return nil }
            return try TestPostgres.freshDatabase()
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
