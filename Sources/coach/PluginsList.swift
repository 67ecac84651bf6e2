import ArgumentParser
import CoachSetup
import Foundation
import CoachPlugins

extension Coach.PluginsCommand {
    struct PluginsList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the plugins and what they provide.",
                                                        discussion: "Example:\n  coach plugins list")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The plugins folder (default: ./Plugins, else the one 'coach init' recorded).")
        var path: String?

        func run() throws {
            let folder = path ?? Workspace().pluginsFolder(store.openIfPresent())
            let set = PluginLoader.loadAll(from: folder)
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
