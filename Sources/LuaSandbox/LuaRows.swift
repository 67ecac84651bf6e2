/// Records with the same named fields, as a query hands them to a rule: pushed as an array of
/// tables without a Swift dictionary per record, each field name made into a Lua string once
/// per push instead of once per record. A `nil` cell leaves its field out, as in a table.
///
/// Cells are kept flat: numbers inline, and every text's bytes in one shared buffer, so a query
/// can copy a column straight from the database into it without making a Swift `String` (rules
/// read tens of thousands of records a week; a string per cell was most of their cost).
public struct LuaRows: Sendable, Hashable {
    /// One cell: a scalar, a slice of ``bytes``, or (rarely) any value kept aside.
    enum Cell: Sendable, Hashable {
        case none
        case boolean(Bool)
        case integer(Int64)
        case number(Double)
        /// `count` bytes of ``bytes`` from `start`.
        case text(start: Int, count: Int)
        /// An index into ``others``: lists and whatever else is not a scalar.
        case other(Int)
    }

    /// The field names, one per column.
    public let names: [LuaString]
    var cells: [Cell] = []
    var bytes: [UInt8] = []
    var others: [LuaValue] = []
    /// The columns handed over, in order; all when nil (see ``selecting(_:)``).
    private(set) var shown: [Int]?

    public init(names: [String]) {
        self.names = names.map { LuaString($0) }
    }

    /// How many records there are.
    public var count: Int { names.isEmpty ? 0 : cells.count / names.count }

    /// Makes room for `rows` more records.
    public mutating func reserve(_ rows: Int) {
        cells.reserveCapacity(cells.count + rows * names.count)
        bytes.reserveCapacity(bytes.count + rows * names.count * 8)
    }

    /// Appends one record: exactly one value per name, in the names' order.
    public mutating func append(_ row: [LuaValue]) {
        precondition(row.count == names.count, "a row has one value per field name")
        for cell in row { add(cell) }
    }

    /// Appends the next cell: a record is `names.count` cells in the names' order. Cheaper
    /// than ``append(_:)`` for many records (no array per record).
    public mutating func add(_ cell: LuaValue) {
        switch cell {
        case .nil: cells.append(.none)
        case .boolean(let b): cells.append(.boolean(b))
        case .integer(let i): cells.append(.integer(i))
        case .number(let d): cells.append(.number(d))
        case .string(let s): s.withBytes { addText($0) }
        default:
            cells.append(.other(others.count))
            others.append(cell)
        }
    }

    /// Appends a nil cell (the field is left out of its record).
    public mutating func addNil() { cells.append(.none) }
    /// Appends an integer cell.
    public mutating func addInteger(_ value: Int64) { cells.append(.integer(value)) }
    /// Appends a number cell.
    public mutating func addNumber(_ value: Double) { cells.append(.number(value)) }
    /// Appends a boolean cell.
    public mutating func addBoolean(_ value: Bool) { cells.append(.boolean(value)) }

    /// Appends a string cell with these bytes (copied).
    public mutating func addText(_ text: UnsafeRawBufferPointer) {
        let start = bytes.count
        bytes.append(contentsOf: text)
        cells.append(.text(start: start, count: text.count))
    }

    /// Appends a string cell of `prefix` followed by `number` in decimal ("feedback:12").
    public mutating func addText(_ prefix: StaticString, _ number: Int64) {
        let start = bytes.count
        bytes.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        let digitsStart = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[digitsStart...].reverse()
        cells.append(.text(start: start, count: bytes.count - start))
    }

    /// Whether every record has all its cells.
    public var isWhole: Bool { names.isEmpty ? cells.isEmpty : cells.count % names.count == 0 }

    /// The value of one cell, as Lua will see it.
    func value(_ cell: Cell) -> LuaValue {
        switch cell {
        case .none: return .nil
        case .boolean(let b): return .boolean(b)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .text(let start, let count): return .string(LuaString(bytes[start..<start + count]))
        case .other(let index): return others[index]
        }
    }

    /// The records as maps: what Lua sees, for code that reads them back in Swift.
    public var maps: [LuaValue] {
        (0..<count).map { row in
            var map: [LuaValue: LuaValue] = [:]
            for column in columns {
                let value = value(cells[row * names.count + column])
                if value != .nil { map[.string(names[column])] = value }
            }
            return .map(map)
        }
    }

    /// The columns handed over, in order.
    var columns: [Int] { shown ?? Array(names.indices) }

    /// The same records with only the fields named (a rule that reads a few fields of many
    /// records: the others are never made into Lua values). Nil names the first unknown field.
    public func selecting(_ fields: [String]) -> (rows: LuaRows?, unknown: String?) {
        var chosen: [Int] = []
        for field in fields {
            guard let column = names.firstIndex(where: { $0.text == field }) else { return (nil, field) }
            if !chosen.contains(column) { chosen.append(column) }
        }
        var rows = self
        rows.shown = chosen
        return (rows, nil)
    }
}
