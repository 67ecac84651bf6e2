import ArgumentParser

extension Coach {
    /// `coach observe`: record one observation.
    struct Observe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "observe",
            abstract: "Record one observation of a lesson through a kijkwijzer.",
            discussion: """
                Scores are given per item as KEY=SCORE, on the kijkwijzer's scale (1-5, or 1/0 for ✓/✗).

                Example:
                  coach observe --teacher t-an --instrument peter-benoit-doelgerichte-differentiatie --version 2025 \\
                    --date 2026-11-24 --kind coach --observer c-els --score 3.1=2 --score 3.2=4 --work-on "Sporen visualiseren"

                A self-reflection stays the teacher's own unless --shared is given: only then can a prompt \
                for the coach build on it. A learning-walk kijkwijzer is refused here: record walks with \
                'coach walk add', never against one teacher.
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var ahead: AheadOption
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
        @Flag(help: "A self-reflection the teacher shares with their coach (without it, it stays the teacher's own).")
        var shared = false
        @Option(help: "Where the lesson video is (the teacher keeps the footage; only this reference is stored).")
        var video: String?
        @Option(help: "Where the fragment starts: seconds, or minutes:seconds like 12:30.") var videoStart: String?
        @Option(help: "Where the fragment ends.") var videoEnd: String?

        func run() throws {
            var values: [String: String?] = ["teacher": teacher, "kind": kind, "class": classId, "instrument": instrument,
                                             "version": version, "date": date, "subject": subject, "work_on": workOn,
                                             "observers": observer.joined(separator: " "), "video": video,
                                             "video_start": videoStart, "video_end": videoEnd, "shared": shared ? "ja" : nil]
            // Options that contradict each other are refused, never settled by which came last.
            if video == nil, videoStart != nil || videoEnd != nil {
                throw fail(store.lang == .nl ? "--video-start en --video-end horen bij --video (waar de opname staat)"
                                             : "--video-start and --video-end go with --video (where the recording is)")
            }
            var scored: [String: String] = [:]
            for pair in score {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw fail(store.lang == .nl ? "--score moet KIJKPUNT=SCORE zijn zoals 3.1=2, niet '\(pair)'"
                                                 : "--score must be KEY=SCORE like 3.1=2, got '\(pair)'")
                }
                if let earlier = scored[parts[0]] {
                    throw fail(store.lang == .nl ? "--score \(parts[0]) is twee keer gegeven (\(earlier) en \(parts[1])); geef elk kijkpunt één keer"
                                                 : "--score \(parts[0]) is given twice (\(earlier) and \(parts[1])); give each item once")
                }
                scored[parts[0]] = parts[1]
                values[parts[0]] = parts[1]
            }
            try recordOne(.observations, values, store: store, ahead: ahead)
        }
    }
}
