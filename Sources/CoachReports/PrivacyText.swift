import CoachCore
import CoachStore
import Foundation

/// What `coach export`, `coach erase` and `coach retention` print.
public enum PrivacyText {
    /// The pupil's records as one JSON document, for a parent's request.
    public static func json(_ export: PupilExport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(export)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// One line per table with what was (or would be) removed, then what to do next.
    public static func removal(_ removal: Removal, what: String, confirm: String, language: Language) -> [String] {
        let nl = language == .nl
        var lines = removal.rows.map { "  \($0.table): \($0.count)" }
        if removal.rows.isEmpty { lines.append(nl ? "  niets" : "  nothing") }
        if removal.dryRun {
            lines.insert(nl ? "Proef: dit zou verwijderd worden voor \(what):" : "Dry run: this would be removed for \(what):", at: 0)
            if !removal.rows.isEmpty {
                lines.append(nl ? "Er is nog niets verwijderd. Verwijder het met: \(confirm)" : "Nothing was removed yet. Remove it with: \(confirm)")
            }
        } else {
            lines.insert(nl ? "Verwijderd voor \(what):" : "Removed for \(what):", at: 0)
            if !removal.rows.isEmpty {
                lines.append(nl ? "Het databankbestand is herschreven: er blijft geen kopie achter in vrije pagina's."
                                : "The database file was rewritten: no copy stays behind in free pages.")
            }
        }
        return lines
    }
}
