import ArgumentParser
import CoachCore
import CoachReports

extension Coach {
    /// `coach erase --pupil ID`: remove a pupil and everything about them.
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract: "Remove one pupil and everything about them (a dry run unless --yes).",
            discussion: """
                Removes the pupil, their feedback, results and placements, every prompt and \
                suggestion that names them or rests on their records, the events that carry their \
                id, rule states that remember it, and their alias where a teacher wrote it in a \
                note. A database file is then rewritten, so no copy stays in free pages (on PostgreSQL, \
                the server's VACUUM FULL reclaims them). \
                While a closed week of the school still waits for its rules (a tick at it, or \
                'tick --no-dispatch'), it waits too, up to --wait: those rules would name the pupil \
                again. Without --yes it only says what it would remove.

                Example:
                  coach erase --pupil k3a-p01          # what would go
                  coach erase --pupil k3a-p01 --yes    # remove it
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: RoleOptions
        @Option(help: "The pupil's id.") var pupil: String
        @Flag(help: "Remove it (without: a dry run).") var yes = false

        func run() throws {
            // A tick still running a closed week of the school is waited for: its later batches
            // would name the pupil again after the erasure.
            let removal = try guarded { try store.waitingForRules {
                let db = try store.openExisting(as: who)
                let school = try guarded { try db.pupil(pupil) }?.schoolId
                try guarded { try who.access(db).requireSchoolWide(Phrase("erasing a pupil", nl: "een leerling wissen"), school: school) }
                return try db.erase(pupil: pupil, dryRun: !yes)
            } }
            for line in PrivacyText.removal(removal, what: (store.lang == .nl ? "leerling " : "pupil ") + pupil,
                                            confirm: "coach erase --pupil \(pupil) --yes", shared: store.workspace.isShared,
                                            language: store.lang) {
                say(line)
            }
        }
    }
}
