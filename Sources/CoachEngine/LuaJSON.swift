import Foundation
import LuaSandbox

/// Between JSON (event payloads, rule state, reasons) and Lua values.
enum LuaJSON {
    static func value(fromJSON text: String) -> LuaValue {
        // Event payloads and rule states are read for every rule call: a small parser of our
        // own (Foundation's decoder was a tenth of dispatch, perf); anything it does not take
        // goes the long way.
        var utf8 = text.utf8[...]
        if let value = FastJSON.value(&utf8), utf8.allSatisfy(FastJSON.isSpace) { return value }
        return decoded(text)
    }

    /// The long way: Foundation's decoder (and the reference the fast reader is tested against).
    static func decoded(_ text: String) -> LuaValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))?.lua ?? .nil
    }

    /// A recursive-descent reader of JSON into Lua values: objects, arrays, strings with
    /// escapes, whole numbers as integers, other numbers, true, false, null. Nil on anything else.
    enum FastJSON {
        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

        static func skip(_ s: inout Substring.UTF8View) { while let b = s.first, isSpace(b) { s.removeFirst() } }

        static func value(_ s: inout Substring.UTF8View, depth: Int = 0) -> LuaValue? {
            guard depth < 64 else { return nil }
            skip(&s)
            guard let first = s.first else { return nil }
            switch first {
            case UInt8(ascii: "{"):
                s.removeFirst()
                var map: [LuaValue: LuaValue] = [:]
                skip(&s)
                if s.first == UInt8(ascii: "}") { s.removeFirst(); return .map(map) }
                while true {
                    skip(&s)
                    guard s.first == UInt8(ascii: "\""), let key = string(&s) else { return nil }
                    skip(&s)
                    guard s.first == UInt8(ascii: ":") else { return nil }
                    s.removeFirst()
                    guard let item = value(&s, depth: depth + 1) else { return nil }
                    if item != .nil { map[.text(key)] = item }
                    skip(&s)
                    guard let next = s.popFirst() else { return nil }
                    if next == UInt8(ascii: "}") { return .map(map) }
                    guard next == UInt8(ascii: ",") else { return nil }
                }
            case UInt8(ascii: "["):
                s.removeFirst()
                var items: [LuaValue] = []
                skip(&s)
                if s.first == UInt8(ascii: "]") { s.removeFirst(); return .array(items) }
                while true {
                    guard let item = value(&s, depth: depth + 1) else { return nil }
                    items.append(item)
                    skip(&s)
                    guard let next = s.popFirst() else { return nil }
                    if next == UInt8(ascii: "]") { return .array(items) }
                    guard next == UInt8(ascii: ",") else { return nil }
                }
            case UInt8(ascii: "\""):
                return string(&s).map(LuaValue.text)
            case UInt8(ascii: "t"): return literal(&s, "true", .boolean(true))
            case UInt8(ascii: "f"): return literal(&s, "false", .boolean(false))
            case UInt8(ascii: "n"): return literal(&s, "null", .nil)
            default: return number(&s)
            }
        }

        static func literal(_ s: inout Substring.UTF8View, _ word: String, _ value: LuaValue) -> LuaValue? {
            guard s.starts(with: word.utf8) else { return nil }
            s.removeFirst(word.utf8.count)
            return value
        }

        static func number(_ s: inout Substring.UTF8View) -> LuaValue? {
            var end = s.startIndex
            var whole = true
            while end < s.endIndex {
                let b = s[end]
                if (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") { }
                else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") { whole = false }
                else { break }
                end = s.index(after: end)
            }
            guard end > s.startIndex, let text = String(s[s.startIndex..<end]) else { return nil }
            s = s[end...]
            if whole, let i = Int64(text) { return .integer(i) }
            guard let d = Double(text) else { return nil }
            // As Foundation's decoder reads it: a whole number is an integer, however written.
            if let i = Int64(exactly: d) { return .integer(i) }
            return .number(d)
        }

        /// A string starting at the opening quote, with its escapes.
        static func string(_ s: inout Substring.UTF8View) -> String? {
            s.removeFirst()
            var bytes: [UInt8] = []
            while let b = s.popFirst() {
                switch b {
                case UInt8(ascii: "\""): return String(decoding: bytes, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let e = s.popFirst() else { return nil }
                    switch e {
                    case UInt8(ascii: "n"): bytes.append(0x0A)
                    case UInt8(ascii: "t"): bytes.append(0x09)
                    case UInt8(ascii: "r"): bytes.append(0x0D)
                    case UInt8(ascii: "b"): bytes.append(0x08)
                    case UInt8(ascii: "f"): bytes.append(0x0C)
                    case UInt8(ascii: "u"):
                        // \uXXXX, with surrogate pairs: rare here, so the long way.
                        return nil
                    default: bytes.append(e)
                    }
                default: bytes.append(b)
                }
            }
            return nil
        }
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
                // Stored, 42 and "42" are one key: which value survived would be chance.
                guard object[name] == nil else { throw LuaHostError("the keys \(name) and \"\(name)\" are one key once stored: keep one") }
                object[name] = try jsonObject(item)
            }
            return object
        case .rows(let rows): return try jsonObject(.array(rows.maps))
        case .function: throw LuaHostError("functions cannot be stored")
        }
    }
}
