import Foundation

/// Keys given twice in one JSON object: JSON parsers keep one of them silently, each its own
/// (`JSONSerialization` the last, `JSONDecoder` the first), so an author would not know which
/// value counts. A plugin file with one is refused, with the key's place.
enum DuplicateKeys {
    /// The places (`sections[2].title`) of every key given again in its object. `data` must be
    /// valid JSON (parsed before): this only follows strings, nesting and commas.
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
                    let key = escaped ? (try? JSONSerialization.jsonObject(with: raw, options: .fragmentsAllowed)) as? String ?? ""
                        : String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                    stack[stack.count - 1].expectsKey = false
                    stack[stack.count - 1].key = key
                    if !stack[stack.count - 1].keys.insert(key).inserted { found.append(stack[stack.count - 1].inner) }
                default:
                    break
                }
                i += 1
            }
        }
        return found
    }
}
