import ArgumentParser
import CoachEngine

extension Coach.Rules {
    /// `coach rules test`: run the specs.
    struct RulesTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every rule's _spec.lua against an in-memory store.",
            discussion: """
                One line per case, then 'N passed, N failed'. Exits with status 1 when a case fails.

                Example:
                  coach rules test --rules Rules
                """
        )

        @OptionGroup var store: ReadingStoreOptions
        @OptionGroup var engine: EngineOptions

        func run() throws {
            let present = store.openIfPresent()
            if let missing = engine.workspace.missingRuleFolder(present) { throw fail(store.lang == .nl ? "de map met regels \(missing) bestaat niet" : "no rules folder at \(missing)") }
            let directories = engine.ruleDirectories(present)
            let configuration = try engine.configuration(present)
            let report = SpecRunner.runAll(directories: directories, files: engine.workspace.loadPlugins(present).ruleFiles,
                                           limits: configuration.limits)
            // No case at all is no pass: `coach rules test && coach rules release` must not go on.
            guard report.passed + report.failed > 0 else {
                let folders = directories.joined(separator: ", ")
                throw fail(store.lang == .nl
                           ? "geen specs (*_spec.lua) " + (directories.isEmpty ? "in een map met regels (geef --rules)" : "in \(folders)")
                           : "no specs (*_spec.lua) in " + (directories.isEmpty ? "any rules folder (give --rules)" : folders))
            }
            for line in report.lines { say(line) }
            if report.failed > 0 { throw ExitCode(1) }
        }
    }
}
