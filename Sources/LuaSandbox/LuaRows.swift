/// Records with the same named fields, as a query hands them to a rule: pushed as an array of
/// tables without a Swift dictionary per record, each field name made into a Lua string once
/// per push instead of once per record. A `nil` cell leaves its field out, as in a table.
public struct LuaRows: Sendable, Hashable {
    /// The field names, one per column.
    public let names: [LuaString]
    /// The cells, row after row, `names.count` per row.
    public private(set) var cells: [LuaValue] = []

    public init(names: [String]) {
        self.names = names.map { LuaString($0) }
    }

    /// How many records there are.
    public var count: Int { names.isEmpty ? 0 : cells.count / names.count }

    /// Makes room for `rows` more records.
    public mutating func reserve(_ rows: Int) {
        cells.reserveCapacity(cells.count + rows * names.count)
    }

    /// Appends one record: exactly one value per name, in the names' order.
    public mutating func append(_ row: [LuaValue]) {
        precondition(row.count == names.count, "a row has one value per field name")
        cells.append(contentsOf: row)
    }

    /// Appends the next cell: a record is `names.count` cells in the names' order. Cheaper
    /// than ``append(_:)`` for many records (no array per record).
    public mutating func add(_ cell: LuaValue) { cells.append(cell) }

    /// Whether every record has all its cells.
    public var isWhole: Bool { names.isEmpty ? cells.isEmpty : cells.count % names.count == 0 }

    /// The records as maps: what Lua sees, for code that reads them back in Swift.
    public var maps: [LuaValue] {
        (0..<count).map { row in
            var map: [LuaValue: LuaValue] = [:]
            for (column, name) in names.enumerated() {
                let value = cells[row * names.count + column]
                if value != .nil { map[.string(name)] = value }
            }
            return .map(map)
        }
    }
}
