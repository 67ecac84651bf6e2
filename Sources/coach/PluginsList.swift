import ArgumentParser
import CoachSetup
import Foundation
import CoachPlugins

extension Coach.PluginsCommand {
    struct PluginsList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the plugins and what they provide.",
                                                        discussion: "Example:\n  coach plugins list --items")
        @OptionGroup var store: ReadingStoreOptions
        @Argument(help: "The plugins folder (default: ./Plugins, else the one 'coach init' recorded).")
        var path: String?
        @Flag(help: "Also list each kijkwijzer's sections and items with their keys (3.2: section 3, item 2), as rules name them.")
        var items = false

        func run() throws {
            let folder = path ?? Workspace().pluginsFolder(store.openIfPresent())
            let set = PluginLoader.loadAll(from: folder)
            for plugin in set.plugins {
                let instruments = plugin.instruments.map { "\($0.id) \($0.version)" }.joined(separator: ", ")
                let legends = plugin.legends.map { "\($0.id) (\($0.codes.count) codes)" }.joined(separator: ", ")
                // What `coach import --mapping ID` takes: a plugin of mappings only listed nothing.
                let mappings = plugin.mappings.map { "\($0.id) (--kind \($0.kind))" }.joined(separator: ", ")
                say("\(plugin.manifest.id)\t\(plugin.manifest.version)\t\(plugin.manifest.name)\t"
                    + "kijkwijzers: \(instruments.isEmpty ? "-" : instruments)\trules: \(plugin.ruleFiles.count)"
                    + (legends.isEmpty ? "" : "\tlegends: \(legends)") + (mappings.isEmpty ? "" : "\tmappings: \(mappings)"))
                for instrument in plugin.instruments where items {
                    for section in instrument.sections {
                        say("  \(instrument.id) \(section.number)\t\(section.title)")
                        for item in section.items { say("    \(item.key)\t\(item.text)") }
                    }
                }
            }
            for problem in set.problems { FileHandleOutput.standardError.write("coach: \(problem.text(store.lang))\n") }
            if !set.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
