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
            for problem in set.problems { say(problem.description) }
            say("\(set.plugins.count) ok, \(set.problems.count) problems")
            if !set.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
