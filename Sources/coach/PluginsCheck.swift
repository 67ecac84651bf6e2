import ArgumentParser
import CoachSetup
import Foundation
import CoachPlugins

extension Coach.PluginsCommand {
    struct PluginsCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check plugin folders: every problem with its file and place.",
            discussion: "Example:\n  coach plugins check Plugins")
        @OptionGroup var store: ReadingStoreOptions
        @Argument(help: "The plugins folder (default: ./Plugins, else the one 'coach init' recorded).")
        var path: String?

        func run() throws {
            let folder = path ?? Workspace().pluginsFolder(store.openIfPresent())
            let set = PluginLoader.loadAll(from: folder)
            for problem in set.problems { say(problem.text(store.lang)) }
            say(store.lang == .nl ? "\(set.plugins.count) in orde, \(set.problems.count) " + (set.problems.count == 1 ? "probleem" : "problemen")
                                  : "\(set.plugins.count) ok, \(set.problems.count) " + (set.problems.count == 1 ? "problem" : "problems"))
            if !set.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
