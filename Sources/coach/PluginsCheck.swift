import ArgumentParser
import CoachPlugins

extension Coach.PluginsCommand {
    struct PluginsCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Check plugin folders: every problem with its file and place.",
            discussion: "Example:\n  coach plugins check Plugins")
        @Argument(help: "The plugins folder.")
        var path: String = "Plugins"

        func run() throws {
            let set = PluginLoader.loadAll(from: path)
            for problem in set.problems { say(problem.description) }
            say("\(set.plugins.count) ok, \(set.problems.count) problems")
            if !set.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
