import CoachCore
import CoachStore
import GRDBSQLite

/// The floor for writing records: the SQLite C API on its own, with prepared statements that
/// are bound, stepped and reset, in transactions of the store's batch size, on the store's
/// own schema and pragmas. It writes the same rows the store writes for each record (the
/// record, its scores, its event with a payload), but checks nothing and builds no JSON: the
/// payloads are made before the clock starts.
struct BareSQLite {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// Opens the database file `path`, which the store has already created and migrated.
    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
            throw BenchmarkFailure("cannot open \(path) for the bare loop")
        }
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -32768",
                       "PRAGMA foreign_keys = ON"] {
            try execute(pragma)
        }
    }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw BenchmarkFailure("bare loop: \(String(cString: sqlite3_errmsg(db))) in \(sql)")
        }
    }

    private mutating func statement(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
            throw BenchmarkFailure("bare loop: \(String(cString: sqlite3_errmsg(db))) in \(sql)")
        }
        statements[sql] = statement
        return statement
    }

    /// One value to bind.
    enum Value {
        case text(String), integer(Int64), real(Double), null
    }

    /// Binds `values`, steps once and resets: one row written.
    private mutating func run(_ sql: String, _ values: [Value]) throws {
        let statement = try statement(sql)
        for (index, value) in values.enumerated() {
            let column = Int32(index + 1)
            switch value {
            case .text(let text): sqlite3_bind_text(statement, column, text, -1, transient)
            case .integer(let integer): sqlite3_bind_int64(statement, column, integer)
            case .real(let real): sqlite3_bind_double(statement, column, real)
            case .null: sqlite3_bind_null(statement, column)
            }
        }
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw BenchmarkFailure("bare loop: \(String(cString: sqlite3_errmsg(db))) in \(sql)") }
    }

    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A record as the rows it becomes, made before timing.
    struct Rows {
        var record: (String, [Value])
        var children: [(String, [Value])] = []
        var event: [Value]
    }

    /// Writes one batch in one transaction.
    mutating func write(_ batch: [Rows]) throws {
        try execute("BEGIN IMMEDIATE")
        for rows in batch {
            try run(rows.record.0, rows.record.1)
            let id = sqlite3_last_insert_rowid(db)
            for child in rows.children { try run(child.0, [.integer(id)] + child.1) }
            try run("INSERT INTO event (kind, schoolId, time, recordId, payload) VALUES (?, ?, ?, ?, ?)",
                    rows.event + [.text(String(id)), .text("{\"id\":\(id)}")])
        }
        try execute("COMMIT")
    }

    /// The rows the store writes for `record` (a Workload record: observation, feedback,
    /// placement or result, of school `s1`).
    static func rows(_ record: NewRecord) -> Rows? {
        func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
        switch record {
        case .feedback(let r):
            return Rows(record: ("""
                INSERT INTO feedback (teacherId, classId, pupilId, goalId, date, level, question, timing, form,
                  growthPoints, text, codes, importKey, importDigest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(r.teacherId), .text(r.classId), text(r.pupilId), .text(r.goalId), .text(r.date.description),
                      .text(r.level.rawValue), .text(r.question.rawValue), .text(r.timing.rawValue), .text(r.form.rawValue),
                      .integer(Int64(r.growthPoints)), text(r.text), .text("[]"), .null, .null]),
                        event: [.text(EventKind.feedbackRecorded.rawValue), .text("s1"), .text(r.date.description)])
        case .result(let r):
            return Rows(record: ("""
                INSERT INTO result (pupilId, goalId, date, kind, score, maximum, mastery, importKey, importDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(r.pupilId), .text(r.goalId), .text(r.date.description), .text(r.kind.rawValue),
                      r.score.map(Value.real) ?? .null, r.maximum.map(Value.real) ?? .null, r.mastery.map(Value.real) ?? .null,
                      .null, .null]),
                        event: [.text(EventKind.resultRecorded.rawValue), .text("s1"), .text(r.date.description)])
        case .observation(let r):
            return Rows(record: ("""
                INSERT INTO observation (kind, schoolId, teacherId, classId, instrumentId, instrumentVersion,
                  date, subject, lesson, videoUri, videoStart, videoEnd, workOn, observers, importKey, importDigest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(r.kind.rawValue), .text(r.schoolId), .text(r.teacherId), text(r.classId), .text(r.instrumentId),
                      .text(r.instrumentVersion), .text(r.date.description), .null, .null, .null, .null, .null, .null,
                      .text("[\"" + r.observers.joined(separator: "\",\"") + "\"]"), .null, .null]),
                        children: r.scores.map { score -> (String, [Value]) in
                            ("INSERT INTO observationScore (observationId, item, value, note) VALUES (?, ?, ?, ?)",
                             [.text(score.item), .integer(Int64(score.value)), .null]) },
                        event: [.text(EventKind.observationRecorded.rawValue), .text("s1"), .text(r.date.description)])
        case .placement(let r):
            return Rows(record: ("""
                INSERT INTO placement (pupilId, classId, goalId, track, "from", "to", decidedBy, pupilInvolved,
                  importKey, importDigest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(r.pupilId), .text(r.classId), .text(r.goalId), .integer(Int64(r.track)), .text(r.from.description),
                      text(r.to?.description), .text(r.decidedBy), .integer(r.pupilInvolved ? 1 : 0), .null, .null]),
                        event: [.text(EventKind.placementChanged.rawValue), .text("s1"), .text(r.from.description)])
        default:
            return nil
        }
    }
}
