import ArgumentParser

extension Coach.Rules {
    /// `coach rules release RULE`: let a quarantined rule run again.
    struct RulesRelease: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Let a quarantined rule run again (after fixing it and running its specs).",
            discussion: "Example:\n  coach rules test && coach rules release persistent-track3"
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The rule's id.") var rule: String

        func run() throws {
            let db = try store.openExisting()
            guard let health = try guarded({ try db.ruleHealth(rule) }), health.quarantined else {
                throw fail("rule \(rule) is not quarantined")
            }
            try guarded { try db.releaseQuarantine(rule) }
            say(store.lang == .nl ? "regel \(rule) is weer actief" : "rule \(rule) runs again")
        }
    }
}
