import CoachCore
import CoachStore
import Foundation
import Testing

/// init, tick, digest, prompt: a coach's week from the command line.
struct SchoolCommandsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folders = ["--rules", root.appendingPathComponent("Rules").path, "--plugins", root.appendingPathComponent("Plugins").path]
    /// How many rules ship in Rules/ (every .lua but the specs).
    static var shippedRules: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folders[1])) ?? [])
            .filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_spec.lua") }.count
    }

    /// A database made by `coach init`, with a school's records written through the library
    /// (nil: no PostgreSQL server for that case).
    static func school(in scratch: Scratch, on backend: Backend = .sqlite) throws -> String? {
        guard let db = try backend.database(in: scratch) else { return nil }
        let initialised = try CoachProcess.run(["init", "--db", db] + folders)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let d = { (text: String) in Day(text)! }
        try Backend.writing(db) { store in try store.write([
            .school(School(id: "s1", name: "De Linde")),
            .teacher(Teacher(id: "t1", schoolId: "s1", name: "Juf An")),
            .coach(Coach(id: "c1", name: "Els", kind: .external)),
            .coachAssignment(CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1")),
            .schoolClass(SchoolClass(id: "k5a", schoolId: "s1", name: "5A")),
            .pupil(Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "Noor")),
            .goal(LearningGoal(id: "breuken", schoolId: "s1", title: "Breuken")),
            .period(Period(id: "per1", schoolId: "s1", name: "Periode 1", start: d("2026-09-01"), end: d("2026-12-20"),
                           focus: Focus(instrumentId: "peter-benoit-doelgerichte-differentiatie", section: 3))),
            .observation(Observation(kind: .coach, schoolId: "s1", teacherId: "t1", classId: "k5a",
                                     instrumentId: "peter-benoit-doelgerichte-differentiatie", instrumentVersion: "2025",
                                     date: d("2026-10-27"), scores: [ItemScore(item: "3.1", value: 1), ItemScore(item: "3.3", value: 2),
                                                                     ItemScore(item: "3.5", value: 2)], observers: ["c1"])),
            .placement(Placement(pupilId: "p1", classId: "k5a", goalId: "breuken", track: 3, from: d("2026-09-07"),
                                 decidedBy: "t1", pupilInvolved: false)),
        ]) }
        return db
    }

    @Test
    func initIsRepeatableAndReportsWhatItLoaded() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("x.sqlite").path
        for _ in 0..<2 {
            let outcome = try CoachProcess.run(["init", "--db", db] + Self.folders)
            #expect(outcome.status == 0)
            #expect(outcome.stdout == "\(db): klaar (v1-records, v2-engine, v3-dispatch, v4-current-by-class, v5-time-true, v6-settings, v7-import-keys, v8-results-by-date, v9-track-since, v10-levels, v11-legend-codes, v12-uses-and-sharing, v13-central-results, v14-health-per-school, v15-import-keys-by-day, v16-one-result-index-per-pupil, v17-checks-without-lists, v18-feedback-by-class-and-day, v19-placement-version, v20-placements-by-class-and-end, v21-pupils-in-their-indexes, v22-record-versions, v23-no-pupil-or-class-feedback-index, v24-erasure-version, v25-pupils-classes-over-time, v26-school-region, v27-pupils-who-left, v28-school-kept-from)\nplugins: 5, kijkwijzers: 3, regels: \(Self.shippedRules)\n")
        }
    }

    @Test
    func tickWithoutAWeekClosesTheLastWeekThatEnded() throws {
        let scratch = try Scratch()
        let db = try #require(try Self.school(in: scratch))
        let calendar = Calendar(identifier: .gregorian)
        let then = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: -7, to: Date())!)
        let last = try #require(Day(year: then.year!, month: then.month!, day: then.day!)).isoWeek
        let tick = try CoachProcess.run(["tick", "--db", db] + Self.folders)
        #expect(tick.status == 0 && tick.stdout.hasPrefix("week \(last) afgesloten"), "\(tick.stdout)\(tick.stderr)")
        #expect(try CoachStore.open(path: db).weekClosed(last, school: "s1"))
        // The digest of that week, likewise without naming it.
        let digest = try CoachProcess.run(["digest", "--coach", "c1", "--db", db] + Self.folders)
        #expect(digest.status == 0 && digest.stdout.contains("— week \(last.week) ("), "\(digest.stdout)\(digest.stderr)")
        let both = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--through", "2026-W44"] + Self.folders)
        #expect(both.status != 0 && both.stderr.contains("geef --week of --through, niet allebei"), "\(both.stderr)")
    }

    @Test
    func initNamesABrokenPluginAndExitsNonZero() throws {
        let scratch = try Scratch()
        let plugins = scratch.url.appendingPathComponent("Plugins/broken")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        _ = try scratch.write("Plugins/broken/plugin.json", #"{"id": "broken", "name": "B", "version": "1", "instruments": ["k.json"]}"#)
        let outcome = try CoachProcess.run(["init", "--db", scratch.url.appendingPathComponent("x.sqlite").path,
                                            "--plugins", scratch.url.appendingPathComponent("Plugins").path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "coach: \(plugins.path)/k.json: kan niet gelezen worden (ontbreekt het?)\n")
    }

    @Test(arguments: Backend.allCases)
    func tickDigestExplainAndPromptStatus(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try Self.school(in: scratch, on: backend) else { return }
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + Self.folders)
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(tick.stdout.hasPrefix("week 2026-W44 afgesloten: "))
        #expect(tick.stdout.contains("0 regels met fouten"))

        let digest = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44"] + Self.folders)
        #expect(digest.status == 0, "\(digest.stderr)")
        #expect(digest.stdout.hasPrefix("Weekoverzicht voor Els — week 44 (26 oktober – 1 november 2026)\n\nJuf An\n  1. [focus] Kijkpunt 3.1 van het focusonderdeel"))
        #expect(digest.stdout.contains("+ nog 2 deze week, achtergehouden om het overzicht behapbaar te houden"))
        #expect(digest.stdout.contains("Klas 5A\n  1. In klas 5A zit één leerling langer dan 6 weken of voor de meeste doelen in spoor 3: Noor (7 weken voor ‘Breuken’, sinds 7 september 2026)."))
        #expect(digest.stdout.contains("Waarom: Groepen horen flexibel en tijdelijk te zijn, gekoppeld aan één leerdoel; "))
        #expect(digest.stdout.contains("(bron: VideoKLuB-kennisdossier ‘Doelgerichte differentiatie’).\n     Op basis van: 1 spoorindeling (7 september 2026)\n     Volgende stap: "))
        #expect(digest.stdout.contains("     Meer info: coach rules explain "))
        // Record ids are for `explain`, not for the coach's reading.
        for kind in ["placement:", "feedback:", "observation:", "result:", "learningWalk:"] {
            #expect(!digest.stdout.contains(kind), "\(kind) in the digest")
        }
        #expect(digest.stdout.hasSuffix("In totaal: 3 getoond, 2 achtergehouden.\n"))
        // A coach reading as themselves need not say twice who they are.
        let own = try CoachProcess.run(["digest", "--db", db, "--as", "coach:c1", "--week", "2026-W44"] + Self.folders)
        #expect(own.status == 0 && own.stdout == digest.stdout, "\(own.stderr)")

        let english = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44", "--lang", "en",
                                            "--format", "json"] + Self.folders)
        let json = try JSONSerialization.jsonObject(with: Data(english.stdout.utf8)) as? [String: Any]
        #expect(json?["heldBack"] as? Int == 2)
        #expect((json?["groups"] as? [[String: Any]])?.count == 2)

        let prompt = try #require(try Backend.reading(db).prompts(school: "s1", week: "2026-W44").first { $0.ruleId == "persistent-track3" })
        let explain = try CoachProcess.run(["rules", "explain", String(prompt.id!), "--db", db] + Self.folders)
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("Regel: persistent-track3 — Lang in spoor 3"))
        // As a coach reads it: the pupil's alias, the goal's title, the day in words.
        #expect(explain.stdout.contains(": Noor, doel ‘Breuken’, spoor 3 sinds 7 september 2026"), "\(explain.stdout)")

        #expect(try CoachProcess.run(["prompt", "ack", String(prompt.id!), "--db", db]).stdout == "gesprekspunt \(prompt.id!): gezien\n")
        // Within its own week (44 ends on 1 November) a snooze would do nothing: refused.
        let within = try CoachProcess.run(["prompt", "snooze", String(prompt.id!), "--until", "2026-10-30", "--db", db])
        #expect(within.status == 1 && within.stderr == "coach: --until moet na week 44 van gesprekspunt \(prompt.id!) liggen (die eindigt "
                + "op zondag 1 november 2026); anders staat het er in die week gewoon nog; gekregen: 30 oktober 2026\n", "\(within.stderr)")
        // A typo in the year would hide it for decades: refused.
        let decades = try CoachProcess.run(["prompt", "snooze", String(prompt.id!), "--until", "2062-11-16", "--db", db])
        #expect(decades.status == 1 && decades.stderr.hasPrefix("coach: --until 2062-11-16 ligt meer dan een jaar in de toekomst"), "\(decades.stderr)")
        #expect(try CoachProcess.run(["prompt", "snooze", String(prompt.id!), "--until", "2026-11-16", "--db", db]).stdout
                == "gesprekspunt \(prompt.id!): uitgesteld tot 16 november 2026\n")
        #expect(try CoachProcess.run(["prompt", "done", String(prompt.id!), "--db", db]).status == 0)
        #expect(try Backend.reading(db).prompt(prompt.id!)?.status == .done)
        let after = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44"] + Self.folders)
        #expect(!after.stdout.contains("Noor"), "a prompt marked done leaves the digest")
    }

    /// A command that only reads never waits, so it offers no --wait; every command that writes does.
    @Test
    func onlyCommandsThatWriteTakeWait() throws {
        for reading in [["digest"], ["export"], ["rules", "list"], ["rules", "explain"], ["rules", "replay"], ["rules", "test"],
                        ["rules", "check"], ["plugins", "list"], ["plugins", "check"], ["sandbox", "run"]] {
            #expect(try !CoachProcess.run(reading + ["--help"]).stdout.contains("--wait"), "\(reading)")
        }
        for writing in [["import"], ["tick"], ["erase"], ["retention"], ["feedback", "add"], ["place"], ["observe"], ["walk", "add"],
                        ["result", "add"], ["prompt", "done"], ["period", "start"], ["suggest"], ["init"], ["rules", "release"], ["worker"]] {
            #expect(try CoachProcess.run(writing + ["--help"]).stdout.contains("--wait"), "\(writing)")
        }
        let refused = try CoachProcess.run(["digest", "--stats", "--wait", "5"])
        #expect(refused.status == 64 && refused.stderr.contains("Onbekende optie '--wait'"), "\(refused.stderr)")
    }

    @Test(arguments: Backend.allCases)
    func userErrorsAreOneClearLineAndChangeNothing(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try Self.school(in: scratch, on: backend) else { return }
        func snapshot() throws -> [Int] {
            let store = try Backend.reading(db)
            return try StoredTable.allCases.map { try store.count($0) } + [Int(try store.lastEventSeq())]
        }
        let before = try snapshot()
        let cases: [([String], Int32, String)] = [
            (["tick", "--db", db, "--week", "2026-48"], 64, "Fout: --week moet een ISO-week zijn zoals 2026-W44, niet '2026-48'"),
            (["tick", "--db", db, "--week", "2026-48", "--lang", "en"], 64, "Error: --week must be an ISO week like 2026-W44, got '2026-48'"),
            (["digest", "--db", db, "--coach", "nobody", "--week", "2026-W44"], 1, "coach: coach 'nobody' is niet bekend"),
            (["digest", "--db", db, "--coach", "nobody", "--week", "2026-W44", "--lang", "en"], 1, "coach: coach 'nobody' is not known"),
            (["prompt", "ack", "999", "--db", db], 1, "coach: gesprekspunt 999 is niet bekend"),
            (["prompt", "ack", "999", "--db", db, "--lang", "en"], 1, "coach: prompt 999 is not known"),
            (["rules", "explain", "999", "--db", db], 1, "coach: gesprekspunt 999 is niet bekend"),
            (["rules", "explain", "999", "--db", db, "--lang", "en"], 1, "coach: prompt 999 is not known"),
            (["prompt", "snooze", "1", "--until", "next week", "--db", db], 64, "Fout: --until moet een datum zijn zoals 2026-10-05, niet 'next week'"),
            (["tick", "--db", scratch.url.appendingPathComponent("missing.sqlite").path, "--week", "2026-W44"], 1,
             "coach: geen databank op \(scratch.url.appendingPathComponent("missing.sqlite").path) (voer eerst 'coach init' uit, of geef --db)"),
            (["rules", "replay", "persistent-track3", "--db", db, "--school", "s1", "--from", "2026-12-01", "--to", "2026-09-01"], 64,
             "Fout: --from 2026-12-01 ligt na --to 2026-09-01"),
            (["rules", "replay", "persistent-track3", "--db", db, "--school", "s1", "--from", "2026-12-01", "--to", "2026-09-01", "--lang", "en"],
             64, "Error: --from 2026-12-01 is after --to 2026-09-01"),
        ]
        for (arguments, status, line) in cases {
            let outcome = try CoachProcess.run(arguments + (arguments.first == "prompt" ? [] : Self.folders))
            #expect(outcome.status == status, "\(arguments)")
            #expect(outcome.stderr.split(separator: "\n").first.map(String.init) == line, "\(arguments): \(outcome.stderr)")
        }
        let notADatabase = try scratch.write("notes.txt", "leerling;doel\n")
        let outcome = try CoachProcess.run(["tick", "--db", notADatabase, "--week", "2026-W44"] + Self.folders)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("coach: kan de databank \(notADatabase) niet openen: "), "\(outcome.stderr)")
        #expect(try snapshot() == before)
    }
}
