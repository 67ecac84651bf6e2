import Logging
import PostgresNIO

/// One connection to the server, used synchronously: rules, imports and digests run on a
/// working copy, not on the event loop, so each round trip simply waits for its answer.
/// (Waiting on a future is allowed on any thread but the event loop's own.)
final class Link: @unchecked Sendable {
    let location: PostgresLocation
    private let connection: PostgresConnection
    private let logger: Logger

    /// Connects, or says in one line why not (never with the password).
    init(_ location: PostgresLocation, logger: Logger) throws(PostgresStoreError) {
        self.location = location
        self.logger = logger
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                        id: 1, logger: logger).wait()
        } catch {
            throw Self.readable(error, "connecting", location)
        }
    }

    deinit { try? connection.close().wait() }

    /// Runs one statement and returns its rows; `what` names it in an error.
    @discardableResult
    func query(_ query: PostgresQuery, _ what: @autoclosure () -> String) throws(PostgresStoreError) -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw Self.readable(error, what(), location)
        }
    }

    /// Runs `work` in the open transaction, then commits; rolls back when either fails. (A
    /// transaction a failed statement left aborted answers COMMIT with a rollback and no
    /// error: the `SELECT 1` before it fails instead, saying why.)
    func commit<T>(after work: () throws(PostgresStoreError) -> T, _ what: String = "committing") throws(PostgresStoreError) -> T {
        do {
            let result = try work()
            try run(["SELECT 1", "COMMIT"], what)
            return result
        } catch {
            try? run(["ROLLBACK"], "rolling back")
            throw error
        }
    }

    /// Runs statements without arguments, one after the other.
    func run(_ statements: [String], _ what: @autoclosure () -> String) throws(PostgresStoreError) {
        for statement in statements { try query(PostgresQuery(unsafeSQL: statement), what()) }
    }

    /// Any error as one line without a password: PostgreSQL's own message and what was done.
    static func readable(_ error: any Error, _ what: String, _ location: PostgresLocation) -> PostgresStoreError {
        if let error = error as? PostgresStoreError { return error }
        if let error = error as? PSQLError {
            let message: String
            if error.serverInfo?[.sqlState] == "55P03" {
                return PostgresStoreError("\(what) on \(location): another import, tick or worker held the schools for longer than the wait "
                                          + "(--wait, COACH_WAIT)",
                                          dutch: "de scholen op \(location) bleven langer in gebruik door een andere import, tick of worker "
                                          + "dan dit commando wacht (--wait, COACH_WAIT); probeer het opnieuw")
            } else if error.serverInfo?[.sqlState] == "57014" {
                message = "the server cancelled the statement (its statement_timeout, or an administrator)"
            } else if let text = error.serverInfo?[.message] { message = text } else if error.code == .authMechanismRequiresPassword {
                message = "the server asks for a password: give it in the URL (postgres://user:password@…) or in PGPASSWORD"
            } else if error.code == .connectionError {
                message = "cannot connect (is the server running, and is the host and port right?)"
            } else { message = "\(error.code)" }
            return PostgresStoreError("\(what) on \(location): \(message)")
        }
        return PostgresStoreError("\(what) on \(location): \(PostgresLocation.redacted(String(describing: error)))")
    }
}
