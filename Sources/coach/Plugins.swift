import ArgumentParser

extension Coach {
    /// `coach plugins`: what plugins provide.
    struct PluginsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plugins",
            abstract: "List or check plugins (kijkwijzers, rules, legends, mappings).",
            discussion: "Example:\n  coach plugins check Plugins",
            subcommands: [PluginsList.self, PluginsCheck.self]
        )
    }
}
