import ArgumentParser

extension Coach {
    /// `coach rules`: tools for the policy team.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "List, check, test, replay and explain rules.",
            discussion: "Example:\n  coach rules test && coach rules list",
            subcommands: [RulesList.self, RulesCheck.self, RulesTest.self, RulesReplay.self, RulesExplain.self, RulesRelease.self]
        )
    }
}
