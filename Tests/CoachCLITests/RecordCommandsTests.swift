import CoachCore
import CoachStore
import Foundation
import Testing

/// observe, feedback add, place, result add, period start: one record from the command line.
struct RecordCommandsTests {
    @Test(arguments: Backend.allCases)
    func eachCommandRecordsOneThingAndSaysWhatIsWrong(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let instrument = ["--instrument", "peter-benoit-doelgerichte-differentiatie", "--version", "2025"]

        let observed = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                             "--score", "3.1=2", "--score", "3.2=4"] + instrument)
        #expect(observed.status == 0, "\(observed.stderr)")
        #expect(observed.stdout.hasPrefix("observatie ") && observed.stdout.hasSuffix(" vastgelegd\n"))
        let badScore = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                             "--score", "3.2=7"] + instrument)
        #expect(badScore.status == 1)
        #expect(badScore.stderr == "coach: --score 3.2: moet 1 tot en met 5 zijn, niet 7\n")
        // An unknown teacher is named as such (observe has no --school to blame).
        let nobody = try CoachProcess.run(["observe", "--db", db, "--teacher", "t-nobody", "--date", "2026-11-24", "--observer", "c1",
                                           "--score", "3.1=2"] + instrument)
        #expect(nobody.status == 1 && nobody.stderr == "coach: --teacher: 't-nobody' is geen bekende leerkracht\n", "\(nobody.stderr)")
        let twice = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                          "--score", "3.1=2", "--score", "3.1=4"] + instrument)
        #expect(twice.status == 1 && twice.stderr == "coach: --score 3.1 is twee keer gegeven (2 en 4); geef elk kijkpunt één keer\n", "\(twice.stderr)")
        let fragment = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                             "--score", "3.1=2", "--video-start", "1:00", "--video-end", "2:00"] + instrument)
        #expect(fragment.status == 1 && fragment.stderr.contains("--video-start en --video-end horen bij --video"), "\(fragment.stderr)")
        let folder = try CoachProcess.run(["digest", "--db", scratch.url.path, "--week", "2026-W44", "--coach", "c1"])
        #expect(folder.status == 1 && folder.stderr == "coach: \(scratch.url.path) is een map, geen databankbestand (geef bij --db het bestand zelf op)\n",
                "\(folder.stderr)")

        let feedback = ["feedback", "add", "--db", db, "--teacher", "t1", "--class", "k5a", "--goal", "breuken", "--date", "2026-11-24",
                        "--question", "feed-forward", "--timing", "formatief", "--form", "klassikaal", "--growth-points", "1"]
        #expect(try CoachProcess.run(feedback + ["--level", "proces"]).status == 0)
        let badLevel = try CoachProcess.run(feedback + ["--level", "lof"])
        #expect(badLevel.stderr == "coach: --level: moet een van task, process, selfRegulation, person zijn (of taak, proces, zelfregulatie, persoon), niet 'lof'\n")
        // In the reader's language.
        let badLevelEnglish = try CoachProcess.run(feedback + ["--level", "lof", "--lang", "en"])
        #expect(badLevelEnglish.stderr == "coach: --level: must be one of task, process, selfRegulation, person (or taak, proces, zelfregulatie, persoon), got 'lof'\n")

        let placed = try CoachProcess.run(["place", "--db", db, "--pupil", "p1", "--class", "k5a", "--goal", "breuken", "--track", "2",
                                           "--from", "2026-11-24", "--decided-by", "t1", "--pupil-involved"])
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(try Backend.reading(db).currentPlacements(class: "k5a", goal: "breuken").first?.pupilInvolved == true)

        #expect(try CoachProcess.run(["result", "add", "--db", db, "--pupil", "p1", "--goal", "breuken", "--date", "2026-11-24",
                                      "--kind", "test", "--score", "7", "--maximum", "10"]).status == 0)
        let unknown = try CoachProcess.run(["result", "add", "--db", db, "--pupil", "nobody", "--goal", "breuken",
                                            "--date", "2026-11-24", "--kind", "test", "--mastery", "50"])
        #expect(unknown.stderr == "coach: --pupil: 'nobody' is geen bekende leerling\n")

        let period = try CoachProcess.run(["period", "start", "Periode 2", "--db", db, "--school", "s1", "--from", "2027-01-04",
                                           "--to", "2027-03-26", "--focus", "peter-benoit-doelgerichte-differentiatie/6"])
        #expect(period.stdout == "periode periode-2 aangemaakt\n")
        #expect(try Backend.reading(db).period("periode-2")?.focus == Focus(instrumentId: "peter-benoit-doelgerichte-differentiatie", section: 6))
        let badFocus = try CoachProcess.run(["period", "start", "P3", "--db", db, "--school", "s1", "--from", "2027-04-04",
                                             "--to", "2027-06-30", "--focus", "peter-benoit-doelgerichte-differentiatie/9"])
        #expect(badFocus.stderr == "coach: periode p3: focus.section 9 is geen onderdeel van kijkwijzer peter-benoit-doelgerichte-differentiatie\n")

        #expect(try Backend.reading(db).count(.observation) == 2)
        #expect(try Backend.reading(db).count(.feedback) == 1)
        #expect(try Backend.reading(db).count(.result) == 1)
    }

    @Test
    func aWalkIsRecordedWithNoTeacherAndAWalkKijkwijzerIsNoObservation() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let walked = try CoachProcess.run(["walk", "add", "--db", db, "--date", "2026-11-24", "--walkers", "4", "--seen", "1.1",
                                           "--not-seen", "1.2", "--example", "1.1=Leerlingen lezen het doel voor"])
        #expect(walked.status == 0, "\(walked.stderr)")
        #expect(walked.stdout.hasPrefix("leerwandeling ") && walked.stdout.hasSuffix(" vastgelegd\n"))
        let store = try CoachStore.open(path: db)
        let walk = try #require(try store.learningWalks(school: "s1").first)
        #expect(walk.instrumentId == "diepenbeek-leerwandeling" && walk.walkers == 4)
        #expect(walk.findings.map(\.status) == [.seen, .notSeen])
        #expect(walk.findings.first?.examples == ["Leerlingen lezen het doel voor"])
        // Seen and not seen at once is refused, not settled by the order of the options.
        let both = try CoachProcess.run(["walk", "add", "--db", db, "--date", "2026-11-25", "--walkers", "4", "--seen", "1.1",
                                         "--not-seen", "1.1"])
        #expect(both.status == 1 && both.stderr == "coach: --seen en --not-seen noemen allebei 1.1; het team heeft een kijkpunt gezien of niet gezien, niet allebei\n",
                "\(both.stderr)")
        #expect(try store.learningWalks(school: "s1").count == 1)
        // There is no way to name a teacher or class on a walk.
        #expect(try CoachProcess.run(["walk", "add", "--db", db, "--date", "2026-11-24", "--walkers", "4", "--seen", "1.1",
                                      "--teacher", "t1"]).status != 0)
        let tooFew = try CoachProcess.run(["walk", "add", "--db", db, "--date", "2026-11-24", "--walkers", "1", "--seen", "1.1"])
        #expect(tooFew.stderr == "coach: --walkers: moet minstens 2 zijn, niet 1 (een leerwandeling doe je met een team)\n")

        let observed = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--observer", "c1",
                                             "--instrument", "diepenbeek-leerwandeling", "--version", "2025", "--score", "1.1=1"])
        #expect(observed.status == 1)
        #expect(observed.stderr == "coach: --instrument: is een kijkwijzer voor leerwandelingen: een wandeling wordt nooit op één leerkracht "
                + "vastgelegd (seed 000); leg ze vast met 'coach walk add' of importeer ze met --kind walks\n")

        let reflected = try CoachProcess.run(["observe", "--db", db, "--teacher", "t1", "--date", "2026-11-24", "--kind", "selfReflection",
                                              "--instrument", "peter-benoit-doelgerichte-differentiatie", "--version", "2025",
                                              "--score", "3.1=2", "--video", "video/les.mp4", "--video-start", "5:00",
                                              "--video-end", "7:30"])
        #expect(reflected.status == 0, "\(reflected.stderr)")
        let id = try #require(Int64(reflected.stdout.split(separator: " ")[1]))
        let stored = try #require(try store.observation(id))
        #expect(stored.video == VideoFragment(uri: "video/les.mp4", start: 300, end: 450))
        #expect(stored.reachesCoach == false)
    }
}
