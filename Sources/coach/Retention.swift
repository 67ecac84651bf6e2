import ArgumentParser
import CoachCore
import CoachReports

extension Coach {
    /// `coach retention --before DATE`: remove what is older than the retention period.
    struct Retention: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retention",
            abstract: "Remove records older than a day, and the pupils who left by then, as the school's retention period says (a dry run unless --yes).",
            discussion: """
                Removes feedback, results, observations and learning walks dated before the day, \
                placements that ended before it and their events, prompts and suggestions of \
                earlier weeks, and the pupils who left on or before the day (with everything \
                that still names them, as 'coach erase' does). Refused while the rules have not yet seen events before that day \
                (run 'coach tick' first); waits, up to --wait, while a closed week of the school \
                still waits for its rules. Without --yes it only says what it would remove.

                Example:
                  coach retention --before 2024-09-01 --school s-linde
                  coach retention --before 2024-09-01 --school s-linde --yes
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions
        @OptionGroup var who: RoleOptions
        @Option(help: "The first day to keep, YYYY-MM-DD.") var before: String
        @Option(help: "Only this school (default: every school).") var school: String?
        @Flag(help: "Remove it (without: a dry run).") var yes = false

        func run() throws {
            guard let day = Day(before) else {
                throw fail(store.lang == .nl ? "--before moet een datum zijn zoals 2024-09-01, niet '\(before)'"
                                             : "--before must be a date like 2024-09-01, got '\(before)'")
            }
            // Records kept until a day to come would go today: a typo in the year removes a
            // school's whole year. The first day to keep is today at the latest.
            let today = Coach.SuggestCommand.today()
            guard day <= today else {
                throw fail(store.lang == .nl
                           ? "--before \(before) ligt na vandaag (\(today)): dat zou gegevens verwijderen die nog niet oud genoeg zijn; geef een datum in het verleden"
                           : "--before \(before) is after today (\(today)): it would remove records that are not old yet; give a day in the past")
            }
            let removal = try guarded { try store.waitingForRules {
                let db = try store.openExisting(as: who)
                let configuration = try engine.configuration(db)
                let cursor = configuration.cursor
                try guarded { try who.access(db, configuration: configuration).requireSchoolWide(Phrase("retention", nl: "oude gegevens opruimen"), school: school) }
                return try db.removeRecords(before: day, school: school, cursor: cursor, dryRun: !yes)
            } }
            let what = (store.lang == .nl ? "alles van vóór " : "everything before ") + before + (school.map { " (\($0))" } ?? "")
            let confirm = "coach retention --before \(before)" + (school.map { " --school \($0)" } ?? "") + " --yes"
            for line in PrivacyText.removal(removal, what: what, confirm: confirm, shared: store.workspace.isShared, language: store.lang) { say(line) }
        }
    }
}
