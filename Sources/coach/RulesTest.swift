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

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        func run() throws {
            let report = SpecRunner.runAll(directories: engine.ruleDirectories(store.openIfPresent()))
            for line in report.lines { say(line) }
            if report.failed > 0 { throw ExitCode(1) }
        }
    }
}
