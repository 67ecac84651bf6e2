import ArgumentParser
import CoachReports
import CoachSetup

extension Coach {
    /// `coach worker --db postgres://...`: dispatch the shared store's events, beside other workers.
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker",
            abstract: "Run the rules over a shared PostgreSQL store's new events, sharing the schools with other workers.",
            discussion: """
                Claims one school at a time that no other worker holds, runs its due events through \
                the rules and writes the prompts, rule state and cursor back in one transaction: a \
                worker that is stopped, even with kill -9, leaves nothing half done, and another \
                worker takes the school over. --once stops when every school's changes are handled.

                Example:
                  coach worker --db postgres://coach@db.example/coach --once
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        @Flag(help: "Stop when no school has unhandled changes.")
        var once = false

        @Option(help: "Seconds between looks for new work (without --once).")
        var poll: Int = 2

        func validate() throws {
            guard store.workspace.isShared else { throw ValidationError(store.lang == .nl ? "een worker heeft een gedeelde databank nodig: geef --db postgres://..."
                                                                               : "a worker needs a shared store: give --db postgres://...") }
            guard poll > 0 else { throw ValidationError(store.lang == .nl ? "--poll moet minstens 1 zijn, niet \(poll)" : "--poll must be at least 1, got \(poll)") }
        }

        func run() throws {
            var workspace = engine.workspace
            workspace.database = store.db
            let report = try guarded {
                try workspace.work(once: once, poll: .seconds(poll), told: { school, part in
                    say(WorkerText.line(school: school, part, language: store.lang))
                    // Which rule, which event, which error: a count alone tells the team nothing.
                    TickText.failureLines(part, language: store.lang).forEach(complain)
                }, failed: complain)
            }
            say(WorkerText.summary(schools: Set(report.schools).count, report.dispatch, language: store.lang))
            if !report.dispatch.failures.isEmpty {
                throw fail(store.lang == .nl ? "de gebeurtenissen zijn verwerkt en de andere regels liepen, maar niet elke regel werkte: zie hierboven"
                                              : "the events are handled and the other rules ran, but not every rule worked: see the lines above")
            }
        }
    }
}
