import CoachCore
import CoachEngine
import CoachStore
import Foundation

/// What `coach rules replay` and `coach rules list` print.
public enum ToolText {
    /// One line per prompt a replay made (tab-separated, or one JSON object each), then the
    /// count; and one line per failure, for standard error.
    public static func replay(_ report: ReplayReport, json: Bool, language: Language) -> (output: [String], errors: [String]) {
        let nl = language == .nl
        var output = report.prompts.map { prompt -> String in
            if json {
                let object: [String: Any] = ["rule": prompt.ruleId, "week": prompt.week, "audience": prompt.audience.rawValue,
                                             "teacher": prompt.teacherId ?? NSNull(), "class": prompt.classId ?? NSNull(),
                                             "key": prompt.key, "text": prompt.text, "evidence": prompt.evidence]
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
                return String(decoding: data, as: UTF8.self)
            }
            let about = [prompt.teacherId, prompt.classId].compactMap { $0 }.joined(separator: "/")
            return "\(prompt.week)\t\(prompt.audience.rawValue)\t\(about.isEmpty ? "-" : about)\t\(prompt.text)"
        }
        let n = report.prompts.count
        if !json { output.append(nl ? "\(n) \(n == 1 ? "prompt" : "prompts") (niets opgeslagen)" : "\(n) \(n == 1 ? "prompt" : "prompts") (nothing stored)") }
        return (output, report.failures.map { (nl ? "fout: " : "failed: ") + $0.description })
    }

    /// The closing line of a replay that failed on some events.
    public static func replayFailed(_ report: ReplayReport, language: Language) -> String {
        language == .nl ? "de regel liep fout op \(report.failures.count) gebeurtenis(sen); de rest is afgespeeld"
                        : "the rule failed on \(report.failures.count) event(s); the rest was replayed"
    }

    /// One line per rule: id, status (on, shadow, quarantined, off), title, events, file, health,
    /// and why it matters (with its source).
    /// `schools`: the schools whose health is shown (nil: all; a role reads only its own).
    public static func rules(_ engine: Engine, language: Language, schools: Set<String>? = nil) throws(StoreError) -> [String] {
        let nl = language == .nl
        var lines: [String] = []
        for rule in engine.definitions {
            let health = try engine.store.ruleHealth(rule.id).filter { schools?.contains($0.schoolId) ?? true }
            let configuration = engine.configuration
            let quarantined = health.filter(\.quarantined).map(\.schoolId)
            let status = configuration.disabled.contains(rule.id) ? "off"
                : !quarantined.isEmpty ? "quarantined (\(quarantined.joined(separator: ", ")))"
                : rule.shadow || configuration.shadow.contains(rule.id) ? "shadow" : "on"
            var state = "ok"
            let failures = health.reduce(0) { $0 + $1.failures }
            if failures > 0, let last = health.filter({ $0.lastError != nil }).max(by: { ($0.lastEventSeq ?? 0) < ($1.lastEventSeq ?? 0) }),
               let error = last.lastError {
                state = (nl ? "\(failures) \(failures == 1 ? "recente fout" : "recente fouten"), laatste bij gebeurtenis "
                            : "\(failures) recent \(failures == 1 ? "failure" : "failures"), last on event ")
                    + "\(last.lastEventSeq ?? 0) (\(last.schoolId)): \(error)"
            }
            lines.append("\(rule.id)\t\(status)\t\(rule.title(in: language))\t\(rule.events.map(\.rawValue).joined(separator: ","))\t\(rule.file)\t\(state)"
                         + "\t" + (rule.reason(in: language) ?? "-"))
        }
        return lines
    }
}
