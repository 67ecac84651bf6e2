import Foundation

/// Keys given twice in one JSON object: JSON parsers keep one of them silently, each its own
/// (`JSONSerialization` the last, `JSONDecoder` the first), so an author would not know which
/// value counts. A plugin file with one is refused, with the key's place.
enum DuplicateKeys {
    /// The places (`sections[2].title`) of every key given again in its object, each once.
    /// `data` must be valid JSON (parsed before) in UTF-8 (``utf8(_:)``): this only follows
    /// strings, nesting and commas.
    static func places(in data: Data) -> [String] {
        /// An open object or array: its place, and the key or index being read in it.
        struct Open {
            var isObject: Bool
            var place: String
            var keys: Set<String> = []
            var expectsKey = true
            var key = ""
            var index = 0

            /// The place of what is being read in it.
            var inner: String {
                isObject ? (place.isEmpty ? key : place + "." + key) : place + "[\(index)]"
            }
        }
        var found: [String] = []
        var stack: [Open] = []
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var i = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    stack.append(Open(isObject: bytes[i] == UInt8(ascii: "{"), place: stack.last?.inner ?? ""))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = stack.popLast()
                case UInt8(ascii: ","):
                    if stack.last?.isObject == true { stack[stack.count - 1].expectsKey = true } else if !stack.isEmpty {
                        stack[stack.count - 1].index += 1
                    }
                case UInt8(ascii: "\""):
                    let start = i
                    i += 1
                    var escaped = false
                    while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                        if bytes[i] == UInt8(ascii: "\\") { escaped = true; i += 1 }
                        i += 1
                    }
                    guard stack.last?.isObject == true, stack[stack.count - 1].expectsKey else { break }
                    let raw = Data(bytes[start...min(i, bytes.count - 1)])
                    // A key with escapes (`"i\u0064"` is `"id"`) is read as JSON; the others as they are.
                    let text = String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                    let key = escaped ? (try? JSONSerialization.jsonObject(with: raw, options: .fragmentsAllowed)) as? String ?? text : text
                    stack[stack.count - 1].expectsKey = false
                    stack[stack.count - 1].key = key
                    let place = stack[stack.count - 1].inner
                    if !stack[stack.count - 1].keys.insert(key).inserted, !found.contains(place) { found.append(place) }
                default:
                    break
                }
                i += 1
            }
        }
        return found
    }

    /// The bytes of a JSON text in UTF-8. JSON may also come as UTF-16 or UTF-32 (a file saved
    /// as "Unicode"), which the parsers read by themselves; told apart by a byte-order mark or
    /// by where the first character's zero bytes are (RFC 4627). UTF-8 JSON has no zero byte.
    static func utf8(_ data: Data) -> Data {
        guard data.contains(0) else { return data }
        let b = Array(data.prefix(4)) + [1, 1, 1, 1]
        let encoding: String.Encoding
        switch (b[0], b[1], b[2], b[3]) {
        case (0, 0, 0xFE, 0xFF), (0, 0, 0, _): encoding = .utf32BigEndian
        case (0xFF, 0xFE, 0, 0), (_, 0, 0, 0): encoding = .utf32LittleEndian
        case (0xFE, 0xFF, _, _), (0, _, _, _): encoding = .utf16BigEndian
        default: encoding = .utf16LittleEndian
        }
        guard var text = String(data: data, encoding: encoding) else { return data }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return Data(text.utf8)
    }
}
