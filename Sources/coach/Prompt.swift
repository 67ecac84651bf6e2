import ArgumentParser
import CoachCore

extension Coach {
    /// `coach prompt`: a coach marks what they did with a prompt.
    struct PromptCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prompt",
            abstract: "Acknowledge, finish or snooze a prompt.",
            discussion: "Example:\n  coach prompt snooze 12 --until 2026-11-30",
            subcommands: [PromptAck.self, PromptDone.self, PromptSnooze.self]
        )
    }
}

/// The store options and the prompt id every status command takes.
struct PromptTarget: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var who: RoleOptions
    @Argument(help: "The prompt's id (shown in the digest).")
    var id: Int64

    func set(_ status: PromptStatus, until: Day? = nil) throws {
        let db = try store.openExisting(as: who)
        let access = try who.access(db)
        if let prompt = try guarded({ try db.prompt(id) }) { try guarded { try access.require(prompt) } }
        try guarded { try db.setStatus(prompt: id, to: status, until: until) }
        let nl = store.lang == .nl
        say((nl ? "gesprekspunt \(id): " : "prompt \(id): ") + status.word(store.lang)
            + (until.map { nl ? " tot \(DayWords.day($0, language: .nl))" : " until \($0)" } ?? ""))
    }
}
