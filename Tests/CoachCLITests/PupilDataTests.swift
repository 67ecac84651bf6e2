import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// A pupil's data on request (export), and gone when it must be (erase): proven by reading
/// the database file's bytes afterwards.
struct PupilDataTests {
    /// Every byte of the store on disk: the file and what its WAL still holds.
    static func bytes(_ db: String) throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: db))
        for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: db + suffix) {
            data += try Data(contentsOf: URL(fileURLWithPath: db + suffix))
        }
        return data
    }

    static func holds(_ data: Data, _ text: String) -> Bool { data.range(of: Data(text.utf8)) != nil }

    @Test
    func exportGivesEverythingAboutOnePupilAndEraseLeavesNoTraceInTheFile() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("demo.sqlite").path
        #expect(try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders).status == 0)
        let (pupil, alias) = ("k3a-p01", "Noor")
        let before = try DatabaseQueue(path: db).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feedback WHERE pupilId = ?", arguments: [pupil]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prompt WHERE text LIKE ?", arguments: ["%\(alias)%"]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pupil") ?? 0)
        }
        #expect(before.0 > 0 && before.1 > 0, "the demo has feedback on \(pupil) and prompts naming \(alias)")

        let exported = try CoachProcess.run(["export", "--pupil", pupil, "--db", db])
        #expect(exported.status == 0, "\(exported.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [String: Any])
        #expect((json["pupil"] as? [String: Any])?["alias"] as? String == alias)
        #expect((json["feedback"] as? [Any])?.count == before.0)
        #expect(((json["prompts"] as? [[String: Any]]) ?? []).contains { ($0["text"] as? String)?.contains(alias) == true })
        #expect(((json["results"] as? [Any]) ?? []).count > 0 && ((json["placements"] as? [Any]) ?? []).count > 0)
        // A parent reads about their own child: no other pupil's alias, no teacher's coaching.
        let others = try DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: "SELECT alias FROM pupil WHERE id <> ? AND alias IS NOT NULL AND alias <> ?", arguments: [pupil, alias])
        }
        for other in Set(others) { #expect(!exported.stdout.contains("\"\(other)") && !exported.stdout.contains(" \(other) ("), "\(other) in the export") }
        // Nor their ids (rules name a pupil without an alias by id; the demo's ids are padded,
        // so no id is part of another).
        let otherIds = try DatabaseQueue(path: db).read { db in
            try String.fetchAll(db, sql: "SELECT id FROM pupil WHERE id <> ?", arguments: [pupil])
        }
        for other in otherIds { #expect(!exported.stdout.contains(other), "\(other) in the export") }
        #expect(((json["prompts"] as? [[String: Any]]) ?? []).allSatisfy {
            (($0["text"] as? String ?? "") + " " + ($0["nextStep"] as? String ?? "")).contains(alias)
        })

        let dry = try CoachProcess.run(["erase", "--pupil", pupil, "--db", db])
        #expect(dry.status == 0 && dry.stdout.hasPrefix("Proefdraai, dit zou verwijderd worden – leerling \(pupil):\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("  feedback: \(before.0)\n") && dry.stdout.contains("coach erase --pupil \(pupil) --yes"))
        #expect(Self.holds(try Self.bytes(db), alias), "a dry run removes nothing")

        let erased = try CoachProcess.run(["erase", "--pupil", pupil, "--db", db, "--yes"])
        #expect(erased.status == 0, "\(erased.stderr)")
        let data = try Self.bytes(db)
        #expect(!Self.holds(data, pupil), "the pupil's id is still somewhere in the file")
        #expect(!Self.holds(data, alias), "the pupil's alias is still somewhere in the file")
        // Everyone else stays, and the school still works.
        #expect(Self.holds(data, "k3a-p02"))
        let after = try DatabaseQueue(path: db).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pupil") ?? 0, try String.fetchAll(db, sql: "PRAGMA integrity_check"))
        }
        #expect(after.0 == before.2 - 1 && after.1 == ["ok"])
        #expect(try CoachProcess.run(["digest", "--coach", "c-els", "--week", "2026-W43", "--db", db]).status == 0)
        let again = try CoachProcess.run(["erase", "--pupil", pupil, "--db", db])
        #expect(again.status == 1 && again.stderr == "coach: leerling '\(pupil)' is niet bekend\n", "\(again.stderr)")
    }

    @Test
    func retentionRemovesWhatIsOlderAndNothingElse() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("demo.sqlite").path
        #expect(try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders).status == 0)
        let day = "2026-09-21"
        // Two texts to look for in the file's bytes: one older than the day, one newer.
        let store = try CoachStore.open(path: db)
        for (date, text) in [("2026-09-02", "Een tekst van voor de bewaartermijn"), ("2026-10-20", "Een tekst van erna")] {
            try store.write([.feedback(FeedbackRecord(teacherId: "t-an", classId: "k3a", pupilId: "k3a-p02", goalId: "breuken",
                                                      date: Day(date)!, level: .process, question: .feedForward, timing: .formative,
                                                      form: .individual, growthPoints: 1, text: text))])
        }
        let refusedFirst = try CoachProcess.run(["retention", "--before", day, "--db", db])
        #expect(refusedFirst.status == 1 && refusedFirst.stderr.contains("that the rules have not seen; run 'coach tick' first"),
                "\(refusedFirst.stderr)")
        #expect(!refusedFirst.stderr.contains("database error"), "a refusal, not a failure of the database")
        #expect(try CoachProcess.run(["tick", "--week", "2026-W43", "--db", db] + SchoolCommandsTests.folders).status == 0)
        // A record of a week not closed yet waits for the rules too: retention up to after it is
        // refused, though dispatch has moved on past its place in the log.
        try store.write([.feedback(FeedbackRecord(teacherId: "t-an", classId: "k3a", goalId: "breuken", date: Day("2026-10-28")!,
                                                  level: .task, question: .feedUp, timing: .formative, form: .wholeClass,
                                                  growthPoints: 1))])
        #expect(try CoachProcess.run(["tick", "--week", "2026-W43", "--db", db] + SchoolCommandsTests.folders).status == 0)
        let later = try CoachProcess.run(["retention", "--before", "2026-11-01", "--db", db])
        #expect(later.status == 1 && later.stderr.contains("run 'coach tick' first"), "\(later.stderr)")
        let counts = { (sql: String) in try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: sql, arguments: [day]) ?? 0 } }
        let older = try counts("SELECT COUNT(*) FROM feedback WHERE date < ?")
        let newer = try counts("SELECT COUNT(*) FROM feedback WHERE date >= ?")
        #expect(older > 0 && newer > 0)
        let dry = try CoachProcess.run(["retention", "--before", day, "--db", db])
        #expect(dry.stdout.contains("  feedback: \(older)\n"), "\(dry.stdout)")
        #expect(try counts("SELECT COUNT(*) FROM feedback WHERE date < ?") == older)
        let done = try CoachProcess.run(["retention", "--before", day, "--db", db, "--yes"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try counts("SELECT COUNT(*) FROM feedback WHERE date < ?") == 0)
        #expect(try counts("SELECT COUNT(*) FROM feedback WHERE date >= ?") == newer)
        #expect(try counts("SELECT COUNT(*) FROM event WHERE time < ?") == 0)
        #expect(try counts("SELECT COUNT(*) FROM prompt WHERE week < '2026-W39' AND ? IS NOT NULL") == 0)
        // The file was rewritten: no free page keeps a removed row.
        #expect(!Self.holds(try Self.bytes(db), "Een tekst van voor de bewaartermijn"), "an old feedback text is still in the file")
        #expect(Self.holds(try Self.bytes(db), "Een tekst van erna"), "a newer feedback text went too")
        #expect(try counts("SELECT freelist_count FROM pragma_freelist_count() WHERE ? IS NOT NULL") == 0)
    }
    @Test(arguments: Backend.allCases)
    func retentionRemovesAPupilWhoLeftBeforeItsDayAndSaysSo(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        // p1 (placed in track 3 since 7 September) left on 5 October; p2 came and stays.
        let people = try scratch.write("leerlingen.csv", "type;id;school;class;vertrokken\nleerling;p1;s1;k5a;2026-10-05\nleerling;p2;s1;k5a;\n")
        #expect(try CoachProcess.run(["import", people, "--db", db]).status == 0)
        #expect(try CoachProcess.run(["tick", "--week", "2026-W41", "--db", db] + SchoolCommandsTests.folders).status == 0)
        let dry = try CoachProcess.run(["retention", "--before", "2026-10-12", "--db", db, "--lang", "en"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("\n  placements: 1\n") && dry.stdout.contains("\n  pupils who left: 1 (p1)\n"), "\(dry.stdout)")
        #expect(try CoachProcess.run(["export", "--pupil", "p1", "--db", db]).status == 0, "a dry run removes nothing")
        let done = try CoachProcess.run(["retention", "--before", "2026-10-12", "--db", db, "--yes"])
        #expect(done.status == 0 && done.stdout.contains("\n  vertrokken leerlingen: 1 (p1)\n"), "\(done.stdout)\(done.stderr)")
        let gone = try CoachProcess.run(["export", "--pupil", "p1", "--db", db])
        #expect(gone.status == 1 && gone.stderr.contains("p1"), "\(gone.stdout)\(gone.stderr)")
        #expect(try CoachProcess.run(["export", "--pupil", "p2", "--db", db]).status == 0, "p2 stays")
        // The school's people file imported again, as every week: p1 is not taken in again, and it says so.
        let again = try CoachProcess.run(["import", people, "--db", db])
        #expect(again.status == 0 && again.stdout == """
            2 records gelezen: 0 nieuw, 1 al aanwezig, 0 bijgewerkt (0 gebeurtenissen)
            1 record van vóór 2026-10-12 niet opgenomen: de school bewaart gegevens pas vanaf die dag (bewaartermijn), oudere zijn verwijderd

            """, "\(again.stdout)\(again.stderr)")
        #expect(try CoachProcess.run(["export", "--pupil", "p1", "--db", db]).status == 1, "p1 stays gone")
        // Old records given again (one of p1, who is gone, one of p2): left out, and said; a
        // record of after the day goes in.
        let old = try scratch.write("feedback.csv", "teacher,class,pupil,goal,date,level,question,timing,form,growth_points\n"
                                    + "t1,k5a,p1,breuken,2026-10-01,taak,feedback,formatief,individueel,1\n"
                                    + "t1,k5a,p2,breuken,2026-10-09,taak,feedback,formatief,individueel,1\n"
                                    + "t1,k5a,p2,breuken,2026-10-13,taak,feedback,formatief,individueel,1\n")
        // And p1's result and placement (no end): their school is read through the goal and
        // the class, since p1 is gone.
        let results = try scratch.write("results.csv", "pupil,goal,date,kind,mastery\np1,breuken,2026-10-02,test,80\n")
        let placements = try scratch.write("placements.csv", "pupil,class,goal,track,from,decided_by,pupil_involved\n"
                                           + "p1,k5a,breuken,3,2026-09-07,t1,nee\n")
        let oldAgain = try CoachProcess.run(["import", old, results, placements, "--db", db, "--lang", "en"])
        #expect(oldAgain.status == 0 && oldAgain.stdout == """
            5 records read: 1 new, 0 already present, 0 updated (1 event)
            4 records from before 2026-10-12 left out: the school keeps data from that day on; older data was removed

            """, "\(oldAgain.stdout)\(oldAgain.stderr)")
        // One record given alone: refused with its line.
        let one = try CoachProcess.run(["feedback", "add", "--db", db, "--teacher", "t1", "--class", "k5a", "--pupil", "p2", "--goal", "breuken",
                                        "--date", "2026-10-02", "--level", "taak", "--question", "feedback", "--timing", "formatief",
                                        "--form", "individueel", "--growth-points", "1"])
        #expect(one.status == 1 && one.stderr.contains("coach: --date: '2026-10-02' ligt vóór 2026-10-12: de school bewaart gegevens pas vanaf die dag"), "\(one.stderr)")
    }
    @Test
    func aPlacementHistoryGivenAgainAfterRetentionLeavesOutWhatWentAndFindsTheRest() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let people = try scratch.write("people.csv", "type;id;school;class;since\nleerling;p2;s1;k5a;2026-09-01\n")
        #expect(try CoachProcess.run(["import", people, "--db", db]).status == 0)
        // A history as schools give it: no ends; each placement ends at the next.
        let history = try scratch.write("placements.csv", "pupil,class,goal,track,from,decided_by,pupil_involved\n"
                                        + "p2,k5a,breuken,3,2026-09-07,t1,nee\np2,k5a,breuken,2,2026-10-05,t1,ja\n"
                                        + "p2,k5a,breuken,1,2026-10-26,t1,ja\n")
        #expect(try CoachProcess.run(["import", history, "--db", db]).status == 0)
        #expect(try CoachProcess.run(["tick", "--week", "2026-W44", "--db", db] + SchoolCommandsTests.folders).status == 0)
        let retention = try CoachProcess.run(["retention", "--before", "2026-10-19", "--db", db, "--yes"])
        #expect(retention.status == 0 && retention.stdout.contains("\n  spoorindelingen: 1\n"), "\(retention.stdout)\(retention.stderr)")
        // Given again: the first (ended on 5 October) went and stays out; the others are there.
        let again = try CoachProcess.run(["import", history, "--db", db, "--lang", "en"])
        #expect(again.status == 0 && again.stdout == """
            3 records read: 0 new, 2 already present, 0 updated (0 events)
            1 record from before 2026-10-19 left out: the school keeps data from that day on; older data was removed

            """, "\(again.stdout)\(again.stderr)")
    }
}
