import ArgumentParser
import CoachCore
import CoachImport
import CoachPlugins
import CoachStore
import Foundation

extension Coach {
    /// `coach import FILE --kind K`: records from a spreadsheet export or JSON lines.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import observations, feedback, placements or results from CSV or JSON lines.",
            discussion: """
                CSV as Excel writes it in Flanders and the Netherlands: comma or semicolon, with or
                without a byte order mark, quoted fields with newlines; the first row names the
                columns (see docs/import.md). JSON lines: one record per line, as in docs/records.md.
                All or nothing: a file with errors writes nothing and lists every bad row as
                FILE:LINE: field: problem. --dry-run checks everything and writes nothing.

                Example:
                  coach import feedback-week44.csv --kind feedback --dry-run
                """
        )

        typealias Kind = ImportKind

        @OptionGroup var store: StoreOptions

        @Argument(help: "The files: .csv, or .jsonl for JSON lines; several are imported together, all or nothing.")
        var files: [String]

        @Option(help: "What the files hold: people, observations, feedback, placements or results (default: told by each file's first line).")
        var kind: Kind?

        @Flag(help: "Check the file and report, but write nothing.")
        var dryRun = false

        @Option(help: "The file's encoding: utf-8, windows-1252 or latin-1 (default: UTF-8, or Windows-1252 when the file's start is not UTF-8).")
        var encoding: TextEncoding?

        @Option(help: "An import mapping from a plugin, for another tool's export (e.g. an online form).")
        var mapping: String?

        @Option(help: "The folder of plugins (for --mapping).")
        var plugins: String = "Plugins"

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give the file(s) to import") }
        }

        func run() throws {
            var inputs: [ImportFile] = []
            for file in files {
                if access(file, R_OK) != 0 { throw fail("cannot read \(file): \(String(cString: strerror(errno)))") }
                let fileKind: ImportKind
                if let kind { fileKind = kind } else {
                    do { fileKind = try Importer.recognise(path: file) } catch { throw fail(error.description) }
                }
                do {
                    inputs.append(ImportFile(path: file, source: try TextPieces(path: file, encoding: encoding), kind: fileKind))
                } catch { throw fail("cannot read \(file): \(error.localizedDescription)") }
            }
            var found: ImportMapping?
            if let mapping {
                guard let only = Set(inputs.map(\.kind)).first, Set(inputs.map(\.kind)).count == 1 else {
                    throw fail("--mapping reads files of one kind; give --kind or import the files one kind at a time")
                }
                do { found = try Importer.mapping(mapping, kind: only, plugins: plugins) } catch { throw fail(error.description) }
            }
            let file = files.count == 1 ? files[0] : "\(files.count) files"
            let db = try store.openExisting()
            let terminal = isatty(2) != 0 && inputs.reduce(0, { $0 + $1.source.total }) > 1 << 20
            let outcome = try guarded {
                try Importer.run(files: inputs, mapping: found, into: db, dryRun: dryRun,
                                 progress: terminal ? { read, all in
                                     let percent = all > 0 ? read * 100 / all : 0
                                     FileHandleOutput.standardError.write("\rcoach: \(percent) % read" + (read >= all ? "\n" : ""))
                                 } : nil)
            }
            let nl = store.lang == .nl
            if !outcome.problems.isEmpty {
                for problem in outcome.problems { FileHandleOutput.standardError.write(problem.text + "\n") }
                let count = outcome.problems.count
                throw fail("\(count) problem\(count == 1 ? "" : "s") in \(file); nothing was imported")
            }
            if let detected = outcome.detectedEncoding {
                say(nl ? "\(file) is geen UTF-8 en is gelezen als \(detected.rawValue) (geef --encoding om dat te kiezen)"
                       : "\(file) is not UTF-8 and was read as \(detected.rawValue) (give --encoding to choose)")
            }
            if dryRun {
                say(nl ? "\(outcome.records) records in orde (droogzwemmen: niets geschreven)"
                       : "\(outcome.records) records valid (dry run: nothing written)")
            } else if outcome.present == 0 && outcome.updated == 0 {
                say(nl ? "\(outcome.records) records geïmporteerd (\(outcome.events) gebeurtenissen)"
                       : "imported \(outcome.records) records (\(outcome.events) events)")
            } else {
                // Importing the same file again changes nothing: say so.
                say(nl ? "\(outcome.records) records gelezen: \(outcome.added) nieuw, \(outcome.present) al aanwezig, "
                         + "\(outcome.updated) bijgewerkt (\(outcome.events) gebeurtenissen)"
                       : "\(outcome.records) records read: \(outcome.added) new, \(outcome.present) already present, "
                         + "\(outcome.updated) updated (\(outcome.events) events)")
            }
        }
    }
}

extension ImportKind: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
