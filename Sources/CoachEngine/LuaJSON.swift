import Foundation
import LuaSandbox

/// Between JSON (event payloads, rule state, reasons) and Lua values.
enum LuaJSON {
    static func value(fromJSON text: String) -> LuaValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))?.lua ?? .nil
    }

    /// JSON decoded without Foundation's number/boolean ambiguity.
    private struct JSONValue: Decodable {
        let lua: LuaValue

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
                var map: [LuaValue: LuaValue] = [:]
                for key in keyed.allKeys { map[.text(key.stringValue)] = try keyed.decode(JSONValue.self, forKey: key).lua }
                lua = .map(map)
                return
            }
            if var unkeyed = try? decoder.unkeyedContainer() {
                var items: [LuaValue] = []
                while !unkeyed.isAtEnd { items.append(try unkeyed.decode(JSONValue.self).lua) }
                lua = .array(items)
                return
            }
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { lua = .nil }
            else if let b = try? single.decode(Bool.self) { lua = .boolean(b) }
            else if let i = try? single.decode(Int64.self) { lua = .integer(i) }
            else if let d = try? single.decode(Double.self) { lua = .number(d) }
            else { lua = .text(try single.decode(String.self)) }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// JSON text for a Lua value; functions and non-text keys are refused.
    static func json(_ value: LuaValue) throws(LuaHostError) -> String {
        let object = try jsonObject(value)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) else {
            throw LuaHostError("value cannot be written as JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonObject(_ value: LuaValue) throws(LuaHostError) -> Any {
        switch value {
        case .nil: return NSNull()
        case .boolean(let b): return b
        case .integer(let i): return i
        case .number(let d):
            guard d.isFinite else { throw LuaHostError("numbers must be finite") }
            return d
        case .string(let s): return s.description
        case .array(let items): return try items.map { item throws(LuaHostError) in try jsonObject(item) }
        case .map(let fields):
            var object: [String: Any] = [:]
            for (key, item) in fields {
                let name: String
                switch key {
                case .string(let s): name = s.description
                case .integer(let i): name = String(i)
                default: throw LuaHostError("table keys must be text or whole numbers")
                }
                object[name] = try jsonObject(item)
            }
            return object
        case .rows(let rows): return try jsonObject(.array(rows.maps))
        case .function: throw LuaHostError("functions cannot be stored")
        }
    }
}
