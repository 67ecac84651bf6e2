/// A Lua string: bytes, NUL-safe, not necessarily UTF-8.
///
/// Strings of up to 15 bytes (most keys and codes a rule uses: `"pupil"`, `"track"`, `"nl"`)
/// are stored inline, so moving them across the boundary allocates nothing.
public struct LuaString: Sendable, Hashable, RandomAccessCollection, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    // Canonical: `.small` exactly when count <= 15, so derived equality and hashing compare
    // contents.
    private enum Storage: Sendable, Hashable {
        case small(UInt64, UInt64, UInt8)
        case large([UInt8])
    }

    private var storage: Storage

    /// The bytes of `bytes`.
    public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let count = bytes.count
        if count <= 15 {
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
            }
            storage = .small(words.0, words.1, UInt8(count))
        } else {
            storage = .large(Array(bytes))
        }
    }

    /// The UTF-8 bytes of `text`.
    public init(_ text: String) {
        var text = text
        // Native strings are contiguous UTF-8: copy them in one go.
        self = text.withUTF8 { LuaString(unsafe: UnsafeRawPointer($0.baseAddress ?? UnsafePointer(bitPattern: 1)!), count: $0.count) }
    }

    public init(stringLiteral value: String) { self.init(value) }

    init(unsafe pointer: UnsafeRawPointer, count: Int) {
        if count <= 15 {
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: pointer, byteCount: count) }
            storage = .small(words.0, words.1, UInt8(count))
        } else {
            storage = .large(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .small(_, _, let count): return Int(count)
        case .large(let bytes): return bytes.count
        }
    }

    public subscript(position: Int) -> UInt8 {
        switch storage {
        case .small(let a, let b, _):
            precondition(position >= 0 && position < endIndex, "index out of range")
            let word = position < 8 ? a : b
            return UInt8(truncatingIfNeeded: word >> (UInt64(position % 8) * 8))
        case .large(let bytes):
            return bytes[position]
        }
    }

    /// Calls `body` with the bytes, contiguous.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .small(let a, let b, let count):
            var words = (a, b)
            return try withUnsafeBytes(of: &words) { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(Int(count)))) }
        case .large(let bytes):
            return try bytes.withUnsafeBytes(body)
        }
    }

    /// The text, when the bytes are valid UTF-8.
    public var text: String? { withBytes { String(validating: $0, as: UTF8.self) } }

    /// The bytes as text, with invalid UTF-8 replaced (for display).
    public var description: String { withBytes { String(decoding: $0, as: UTF8.self) } }
}
