import ArgumentParser

extension Coach {
    /// `coach result`: evidence of learning.
    struct ResultCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "result", abstract: "Record results (exit tickets, tests).",
                                                        discussion: "Example:\n  coach result add --pupil k3a-p01 --goal breuken --date 2026-11-24 --kind test --mastery 85",
                                                        subcommands: [ResultAdd.self])
    }
}

extension Coach.ResultCommand {
    /// `coach result add`: one pupil's result on a goal.
    struct ResultAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record one result: a score with its maximum, or a mastery percentage.",
            discussion: """
                Example:
                  coach result add --pupil k3a-p01 --goal breuken --date 2026-11-24 --kind exitTicket --score 7 --maximum 10
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var ahead: AheadOption
        @Option var pupil: String
        @Option var goal: String
        @Option(help: "The day, YYYY-MM-DD.") var date: String
        @Option(help: "exitTicket, test or observation.") var kind: String
        @Option var score: String?
        @Option var maximum: String?
        @Option(help: "Mastery in percent, instead of a score.") var mastery: String?

        func run() throws {
            try recordOne(.results, ["pupil": pupil, "goal": goal, "date": date, "kind": kind, "score": score,
                                     "maximum": maximum, "mastery": mastery], store: store, ahead: ahead)
        }
    }
}
