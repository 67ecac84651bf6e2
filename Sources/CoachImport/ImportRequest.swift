import CoachCore
import Foundation

extension ImportFile {
    /// Opens `paths` for an import: each of `kind`, or recognised from its first line, read in
    /// `encoding` (or detected). The error names the file and why it cannot be read.
    public static func open(_ paths: [String], kind: ImportKind?, encoding: TextEncoding?) throws(ImportError) -> [ImportFile] {
        var files: [ImportFile] = []
        for path in paths {
            if access(path, R_OK) != 0 { throw ImportError("cannot read \(path): \(String(cString: strerror(errno)))") }
            let fileKind: ImportKind
            if let kind { fileKind = kind } else { fileKind = try Importer.recognise(path: path) }
            do {
                files.append(ImportFile(path: path, source: try TextPieces(path: path, encoding: encoding), kind: fileKind))
            } catch {
                throw ImportError("cannot read \(path): \(error.localizedDescription)")
            }
        }
        return files
    }
}

extension ImportOutcome {
    /// What the import did, for a person: `what` names the file or "N files".
    public func summary(_ what: String, dryRun: Bool, language: Language) -> [String] {
        let nl = language == .nl
        var lines: [String] = []
        if let detectedEncoding {
            lines.append(nl ? "\(what) is geen UTF-8 en is gelezen als \(detectedEncoding.rawValue) (geef --encoding om dat te kiezen)"
                            : "\(what) is not UTF-8 and was read as \(detectedEncoding.rawValue) (give --encoding to choose)")
        }
        if dryRun {
            lines.append(nl ? "\(records) records in orde (droogzwemmen: niets geschreven)" : "\(records) records valid (dry run: nothing written)")
        } else if present == 0 && updated == 0 {
            lines.append(nl ? "\(records) records geïmporteerd (\(events) gebeurtenissen)" : "imported \(records) records (\(events) events)")
        } else {
            // Importing the same file again changes nothing: say so.
            lines.append(nl ? "\(records) records gelezen: \(added) nieuw, \(present) al aanwezig, \(updated) bijgewerkt (\(events) gebeurtenissen)"
                            : "\(records) records read: \(added) new, \(present) already present, \(updated) updated (\(events) events)")
        }
        return lines
    }

    /// The closing line when a file had problems (nothing was imported).
    public func refusal(_ what: String) -> String {
        "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(what); nothing was imported"
    }
}
