import Foundation

/// A text read piece by piece, each piece ending after a line break (so that no character and
/// no CRLF is split), with how far reading has got: memory stays that of one piece.
public final class TextPieces {
    private let handle: FileHandle?
    private var whole: String?
    private var carry = Data()
    private let pieceBytes: Int
    /// Bytes read so far, and in all (0 when unknown).
    public private(set) var read = 0
    public let total: Int

    /// The file at `path`, in pieces of about `pieceBytes`.
    public init(path: String, pieceBytes: Int = 1 << 20) throws {
        let url = URL(fileURLWithPath: path)
        handle = try FileHandle(forReadingFrom: url)
        total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        self.pieceBytes = pieceBytes
    }

    /// A text already in memory, as one piece.
    public init(text: String) {
        handle = nil
        whole = text
        total = text.utf8.count
        pieceBytes = 0
    }

    /// The next piece, or nil at the end.
    public func next() throws -> String? {
        if handle == nil {
            defer { whole = nil }
            read = total
            return whole
        }
        while true {
            let data = try handle!.read(upToCount: pieceBytes) ?? Data()
            read += data.count
            if data.isEmpty {
                guard !carry.isEmpty else { return nil }
                defer { carry = Data() }
                return String(decoding: carry, as: UTF8.self)
            }
            carry.append(data)
            // Up to the last line break; the rest waits for the next piece.
            guard let last = carry.lastIndex(of: 0x0A) else { continue }
            let piece = carry[carry.startIndex...last]
            carry = Data(carry[carry.index(after: last)...])
            return String(decoding: piece, as: UTF8.self)
        }
    }
}
