import ArgumentParser
import CoachCore
import CoachEngine

extension Coach.Rules {
    /// `coach rules list`: every rule with its status.
    struct RulesList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the rules with their status (on, shadow, quarantined, off) and health.",
            discussion: """
                One line per rule: id, status, title, events, file, and its health: ok, or its
                recent failures with the last error and the event it failed on.

                Example:
                  coach rules list
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        func run() throws {
            let db = try store.openExisting(readOnly: true)
            let (loaded, broken) = try engine.engine(db)
            for rule in loaded.rules.map(\.definition) {
                let health = try guarded { try db.ruleHealth(rule.id) }
                let configuration = loaded.configuration
                let status = configuration.disabled.contains(rule.id) ? "off"
                    : health?.quarantined == true ? "quarantined"
                    : rule.shadow || configuration.shadow.contains(rule.id) ? "shadow" : "on"
                let nl = store.lang == .nl
                var state = "ok"
                if let health, health.failures > 0, let error = health.lastError {
                    state = (nl ? "\(health.failures) \(health.failures == 1 ? "fout" : "fouten") recent, laatste op gebeurtenis "
                                : "\(health.failures) recent \(health.failures == 1 ? "failure" : "failures"), last on event ")
                        + "\(health.lastEventSeq ?? 0): \(error)"
                }
                say("\(rule.id)\t\(status)\t\(rule.title(in: store.lang))\t\(rule.events.map(\.rawValue).joined(separator: ","))\t\(rule.file)\t\(state)")
            }
            if broken { throw ExitCode(1) }
        }
    }
}
