import ArgumentParser

extension Coach {
    /// `coach observe`: record one observation.
    struct Observe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record one observation of a lesson through a kijkwijzer.",
            discussion: """
                Scores are given per item as KEY=SCORE, on the kijkwijzer's scale (1-5, or 1/0 for ✓/✗).

                Example:
                  coach observe --teacher t-an --instrument peter-benoit-doelgerichte-differentiatie --version 2025 \\
                    --date 2026-11-24 --kind coach --observer c-els --score 3.1=2 --score 3.2=4 --work-on "Sporen visualiseren"
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The teacher observed.") var teacher: String
        @Option(help: "coach, peer or selfReflection.") var kind: String = "coach"
        @Option(name: .customLong("class"), help: "The class.") var classId: String?
        @Option(help: "The kijkwijzer's id.") var instrument: String
        @Option(help: "The kijkwijzer's version.") var version: String
        @Option(help: "The day, YYYY-MM-DD.") var date: String
        @Option(help: "An item's score, as KEY=SCORE (repeat).") var score: [String] = []
        @Option(help: "Who observed (repeat).") var observer: [String] = []
        @Option(help: "The subject.") var subject: String?
        @Option(help: "What the teacher will work on ('Dit zal ik aanpakken').") var workOn: String?

        func run() throws {
            var values: [String: String?] = ["teacher": teacher, "kind": kind, "class": classId, "instrument": instrument,
                                             "version": version, "date": date, "subject": subject, "work_on": workOn,
                                             "observers": observer.joined(separator: " ")]
            for pair in score {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw fail("--score must be KEY=SCORE like 3.1=2, got '\(pair)'") }
                values[parts[0]] = parts[1]
            }
            try recordOne(.observations, values, store: store)
        }
    }
}
