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
            let (engine, broken) = try engine.engine(db)
            let week = try parseWeek(self.week)
            let tick = try guarded { try engine.tick(week: week) }
            let report = tick.dispatch
            let nl = store.lang == .nl
            if !tick.alreadyClosed.isEmpty {
                say(nl ? "week \(week) was al afgesloten; alleen wat nog wachtte, is verwerkt"
                       : "week \(week) was already closed; only what was waiting has been handled")
            }
            if let newest = tick.olderThanClosed.values.max() {
                say(nl ? "let op: week \(week) is ouder dan de laatst afgesloten week \(newest); de regels zien de school zoals ze toen was"
                       : "note: week \(week) is older than the last closed week \(newest); the rules see the school as it was then")
            }
            for rule in report.failingRules {
                let failures = report.failures.filter { $0.rule == rule }
                FileHandleOutput.standardError.write("coach: rule \(rule) failed on \(failures.count) event(s); first: \(failures[0])\n")
            }
            let failing = report.failingRules.count + (broken ? 1 : 0)
            say(nl ? "week \(week) afgesloten: \(report.events) gebeurtenissen, \(report.prompts) prompts"
                     + (report.repeats > 0 ? " (\(report.repeats) herhalingen zonder nieuw bewijs niet opnieuw)" : "")
                     + ", \(report.failingRules.count) \(report.failingRules.count == 1 ? "regel" : "regels") met fouten"
                   : "week \(week) closed: \(report.events) events, \(report.prompts) prompts"
                     + (report.repeats > 0 ? " (\(report.repeats) repeats without new evidence left out)" : "")
                     + ", \(report.failingRules.count) failing \(report.failingRules.count == 1 ? "rule" : "rules")")
            for rule in report.quarantined {
                say(nl ? "regel \(rule) staat nu in quarantaine" : "rule \(rule) is now quarantined")
            }
            if failing > 0 {
                throw fail(nl ? "de week is afgesloten en de andere regels liepen, maar niet elke regel werkte: zie de meldingen hierboven"
                              : "the week is closed and the other rules ran, but not every rule worked: see the lines above")
            }
        }
    }
}
