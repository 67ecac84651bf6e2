import ArgumentParser
import CoachCore
import CoachEngine
import CoachStore
import CoachReports

extension Coach {
    /// `coach tick --week W`: close a week.
    struct Tick: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a week: fire week.ended for every school and run the rules.",
            discussion: """
                Also hands every event not yet dispatched to the rules. Closing the same week again
                adds nothing. --through closes every week from the last closed one up to the week
                given, in order (the same prompts as closing them one by one): to catch up after
                importing history.

                Example:
                  coach tick --week 2026-W44
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        @Option(help: "The ISO week to close, as YYYY-Www (e.g. 2026-W44).")
        var week: String?

        @Option(help: "Close every week not closed yet, in order, up to this one (YYYY-Www).")
        var through: String?

        func validate() throws {
            guard (week == nil) != (through == nil) else { throw ValidationError("give --week or --through (one of them)") }
            if let week { _ = try parseWeek(week) }
            if let through { _ = try parseWeek(through) }
        }

        func run() throws {
            let week = try parseWeek(self.week ?? through ?? "")
            let db: CoachStore
            do {
                db = try store.openExisting()
            } catch {
                // The store could not be opened for writing (another writer past --wait): say
                // where the week stands all the same.
                if let reader = try? store.openExisting(readOnly: true), let (readEngine, _) = try? engine.engine(reader) {
                    for s in (try? readEngine.weekStatus(week)) ?? [] where !s.complete {
                        FileHandleOutput.standardError.write("coach: " + DigestRender.gapLine(s, nl: store.lang == .nl) + "\n")
                    }
                }
                throw error
            }
            let (engine, broken) = try engine.engine(db)
            let tick: Engine.TickReport
            do {
                if through != nil {
                    let reports = try engine.tick(through: week)
                    let nl = store.lang == .nl
                    for report in reports.dropLast() {
                        say(nl ? "week \(report.week) afgesloten: \(report.dispatch.events) gebeurtenissen, \(report.dispatch.prompts) prompts"
                               : "week \(report.week) closed: \(report.dispatch.events) events, \(report.dispatch.prompts) prompts")
                    }
                    var last = try reports.last ?? engine.tick(week: week)
                    // Failures of every week count in the summary and the exit status.
                    last.dispatch.failures = reports.flatMap(\.dispatch.failures)
                    last.dispatch.quarantined = reports.flatMap(\.dispatch.quarantined)
                    tick = last
                } else {
                    tick = try engine.tick(week: week)
                }
            } catch {
                // Say exactly where the week stands: closed or not, and how far the rules got.
                FileHandleOutput.standardError.write("coach: \(error)\n")
                let status = (try? engine.weekStatus(week)) ?? []
                for s in status where !s.complete {
                    FileHandleOutput.standardError.write("coach: " + DigestRender.gapLine(s, nl: store.lang == .nl) + "\n")
                }
                throw ExitCode(1)
            }
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
