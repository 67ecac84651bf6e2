import CoachCore
import CoachImport
import CoachPlugins
import CoachStore
import Foundation
import Testing

/// Files a school really sends, read wrongly before: each gets one clear line and writes
/// nothing, or is read as the school meant, and never stops the import with a trap.
struct BadInputTests {
    static func temporary(_ name: String, _ text: String) throws -> String {
        let folder = NSTemporaryDirectory() + "bad-input-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test
    func aFileGivenTwiceIsRefusedBeforeAnythingIsRead() throws {
        let path = try Self.temporary("fb.csv", "teacher,class,goal,date,level,question,timing,form,growth_points\n")
        #expect(throws: ImportError.self) { try ImportFile.open([path, path], kind: .feedback, encoding: nil) }
        do {
            _ = try ImportFile.open([path, path], kind: .feedback, encoding: nil)
        } catch {
            #expect(error.description == "\(path) is given twice; give each file once")
        }
        // The same file by another name.
        let other = (path as NSString).deletingLastPathComponent + "/./fb.csv"
        do {
            _ = try ImportFile.open([path, other], kind: .feedback, encoding: nil)
            Issue.record("the same file by another name was taken twice")
        } catch {
            #expect(error.description == "\(other) is the same file as \(path); give each file once")
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            _ = try ImportFile.open([folder], kind: .feedback, encoding: nil)
            Issue.record("a folder was taken for a file")
        } catch {
            #expect(error.description.hasPrefix("cannot read \(folder): it is a folder"))
        }
    }

    @Test
    func aVideoTimeOfManyDigitsIsAProblemNotATrap() throws {
        let store = try ImporterTests.store()
        let csv = "kind,school,teacher,instrument,version,date,video,video_start,video_end\n"
            + "coach,s1,t1,x,1,2026-10-05,https://v/1,999999999999999999:00,1:00\n"
        let outcome = try Importer.run(file: "obs.csv", text: csv, kind: .observations, into: store)
        #expect(!outcome.problems.isEmpty)
        #expect(try store.count(.observation) == 0)
    }

    @Test
    func valuesFromTheFileAreOneLineInEveryMessage() throws {
        let store = try ImporterTests.store()
        // A class with a newline and an escape, and a header of the same.
        let csv = "teacher,class,pupil,goal,date,level,question,timing,form,growth_points,\"1.1\nx\u{1B}[2J\"\n"
            + "t1,\"k1\nINJECTED\u{1B}[2J\",p1,g1,2026-10-05,task,feedback,formative,individual,1,x\n"
        let outcome = try Importer.run(file: "week.csv", text: csv, kind: .feedback, into: store)
        #expect(!outcome.problems.isEmpty)
        for problem in outcome.problems {
            #expect(!problem.text.contains("\n") && !problem.text.contains("\u{1B}"), "\(problem.text.debugDescription)")
        }
        let jsonl = #"{"teacherId":"t1","classId":"k1","goalId":"g1","date":"Noor was ziek\nen meer","level":"task","question":"feedback","timing":"formative","form":"individual","growthPoints":1}"#
        let json = try Importer.run(file: "week.jsonl", text: jsonl + "\n", kind: .feedback, into: store)
        #expect(json.problems.count == 1)
        #expect(json.problems.allSatisfy { !$0.text.contains("\n") }, "\(json.problems.map(\.text))")
        #expect(try store.count(.feedback) == 0)
    }

    @Test
    func aNULEscapedInJSONIsRefusedNotCutShort() throws {
        let store = try ImporterTests.store()
        let good = #"{"teacherId":"t1","classId":"k1","goalId":"g1","date":"2026-10-05","level":"task","question":"feedback","timing":"formative","form":"wholeClass","growthPoints":1,"codes":[],"text":"goed zo"}"#
        let nul = #"{"teacherId":"t1","classId":"k1","goalId":"g1","date":"2026-10-06","level":"task","question":"feedback","timing":"formative","form":"wholeClass","growthPoints":1,"text":"goed\u0000zo"}"#
        let outcome = try Importer.run(file: "week.jsonl", text: good + "\n" + nul + "\n", kind: .feedback, into: store)
        #expect(outcome.problems.map(\.text) == [#"week.jsonl:2: holds a NUL character (\u0000), which no text in coach may hold"#])
        #expect(try store.count(.feedback) == 0, "all or nothing")
    }

    @Test
    func aColumnGivenTwiceIsRefusedAndARowOfDelimitersIsAnEmptyLine() throws {
        let store = try ImporterTests.store()
        let twice = "teacher,class,goal,date,Date,level,question,timing,form,growth_points\n"
            + "t1,k1,g1,2026-10-05,2026-10-06,task,feedback,formative,individual,1\n"
        let outcome = try Importer.run(file: "week.csv", text: twice, kind: .feedback, into: store)
        #expect(outcome.problems.map(\.text) == ["week.csv:1: the column 'Date' comes twice (also as 'date'); keep one"])
        let empty = "teacher;class;goal;date;level;question;timing;form;growth_points\n;;;;;;;;\n"
            + "t1;k1;g1;2026-10-05;task;feedback;formative;klassikaal;1\n;;;;;;;;\n"
        let read = try Importer.run(file: "week.csv", text: empty, kind: .feedback, into: store)
        #expect(read.problems.isEmpty, "\(read.problems.map(\.text))")
        #expect(try store.count(.feedback) == 1)
    }

    @Test
    func aPersonLeftOutColumnsKeepsWhatIsStored() throws {
        let store = try ImporterTests.store()
        let full = "type,id,name,school,class,alias,grade,kind,language,level,regio\n"
            + "school,s2,De Wilg,,,,,,en,secundair,Nederland\n"
            + "coach,c2,Els,,,,,extern,,,\n"
            + "class,k2,2B,s2,,,2,,,,\n"
            + "pupil,p2,,s2,k2,Noor,,,,,\n"
        #expect(try Importer.run(file: "people.csv", text: full, kind: .people, into: store).problems.isEmpty)
        // The same people in a shorter sheet: nothing of theirs changes, no event.
        let short = "type,id,name,school,class\nschool,s2,De Wilg,,\ncoach,c2,Els,,\nclass,k2,2B,s2,\npupil,p2,,s2,k2\n"
        let again = try Importer.run(file: "people.csv", text: short, kind: .people, into: store)
        #expect(again.problems.isEmpty)
        #expect(again.updated == 0 && again.events == 0)
        let school = try #require(try store.schools().first { $0.id == "s2" })
        #expect(school.language == .en && school.level == .secondary && school.region == .netherlands)
        #expect(try store.coach("c2")?.kind == .external)
        #expect(try store.pupils(school: "s2").first?.alias == "Noor")
        // A kind that is neither is refused, not read as internal.
        let wrong = try Importer.run(file: "people.csv", text: "type,id,name,kind\ncoach,c3,Jan,extrn\n", kind: .people, into: store)
        #expect(wrong.problems.first?.text.hasPrefix("people.csv:2: kind: must be one of internal, external (or intern, extern)") == true)
        let nowhere = try Importer.run(file: "people.csv", text: "type,id,name,region\nschool,s3,X,Frankrijk\n", kind: .people, into: store)
        #expect(nowhere.problems.map(\.text) == ["people.csv:2: region: must be flanders or netherlands (vlaanderen, nederland), got 'Frankrijk'"])
    }

    @Test
    func aPersonGivenTwiceInOneFileIsRefused() throws {
        let store = try ImporterTests.store()
        let csv = "type,id,school,name\nteacher,t8,s1,Juf Mia\nteacher,t8,s1,Juf Mia Peeters\nleerkracht,t8,s1,Mia\n"
        let outcome = try Importer.run(file: "people.csv", text: csv, kind: .people, into: store)
        #expect(outcome.problems.map(\.text) == [
            "people.csv:3: id: t8 is given twice in this file (also on line 2); give each person once",
            "people.csv:4: id: t8 is given twice in this file (also on line 2); give each person once",
        ])
        #expect(try store.teacher("t8") == nil)
    }

    @Test
    func aFileIsToldByWholeColumnNames() throws {
        let cases: [(text: String, kind: ImportKind)] = [
            ("type,id,name,school,level\nschool,s1,S,,primary\n", .people),
            (#"{"kind":"coach","schoolId":"s1","teacherId":"t1","instrumentId":"x","instrumentVersion":"1","date":"2026-10-05","lesson":"Breuken per type opgave"}"# + "\n",
             .observations),
        ]
        for (text, kind) in cases {
            let path = try Self.temporary("file", text)
            #expect(try Importer.recognise(path: path) == kind, "\(text.debugDescription)")
        }
    }

    @Test
    func aMappingWithKeysThatDifferOnlyInCaseIsRefusedWhenItLoads() throws {
        let folder = NSTemporaryDirectory() + "mapping-\(UInt64.random(in: 0 ... .max))/form"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try #"{"id": "form", "name": "Form", "version": "1.0.0", "description": "d", "source": "s", "mappings": ["form.json"]}"#
            .write(toFile: folder + "/plugin.json", atomically: true, encoding: .utf8)
        try #"{"id": "form", "kind": "walks", "columns": {"Datum": "date"}, "answers": {"Gezien": "seen", "gezien": "seen"}}"#
            .write(toFile: folder + "/form.json", atomically: true, encoding: .utf8)
        let set = PluginLoader.loadAll(from: (folder as NSString).deletingLastPathComponent)
        #expect(set.mappings.isEmpty)
        #expect(set.problems.contains { $0.description.contains("'Gezien' and 'gezien' differ only in case") }, "\(set.problems)")
        // Made in code, such a mapping reads (the first key in order counts), never traps.
        let store = try ImporterTests.store()
        let mapping = ImportMapping(id: "m", kind: "feedback", columns: ["Datum": "date", "datum": "date"])
        _ = try Importer.run(file: "f.csv", text: "Datum\n2026-10-05\n", kind: .feedback, mapping: mapping, into: store)
    }
}

/// One bad row of a people file is one problem, not one for every row that refers to the
/// people beside it.
struct OneProblemTests {
    @Test
    func aBadPersonDoesNotMakeItsNeighboursUnknown() throws {
        let store = try ImporterTests.store()
        let people = "type,id,school,class,name\nteacher,t5,s1,,Juf Lien\nclass,k5,s1,,5B\nteacher,t6,s99,,Meester Bo\n"
        let feedback = "teacher,class,goal,date,level,question,timing,form,growth_points\n"
            + "t5,k5,g1,2026-10-05,task,feedback,formative,klassikaal,1\n"
        let outcome = try Importer.run(files: [
            ImportFile(path: "people.csv", source: TextPieces(text: people), kind: .people),
            ImportFile(path: "fb.csv", source: TextPieces(text: feedback), kind: .feedback),
        ], into: store, batch: 2)
        #expect(outcome.problems.count == 1, "\(outcome.problems.map(\.text))")
        #expect(outcome.problems.first?.text.hasPrefix("people.csv:4: school:") == true)
        #expect(try store.teacher("t5") == nil, "nothing written")
    }
}

/// A column the import does not read is refused, never dropped without a word.
struct UnknownColumnTests {
    @Test
    func aColumnOfNoFieldIsRefusedAtTheHeader() throws {
        let store = try ImporterTests.store()
        let csv = "teacher,class,leerling,goal,date,level,question,timing,form,growth_points,tekst\n"
            + "t1,k1,p1,g1,2026-10-05,task,feedback,formative,individual,1,Goed gedaan\n"
        let outcome = try Importer.run(file: "week.csv", text: csv, kind: .feedback, into: store)
        #expect(outcome.problems.map(\.line) == [1, 1])
        #expect(outcome.problems.first?.text.hasPrefix("week.csv:1: leerling: is not a column of feedback files (class, codes, date,") == true,
                "\(outcome.problems.map(\.text))")
        #expect(outcome.problems.last?.text.hasPrefix("week.csv:1: tekst: ") == true)
        #expect(try store.count(.feedback) == 0)
        // Item columns of a kijkwijzer are read; an empty header cell (a trailing delimiter) is no column.
        let observation = "kind,school,teacher,instrument,version,date,3.1,\ncoach,s1,t1,x,1,2026-10-05,2,\n"
        let read = try Importer.run(file: "obs.csv", text: observation, kind: .observations, into: store, dryRun: true)
        #expect(!read.problems.contains { $0.line == 1 }, "\(read.problems.map(\.text))")
    }
}

/// A people sheet sorted any way reads as one in the order people refer to each other.
struct PeopleOrderTests {
    @Test
    func aPupilAboveTheirClassAndATeacherAboveTheirSchoolAreRead() throws {
        let store = try ImporterTests.store()
        let csv = "type,id,school,class,name,alias\npupil,p9,s7,k9,,Noor\nteacher,t9,s7,,Juf Lien,\nclass,k9,s7,,9A,\nschool,s7,,,De Wilg,\n"
            + "pupil,p8,s7,k8,,\n"
        let outcome = try Importer.run(file: "people.csv", source: TextPieces(text: csv), kind: .people, into: store, batch: 2)
        // The one real problem still names its own line.
        #expect(outcome.problems.map(\.text) == ["people.csv:6: class: is not a known class, got 'k8'"], "\(outcome.problems.map(\.text))")
        let fixed = csv.replacingOccurrences(of: "pupil,p8,s7,k8,,\n", with: "")
        #expect(try Importer.run(file: "people.csv", source: TextPieces(text: fixed), kind: .people, into: store, batch: 2).problems.isEmpty)
        #expect(try store.pupils(school: "s7").map(\.id) == ["p9"])
    }
}

/// What the second review of these checks found.
struct BadInputFollowUpTests {
    @Test
    func aRefusedClassAndItsPupilAreOneProblemNotADatabaseError() throws {
        let store = try ImporterTests.store()
        let csv = "type,id,school,class,name,grade\nclass,k7,s1,,7A,eerste leerjaar basisonderwijs en meer\npupil,p7,s1,k7,,\n"
        let outcome = try Importer.run(file: "people.csv", text: csv, kind: .people, into: store)
        #expect(outcome.problems.count == 1, "\(outcome.problems.map(\.text))")
        #expect(outcome.problems.first?.text.hasPrefix("people.csv:2: grade:") == true, "\(outcome.problems.map(\.text))")
    }

    @Test
    func aGoalAboveTheGoalItFollowsIsRead() throws {
        let store = try ImporterTests.store()
        let csv = "type,id,school,name,follows\ngoal,g-b,s1,Breuken optellen,g-a\ngoal,g-a,s1,Breuken herkennen,\n"
        let outcome = try Importer.run(file: "people.csv", text: csv, kind: .people, into: store)
        #expect(outcome.problems.isEmpty, "\(outcome.problems.map(\.text))")
    }

    @Test
    func aMappingsExportMayRepeatAColumnItDoesNotRead() throws {
        let store = try ImporterTests.store()
        let mapping = ImportMapping(id: "form", kind: "walks", columns: ["Tijdstempel": "date", "Aantal wandelaars": "walkers"],
                                    defaults: ["school": "s1", "instrument": "walk", "version": "2025"],
                                    items: ["1.1 Leerlingen kennen het doel.": "1.1"], answers: ["Gezien": "seen"])
        let csv = "Tijdstempel,Aantal wandelaars,1.1 Leerlingen kennen het doel.,Opmerking,Opmerking\n24/11/2026 10:15:33,5,Gezien,a,b\n"
        let outcome = try Importer.run(file: "form.csv", text: csv, kind: .walks, mapping: mapping, into: store, dryRun: true)
        #expect(!outcome.problems.contains { $0.text.contains("comes twice") }, "\(outcome.problems.map(\.text))")
        let twice = "Tijdstempel,Tijdstempel,Aantal wandelaars,1.1 Leerlingen kennen het doel.\n24/11/2026,25/11/2026,5,Gezien\n"
        let refused = try Importer.run(file: "form.csv", text: twice, kind: .walks, mapping: mapping, into: store, dryRun: true)
        #expect(refused.problems.map(\.text) == ["form.csv:1: the column 'Tijdstempel' comes twice; keep one"])
    }

    @Test
    func aFormsLongTitleStillTellsAWalk() throws {
        let path = try BadInputTests.temporary("form.csv", "Tijdstempel,Aantal wandelaars,1.1 Leerlingen kennen het doel.\n")
        #expect(try Importer.recognise(path: path) == .walks)
    }
}
