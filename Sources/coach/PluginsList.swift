import ArgumentParser
import CoachPlugins

extension Coach.PluginsCommand {
    struct PluginsList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the plugins and what they provide.",
                                                        discussion: "Example:\n  coach plugins list")
        @Argument(help: "The plugins folder.")
        var path: String = "Plugins"

        func run() throws {
            let set = PluginLoader.loadAll(from: path)
            for plugin in set.plugins {
                let instruments = plugin.instruments.map { "\($0.id) \($0.version)" }.joined(separator: ", ")
                let legends = plugin.legends.map { "\($0.id) (\($0.codes.count) codes)" }.joined(separator: ", ")
                say("\(plugin.manifest.id)\t\(plugin.manifest.version)\t\(plugin.manifest.name)\t"
                    + "kijkwijzers: \(instruments.isEmpty ? "-" : instruments)\trules: \(plugin.ruleFiles.count)"
                    + (legends.isEmpty ? "" : "\tlegends: \(legends)"))
            }
            for problem in set.problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
            if !set.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
