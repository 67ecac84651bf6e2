import CoachCore
import CoachStore
import Foundation
import Testing

/// observe, feedback add, place, result add, period start: one record from the command line.
struct RecordCommandsTests {
    @Test
    func eachCommandRecordsOneThingAndSaysWhatIsWrong() throws {
        let scratch = try Scratch()
        let db = try SchoolCommandsTests.school(in: scratch)
        let store = try CoachStore.open(path: db)
        let instrument = ["--instrument", "peter-benoit-doelgerichte-differentiatie", "--version", "2025"]

        let observed = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                             "--score", "3.1=2", "--score", "3.2=4"] + instrument)
        #expect(observed.status == 0, "\(observed.stderr)")
        #expect(observed.stdout.hasPrefix("observatie ") && observed.stdout.hasSuffix(" vastgelegd\n"))
        let badScore = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                             "--score", "3.2=7"] + instrument)
        #expect(badScore.status == 1)
        #expect(badScore.stderr == "coach: --score 3.2: must be 1 to 5, got 7\n")

        let feedback = ["feedback", "add", "--db", db, "--teacher", "t1", "--class", "k5a", "--goal", "breuken", "--date", "2026-11-24",
                        "--question", "feed-forward", "--timing", "formatief", "--form", "klassikaal", "--growth-points", "1"]
        #expect(try CoachProcess.run(feedback + ["--level", "proces"]).status == 0)
        let badLevel = try CoachProcess.run(feedback + ["--level", "lof"])
        #expect(badLevel.stderr == "coach: --level: must be one of task, process, selfRegulation, person (or taak, proces, zelfregulatie, persoon), got 'lof'\n")

        let placed = try CoachProcess.run(["place", "--db", db, "--pupil", "p1", "--class", "k5a", "--goal", "breuken", "--track", "2",
                                           "--from", "2026-11-24", "--decided-by", "t1", "--pupil-involved"])
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(try store.currentPlacements(class: "k5a", goal: "breuken").first?.pupilInvolved == true)

        #expect(try CoachProcess.run(["result", "add", "--db", db, "--pupil", "p1", "--goal", "breuken", "--date", "2026-11-24",
                                      "--kind", "test", "--score", "7", "--maximum", "10"]).status == 0)
        let unknown = try CoachProcess.run(["result", "add", "--db", db, "--pupil", "nobody", "--goal", "breuken",
                                            "--date", "2026-11-24", "--kind", "test", "--mastery", "50"])
        #expect(unknown.stderr == "coach: --pupil: is not a known pupil, got 'nobody'\n")

        let period = try CoachProcess.run(["period", "start", "Periode 2", "--db", db, "--school", "s1", "--from", "2027-01-04",
                                           "--to", "2027-03-26", "--focus", "peter-benoit-doelgerichte-differentiatie/6"])
        #expect(period.stdout == "periode periode-2 aangemaakt\n")
        #expect(try store.period("periode-2")?.focus == Focus(instrumentId: "peter-benoit-doelgerichte-differentiatie", section: 6))
        let badFocus = try CoachProcess.run(["period", "start", "P3", "--db", db, "--school", "s1", "--from", "2027-04-04",
                                             "--to", "2027-06-30", "--focus", "peter-benoit-doelgerichte-differentiatie/9"])
        #expect(badFocus.stderr == "coach: period p3: focus.section is not a section of peter-benoit-doelgerichte-differentiatie, got 9\n")

        #expect(try store.count(.observation) == 2)
        #expect(try store.count(.feedback) == 1)
        #expect(try store.count(.result) == 1)
    }
}
