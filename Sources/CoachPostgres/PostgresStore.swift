import CoachCore
import Foundation
import Logging
import PostgresNIO

/// The shared store on PostgreSQL, for school groups: the same records and the same event
/// log as the SQLite store, every school's rows sealed off from the others by row-level
/// security.
///
/// The first part of the shared deployment: connecting by URL, the schema of the people and
/// the three kinds of records with their events (migrated like SQLite's, one list), writing
/// them all or nothing, reading the event log, and a connection that sees one school only.
/// Rules, prompts and the command line still run on SQLite (see the README's "Shared
/// deployment").
public final class PostgresStore: Sendable {
    public let location: PostgresLocation
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` (nothing is sent until the first query). The connection pool's own
    /// lines are logged at `error` unless a logger is given.
    public init(url: String, logger: Logger? = nil) throws(PostgresStoreError) {
        location = try PostgresLocation(url: url)
        var quiet = Logger(label: "coach.postgres")
        quiet.logLevel = .error
        let logger = logger ?? quiet
        self.logger = logger
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: location.password, database: location.database,
                                                         tls: .disable)
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 4
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Stops the connections.
    public func close() { runner.cancel() }

    // MARK: - Schema

    /// Fails at once, in one line, when the server cannot be reached (the pool would keep
    /// trying): one direct connection, closed again.
    public func checkReachable() async throws(PostgresStoreError) {
        try await wrap("connecting") {
            let connection = try await PostgresConnection.connect(
                configuration: .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                     database: location.database, tls: .disable),
                id: 0, logger: logger)
            try await connection.close()
        }
    }

    /// The migrations applied so far, oldest first.
    public func appliedMigrations() async throws(PostgresStoreError) -> [String] {
        try await checkReachable()
        return try await wrap("reading the migrations") {
            // Under the migrations' lock: two processes starting on a fresh database would
            // otherwise both make the ledger.
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7042)", logger: logger)
                try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.ledger), logger: logger)
            }
            var ids: [String] = []
            for try await id in try await client.query("SELECT id FROM coach_migration ORDER BY applied, id", logger: logger)
                .decode(String.self) { ids.append(id) }
            return ids
        }
    }

    /// Applies the migrations not applied yet, each in its own transaction; a second run does
    /// nothing. Several processes may start at once: an advisory lock lets one migrate.
    @discardableResult
    public func migrate() async throws(PostgresStoreError) -> [String] {
        let done = Set(try await appliedMigrations())
        var applied: [String] = []
        for migration in PostgresSchema.migrations where !done.contains(migration.id) {
            try await wrap("migration \(migration.id)") {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(7042)", logger: logger)
                    let again = try await connection.query("SELECT 1 FROM coach_migration WHERE id = \(migration.id)", logger: logger)
                    for try await _ in again { return }
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query("INSERT INTO coach_migration (id) VALUES (\(migration.id))", logger: logger)
                }
            }
            applied.append(migration.id)
        }
        return applied
    }

    // MARK: - Writing

    /// A record this first part of the PostgreSQL store takes.
    public enum Record: Sendable, Hashable {
        case school(School), teacher(Teacher), schoolClass(SchoolClass), pupil(Pupil), goal(LearningGoal)
        case feedback(FeedbackRecord), placement(Placement), result(LearningResult)

        var validatable: any ValidatableRecord {
            switch self {
            case .school(let r): r
            case .teacher(let r): r
            case .schoolClass(let r): r
            case .pupil(let r): r
            case .goal(let r): r
            case .feedback(let r): r
            case .placement(let r): r
            case .result(let r): r
            }
        }
    }

    /// Writes `records` with an event each, all or nothing; returns the events' sequence
    /// numbers. A record that breaks a rule is refused with the same words as on SQLite.
    @discardableResult
    public func write(_ records: [Record]) async throws(PostgresStoreError) -> [Int64] {
        for (position, record) in records.enumerated() {
            let issues = record.validatable.issues(reference: "#\(position + 1)")
            if let first = issues.first { throw PostgresStoreError(first.description) }
        }
        return try await wrap("writing \(records.count) records") {
            try await client.withTransaction(logger: logger) { connection in
                var events: [Int64] = []
                for record in records { events.append(try await Self.insert(record, connection, logger)) }
                return events
            }
        }
    }

    private static func insert(_ record: Record, _ c: PostgresConnection, _ logger: Logger) async throws -> Int64 {
        var payload = JSONObject()
        func event(_ kind: EventKind, school: String?, time: Day?, record: String) async throws -> Int64 {
            let rows = try await c.query("""
                INSERT INTO event (kind, schoolId, time, recordId, payload)
                VALUES (\(kind.rawValue), \(school), \(time?.description), \(record), \(payload.json)) RETURNING seq
                """, logger: logger)
            for try await seq in rows.decode(Int64.self) { return seq }
            throw PostgresStoreError("an event was not numbered")
        }
        func schoolOf(pupil: String) async throws -> String {
            for try await school in try await c.query("SELECT schoolId FROM pupil WHERE id = \(pupil)", logger: logger)
                .decode(String.self) { return school }
            throw PostgresStoreError("pupil '\(pupil)' is not known")
        }
        func schoolOf(teacher: String) async throws -> String {
            for try await school in try await c.query("SELECT schoolId FROM teacher WHERE id = \(teacher)", logger: logger)
                .decode(String.self) { return school }
            throw PostgresStoreError("teacher '\(teacher)' is not known")
        }
        func newId(_ query: PostgresQuery) async throws -> Int64 {
            for try await id in try await c.query(query, logger: logger).decode(Int64.self) { return id }
            throw PostgresStoreError("a record was not numbered")
        }
        switch record {
        case .school(let r):
            try await c.query("INSERT INTO school (id, name, language, level) VALUES (\(r.id), \(r.name), \(r.language.rawValue), \(r.level?.rawValue))",
                              logger: logger)
            payload = EventPayload.school(r)
            return try await event(.schoolAdded, school: r.id, time: nil, record: r.id)
        case .teacher(let r):
            try await c.query("INSERT INTO teacher (id, schoolId, name) VALUES (\(r.id), \(r.schoolId), \(r.name))", logger: logger)
            payload = EventPayload.teacher(r)
            return try await event(.teacherAdded, school: r.schoolId, time: nil, record: r.id)
        case .schoolClass(let r):
            try await c.query("INSERT INTO schoolClass (id, schoolId, name, grade) VALUES (\(r.id), \(r.schoolId), \(r.name), \(r.grade))",
                              logger: logger)
            payload = EventPayload.schoolClass(r)
            return try await event(.classAdded, school: r.schoolId, time: nil, record: r.id)
        case .pupil(let r):
            try await c.query("INSERT INTO pupil (id, schoolId, classId, alias) VALUES (\(r.id), \(r.schoolId), \(r.classId), \(r.alias))",
                              logger: logger)
            payload = EventPayload.pupil(r)
            return try await event(.pupilAdded, school: r.schoolId, time: nil, record: r.id)
        case .goal(let r):
            try await c.query("""
                INSERT INTO learningGoal (id, schoolId, title, subject, successCriteria, follows)
                VALUES (\(r.id), \(r.schoolId), \(r.title), \(r.subject), \(JSONObject.array(r.successCriteria)), \(r.follows))
                """, logger: logger)
            payload = EventPayload.goal(r)
            return try await event(.goalAdded, school: r.schoolId, time: nil, record: r.id)
        case .feedback(let r):
            let school = try await schoolOf(teacher: r.teacherId)
            let id = try await newId("""
                INSERT INTO feedback (schoolId, teacherId, classId, pupilId, goalId, date, level, question, timing, form,
                  growthPoints, text, codes)
                VALUES (\(school), \(r.teacherId), \(r.classId), \(r.pupilId), \(r.goalId), \(r.date.description), \(r.level.rawValue),
                  \(r.question.rawValue), \(r.timing.rawValue), \(r.form.rawValue), \(r.growthPoints), \(r.text),
                  \(JSONObject.array(r.codes)))
                RETURNING id
                """)
            payload = EventPayload.feedback(r, id: id)
            return try await event(.feedbackRecorded, school: school, time: r.date, record: String(id))
        case .placement(let r):
            let school = try await schoolOf(pupil: r.pupilId)
            var previousTrack: Int64?
            if r.to == nil {
                // A new current placement ends the one before it, on the day it starts.
                for try await track in try await c.query("""
                    UPDATE placement SET "to" = \(r.from.description)
                    WHERE pupilId = \(r.pupilId) AND goalId = \(r.goalId) AND "to" IS NULL AND "from" <= \(r.from.description)
                    RETURNING track
                    """, logger: logger).decode(Int64.self) { previousTrack = track }
            }
            let id = try await newId("""
                INSERT INTO placement (schoolId, pupilId, classId, goalId, track, "from", "to", decidedBy, pupilInvolved)
                VALUES (\(school), \(r.pupilId), \(r.classId), \(r.goalId), \(r.track), \(r.from.description), \(r.to?.description),
                  \(r.decidedBy), \(r.pupilInvolved))
                RETURNING id
                """)
            payload = EventPayload.placement(r, id: id, previousTrack: previousTrack)
            return try await event(.placementChanged, school: school, time: r.from, record: String(id))
        case .result(let r):
            let school = try await schoolOf(pupil: r.pupilId)
            let id = try await newId("""
                INSERT INTO result (schoolId, pupilId, goalId, date, kind, score, maximum, mastery)
                VALUES (\(school), \(r.pupilId), \(r.goalId), \(r.date.description), \(r.kind.rawValue), \(r.score), \(r.maximum), \(r.mastery))
                RETURNING id
                """)
            payload = EventPayload.result(r, id: id)
            return try await event(.resultRecorded, school: school, time: r.date, record: String(id))
        }
    }

    // MARK: - Reading

    /// Events after `seq`, in log order.
    public func events(after seq: Int64 = 0, limit: Int = 10_000) async throws(PostgresStoreError) -> [Event] {
        try await wrap("reading events") {
            var events: [Event] = []
            let rows = try await client.query("""
                SELECT seq, kind, schoolId, time, recordId, payload FROM event WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)
                """, logger: logger)
            for try await (seq, kind, school, time, record, payload) in rows.decode((Int64, String, String?, String?, String, String).self) {
                events.append(Event(seq: seq, kind: EventKind(rawValue: kind), schoolId: school, time: time.flatMap(Day.init),
                                    recordId: record, payload: payload))
            }
            return events
        }
    }

    /// Counts the rows of `table` that a connection for `school` sees (nil: the engine's own
    /// role, which sees every school).
    public func count(_ table: SealedTable, asSchool school: String? = nil) async throws(PostgresStoreError) -> Int {
        try await wrap("counting \(table.rawValue)") {
            try await asSchool(school) { connection in
                for try await n in try await connection.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.rawValue)"),
                                                               logger: logger).decode(Int64.self) { return Int(n) }
                return 0
            }
        }
    }

    /// Runs statements in one transaction on a connection for `school` (nil: the engine's role):
    /// for tools and tests that try what a school's connection may do.
    public func execute(_ statements: [String], asSchool school: String?) async throws(PostgresStoreError) {
        try await wrap("running \(statements.count) statements as \(school ?? "the engine")") {
            try await asSchool(school) { connection in
                for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            }
        }
    }

    /// Runs `body` on a connection for one school: as the `coach_school` role with the school
    /// set, so row-level security shows and accepts that school's rows only.
    public func asSchool<T: Sendable>(_ school: String?, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withTransaction(logger: logger) { connection in
            if let school {
                try await connection.query("SET LOCAL ROLE coach_school", logger: logger)
                try await connection.query("SELECT set_config('coach.school', \(school), true)", logger: logger)
            }
            return try await body(connection)
        }
    }

    /// Turns any error into one line without a password: PostgreSQL's own message and where.
    func wrap<T>(_ what: String, _ body: () async throws -> T) async throws(PostgresStoreError) -> T {
        do {
            return try await body()
        } catch let error as PostgresStoreError {
            throw error
        } catch let error as PSQLError {
            throw PostgresStoreError("\(what) on \(location): \(Self.message(error))")
        } catch let error as PostgresTransactionError {
            let inner = [error.beginError, error.closureError, error.commitError, error.rollbackError].compactMap { $0 }.first
            if let inner = inner as? PostgresStoreError { throw inner }
            let message = (inner as? PSQLError).map(Self.message) ?? "the transaction failed"
            throw PostgresStoreError("\(what) on \(location): \(message)")
        } catch {
            throw PostgresStoreError("\(what) on \(location): \(PostgresLocation.redacted(String(describing: error)))")
        }
    }
}

extension PostgresStore {
    /// PostgreSQL's own message, or what kind of failure it was (never the statement's values).
    static func message(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        switch error.code {
        case .connectionError: return "cannot connect (is the server running, and is the host and port right?)"
        default: return "\(error.code)"
        }
    }
}

/// Tables every school's connection is sealed off in.
public enum SealedTable: String, Sendable, CaseIterable {
    case school, teacher, schoolClass = "schoolclass", pupil, learningGoal = "learninggoal", feedback, placement, result, event
}
