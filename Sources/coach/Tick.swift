import ArgumentParser
import CoachCore
import CoachEngine

extension Coach {
    /// `coach tick --week W`: close a week.
    struct Tick: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a week: fire week.ended for every school and run the rules.",
            discussion: """
                Also hands every event not yet dispatched to the rules. Closing the same week again
                adds nothing.

                Example:
                  coach tick --week 2026-W44
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        @Option(help: "The ISO week to close, as YYYY-Www (e.g. 2026-W44).")
        var week: String

        func validate() throws { _ = try parseWeek(week) }

        func run() throws {
            let db = try store.openExisting()
            let (engine, _) = try engine.engine(db)
            let week = try parseWeek(self.week)
            let report = try guarded { try engine.tick(week: week) }
            for failure in report.failures { FileHandleOutput.standardError.write("coach: rule \(failure)\n") }
            let nl = store.lang == .nl
            say(nl ? "week \(week) afgesloten: \(report.events) gebeurtenissen, \(report.prompts) prompts, \(report.failures.count) fouten"
                   : "week \(week) closed: \(report.events) events, \(report.prompts) prompts, \(report.failures.count) failures")
            for rule in report.quarantined {
                say(nl ? "regel \(rule) staat nu in quarantaine" : "rule \(rule) is now quarantined")
            }
        }
    }
}
