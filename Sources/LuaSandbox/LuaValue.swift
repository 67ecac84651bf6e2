#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that crosses between Swift and a sandboxed Lua state.
///
/// Strings are bytes, as in Lua: they may hold NUL and need not be UTF-8. A Lua table comes
/// out as `.array` when its keys are exactly `1...n` (an empty table is an empty array) and
/// as `.map` otherwise. Functions cross as references owned by one sandbox.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case array([LuaValue])
    case map([LuaValue: LuaValue])
    case function(LuaFunctionRef)
    /// Records with the same fields, pushed as an array of tables (see ``LuaRows``); never
    /// read back from Lua, which gives `.array` of `.map` instead.
    case rows(LuaRows)

    /// A Lua string holding the UTF-8 bytes of `text`.
    public static func text(_ text: String) -> LuaValue { .string(LuaString(text)) }

    /// A Lua string holding exactly `bytes`.
    public static func bytes(_ bytes: [UInt8]) -> LuaValue { .string(LuaString(bytes)) }

    /// The string as text, when it is a string holding valid UTF-8.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string.text
    }

    /// The integer, also for a float with an exact integer value (as Lua converts them).
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    /// The number as a Double, for integers and floats.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// Lua's truth: everything but nil and false.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): return false
        default: return true
        }
    }

    /// The field `key` of a map (or the element of an array, for an integer key).
    public subscript(key: String) -> LuaValue {
        guard case .map(let fields) = self else { return .nil }
        return fields[.text(key)] ?? .nil
    }

    /// Lua's type name for this value.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .array, .map, .rows: return "table"
        case .function: return "function"
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension LuaValue: CustomStringConvertible {
    /// A one-line rendering: strings as they are at top level, tables as Lua constructors
    /// with sorted keys, numbers as Lua prints them.
    public var description: String { render(topLevel: true) }

    private func render(topLevel: Bool) -> String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return LuaValue.format(d)
        case .string(let string):
            let text = string.description
            return topLevel ? text : LuaValue.quote(text)
        case .array(let items):
            return "{" + items.map { $0.render(topLevel: false) }.joined(separator: ", ") + "}"
        case .map(let fields):
            // Integer keys first in order, then the others by their text.
            let parts = fields.map { key, value -> (Int64?, String, String) in
                let k: String
                if let name = key.stringValue, LuaValue.isIdentifier(name) { k = name }
                else { k = "[" + key.render(topLevel: false) + "]" }
                let order: Int64? = if case .integer(let i) = key { i } else { nil }
                return (order, key.render(topLevel: true), k + " = " + value.render(topLevel: false))
            }
            let sorted = parts.sorted { a, b in
                switch (a.0, b.0) {
                case (let x?, let y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return a.1 < b.1
                }
            }
            return "{" + sorted.map(\.2).joined(separator: ", ") + "}"
        case .function: return "function"
        case .rows(let rows): return LuaValue.array(rows.maps).render(topLevel: topLevel)
        }
    }

    /// Formats a float the way Lua's `tostring` does (`%.14g`, and `1.0` for integral values).
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([d]) { vsnprintf(&buffer, buffer.count, "%.14g", $0) }
        var text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) {
            text += ".0"
        }
        return text
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static let keywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    private static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, !keywords.contains(s) else { return false }
        let isStart = { (c: Unicode.Scalar) in c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        return isStart(first)
            && s.unicodeScalars.allSatisfy { isStart($0) || ("0"..."9").contains($0) }
    }
}

/// A Lua function kept alive in one sandbox, for calling it later.
///
/// The reference is only meaningful to the sandbox that made it; passing it to another
/// sandbox is an error, not a crash.
public struct LuaFunctionRef: Sendable, Hashable {
    let sandbox: UInt64
    let ref: Int32
}
