import CoachCore
import Foundation

extension ImportFile {
    /// Opens `paths` for an import: each of `kind`, or recognised from its first line, read in
    /// `encoding` (or detected). The error names the file and why it cannot be read.
    public static func open(_ paths: [String], kind: ImportKind?, encoding: TextEncoding?) throws(ImportError) -> [ImportFile] {
        var files: [ImportFile] = []
        // A file given twice would import its rows twice over in the one transaction.
        var seen: [String: String] = [:]
        for path in paths {
            if access(path, R_OK) != 0 { throw ImportError(Phrase("cannot read \(path): \(String(cString: strerror(errno)))",
                                                                   nl: "kan \(path) niet lezen: \(String(cString: strerror(errno)))")) }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                throw ImportError(Phrase("cannot read \(path): it is a folder; give the files in it (\(path)/*.csv)",
                                         nl: "kan \(path) niet lezen: het is een map; geef de bestanden erin (\(path)/*.csv)"))
            }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
            if let earlier = seen[resolved] {
                throw ImportError(earlier == path
                                  ? Phrase("\(path) is given twice; give each file once", nl: "\(path) is twee keer gegeven; geef elk bestand één keer")
                                  : Phrase("\(path) is the same file as \(earlier); give each file once",
                                           nl: "\(path) is hetzelfde bestand als \(earlier); geef elk bestand één keer"))
            }
            seen[resolved] = path
            let fileKind: ImportKind
            if let kind {
                fileKind = kind
            } else {
                // Recognising a file reads its first line; a pipe would then have lost it.
                var status = stat()
                if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                    throw ImportError(Phrase("\(path) is not a file (a pipe?): give --kind, since what it holds cannot be read twice to "
                                             + "recognise it",
                                             nl: "\(path) is geen bestand (een pipe?): geef --kind, want wat erin staat kan niet twee keer "
                                             + "gelezen worden om het te herkennen"))
                }
                fileKind = try Importer.recognise(path: path)
            }
            do {
                files.append(ImportFile(path: path, source: try TextPieces(path: path, encoding: encoding), kind: fileKind))
            } catch {
                throw ImportError(Phrase("cannot read \(path): \(error.localizedDescription)",
                                         nl: "kan \(path) niet lezen: \(error.localizedDescription)"))
            }
        }
        return files
    }
}

extension ImportKind {
    /// One record of this kind, as a word: "observatie", "spoorindeling".
    public func noun(_ language: Language) -> String {
        let nl = language == .nl
        switch self {
        case .people: return nl ? "persoon" : "person"
        case .observations: return nl ? "observatie" : "observation"
        case .feedback: return "feedback"
        case .placements: return nl ? "spoorindeling" : "placement"
        case .results: return nl ? "resultaat" : "result"
        case .walks: return nl ? "leerwandeling" : "learning walk"
        case .central: return nl ? "resultaat van de Vlaamse toetsen" : "central test result"
        }
    }
}

extension ImportOutcome {
    /// What the import did, for a person: `what` names the file or "N files".
    public func summary(_ what: String, dryRun: Bool, language: Language) -> [String] {
        let nl = language == .nl
        var lines: [String] = []
        if let detectedEncoding {
            lines.append(nl ? "\(what): geen UTF-8, gelezen als \(detectedEncoding.rawValue) (kies zelf de codering met --encoding)"
                            : "\(what) is not UTF-8 and was read as \(detectedEncoding.rawValue) (give --encoding to choose)")
        }
        if dryRun {
            lines.append(nl ? "\(count(records, "record", "records")) in orde (proefimport: niets opgeslagen)"
                            : "\(count(records, "record", "records")) valid (dry run: nothing written)")
            if case .weekNotRun(let school, let week) = waiting {
                lines.append(nl ? "let op: zonder --dry-run wacht de import tot de regels voor week \(week) van school \(school) gelopen zijn "
                                  + "('coach tick --week \(week)' of, op PostgreSQL, 'coach worker')"
                                : "note: without --dry-run the import waits until the rules have run for week \(week) of school \(school) "
                                  + "('coach tick --week \(week)' or, on PostgreSQL, 'coach worker')")
            }
        } else if present == 0 && updated == 0 && goneBefore == 0 && beforeKept.isEmpty {
            lines.append(nl ? "\(count(records, "record", "records")) geïmporteerd (\(count(events, "gebeurtenis", "gebeurtenissen")))"
                            : "imported \(count(records, "record", "records")) (\(count(events, "event", "events")))")
        } else {
            // Importing the same file again changes nothing: say so.
            lines.append(nl ? "\(count(records, "record", "records")) gelezen: \(added) nieuw, \(present) al aanwezig, \(updated) bijgewerkt (\(count(events, "gebeurtenis", "gebeurtenissen")))"
                            : "\(count(records, "record", "records")) read: \(added) new, \(present) already present, \(updated) updated (\(count(events, "event", "events")))")
        }
        // The day a move or an arrival without a `since` counts from was coach's choice: said,
        // so that a school that knows better gives the day.
        let why = nl ? "(de maandag van de eerste week die nog niet is afgesloten; met een kolom since of vanaf geef je een andere dag op)"
                     : "(the Monday of the first week not yet closed; a since column gives another day)"
        for (day, pupils) in movedFrom.sorted(by: { $0.key < $1.key }) {
            let one = pupils == 1
            lines.append(nl ? "\(count(pupils, "leerling", "leerlingen")) "
                              + (dryRun ? "\(one ? "zou" : "zouden") in een andere klas zitten" : "\(one ? "zit" : "zitten") in een andere klas")
                              + " vanaf \(day) \(why)"
                            : "\(count(pupils, "pupil", "pupils")) \(dryRun ? "would change" : "changed") class from \(day) \(why)")
        }
        for (day, pupils) in arrivedFrom.sorted(by: { $0.key < $1.key }) {
            let one = pupils == 1
            lines.append(nl ? "\(count(pupils, "nieuwe leerling", "nieuwe leerlingen")) "
                              + (dryRun ? "\(one ? "zou" : "zouden") meetellen" : one ? "telt mee" : "tellen mee") + " vanaf \(day) \(why)"
                            : "\(count(pupils, "new pupil", "new pupils")) \(dryRun ? "would count" : one ? "counts" : "count") from \(day) \(why)")
        }
        // Said, so that a school sees the column was read (and a wrong year stands out).
        for (day, pupils) in leftFrom.sorted(by: { $0.key < $1.key }) {
            let one = pupils == 1
            lines.append(nl ? "\(count(pupils, "leerling", "leerlingen")) "
                              + (dryRun ? "\(one ? "zou" : "zouden") vertrekken" : "vertrokken") + " op \(day): niet meer op school vanaf die dag"
                            : "\(count(pupils, "pupil", "pupils")) \(dryRun ? "would leave" : "left") the school on \(day): no longer there from that day")
        }
        // A list of now that still holds pupils who left: they stay away until a row gives the
        // day they came back; said, since the list may mean they are back.
        if keptAway > 0 {
            let one = keptAway == 1
            lines.append(nl ? "\(count(keptAway, "leerling", "leerlingen")) in het bestand \(one ? "is" : "zijn") eerder vertrokken en "
                              + "\(one ? "blijft" : "blijven") vertrokken; is een leerling terug, geef dan de dag van terugkeer in since of vanaf"
                            : "\(count(keptAway, "pupil", "pupils")) in the file left earlier and \(one ? "stays" : "stay") away; for a pupil "
                              + "who is back, give the day they came back in since")
        }
        // Left out: said, so that a school sees why rows of its file are not there.
        for (day, records) in beforeKept.sorted(by: { $0.key < $1.key }) {
            lines.append(nl ? "\(count(records, "record", "records")) van vóór \(day) "
                              + (dryRun ? "zou\(records == 1 ? "" : "den") niet opgenomen worden" : "niet opgenomen")
                              + ": de school bewaart gegevens pas vanaf die dag (bewaartermijn), oudere zijn verwijderd"
                            : "\(count(records, "record", "records")) from before \(day) " + (dryRun ? "would be left out" : "left out")
                              + ": the school keeps data from that day on; older data was removed")
        }
        // Not taken in: said, so that a school sees why a pupil in its file is not listed.
        if goneBefore > 0 {
            let one = goneBefore == 1
            lines.append(nl ? "\(count(goneBefore, "leerling", "leerlingen")) in het bestand \(one ? "was" : "waren") al vertrokken vóór de eerste "
                              + "week die nog niet is afgesloten en \(one ? "wordt" : "worden") niet opgenomen"
                            : "\(count(goneBefore, "pupil", "pupils")) in the file had left before the first week not yet closed and "
                              + "\(one ? "is" : "are") not taken in")
        }
        return lines
    }

    private func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// The closing line when a file had problems (nothing was imported).
    public func refusal(_ what: String, language: Language = .en) -> String {
        language == .nl ? "\(count(problems.count, "probleem", "problemen")) in \(what); er is niets geïmporteerd"
                        : "\(count(problems.count, "problem", "problems")) in \(what); nothing was imported"
    }
}
