import CoachCore
import LuaSandbox

/// What a rule file declares with `rule { ... }`.
public struct RuleDefinition: Sendable, Hashable {
    public var id: String
    /// Title per language (`nl` required).
    public var title: [String: String]
    public var description: String?
    /// Which seed and passage the rule rests on (for maintainers).
    public var seed: String?
    /// Why what the rule notices matters, in one sentence per language: what a coach reads.
    public var why: [String: String] = [:]
    /// The document the reason comes from, by the title people know it by, per language.
    public var source: [String: String] = [:]
    /// The events it listens to.
    public var events: [EventKind]
    /// Parameters with their defaults; a school's configuration can override them.
    public var params: [String: LuaValue]
    /// Texts per language, for `ctx.t`.
    public var texts: [String: [String: String]]
    /// Stores its prompts but shows them in no digest.
    public var shadow: Bool
    public var hasSuggest: Bool
    /// A hash of the rule's source: prompts say which version of a rule made them.
    public var version: String
    /// The file it came from, as given to the loader.
    public var file: String

    /// The title in `language`, or in Dutch.
    public func title(in language: Language) -> String {
        title[language.rawValue] ?? title["nl"] ?? id
    }

    /// Why it matters, with its source, in `language` (or Dutch): "… (bron: …)"; nil when
    /// the rule says nothing about it.
    public func reason(in language: Language) -> String? {
        guard let why = why[language.rawValue] ?? why["nl"] else { return nil }
        guard let source = source[language.rawValue] ?? source["nl"] else { return why }
        // The source inside the sentence: "… weer uit (bron: …)."
        let sentence = why.hasSuffix(".") ? String(why.dropLast()) : why
        return sentence + (language == .nl ? " (bron: " : " (source: ") + source + ")."
    }
}

/// A rule that could not be loaded: `Rules/x.lua:12: rule: on must list at least one event`,
/// in Dutch `Rules/x.lua:12: rule: on moet minstens één gebeurtenis noemen`.
public struct RuleProblem: ReadableError, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// What is wrong, in English.
    public var message: String
    /// ``message`` in Dutch (nil: said in English only, as Lua's own errors are).
    public internal(set) var dutch: String?

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// A problem said in both languages.
    public init(file: String, line: Int? = nil, _ said: Phrase) {
        self.init(file: file, line: line, message: said.en)
        dutch = said.nl
    }

    public var description: String { text(.en) }

    /// The file and line as they are, what is wrong in `language`.
    public func text(_ language: Language) -> String {
        let said = language == .nl ? dutch ?? message : message
        return line.map { "\(file):\($0): \(said)" } ?? "\(file): \(said)"
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of a rule's source (not a security measure).
enum SourceHash {
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
