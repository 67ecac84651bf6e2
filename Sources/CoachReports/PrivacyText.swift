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

    /// What a table holds, for the reader (the table's name when there is no word for it).
    static func label(_ table: String, nl: Bool) -> String {
        let words: [String: (String, String)] = [
            "prompt": ("prompts", "prompts"), "suggestion": ("suggesties", "suggestions"), "event": ("gebeurtenissen", "events"),
            "feedback": ("feedback", "feedback"), "result": ("resultaten", "results"), "placement": ("spoorindelingen", "placements"),
            "pupil": ("leerling", "pupil"), "pupil (left)": ("vertrokken leerlingen", "pupils who left"),
            "pupilStint": ("klaswissels", "class changes"), "ruleState": ("regelgeheugen", "rule memory"), "ruleHealth": ("regelfouten", "rule errors"),
            "observation": ("observaties", "observations"), "learningWalk": ("leerwandelingen", "learning walks"),
            "feedback (alias)": ("feedbackteksten met de alias", "feedback texts with the alias"),
            "observation (alias)": ("observaties met de alias", "observations with the alias"),
            "observationScore (alias)": ("observatienotities met de alias", "observation notes with the alias"),
            "learningWalkFinding (alias)": ("wandelvoorbeelden met de alias", "walk examples with the alias"),
        ]
        return words[table].map { nl ? $0.0 : $0.1 } ?? table
    }

    /// Up to twenty ids, then how many more.
    static func listed(_ ids: [String], nl: Bool) -> String {
        let shown = ids.sorted().prefix(20).joined(separator: ", ")
        return ids.count > 20 ? shown + (nl ? " en nog \(ids.count - 20)" : " and \(ids.count - 20) more") : shown
    }

    /// One line per table with what was (or would be) removed, then what to do next.
    /// `shared`: the rows were removed from a shared PostgreSQL store, whose freed space only
    /// the server's `VACUUM` reclaims (there is no file of ours to rewrite).
    public static func removal(_ removal: Removal, what: String, confirm: String, shared: Bool = false, language: Language) -> [String] {
        let nl = language == .nl
        var lines = removal.rows.map { row in
            // Whom, for the pupils who left (pseudonymous ids): a school checks them before --yes.
            let whom = row.table == "pupil (left)" && !removal.leavers.isEmpty ? " (" + listed(removal.leavers, nl: nl) + ")" : ""
            return "  \(label(row.table, nl: nl)): \(row.count)\(whom)"
        }
        if removal.rows.isEmpty { lines.append(nl ? "  niets" : "  nothing") }
        if removal.dryRun {
            lines.insert(nl ? "Proefdraai, dit zou verwijderd worden – \(what):" : "Dry run, this would be removed – \(what):", at: 0)
            if !removal.rows.isEmpty {
                lines.append(nl ? "Er is nog niets verwijderd. Echt verwijderen: \(confirm)" : "Nothing was removed yet. To remove it: \(confirm)")
            }
            if case .weekNotRun(let school, let week) = removal.waiting {
                lines.append(nl ? "Let op: met --yes wacht dit tot de regels voor week \(week) van school \(school) gelopen zijn "
                                  + "('coach tick --week \(week)' of, op PostgreSQL, 'coach worker')."
                                : "Note: with --yes this waits until the rules have run for week \(week) of school \(school) "
                                  + "('coach tick --week \(week)' or, on PostgreSQL, 'coach worker').")
            }
        } else {
            lines.insert(nl ? "Verwijderd – \(what):" : "Removed – \(what):", at: 0)
            if !removal.rows.isEmpty && shared {
                lines.append(nl ? "De rijen zijn uit de gedeelde PostgreSQL-databank verwijderd. Hun bytes kunnen in de bestanden van de server "
                                    + "blijven tot de beheerder VACUUM FULL draait op de tabellen van het schema coach."
                                : "The rows were removed from the shared PostgreSQL database. Their bytes may stay in the server's files "
                                    + "until its administrator runs VACUUM FULL on the tables of the schema coach.")
            } else if !removal.rows.isEmpty {
                lines.append(nl ? "Het databankbestand is herschreven, zodat er ook in de vrijgekomen ruimte geen kopie meer achterblijft."
                                : "The database file was rewritten, so no copy stays behind in the space that was freed.")
            }
        }
        return lines
    }
}
