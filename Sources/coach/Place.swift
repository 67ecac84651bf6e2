import ArgumentParser

extension Coach {
    /// `coach place`: put a pupil in a track for a goal.
    struct Place: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "place",
            abstract: "Place a pupil in track 1, 2 or 3 for a goal (ends the current placement).",
            discussion: """
                Example:
                  coach place --pupil k3a-p01 --class k3a --goal breuken --track 2 --from 2026-11-24 --decided-by t-an --pupil-involved
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var ahead: AheadOption
        @Option var pupil: String
        @Option(name: .customLong("class")) var classId: String
        @Option var goal: String
        @Option(help: "1, 2 or 3.") var track: String
        @Option(help: "The first day, YYYY-MM-DD.") var from: String
        @Option(help: "Who decided.") var decidedBy: String
        @Flag(help: "The pupil was involved in choosing.") var pupilInvolved = false

        func run() throws {
            try recordOne(.placements, ["pupil": pupil, "class": classId, "goal": goal, "track": track, "from": from,
                                        "decided_by": decidedBy, "pupil_involved": pupilInvolved ? "ja" : "nee"], store: store, ahead: ahead)
        }
    }
}
