import ArgumentParser

extension Coach {
    /// `coach feedback`: feedback records.
    struct FeedbackCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "feedback", abstract: "Record feedback given to pupils.",
                                                        discussion: "Example:\n  coach feedback add --help",
                                                        subcommands: [FeedbackAdd.self])
    }
}

extension Coach.FeedbackCommand {
    /// `coach feedback add`: record one feedback moment.
    struct FeedbackAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record one feedback moment: level, question, timing, form and growth points.",
            discussion: """
                Example:
                  coach feedback add --teacher t-an --class k3a --pupil k3a-p01 --goal breuken --date 2026-11-24 \\
                    --level proces --question feed-forward --timing formatief --form individueel --growth-points 1
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var ahead: AheadOption
        @Option var teacher: String
        @Option(name: .customLong("class")) var classId: String
        @Option var pupil: String?
        @Option var goal: String
        @Option(help: "The day, YYYY-MM-DD.") var date: String
        @Option(help: "task, process, selfRegulation or person (taak, proces, zelfregulatie, persoon).") var level: String
        @Option(help: "feedUp, feedback or feedForward.") var question: String
        @Option(help: "formative or summative.") var timing: String
        @Option(help: "wholeClass, individual, peer or self.") var form: String
        @Option(help: "How many growth points were named.") var growthPoints: String
        @Option(help: "The feedback as written or said.") var text: String?
        @Option(help: "A feedback legend code (repeat).") var code: [String] = []

        func run() throws {
            try recordOne(.feedback, ["teacher": teacher, "class": classId, "pupil": pupil, "goal": goal, "date": date,
                                      "level": level, "question": question, "timing": timing, "form": form,
                                      "growth_points": growthPoints, "text": text, "codes": code.joined(separator: " ")],
                          store: store, ahead: ahead)
        }
    }
}
