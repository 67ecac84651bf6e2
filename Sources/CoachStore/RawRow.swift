import CoachCore
import GRDB
import GRDBSQLite

/// One row of a query, read in place: columns straight from SQLite's buffers, with no Swift
/// value made per cell. Valid only inside the closure it is handed to (the next step of the
/// statement overwrites it). Rules read tens of thousands of rows a week; this is their path.
package struct RawRow {
    let statement: OpaquePointer

    /// Whether the column is NULL.
    package func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    /// The column as an integer (0 for NULL).
    package func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    /// The column as a number (0 for NULL).
    package func number(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    /// The column's text as UTF-8 bytes, valid until the next row (empty for NULL).
    package func text(_ column: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_text before sqlite3_column_bytes: the count is of the text form.
        guard let start = sqlite3_column_text(statement, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// The column as a day (nil for NULL or anything that is not `YYYY-MM-DD`).
    package func day(_ column: Int32) -> Day? { Day(utf8: text(column)) }
}

extension Row {
    /// Steps `statement` and hands each row to `body` in place; returns how many there were.
    static func scan(_ statement: Statement, _ arguments: StatementArguments, _ body: (RawRow) -> Void) throws -> Int {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let raw = RawRow(statement: statement.sqliteStatement)
        var count = 0
        while try cursor.next() != nil {
            body(raw)
            count += 1
        }
        return count
    }
}
