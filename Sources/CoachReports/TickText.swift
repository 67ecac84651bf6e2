import CoachCore
import CoachEngine

/// What `coach tick` tells a person: per week closed, the events, prompts and failing rules.
public enum TickText {
    /// The lines of a tick (or of `--through`, one report per week), for standard output and
    /// standard error, and the closing error when not every rule worked.
    public struct Lines: Sendable {
        public var output: [String] = []
        public var errors: [String] = []
        /// Set when a rule failed or did not load: the command's last line, and a failure.
        public var failure: String?
    }

    /// The lines for the reports of one run; `broken`: a plugin or rule did not load;
    /// `dispatched`: false when the tick only closed the weeks (`--no-dispatch`), so that it
    /// does not read as if the rules found nothing; `shared`: on the shared store, where
    /// workers run them (on a file, the next tick does, and every new record waits till then).
    public static func lines(_ reports: [Engine.TickReport], week: IsoWeek, broken: Bool, language: Language,
                             dispatched: Bool = true, shared: Bool = true) -> Lines {
        let nl = language == .nl
        var lines = Lines()
        guard let last = reports.last else { return lines }
        if !dispatched {
            for report in reports {
                if shared {
                    lines.output.append(nl ? "week \(report.week) afgesloten; de regels lopen bij de workers ('coach worker')"
                                           : "week \(report.week) closed; the workers run the rules ('coach worker')")
                } else {
                    lines.output.append(nl ? "week \(report.week) afgesloten zonder de regels: 'coach tick --week \(report.week)' laat ze "
                                           + "lopen; tot dan wachten alle nieuwe gegevens, ook die van andere weken"
                                           : "week \(report.week) closed without its rules: 'coach tick --week \(report.week)' runs them; "
                                           + "until then every new record waits, also for other weeks")
                }
            }
            if !last.alreadyClosed.isEmpty {
                lines.output.append(nl ? "week \(week) was al afgesloten" : "week \(week) was already closed")
            }
            if broken {
                lines.failure = nl ? "de week is afgesloten, maar niet alle regels of plugins laden: zie de meldingen hierboven"
                                   : "the week is closed, but not every rule or plugin loads: see the lines above"
            }
            return lines
        }
        for report in reports.dropLast() {
            lines.output.append(nl ? "week \(report.week) afgesloten: \(count(report.dispatch.events, "gebeurtenis", "gebeurtenissen")), \(count(report.dispatch.prompts, "gesprekspunt", "gesprekspunten"))"
                                   : "week \(report.week) closed: \(count(report.dispatch.events, "event", "events")), \(count(report.dispatch.prompts, "prompt", "prompts"))")
        }
        // Failures of every week count in the summary and the exit status.
        var report = last.dispatch
        report.failures = reports.flatMap(\.dispatch.failures)
        for earlier in reports.dropLast() {
            var quarantine = DispatchReport()
            quarantine.quarantined = earlier.dispatch.quarantined
            quarantine.quarantinedIn = earlier.dispatch.quarantinedIn
            report.merge(quarantine)
        }
        if !last.alreadyClosed.isEmpty {
            lines.output.append(nl ? "week \(week) was al afgesloten; alleen wat nog wachtte, is verwerkt"
                                   : "week \(week) was already closed; only what was waiting has been handled")
        }
        if let newest = last.olderThanClosed.values.max() {
            lines.output.append(nl ? "let op: week \(week) is ouder dan de laatst afgesloten week \(newest); de regels zien de school zoals ze toen was"
                                   : "note: week \(week) is older than the last closed week \(newest); the rules see the school as it was then")
        }
        lines.errors += failureLines(report, language: language)
        let failing = report.failingRules.count
        // After "was already closed", the summary says what was handled, not "closed" again.
        let closedNow = last.alreadyClosed.isEmpty
        lines.output.append(nl ? "week \(week)\(closedNow ? " afgesloten" : ""): \(count(report.events, "gebeurtenis", "gebeurtenissen")), \(count(report.prompts, "gesprekspunt", "gesprekspunten"))"
                                 + (report.repeats > 0 ? " (\(count(report.repeats, "herhaling", "herhalingen")) zonder nieuw bewijs weggelaten)" : "")
                                 + ", \(failing) \(failing == 1 ? "regel" : "regels") met fouten"
                               : "week \(week)\(closedNow ? " closed" : ""): \(count(report.events, "event", "events")), \(count(report.prompts, "prompt", "prompts"))"
                                 + (report.repeats > 0 ? " (\(count(report.repeats, "repeat", "repeats")) without new evidence left out)" : "")
                                 + ", \(failing) failing \(failing == 1 ? "rule" : "rules")")
        for rule in report.quarantined {
            let schools = (report.quarantinedIn[rule] ?? []).joined(separator: ", ")
            lines.output.append(nl ? "regel \(rule) staat nu in quarantaine (\(schools))" : "rule \(rule) is now quarantined (\(schools))")
        }
        if failing > 0 || broken {
            lines.failure = nl ? "de week is afgesloten en de andere regels zijn uitgevoerd, maar niet alle regels werkten: zie de meldingen hierboven"
                               : "the week is closed and the other rules ran, but not every rule worked: see the lines above"
        }
        return lines
    }

    /// A line per failing rule: how many events, and the first with its error.
    public static func failureLines(_ report: DispatchReport, language: Language) -> [String] {
        report.failingRules.map { rule in
            let failures = report.failures.filter { $0.rule == rule }
            return language == .nl
                ? "regel \(rule) liep fout bij \(count(failures.count, "gebeurtenis", "gebeurtenissen")); de eerste: \(failures[0].text(.nl))"
                : "rule \(rule) failed on \(count(failures.count, "event", "events")); first: \(failures[0].text(.en))"
        }
    }

    /// "1 gebeurtenis", "2 gebeurtenissen".
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// Where each school stands in `week` when it is not complete, one line each.
    public static func gaps(_ status: [Engine.WeekStatus], language: Language) -> [String] {
        status.filter { !$0.complete }.map { DigestRender.gapLine($0, nl: language == .nl) }
    }
}
