import CoachCore
import CoachEngine

/// What `coach worker` says: a line per school written back, and a summary.
public enum WorkerText {
    /// One school's events handled and written back.
    public static func line(school: String, _ report: DispatchReport, language: Language) -> String {
        let count = TickText.count
        let failed = report.failures.isEmpty ? "" : (language == .nl ? ", \(count(report.failures.count, "regelfout", "regelfouten"))"
                                                                       : ", \(report.failures.count) rule failures")
        return language == .nl
            ? "school \(school): \(count(report.events, "gebeurtenis", "gebeurtenissen")), \(count(report.prompts, "gesprekspunt", "gesprekspunten"))\(failed)"
            : "school \(school): \(report.events) events, \(report.prompts) prompts\(failed)"
    }

    /// The worker's total when it stops.
    public static func summary(schools: Int, _ report: DispatchReport, language: Language) -> String {
        let count = TickText.count
        return language == .nl
            ? "klaar: \(count(schools, "school", "scholen")), \(count(report.events, "gebeurtenis", "gebeurtenissen")), "
                + count(report.prompts, "gesprekspunt", "gesprekspunten")
            : "done: \(count(schools, "school", "schools")), \(count(report.events, "event", "events")), \(count(report.prompts, "prompt", "prompts"))"
    }
}
