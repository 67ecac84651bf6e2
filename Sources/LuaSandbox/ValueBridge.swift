import CLua
import CLuaShim

/// Pushes Swift values onto the Lua stack. Only used while the allocator is in its grace
/// mode (the host is running), so no push can raise a Lua error through this frame.
struct ValueBridge {
    let sandbox: LuaSandbox

    /// A table being filled needs room for itself, a key and a value, at each depth.
    private func reserve(_ L: OpaquePointer) throws(LuaError) {
        guard lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .invalidValue, message: "Lua stack is full")
        }
    }

    func push(_ value: LuaValue, depth: Int = 0) throws(LuaError) {
        let L = sandbox.state
        guard depth <= sandbox.limits.maxValueDepth else {
            throw LuaError(kind: .invalidValue,
                           message: "value nested deeper than \(sandbox.limits.maxValueDepth) tables")
        }
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let string):
            string.withBytes { bytes in
                _ = lua_pushlstring(L, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
            }
        case .array(let items):
            try reserve(L)
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (offset, item) in items.enumerated() {
                try push(item, depth: depth + 1)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
        case .map(let fields):
            try reserve(L)
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for (key, item) in fields {
                switch key {
                case .nil, .array, .map, .function:
                    lua_settop(L, -2)
                    throw LuaError(kind: .invalidValue, message: "a table key cannot be \(key.typeName == "nil" ? "nil" : "a " + key.typeName)")
                case .number(let d) where d.isNaN:
                    lua_settop(L, -2)
                    throw LuaError(kind: .invalidValue, message: "a table key cannot be NaN")
                default: break
                }
                try push(key, depth: depth + 1)
                try push(item, depth: depth + 1)
                lua_rawset(L, -3)
            }
        case .function(let function):
            try sandbox.pushFunction(function)
        case .rows(let rows):
            try pushRows(rows, depth: depth)
        }
    }
}

extension ValueBridge {
    /// An array of tables: the field names are pushed once, below the array, and copied as
    /// keys into each record.
    private func pushRows(_ rows: LuaRows, depth: Int) throws(LuaError) {
        let L = sandbox.state
        guard depth + 2 <= sandbox.limits.maxValueDepth else {
            throw LuaError(kind: .invalidValue,
                           message: "value nested deeper than \(sandbox.limits.maxValueDepth) tables")
        }
        let width = rows.names.count
        let columns = rows.columns
        guard rows.isWhole else { throw LuaError(kind: .invalidValue, message: "rows with a missing cell") }
        guard lua_checkstack(L, Int32(clamping: columns.count + 6)) != 0 else {
            throw LuaError(kind: .invalidValue, message: "Lua stack is full")
        }
        let names = lua_gettop(L) + 1
        for column in columns {
            rows.names[column].withBytes { bytes in
                _ = lua_pushlstring(L, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
            }
        }
        lua_createtable(L, Int32(clamping: rows.count), 0)
        let array = lua_gettop(L)
        try rows.bytes.withUnsafeBufferPointer { (bytes) throws(LuaError) in
            let base = UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
            for row in 0..<rows.count {
                lua_createtable(L, 0, Int32(clamping: columns.count))
                for (slot, column) in columns.enumerated() {
                    let key = names + Int32(slot)
                    switch rows.cells[row * width + column] {
                    case .none: continue
                    case .boolean(let b): lua_pushvalue(L, key); lua_pushboolean(L, b ? 1 : 0)
                    case .integer(let i): lua_pushvalue(L, key); lua_pushinteger(L, lua_Integer(i))
                    case .number(let d): lua_pushvalue(L, key); lua_pushnumber(L, d)
                    case .text(let start, let count):
                        lua_pushvalue(L, key)
                        _ = lua_pushlstring(L, base.map { $0 + start }, count)
                    case .other(let index):
                        lua_pushvalue(L, key)
                        try push(rows.others[index], depth: depth + 2)
                    }
                    lua_rawset(L, -3)
                }
                lua_rawseti(L, array, lua_Integer(row + 1))
            }
        }
        // The array takes the place of the names.
        lua_copy(L, array, names)
        lua_settop(L, names)
    }
}

/// Reads values off the Lua stack with raw access only (no metamethod runs), within the
/// sandbox's caps on depth, entries and bytes.
struct ValueReader {
    let sandbox: LuaSandbox
    private var items = 0
    private var bytes = 0

    init(sandbox: LuaSandbox) {
        self.sandbox = sandbox
    }

    /// Names the value in error messages ("result #2", "argument #1"), built only on failure.
    enum Role {
        case result(Int32), argument(Int32)
        var text: String {
            switch self {
            case .result(let n): return "result #\(n)"
            case .argument(let n): return "argument #\(n)"
            }
        }
    }

    mutating func read(at index: Int32, as role: Role) throws(LuaError) -> LuaValue {
        try read(at: lua_absindex(sandbox.state, index), role: role, depth: 0)
    }

    private mutating func read(at index: Int32, role: Role, depth: Int) throws(LuaError) -> LuaValue {
        let L = sandbox.state
        let limits = sandbox.limits
        items += 1
        guard items <= limits.maxValueItems else {
            throw LuaError(kind: .invalidValue, message: "\(role.text) has more than \(limits.maxValueItems) values")
        }
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(coach_lua_tointeger(L, index))) }
            return .number(coach_lua_tonumber(L, index))
        case LUA_TSTRING:
            var length = 0
            let chars = lua_tolstring(L, index, &length)
            bytes += length
            guard bytes <= limits.maxValueBytes else {
                throw LuaError(kind: .invalidValue, message: "\(role.text) holds more than \(limits.maxValueBytes) bytes of strings")
            }
            guard let chars else { return .string("") }
            return .string(LuaString(unsafe: chars, count: length))
        case LUA_TTABLE:
            guard depth < limits.maxValueDepth else {
                throw LuaError(kind: .invalidValue, message: "\(role.text) is nested deeper than \(limits.maxValueDepth) tables (a cycle?)")
            }
            return try readTable(at: index, role: role, depth: depth)
        case LUA_TFUNCTION:
            lua_pushvalue(L, index)
            return .function(sandbox.makeRef())
        default:
            let type = String(cString: lua_typename(L, lua_type(L, index)))
            throw LuaError(kind: .invalidValue, message: "\(role.text) is a \(type), which cannot leave Lua")
        }
    }

    private mutating func readTable(at index: Int32, role: Role, depth: Int) throws(LuaError) -> LuaValue {
        let L = sandbox.state
        guard lua_checkstack(L, 4) != 0 else {
            throw LuaError(kind: .invalidValue, message: "\(role.text): Lua stack is full")
        }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let length = Int(lua_rawlen(L, index))
        var array: [LuaValue] = []
        var map: [LuaValue: LuaValue] = [:]
        var isArray = true
        var count = 0
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            count += 1
            let key = try read(at: lua_gettop(L) - 1, role: role, depth: depth + 1)
            let value = try read(at: lua_gettop(L), role: role, depth: depth + 1)
            lua_settop(L, -2)
            if isArray, case .integer(let i) = key, i >= 1, i <= length {
                if array.isEmpty { array = Array(repeating: .nil, count: length) }
                array[Int(i) - 1] = value
            } else {
                isArray = false
            }
            map[key] = value
        }
        if isArray && count == length { return .array(array) }
        return .map(map)
    }
}
