import ArgumentParser
import CoachCore
import CoachEngine

extension Coach.Rules {
    /// `coach rules replay RULE`: a dry run over past events.
    struct RulesReplay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Run one rule over a school's past events without storing anything.",
            discussion: """
                Lists the prompts the rule would have made between two days (weeks in the range
                are closed for it). Use it before switching a rule on.

                Example:
                  coach rules replay persistent-track3 --school s-linde --from 2026-09-01 --to 2026-11-30
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        @Argument(help: "The rule's id.")
        var rule: String
        @Option(help: "The school's id.")
        var school: String
        @Option(help: "First day, YYYY-MM-DD.")
        var from: String
        @Option(help: "Last day, YYYY-MM-DD.")
        var to: String

        func validate() throws {
            let (from, to) = (try parseDay(self.from, "--from"), try parseDay(self.to, "--to"))
            guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
        }

        func run() throws {
            let db = try store.openExisting()
            let (loaded, _) = try engine.engine(db)
            let prompts = try guarded {
                try loaded.replay(rule: rule, school: school, from: try parseDay(from, "--from"), to: try parseDay(to, "--to"))
            }
            for prompt in prompts {
                let about = [prompt.teacherId, prompt.classId].compactMap { $0 }.joined(separator: "/")
                say("\(prompt.week)\t\(prompt.audience.rawValue)\t\(about.isEmpty ? "-" : about)\t\(prompt.text)")
            }
            say(store.lang == .nl ? "\(prompts.count) prompts (niets opgeslagen)" : "\(prompts.count) prompts (nothing stored)")
        }
    }
}
