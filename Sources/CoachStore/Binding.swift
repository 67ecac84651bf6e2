import CoachCore
import GRDB
import GRDBSQLite

/// A value bound straight to a statement through SQLite's C API: the hot inserts of an import
/// bind a dozen values a row, and GRDB's `StatementArguments` made an array of boxed values
/// for each (a tenth of a year's import, perf).
protocol SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32
}

/// SQLite copies the bytes before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension String: SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 {
        // -1: up to the first NUL, as GRDB binds text (and reads it back), so every write path
        // stores the same.
        withCString { sqlite3_bind_text(statement, index, $0, -1, transient) }
    }
}

extension Int64: SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Double: SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 { sqlite3_bind_double(statement, index, self) }
}

extension Bool: SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self ? 1 : 0) }
}

extension Day: SQLiteBindable {
    /// As GRDB stores it (see `databaseValue`): `YYYY-MM-DD`.
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 { description.bind(statement, index) }
}

extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(_ statement: OpaquePointer, _ index: Int32) -> Int32 {
        switch self {
        case .none: sqlite3_bind_null(statement, index)
        case .some(let value): value.bind(statement, index)
        }
    }
}

extension Database {
    /// Runs the cached statement for `sql` once with `values`, bound in order: a write that
    /// returns no rows. A failure is the `DatabaseError` GRDB would have thrown.
    func write<each V: SQLiteBindable>(_ sql: String, _ values: repeat each V) throws {
        let statement = try cachedStatement(sql: sql)
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var index: Int32 = 0
        var bound = SQLITE_OK
        for value in repeat each values {
            index += 1
            if bound == SQLITE_OK { bound = value.bind(handle, index) }
        }
        guard bound == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: bound), message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
        }
        guard index == sqlite3_bind_parameter_count(handle) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(index) values for \(sqlite3_bind_parameter_count(handle)) parameters",
                                sql: sql)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let error = DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(sqliteConnection)),
                                      message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }
}
