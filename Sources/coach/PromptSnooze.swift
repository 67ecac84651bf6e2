import ArgumentParser
import CoachCore
import CoachImport

extension Coach.PromptCommand {
    struct PromptSnooze: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "snooze", abstract: "Hide a prompt until a day.",
                                                        discussion: "Example:\n  coach prompt snooze 12 --until 2026-11-16")
        @OptionGroup var target: PromptTarget
        @Option(help: "The day it comes back, YYYY-MM-DD.")
        var until: String
        func validate() throws { _ = try parseDay(until, "--until") }
        func run() throws {
            let day = try parseDay(until, "--until")
            // A typo in the year would hide the prompt for decades.
            let today = Coach.SuggestCommand.today()
            if day > today.adding(days: 366) {
                throw fail(RowReader.tooFarAhead(day.description, today: today, ahead: false).at("--until ").text(target.store.lang))
            }
            try target.set(.snoozed, until: day)
        }
    }
}
