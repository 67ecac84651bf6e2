import ArgumentParser
import CoachCore
import CoachEngine
import CoachReports

extension Coach.Rules {
    /// `coach rules list`: every rule with its status.
    struct RulesList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the rules with their status (on, shadow, quarantined, off) and health.",
            discussion: """
                One line per rule: id, status, title, events, file, its health (ok, or its \
                recent failures with the last error and the event it failed on), and why what it \
                notices matters, with its source.

                Example:
                  coach rules list
                """
        )

        @OptionGroup var store: ReadingStoreOptions
        @OptionGroup var engine: EngineOptions
        @OptionGroup var who: RoleOptions

        func run() throws {
            let db = try store.openExisting(readOnly: true, as: who)
            // The list is also the health check: every plugin file is read, as a tick reads them.
            let (loaded, broken) = try engine.engine(db, loaded: engine.workspace.loadPlugins(db), need: .definitions)
            // A role reads the health of its own schools only: an error may name what is theirs.
            // Without one, the list is the deployment's health check, as it always was.
            let schools = who.given(loaded.configuration) == nil ? nil
                : try who.access(db, configuration: loaded.configuration).readableSchools
            try guarded { try ToolText.rules(loaded, language: store.lang, schools: schools) }.forEach(say)
            if broken { throw ExitCode(1) }
        }
    }
}
