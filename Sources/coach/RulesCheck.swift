import ArgumentParser
import CoachCore
import CoachEngine
import CoachStore

extension Coach.Rules {
    /// `coach rules check`: load rules without running them on records.
    struct RulesCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check rule files: syntax, the rule { } fields, and every ctx.t text key.",
            discussion: """
                Prints one line per problem (file:line: message) and exits with status 1 when \
                there is any. Without files, checks the rules folder and the plugins' rules.

                Example:
                  coach rules check Rules/my-rule.lua
                """
        )

        @OptionGroup var options: ReadingStoreOptions
        @OptionGroup var engine: EngineOptions

        @Argument(help: "Rule files to check (default: all).")
        var files: [String] = []

        func run() throws {
            let store = try guarded { try CoachStore.inMemory() }
            let recorded = options.openIfPresent()
            // The limits a tick loads them with: a rule that passes here must load there.
            let limits = try engine.configuration(recorded).limits
            let (rules, problems) = files.isEmpty
                ? RuleLoader.loadAll(directories: engine.ruleDirectories(recorded),
                                     files: engine.workspace.loadPlugins(recorded).ruleFiles, store: store, limits: limits)
                : RuleLoader.loadAll(directories: [], files: files, store: store, limits: limits)
            for problem in problems { say(problem.text(options.lang)) }
            say(options.lang == .nl ? "\(rules.count) in orde, \(problems.count) met problemen" : "\(rules.count) ok, \(problems.count) with problems")
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
