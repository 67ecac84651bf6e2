import ArgumentParser
import CoachImport
import CoachPlugins
import CoachSetup
import CoachStore
import Foundation

extension Coach {
    /// `coach import FILE --kind K`: records from a spreadsheet export or JSON lines.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import people, observations, feedback, placements, results, learning walks or central test results from CSV or JSON lines.",
            discussion: """
                CSV as Excel writes it in Flanders and the Netherlands: comma or semicolon, with or \
                without a byte order mark, quoted fields with newlines; the first row names the \
                columns (see docs/import.md). JSON lines: one record per line, as in docs/records.md. \
                All or nothing: a file with errors writes nothing and lists every bad row as \
                FILE:LINE: field: problem. --dry-run checks everything and writes nothing. \
                While a school has a closed week whose rules have not run yet (a tick at it, \
                'tick --no-dispatch'), its records wait: the import tries again for up to --wait \
                seconds. Input from a pipe (/dev/stdin) needs --kind and does not wait.

                Example:
                  coach import feedback-week44.csv --kind feedback --dry-run
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The files: .csv, or .jsonl for JSON lines; several are imported together, all or nothing.")
        var files: [String]

        @Option(help: "What the files hold: people, observations, feedback, placements, results, walks (learning walks) or central (the central tests' school feedback) (default: told by each file's first line).")
        var kind: ImportKind?

        @Flag(help: "Check the file and report, but write nothing.")
        var dryRun = false

        @Flag(help: "Also take records dated more than a year ahead: for a simulation, a test or a benchmark on a generated year.")
        var ahead = false

        @Option(help: "The file's encoding: utf-8, windows-1252 or latin-1 (default: UTF-8, or Windows-1252 when the file's start is not UTF-8).")
        var encoding: TextEncoding?

        @Option(help: "An import mapping from a plugin, for another tool's export (e.g. an online form).")
        var mapping: String?

        @Option(help: "The folder of plugins, for --mapping (default: ./Plugins, else the one 'coach init' recorded).")
        var plugins: String?

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError(store.lang == .nl ? "geef de bestanden die geïmporteerd moeten worden" : "give the file(s) to import") }
        }

        func run() throws {
            // Opened (and checked) once here; an attempt that waited for a closed week's rules
            // reads the files again from the start.
            var opened: [ImportFile]? = try guarded { try ImportFile.open(files, kind: kind, encoding: encoding) }
            let kinds = Set(opened!.map(\.kind))
            if mapping != nil, kinds.count != 1 {
                throw fail(store.lang == .nl ? "--mapping leest bestanden van één soort; geef --kind of importeer de bestanden soort per soort"
                                             : "--mapping reads files of one kind; give --kind or import the files one kind at a time")
            }
            let what = files.count == 1 ? files[0] : "\(files.count) " + (store.lang == .nl ? "bestanden" : "files")
            let terminal = isatty(2) != 0 && opened!.reduce(0, { $0 + $1.source.total }) > 1 << 20
            let folders = Workspace(plugins: plugins)
            var found: ImportMapping?
            // A pipe (/dev/stdin, <(…)) is read once: an attempt after a refusal would find it empty.
            // (stat follows a symbolic link: a link to a file is a file.)
            let rereadable = files.allSatisfy { file in
                var status = stat()
                return stat(file, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
            }
            // On the shared store the files are read through once first, for the schools their
            // records touch: only those are copied and locked (a mapping's plugins folder may be
            // the one recorded in the store, so a mapped import copies every school).
            var touching: Mentions?
            if store.workspace.isShared, rereadable, mapping == nil, let files = opened.take() {
                touching = Importer.mentions(files: files)
            }
            func attempt(dryRun: Bool) throws -> ImportOutcome {
                let db = try store.openExisting(touching: touching)
                if mapping != nil, let missing = folders.missingPluginFolder(db) {
                    throw fail(store.lang == .nl ? "geen map met plugins op \(missing) (geef --plugins)" : "no plugins folder at \(missing) (give --plugins)")
                }
                found = try found ?? mapping.map { id in
                    try guarded { try Importer.mapping(id, kind: kinds.first!, plugins: folders.pluginsFolder(db)) }
                }
                let inputs = try opened.take() ?? guarded { try ImportFile.open(files, kind: kind, encoding: encoding) }
                // A store error other than waiting is told by `guarded`, in one line.
                return try Importer.run(files: inputs, mapping: found, into: db, dryRun: dryRun, today: ahead ? nil : Coach.SuggestCommand.today(),
                                        progress: terminal ? { read, all in
                    FileHandleOutput.standardError.write("\rcoach: \(all > 0 ? read * 100 / all : 0) % " + (store.lang == .nl ? "gelezen" : "read")
                                                         + (read >= all ? "\n" : ""))
                } : nil)
            }
            // Refused for a closed week at its first records, the import has not read the rest:
            // a dry run (which checks every row and never waits) tells its problems at once,
            // instead of after the wait.
            let outcome = try guarded { try store.waitingForRules(rereadable: rereadable, firstRefusal: {
                guard rereadable, !dryRun else { return nil }
                let checked = try attempt(dryRun: true)
                return checked.problems.isEmpty ? nil : checked
            }) { try attempt(dryRun: dryRun) } }
            if !outcome.problems.isEmpty {
                for problem in outcome.problems { FileHandleOutput.standardError.write(problem.text(in: store.lang) + "\n") }
                throw fail(outcome.refusal(what, language: store.lang))
            }
            outcome.summary(what, dryRun: dryRun, language: store.lang).forEach(say)
        }
    }
}

extension ImportKind: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
