import ArgumentParser
import CoachCore
import CoachReports
import Foundation

extension Coach {
    /// `coach export --pupil ID`: everything about one pupil, for a parent's request.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write all records about one pupil as JSON (for a parent's request).",
            discussion: """
                The pupil, their class, feedback, results and placements, and the prompts and \
                suggestions that name them (other pupils' aliases and ids masked). Prompts and \
                suggestions that only rest on their records without naming them are about a \
                teacher or a class and are left out; 'coach erase' removes them too, so its dry \
                run can count more.

                Example:
                  coach export --pupil k3a-p01 --out k3a-p01.json
                """
        )
        @OptionGroup var store: ReadingStoreOptions
        @OptionGroup var who: RoleOptions
        @Option(help: "The pupil's id.") var pupil: String
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() throws {
            let db = try store.openExisting(readOnly: true, as: who)
            let export = try guarded { try db.export(pupil: pupil) }
            try guarded { try who.access(db).requireSchoolWide(Phrase("a pupil's export", nl: "de gegevens van een leerling exporteren"), school: export.pupil.schoolId) }
            let json = PrivacyText.json(export)
            guard let out else { return say(json) }
            do { try (json + "\n").write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw fail((store.lang == .nl ? "kan \(out) niet schrijven: " : "cannot write \(out): ") + error.localizedDescription)
            }
            say(store.lang == .nl ? "opgeslagen in \(out)" : "written to \(out)")
        }
    }
}
