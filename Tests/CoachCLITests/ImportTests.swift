import CoachCore
import CoachStore
import CoachPostgres
import Foundation
import GRDB
import Testing

/// `coach import`: spreadsheets as schools export them; all or nothing.
struct ImportTests {
    static let semicolonWithBOM = "\u{FEFF}teacher;class;pupil;goal;date;level;question;timing;form;growth_points;text\n"
        + "t1;k5a;p1;breuken;2026-10-26;proces;feed-forward;formatief;individueel;1;\"Kijk eerst\nnaar de noemer; dan verder\"\n"
        + "t1;k5a;;breuken;27/10/2026;taak;feedback;summatief;klassikaal;2;\n"

    @Test(arguments: Backend.allCases)
    func aSemicolonCSVWithABOMAndAQuotedNewlineImports(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let file = try scratch.write("feedback.csv", Self.semicolonWithBOM)
        let dry = try CoachProcess.run(["import", file, "--kind", "feedback", "--dry-run", "--db", db])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "2 records in orde (proefimport: niets opgeslagen)\n")
        #expect(try Backend.reading(db).count(.feedback) == 0)

        let real = try CoachProcess.run(["import", file, "--kind", "feedback", "--db", db, "--lang", "en"])
        #expect(real.stdout == "imported 2 records (2 events)\n")
        let stored = try Backend.reading(db).feedback(teacher: "t1", from: Day("2026-10-01")!, to: Day("2026-10-31")!)
        #expect(stored.map(\.text) == ["Kijk eerst\nnaar de noemer; dan verder", nil])
        #expect(stored.map(\.level) == [.process, .task])
        #expect(stored.last?.date == Day("2026-10-27"))
    }

    @Test
    func onTheSharedStoreAnImportWaitsOnlyForWritersOfItsOwnSchools() throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: .postgres) else { return }
        try Backend.writing(db) { store in try store.write([
            .school(School(id: "s2", name: "De Wilg")),
            .teacher(Teacher(id: "t2", schoolId: "s2", name: "Meester Jan")),
            .schoolClass(SchoolClass(id: "k2", schoolId: "s2", name: "2A")),
            .goal(LearningGoal(id: "spelling", schoolId: "s2", title: "Spelling")),
        ]) }
        // A worker (or a long import) holds the other school.
        let holder = try PostgresStore(url: db).copy(.only(["s2"]), writing: true)
        defer { holder.abandon() }
        let file = try scratch.write("feedback.csv", Self.semicolonWithBOM)
        let mine = try CoachProcess.run(["import", file, "--db", db, "--wait", "0", "--lang", "en"])
        #expect(mine.status == 0 && mine.stdout == "imported 2 records (2 events)\n", "\(mine.stderr)")
        // The held school's records wait for it, here not at all: one line, nothing written.
        let theirs = try scratch.write("theirs.csv", "teacher,class,goal,date,level,question,timing,form,growth_points\n"
                                       + "t2,k2,spelling,2026-10-26,taak,feedback,formatief,klassikaal,1\n")
        let waiting = try CoachProcess.run(["import", theirs, "--db", db, "--wait", "0", "--lang", "en"])
        #expect(waiting.status != 0 && waiting.stderr.contains("held the schools for longer than the wait"), "\(waiting.stderr)")
        #expect(try Backend.reading(db).count(.feedback) == 2)
    }

    @Test(arguments: Backend.allCases)
    func aPupilGivenInAnotherClassIsSaidToMoveFromTheFirstOpenWeek(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let tick = try CoachProcess.run(["tick", "--week", "2026-W44", "--db", db])
        #expect(tick.status == 0, "\(tick.stderr)")
        let file = try scratch.write("people.csv", "type;id;name;school;class\nclass;k5b;5B;s1;\npupil;p1;;s1;k5b\npupil;p2;;s1;k5b\n")
        let dry = try CoachProcess.run(["import", file, "--db", db, "--dry-run", "--lang", "en"])
        #expect(dry.stdout == """
            3 records valid (dry run: nothing written)
            1 pupil would change class from 2026-11-02 (the Monday of the first week not yet closed; a since column gives another day)
            1 new pupil would count from 2026-11-02 (the Monday of the first week not yet closed; a since column gives another day)

            """, "\(dry.stderr)")
        let moved = try CoachProcess.run(["import", file, "--db", db])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout == """
            3 records gelezen: 2 nieuw, 0 al aanwezig, 1 bijgewerkt (3 gebeurtenissen)
            1 leerling zit in een andere klas vanaf 2026-11-02 (de maandag van de eerste week die nog niet is afgesloten; met een kolom since of vanaf geef je een andere dag op)
            1 nieuwe leerling telt mee vanaf 2026-11-02 (de maandag van de eerste week die nog niet is afgesloten; met een kolom since of vanaf geef je een andere dag op)

            """)
        let arrived = try CoachProcess.run(["export", "--pupil", "p2", "--db", db])
        #expect(arrived.stdout.contains("\"earlierClasses\" : [\n    {\n      \"class\" : null,\n      \"until\" : \"2026-11-02\""),
                "\(arrived.stdout)")
        let export = try CoachProcess.run(["export", "--pupil", "p1", "--db", db])
        #expect(export.stdout.contains("\"earlierClasses\" : [\n    {\n      \"class\" : \"k5a\",\n      \"until\" : \"2026-11-02\""),
                "\(export.stdout)")
    }

    @Test(arguments: Backend.allCases)
    func aPupilWhoLeftIsSaidWithTheDayAndExported(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let file = try scratch.write("leerlingen.csv", "type;id;school;class;vertrokken\nleerling;p1;s1;k5a;2026-11-09\n")
        let dry = try CoachProcess.run(["import", file, "--db", db, "--dry-run", "--lang", "en"])
        #expect(dry.stdout == "1 record valid (dry run: nothing written)\n1 pupil would leave the school on 2026-11-09: no longer there from that day\n",
                "\(dry.stdout)\(dry.stderr)")
        let left = try CoachProcess.run(["import", file, "--db", db])
        #expect(left.status == 0, "\(left.stderr)")
        #expect(left.stdout == """
            1 record gelezen: 0 nieuw, 0 al aanwezig, 1 bijgewerkt (1 gebeurtenis)
            1 leerling vertrokken op 2026-11-09: niet meer op school vanaf die dag

            """, "\(left.stdout)")
        let export = try CoachProcess.run(["export", "--pupil", "p1", "--db", db])
        #expect(export.stdout.contains("\"left\" : \"2026-11-09\""), "\(export.stdout)")
        // Feedback naming p1 after that day: one line, nothing written.
        let late = try scratch.write("late.csv", "teacher,class,pupil,goal,date,level,question,timing,form,growth_points\n"
                                     + "t1,k5a,p1,breuken,2026-11-10,taak,feedback,formatief,individueel,1\n")
        let refused = try CoachProcess.run(["import", late, "--db", db, "--lang", "en"])
        #expect(refused.status == 1 && refused.stderr.contains("late.csv:2: pupil: was no longer at the school on 2026-11-10 (the people file says the pupil left), got 'p1'"),
                "\(refused.stderr)")
        // A list of now that still holds p1 (no day): p1 stays away, and the import says so.
        let list = try scratch.write("list.csv", "type;id;school;class\npupil;p1;s1;k5a\n")
        let listed = try CoachProcess.run(["import", list, "--db", db, "--lang", "en"])
        #expect(listed.status == 0 && listed.stdout.contains("1 pupil in the file left earlier and stays away; for a pupil who is back, give "
                                                             + "the day they came back in since"), "\(listed.stdout)\(listed.stderr)")
        #expect(try CoachProcess.run(["export", "--pupil", "p1", "--db", db]).stdout.contains("\"left\" : \"2026-11-09\""))
    }

    @Test
    func aDateMoreThanAYearAheadIsRefusedAsATypoInTheYear() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let feedback = try scratch.write("feedback.csv", "teacher,class,pupil,goal,date,level,question,timing,form,growth_points\n"
                                         + "t1,k5a,p1,breuken,2026-11-09,taak,feedback,formatief,individueel,1\n"
                                         + "t1,k5a,p1,breuken,2062-11-09,taak,feedback,formatief,individueel,1\n")
        let results = try scratch.write("results.jsonl",
                                        #"{"pupilId":"p1","goalId":"breuken","date":"2072-04-08","kind":"exitTicket","mastery":80}"# + "\n")
        let people = try scratch.write("people.csv", "type;id;school;class;vertrokken\nleerling;p1;s1;k5a;2062-01-04\n")
        let central = try scratch.write("central.csv", "school,year,grade,domain,school_score,flemish_mean,similar_mean\n"
                                        + "s1,2062,4,wiskunde,60,58,59\n")
        let refused = try CoachProcess.run(["import", feedback, results, people, central, "--db", db])
        #expect(refused.status == 1)
        let lines = refused.stderr.split(separator: "\n").map(String.init)
        for (place, day) in [("\(people):2: vertrokken", "2062-01-04"), ("\(feedback):3: date", "2062-11-09"),
                             ("\(results):1: date", "2072-04-08"), ("\(central):2: year", "2062")] {
            #expect(lines.contains { $0.hasPrefix("\(place): \(day) ligt meer dan een jaar in de toekomst (vandaag is het ") && $0.hasSuffix("); een tikfout in het jaartal? Voor een simulatie of een test: --ahead") },
                    "\(place): \(refused.stderr)")
        }
        #expect(!lines.contains { $0.hasPrefix("\(feedback):2:") }, "the row of this year is fine")
        #expect(try CoachStore.open(path: db).export(pupil: "p1").feedback.isEmpty, "nothing was written")
        // One record given as options: the option is named.
        let one = try CoachProcess.run(["feedback", "add", "--db", db, "--teacher", "t1", "--class", "k5a", "--goal", "breuken",
                                        "--date", "2062-11-09", "--level", "taak", "--question", "feedback", "--timing", "formatief",
                                        "--form", "klassikaal", "--growth-points", "1", "--lang", "en"])
        #expect(one.status == 1 && one.stderr.hasPrefix("coach: --date: 2062-11-09 is more than a year ahead (today is "), "\(one.stderr)")
        #expect(one.stderr.hasSuffix("); a typo in the year? For a simulation or a test: --ahead\n"), "\(one.stderr)")
        // ... and taken when meant, as an import takes it.
        let oneMeant = try CoachProcess.run(["feedback", "add", "--db", db, "--teacher", "t1", "--class", "k5a", "--goal", "breuken",
                                             "--date", "2062-11-09", "--level", "taak", "--question", "feedback", "--timing", "formatief",
                                             "--form", "klassikaal", "--growth-points", "1", "--ahead"])
        #expect(oneMeant.status == 0 && oneMeant.stdout.hasPrefix("feedback "), "\(oneMeant.stderr)")
        // Meant (a simulation on a generated year): taken.
        let meant = try CoachProcess.run(["import", feedback, "--ahead", "--db", db])
        #expect(meant.status == 0, "\(meant.stderr)")
        // A placement planned for next month is no typo.
        let calendar = Calendar(identifier: .gregorian)
        let soon = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: 30, to: Date())!)
        let day = try #require(Day(year: soon.year!, month: soon.month!, day: soon.day!))
        let planned = try scratch.write("placements.csv", "pupil,class,goal,track,from,decided_by,pupil_involved\np1,k5a,breuken,2,\(day),t1,ja\n")
        let placed = try CoachProcess.run(["import", planned, "--db", db])
        #expect(placed.status == 0, "\(placed.stderr)")
    }

    @Test(arguments: Backend.allCases)
    func everyBadRowIsListedAndNothingIsWritten(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let file = try scratch.write("bad.csv", """
            teacher,class,pupil,goal,date,level,question,timing,form,growth_points
            t1,k5a,p1,breuken,2026-10-26,proces,feed-forward,formatief,individueel,one
            t1,k5a,,breuken,2026-10-27,taak,feedback,summatief,klassikaal,2
            t1,k9,,breuken,2026-10-20,taak,feedback,summatief,klassikaal,2
            t1,k5a,,breuken,2026-10-20,praise,feedback,summatief,klassikaal,2

            """)
        let outcome = try CoachProcess.run(["import", file, "--kind", "feedback", "--db", db])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == """
            \(file):2: growth_points: moet een getal zijn, niet 'one'
            \(file):4: class: 'k9' is geen bekende klas
            \(file):5: level: moet een van task, process, selfRegulation, person zijn (of taak, proces, zelfregulatie, persoon), niet 'praise'
            coach: 3 problemen in \(file); er is niets geïmporteerd

            """)
        #expect(try Backend.reading(db).count(.feedback) == 0)
    }

    /// Keys made before they began with the record's day still match after `coach init`
    /// migrates them: the same file imported again adds nothing.
    @Test(arguments: Backend.allCases)
    func rowsImportedBeforeKeysHadTheDayAreStillKnown(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let file = try scratch.write("feedback.csv", Self.semicolonWithBOM)
        let first = try CoachProcess.run(["import", file, "--kind", "feedback", "--db", db, "--lang", "en"])
        #expect(first.stdout == "imported 2 records (2 events)\n", "\(first.stderr)")
        // The keys as the version before wrote them ("feedback:row:" and the digest), and the
        // store as if it had not followed the migration yet.
        let withDay = #"substr(importKey, 1, 24) = 'feedback:row:' || "date" || ':'"#
        let old = #"UPDATE feedback SET importKey = 'feedback:row:' || substr(importKey, 25)"#
        if backend == .sqlite {
            let queue = try DatabaseQueue(path: db)
            try queue.write { db in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM feedback WHERE \(withDay)") == 2)
                try db.execute(sql: old)
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v15-import-keys-by-day'")
            }
            try queue.close()
        } else {
            let shared = try PostgresStore(url: db)
            let quoted = { (sql: String) in
                sql.replacingOccurrences(of: "importKey", with: #""importKey""#).replacingOccurrences(of: "UPDATE feedback", with: #"UPDATE coach."feedback""#)
            }
            let count = { (expected: Int) in
                #"DO $$ BEGIN IF (SELECT count(*) FROM coach."feedback" WHERE "# + quoted(withDay)
                    + #") <> \#(expected) THEN RAISE EXCEPTION 'keys'; END IF; END $$"#
            }
            try shared.execute([count(2), quoted(old), count(0),
                                "DELETE FROM coach.coach_migration WHERE id = 'v15-import-keys-by-day'"], asSchool: nil)
        }
        let migrated = try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let again = try CoachProcess.run(["import", file, "--kind", "feedback", "--db", db, "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 new, 2 already present"), "\(again.stdout)")
        #expect(try Backend.reading(db).count(.feedback) == 2)
    }

    @Test
    func jsonLinesAndPlacementsWithTheirProblems() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let bad = try scratch.write("placements.jsonl", """
            {"pupilId":"p1","classId":"k5a","goalId":"breuken","track":4,"from":"2026-10-26","decidedBy":"t1","pupilInvolved":true}
            {"pupilId":"p1"}

            """)
        let outcome = try CoachProcess.run(["import", bad, "--kind", "placements", "--db", db])
        #expect(outcome.stderr == "\(bad):1: track: moet 1, 2 of 3 zijn, niet 4\n\(bad):2: classId: is verplicht\ncoach: 2 problemen in \(bad); er is niets geïmporteerd\n")
        // In English when asked.
        let english = try CoachProcess.run(["import", bad, "--kind", "placements", "--db", db, "--lang", "en"])
        #expect(english.stderr == "\(bad):1: track: must be 1, 2 or 3, got 4\n\(bad):2: classId: is required\ncoach: 2 problems in \(bad); nothing was imported\n")
        let good = try scratch.write("ok.csv", "pupil,class,goal,track,from,decided_by,pupil_involved\np1,k5a,breuken,2,2026-11-02,t1,ja\n")
        let imported = try CoachProcess.run(["import", good, "--kind", "placements", "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try CoachStore.open(path: db).currentPlacements(class: "k5a", goal: "breuken").map(\.track) == [2])
    }

    @Test
    func malformedCSVSaysWhere() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let file = try scratch.write("broken.csv", "pupil,goal,date,kind,mastery\np1,breuken,2026-10-26,test,\"80\n")
        let outcome = try CoachProcess.run(["import", file, "--kind", "results", "--db", db])
        #expect(outcome.stderr == "\(file):2: een veld tussen aanhalingstekens wordt nergens afgesloten\ncoach: 1 probleem in \(file); er is niets geïmporteerd\n")
        let short = try scratch.write("short.csv", "pupil,goal,date,kind,mastery\np1,breuken\n")
        #expect(try CoachProcess.run(["import", short, "--kind", "results", "--db", db]).stderr.hasPrefix("\(short):2: 2 velden, maar de kopregel heeft er 5"))
        #expect(try CoachProcess.run(["import", short, "--kind", "results", "--db", db, "--lang", "en"]).stderr
            .hasPrefix("\(short):2: 2 fields, but the header has 5"))
    }
}

/// A kijkwijzer filled in as an online form, read through the shipped mapping.
struct MappingImportTests {
    @Test
    func aGoogleFormsExportBecomesObservations() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let export = try scratch.write("formulier.csv", """
            "Tijdstempel","School (id)","Leerkracht (id)","Klas (id)","Geobserveerd door","3.1 De leerkracht groepeert de lln. volgens 3 sporen","3.2 De leerkracht betrekt leerlingen bij het verdelen in groepen","3.3 De leerkracht groepeert flexibel","Dit zal ik aanpakken"
            "24/11/2026 10:15:33","s1","t1","k5a","c1","Soms","4","Altijd","Sporen op het bord, met namen"
            "25/11/2026 09:02:10","s1","t1","k5a","c1","Nooit","4","5",""

            """)
        let plugins = SchoolCommandsTests.folders[3]
        let bad = try CoachProcess.run(["import", export, "--kind", "observations", "--mapping", "google-forms-peter-benoit-3",
                                        "--plugins", plugins, "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("\(export):3: 3.1: moet een score zijn (een geheel getal, ✓ of ✗), niet 'Nooit'\n"))

        let good = try scratch.write("ok.csv", try String(contentsOfFile: export, encoding: .utf8)
            .replacingOccurrences(of: "\"Nooit\"", with: "\"Zelden\""))
        let outcome = try CoachProcess.run(["import", good, "--kind", "observations", "--mapping", "google-forms-peter-benoit-3",
                                            "--plugins", plugins, "--db", db])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "2 records geïmporteerd (2 gebeurtenissen)\n")
        let store = try CoachStore.open(path: db)
        let observations = try store.observations(teacher: "t1", from: Day("2026-11-24")!, to: Day("2026-11-25")!)
        #expect(observations.count == 2)
        #expect(observations.first?.kind == .peer)
        #expect(observations.first?.scores.sorted { $0.item < $1.item }.map(\.value) == [2, 4, 5])
        #expect(observations.first?.workOn == "Sporen op het bord, met namen")

        let unknown = try CoachProcess.run(["import", good, "--kind", "observations", "--mapping", "nope", "--plugins", plugins, "--db", db])
        #expect(unknown.stderr == "coach: geen importmapping 'nope' in \(plugins) (bekend: google-forms-peter-benoit-3, google-forms-diepenbeek-leerwandeling)\n")
        let english = try CoachProcess.run(["import", good, "--kind", "observations", "--mapping", "nope", "--plugins", plugins, "--db", db,
                                            "--lang", "en"])
        #expect(english.stderr == "coach: no import mapping 'nope' in \(plugins) (known: google-forms-peter-benoit-3, google-forms-diepenbeek-leerwandeling)\n")
    }
}

/// `--kind people`: setting up a school from a spreadsheet.
struct PeopleImportTests {
    @Test
    func aSchoolItsPeopleAndItsCoachComeInFromOneFile() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("school.sqlite").path
        _ = try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders)
        let file = try scratch.write("people.csv", """
            type;id;school;class;teacher;name;alias;grade;coach;scope;follows;success_criteria
            school;s-beek;;;;Basisschool De Beek;;;;;;
            teacher;t-ines;s-beek;;;Juf Ines;;;;;;
            class;k2b;s-beek;;;2B;;2;;;;
            class_teacher;;;k2b;t-ines;;;;;;;
            pupil;k2b-01;s-beek;k2b;;;Sara;;;;;
            goal;optellen;s-beek;;;Optellen tot 100;;;;;;Ik tel over het tiental|Ik controleer
            coach;c-jo;;;;Jo;;;;;;
            assignment;s-beek;;;;;;;c-jo;school;;

            """)
        let outcome = try CoachProcess.run(["import", file, "--kind", "people", "--db", db])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "8 records geïmporteerd (8 gebeurtenissen)\n")
        let store = try CoachStore.open(path: db)
        #expect(try store.pupil("k2b-01")?.alias == "Sara")
        #expect(try store.goal("optellen")?.successCriteria == ["Ik tel over het tiental", "Ik controleer"])
        #expect(try store.classTeachers(class: "k2b").map(\.teacherId) == ["t-ines"])

        // The same file again changes nothing; an updated file updates, with an event each.
        let again = try CoachProcess.run(["import", file, "--kind", "people", "--db", db])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "8 records gelezen: 0 nieuw, 8 al aanwezig, 0 bijgewerkt (0 gebeurtenissen)\n")
        let updated = try scratch.write("people2.csv", """
            type;id;school;class;name;alias
            teacher;t-ines;s-beek;;Juf Ines Peeters;
            pupil;k2b-01;s-beek;k2b;;Sarah
            pupil;k2b-02;s-beek;k2b;;Lio

            """)
        let update = try CoachProcess.run(["import", updated, "--kind", "people", "--db", db])
        #expect(update.stdout == "3 records gelezen: 1 nieuw, 0 al aanwezig, 2 bijgewerkt (3 gebeurtenissen)\n", "\(update.stderr)")
        #expect(try store.pupil("k2b-01")?.alias == "Sarah")
        #expect(try store.teacher("t-ines")?.name == "Juf Ines Peeters")
        let moved = try scratch.write("people3.csv", "type,id,school,name\nteacher,t-ines,s-other,X\nschool,s-other,,Other\n")
        let refused = try CoachProcess.run(["import", moved, "--kind", "people", "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("een persoon wisselt niet van school"), "\(refused.stderr)")
        let typo = try scratch.write("typo.csv", "type,id,school,name\nleraar,t-x,s-beek,X\n")
        #expect(try CoachProcess.run(["import", typo, "--kind", "people", "--db", db]).stderr
                .hasPrefix("\(typo):2: type: moet school, teacher, coach, class, pupil, goal, class_teacher of assignment zijn, niet 'leraar'"))
    }
}

/// People come as CSV; JSON lines for them get a message that says so.
struct PeopleJSONLinesTests {
    @Test
    func peopleAsJSONLinesSayWhatToDoInstead() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let file = try scratch.write("people.jsonl", #"{"id": "t9", "schoolId": "s1", "name": "X"}"# + "\n")
        let outcome = try CoachProcess.run(["import", file, "--kind", "people", "--db", db])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("\(file):1: personen worden alleen uit CSV geïmporteerd"), "\(outcome.stderr)")
    }
}

/// Several files in one run, each told by its header, all or nothing; then catching up.
struct SeveralFilesTests {
    @Test(arguments: Backend.allCases)
    func severalFilesAreOneImportAndTickThroughCatchesUp(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try backend.database(in: scratch) else { return }
        _ = try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders)
        let people = try scratch.write("people.csv", """
            type,id,school,class,teacher,name,coach,scope
            school,s1,,,,De Linde,,
            teacher,t1,s1,,,Juf An,,
            class,k1,s1,,,5A,,
            class_teacher,,,k1,t1,,,
            pupil,p1,s1,k1,,,,
            goal,g1,s1,,,Breuken,,
            coach,c1,,,,Els,,
            assignment,s1,,,,,c1,school

            """)
        let placements = try scratch.write("tracks.csv", "pupil,class,goal,track,from,decided_by\np1,k1,g1,3,2026-09-07,t1\n")
        let badFeedback = try scratch.write("feedback.csv", """
            teacher,class,pupil,goal,date,level,question,timing,form,growth_points
            t1,k1,p1,g1,2026-10-05,loud,feedback,formative,individual,1

            """)
        // Placements before people on the command line: people still go first.
        let refused = try CoachProcess.run(["import", placements, badFeedback, people, "--db", db])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(badFeedback):2: level: moet een van task"), "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix("coach: 1 probleem in 3 bestanden; er is niets geïmporteerd\n"))
        #expect(try Backend.reading(db).schools().isEmpty, "all or nothing for the run")

        let goodFeedback = try scratch.write("feedback.csv", """
            teacher,class,pupil,goal,date,level,question,timing,form,growth_points
            t1,k1,p1,g1,2026-10-05,task,feedback,formative,individual,1

            """)
        let imported = try CoachProcess.run(["import", placements, goodFeedback, people, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "10 records geïmporteerd (10 gebeurtenissen)\n")

        let tick = try CoachProcess.run(["tick", "--through", "2026-W44", "--db", db] + SchoolCommandsTests.folders)
        #expect(tick.status == 0, "\(tick.stderr)")
        #expect(tick.stdout.hasPrefix("week 2026-W37 afgesloten: "), "from the week of the first record")
        #expect(tick.stdout.contains("week 2026-W44 afgesloten: "))
        let store = try Backend.reading(db)
        #expect(try store.weekClosed(IsoWeek("2026-W40")!, school: "s1"))
        #expect(try store.prompts(school: "s1", week: "2026-W44").contains { $0.ruleId == "persistent-track3" })
    }
}
