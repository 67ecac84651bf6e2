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
        let nl = store.lang == .nl
        if let prompt = try guarded({ try db.prompt(id) }) {
            try guarded { try access.require(prompt) }
            // Snoozed within its own week it would still show there (the store refuses it too;
            // this says it in the reader's words).
            if status == .snoozed, let until, let week = IsoWeek(prompt.week), until <= week.sunday {
                let end = DayWords.day(week.sunday, language: store.lang), got = DayWords.day(until, language: store.lang)
                throw fail(nl ? "--until moet na week \(week.week) van gesprekspunt \(id) liggen (die eindigt op zondag \(end)); anders "
                                + "staat het er in die week gewoon nog; gekregen: \(got)"
                              : "--until must be after week \(week.week) of prompt \(id) (it ends on Sunday \(end)); otherwise it still "
                                + "shows in that week; got \(got)")
            }
        }
        try guarded { try db.setStatus(prompt: id, to: status, until: until) }
        say((nl ? "gesprekspunt \(id): " : "prompt \(id): ") + status.word(store.lang)
            + (until.map { (nl ? " tot " : " until ") + DayWords.day($0, language: store.lang) } ?? ""))
    }
}
