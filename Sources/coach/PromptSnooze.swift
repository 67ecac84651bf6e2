import ArgumentParser
import CoachCore

extension Coach.PromptCommand {
    struct PromptSnooze: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "snooze", abstract: "Hide a prompt until a day.",
                                                        discussion: "Example:\n  coach prompt snooze 12 --until 2026-11-16")
        @OptionGroup var target: PromptTarget
        @Option(help: "The day it comes back, YYYY-MM-DD.")
        var until: String
        func validate() throws { _ = try parseDay(until, "--until") }
        func run() throws { try target.set(.snoozed, until: try parseDay(until, "--until")) }
    }
}
