import CoachCore
import Foundation

/// How the bytes of a file are read as text.
public enum TextEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    /// What Excel on Windows writes in Flanders and the Netherlands.
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"

    var foundation: String.Encoding {
        switch self {
        case .utf8: return .utf8
        case .windows1252: return .windowsCP1252
        case .latin1: return .isoLatin1
        }
    }
}

/// A text read piece by piece, each piece ending after a line break (so that no character and
/// no CRLF is split), with how far reading has got: memory stays that of one piece.
///
/// Text comes in as written: UTF-8 unless another encoding is given; a file whose start is not
/// UTF-8 is read as Windows-1252 (and says so); a NUL byte, or bytes that are not UTF-8 later
/// in a UTF-8 file, stop the reading with the line they are on.
public final class TextPieces {
    /// Why a file cannot be read as text, with the line.
    public struct Problem: Error, Sendable {
        public var line: Int
        /// What is wrong, in each language.
        public var said: Phrase
        /// What is wrong, in English.
        public var message: String { said.en }
    }

    private let handle: FileHandle?
    private var whole: String?
    private var carry = Data()
    private let pieceBytes: Int
    /// The encoding in use: given, or found from the file's start.
    public private(set) var encoding: TextEncoding?
    /// Set when the encoding was not given and the file's start was not UTF-8.
    public private(set) var detected = false
    /// Bytes read so far, and in all (0 when unknown).
    public private(set) var read = 0
    public let total: Int
    private var lines = 0

    /// The file at `path`, in pieces of about `pieceBytes`.
    public init(path: String, encoding: TextEncoding? = nil, pieceBytes: Int = 1 << 20) throws {
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        self.pieceBytes = pieceBytes
        self.encoding = encoding
    }

    /// A text already in memory, as one piece.
    public init(text: String) {
        handle = nil
        whole = text
        total = text.utf8.count
        pieceBytes = 0
        encoding = .utf8
    }

    /// The next piece, or nil at the end.
    public func next() throws -> String? {
        guard let handle else {
            defer { whole = nil }
            read = total
            if let whole, whole.utf8.contains(0) { throw nul(in: Data(whole.utf8), from: 0) }
            return whole
        }
        while true {
            let data = try handle.read(upToCount: pieceBytes) ?? Data()
            read += data.count
            if data.isEmpty {
                guard !carry.isEmpty else { return nil }
                defer { carry = Data() }
                return try decode(carry)
            }
            carry.append(data)
            // Up to the last line break; the rest waits for the next piece.
            guard let last = carry.lastIndex(of: 0x0A) else { continue }
            let piece = carry[carry.startIndex...last]
            carry = Data(carry[carry.index(after: last)...])
            return try decode(Data(piece))
        }
    }

    private func decode(_ bytes: Data) throws -> String {
        if bytes.contains(0) { throw nul(in: bytes, from: lines) }
        defer { lines += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
        if encoding == nil {
            if let text = String(validating: bytes, as: UTF8.self) {
                encoding = .utf8
                return text
            }
            encoding = .windows1252
            detected = true
        }
        let chosen = encoding ?? .utf8
        // The standard library's validation for UTF-8 (Foundation's conversion was a sixth of
        // an import); Foundation for the others.
        if chosen == .utf8, let text = String(validating: bytes, as: UTF8.self) { return text }
        if chosen != .utf8, let text = String(data: bytes, encoding: chosen.foundation) { return text }
        // Which line holds the first byte that is not text in this encoding.
        var line = lines + 1
        var start = bytes.startIndex
        for index in bytes.indices where bytes[index] == 0x0A {
            if String(data: bytes[start...index], encoding: chosen.foundation) == nil { break }
            line += 1
            start = bytes.index(after: index)
        }
        // The advice only where it is news: a file already read as Windows-1252 has a byte that
        // encoding leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
        throw Problem(line: line, said: chosen == .utf8
                      ? Phrase("is not utf-8 text; if Excel on Windows saved it, import it with --encoding windows-1252",
                               nl: "is geen utf-8-tekst; als Excel op Windows het bewaarde, importeer het dan met --encoding windows-1252")
                      : Phrase("is not \(chosen.rawValue) text either (a byte no character has in it); "
                               + "save the file as UTF-8 (CSV UTF-8 in Excel) and import it again",
                               nl: "is ook geen \(chosen.rawValue)-tekst (een byte die bij geen teken hoort); "
                               + "bewaar het bestand als UTF-8 (CSV UTF-8 in Excel) en importeer het opnieuw"))
    }

    private func nul(in bytes: Data, from lines: Int) -> Problem {
        let before = bytes.prefix { $0 != 0 }
        return Problem(line: lines + 1 + before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) },
                       said: Phrase("holds a NUL byte: not a text file, or cut off while it was written",
                                    nl: "bevat een NUL-byte: geen tekstbestand, of afgebroken terwijl het geschreven werd"))
    }
}
