import ArgumentParser
import CoachSetup

extension Coach {
    /// `coach init`: create or migrate the store, load plugins and rules.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or migrate the database and load Plugins/ and Rules/.",
            discussion: """
                Safe to run again: migrations that are done are skipped, kijkwijzers already stored \
                are left as they are. Broken plugins and rules are listed with file and line, and \
                the command exits with status 1 after loading everything else. The folders are \
                recorded in the database, so that commands run from elsewhere find them.

                Example:
                  coach init --db school.sqlite
                  coach init --db postgres://coach@db.example:5432/coach
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        func run() throws {
            var workspace = engine.workspace
            (workspace.database, workspace.waitSeconds) = (store.db, store.wait)
            let done = try guarded { try workspace.initialise() }
            let nl = store.lang == .nl
            say("\(workspace.shownPath): " + (nl ? "klaar" : "ready") + " (\(done.migrations.joined(separator: ", ")))")
            say("plugins: \(done.plugins), kijkwijzers: \(done.instruments), " + (nl ? "regels" : "rules") + ": \(done.rules)")
            if done.broken { throw ExitCode(1) }
        }
    }
}
