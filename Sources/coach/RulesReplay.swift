import ArgumentParser
import CoachCore
import CoachEngine
import CoachReports

extension Coach.Rules {
    /// `coach rules replay RULE`: a dry run over past events.
    struct RulesReplay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Run one rule over a school's past events without storing anything.",
            discussion: """
                Lists the prompts the rule would have made between two days (weeks in the range \
                are closed for it, as 'coach tick' would), and every event it failed on. Use it \
                before switching a rule on. --json gives every field, for scripts.

                Example:
                  coach rules replay persistent-track3 --school s-linde --from 2026-09-01 --to 2026-11-30
                """
        )

        @OptionGroup var store: ReadingStoreOptions
        @OptionGroup var engine: EngineOptions
        @OptionGroup var who: RoleOptions

        @Argument(help: "The rule's id.")
        var rule: String
        @Option(help: "The school's id.")
        var school: String
        @Option(help: "First day, YYYY-MM-DD.")
        var from: String
        @Option(help: "Last day, YYYY-MM-DD.")
        var to: String
        @Flag(help: "One JSON object per prompt (rule, week, audience, teacher, class, key, text, evidence).")
        var json = false

        func validate() throws {
            let (from, to) = (try parseDay(self.from, "--from"), try parseDay(self.to, "--to"))
            guard from <= to else { throw ValidationError(store.lang == .nl ? "--from \(from) ligt na --to \(to)" : "--from \(from) is after --to \(to)") }
        }

        func run() throws {
            let db = try store.openExisting(readOnly: true, as: who)
            let (loaded, _) = try engine.engine(db)
            let access = try who.access(db, configuration: loaded.configuration)
            try guarded { try access.requireSchoolWide(Phrase("a replay", nl: "een regel opnieuw afspelen"), school: school) }
            var report = try guarded {
                try loaded.replay(rule: rule, school: school, from: try parseDay(from, "--from"), to: try parseDay(to, "--to"))
            }
            report.prompts = report.prompts.filter(access.canSee)
            let lines = ToolText.replay(report, json: json, language: store.lang)
            lines.output.forEach(say)
            lines.errors.forEach(complain)
            if !report.failures.isEmpty { throw fail(ToolText.replayFailed(report, language: store.lang)) }
        }
    }
}
