import CoachCore
import CoachStore

/// Takes personal data out of what a rule says about itself — its `print` and `ctx.log`
/// lines and its error text — before that reaches a log, the rule's health record, a failure
/// prompt or a terminal: pupils' aliases and teachers' names become their ids, and free text
/// the rule was handed (what a teacher will work on, a walk's examples) becomes "‹tekst›".
/// A rule's owners still see where and why it failed; nobody reads a pupil's name in a log.
struct Redaction {
    /// What to replace, longest first, so that "An Peeters" goes before "An".
    private var names: [(personal: String, id: String)] = []
    private var texts: [String] = []

    /// Every run of `window` characters of the texts handed over (and of their escaped forms):
    /// a rule that logs a piece of a note (`string.sub`), or the note inside a table it prints,
    /// gives itself away by any such run.
    private var pieces: Set<String> = []
    static let window = 12

    init(store: CoachStore, school: String, handedTexts: [String]) {
        var names: [(String, String)] = []
        if let pupils = try? store.pupilAliases(school: school) { names += pupils.map { ($0.alias, $0.id) } }
        if let teachers = try? store.teachers(school: school) { names += teachers.map { ($0.name, $0.id) } }
        self.names = names.filter { $0.0.count >= 2 }.sorted { $0.0.count > $1.0.count }
        // Short texts ("ok") would blank out ordinary words of the message.
        let handed = Set(handedTexts.filter { $0.count >= 6 })
        // As Lua shows a string inside a table, and as JSON writes it: quotes and breaks escaped.
        let escaped = handed.map { text in
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
                .replacingOccurrences(of: "\t", with: "\\t")
        }
        texts = Set(handed).union(escaped).sorted { $0.count > $1.count }
        for text in texts {
            let characters = Array(text).map(Self.folded)
            guard characters.count >= Self.window else { continue }
            for start in 0...(characters.count - Self.window) { pieces.insert(characters[start..<start + Self.window].joined()) }
        }
    }

    func apply(_ message: String) -> String {
        var out = message
        // In any case: a rule that upper-cases a note (`string.upper`) gives it away all the same.
        for text in texts where out.range(of: text, options: .caseInsensitive) != nil {
            out = out.replacingOccurrences(of: text, with: "‹tekst›", options: .caseInsensitive)
        }
        out = withoutPieces(out)
        for (personal, id) in names { out = Words.replacing(personal, with: id, in: out) }
        return out
    }

    /// A character as runs are compared: in lower case, one character for one (so that
    /// positions in the message stay where they are).
    private static func folded(_ character: Character) -> String { String(character).lowercased() }

    /// `message` with every stretch covered by runs of a handed text made "‹tekst›".
    private func withoutPieces(_ message: String) -> String {
        let characters = Array(message)
        guard !pieces.isEmpty, characters.count >= Self.window else { return message }
        let folded = characters.map(Self.folded)
        var covered = [Bool](repeating: false, count: characters.count)
        for start in 0...(characters.count - Self.window) where pieces.contains(folded[start..<start + Self.window].joined()) {
            for index in start..<start + Self.window { covered[index] = true }
        }
        guard covered.contains(true) else { return message }
        var out = ""
        var index = 0
        while index < characters.count {
            if covered[index] {
                out += "‹tekst›"
                while index < characters.count && covered[index] { index += 1 }
            } else {
                out.append(characters[index])
                index += 1
            }
        }
        return out
    }
}
