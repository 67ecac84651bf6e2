import ArgumentParser
import CoachEngine

extension Coach.Rules {
    /// `coach rules explain ID`: why a prompt exists.
    struct RulesExplain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Everything in a prompt's reason: rule, version, event, parameters, evidence.",
            discussion: "Example:\n  coach rules explain 12"
        )

        @OptionGroup var store: ReadingStoreOptions
        @OptionGroup var engine: EngineOptions
        @OptionGroup var who: RoleOptions

        @Argument(help: "The prompt's id (shown in the digest).")
        var prompt: Int64

        func run() throws {
            let db = try store.openExisting(readOnly: true, as: who)
            let (loaded, _) = try engine.engine(db, need: .definitions)
            let access = try who.access(db, configuration: loaded.configuration)
            if let found = try guarded({ try db.prompt(prompt) }) { try guarded { try access.require(found) } }
            say(try guarded { try loaded.explain(prompt: prompt, language: store.lang) })
        }
    }
}
