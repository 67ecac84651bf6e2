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

    init(store: CoachStore, school: String, handedTexts: [String]) {
        var names: [(String, String)] = []
        if let pupils = try? store.pupilAliases(school: school) { names += pupils.map { ($0.alias, $0.id) } }
        if let teachers = try? store.teachers(school: school) { names += teachers.map { ($0.name, $0.id) } }
        self.names = names.filter { $0.0.count >= 2 }.sorted { $0.0.count > $1.0.count }
        // Short texts ("ok") would blank out ordinary words of the message.
        texts = Set(handedTexts.filter { $0.count >= 6 }).sorted { $0.count > $1.count }
    }

    func apply(_ message: String) -> String {
        var out = message
        for text in texts where out.contains(text) { out = out.replacingOccurrences(of: text, with: "‹tekst›") }
        for (personal, id) in names { out = Words.replacing(personal, with: id, in: out) }
        return out
    }
}
