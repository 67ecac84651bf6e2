import CoachCore
import CoachImport
import CoachStore
import Foundation
import Testing

/// The whole import, without the command line: all or nothing, every problem with FILE:LINE.
struct ImporterTests {
    static func store() throws -> CoachStore {
        let store = try CoachStore.inMemory()
        try store.write([.school(School(id: "s1", name: "S")), .teacher(Teacher(id: "t1", schoolId: "s1", name: "T")),
                         .schoolClass(SchoolClass(id: "k1", schoolId: "s1", name: "K")),
                         .pupil(Pupil(id: "p1", schoolId: "s1", classId: "k1")),
                         .goal(LearningGoal(id: "g1", schoolId: "s1", title: "G"))])
        return store
    }

    @Test
    func aGoodFileIsWrittenWithItsEvents() throws {
        let store = try Self.store()
        let csv = "teacher;class;pupil;goal;date;level;question;timing;form;growth_points\n"
            + "t1;k1;p1;g1;05/10/2026;persoon;feed-forward;formatief;individueel;1\n"
            + "t1;k1;;g1;2026-10-06;taak;feedback;summative;klassikaal;2\n"
        let outcome = try Importer.run(file: "week.csv", text: csv, kind: .feedback, into: store)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.records == 2 && outcome.events == 2)
        #expect(try store.count(.feedback) == 2)
    }

    @Test
    func aFileWithProblemsWritesNothingAndNamesEveryLine() throws {
        let store = try Self.store()
        let csv = "teacher,class,pupil,goal,date,level,question,timing,form,growth_points\n"
            + "t1,k1,p1,g1,2026-10-05,task,feedback,formative,individual,1\n"
            + "t1,k1,p1,g1,2026-10-05,loud,feedback,formative,individual,x\n"
            + "t9,k1,p1,g1,2026-10-05,task,feedback,formative,individual,1\n"
        let outcome = try Importer.run(file: "week.csv", text: csv, kind: .feedback, into: store)
        #expect(outcome.problems.map(\.line) == [3, 3, 4])
        #expect(outcome.problems.first?.text.hasPrefix("week.csv:3: level: must be one of task, process, selfRegulation, person (or taak, proces, zelfregulatie, persoon), got 'loud'") == true)
        #expect(outcome.problems.last?.text.hasPrefix("week.csv:4: teacher: ") == true)
        #expect(try store.count(.feedback) == 0, "all or nothing")
    }

    @Test
    func oneRecordFromOptionsNamesTheOption() throws {
        let store = try Self.store()
        #expect(throws: OneRecordProblems.self) {
            try OneRecord.write(.placements, ["pupil": "p1", "class": "k1", "goal": "g1", "track": "4", "from": "2026-10-05",
                                              "decided_by": "t1"], into: store)
        }
        do {
            _ = try OneRecord.write(.placements, ["pupil": "p1", "class": "k1", "goal": "g1", "track": "4", "from": "2026-10-05",
                                                  "decided_by": "t1"], into: store)
        } catch {
            #expect(error.lines == ["--track: must be 1, 2 or 3, got 4"])
        }
        let id = try OneRecord.write(.placements, ["pupil": "p1", "class": "k1", "goal": "g1", "track": "3", "from": "2026-10-05",
                                                   "decided_by": "t1"], into: store)
        #expect(!id.isEmpty)
    }
}

/// A file read in pieces gives the records, lines and problems of reading it at once.
struct StreamingImportTests {
    @Test
    func aFileReadInSmallPiecesAndBatchesKeepsItsLinesAndWritesAllOrNothing() throws {
        let store = try ImporterTests.store()
        var csv = "pupil;class;goal;track;from;decided_by\n"
        for n in 0..<500 { csv += "p1;k1;g1;\(n == 321 ? "7" : String(1 + n % 3));\(Day("2026-01-05")!.adding(days: n));t1\n" }
        let path = NSTemporaryDirectory() + "coach-stream-\(UInt64.random(in: 0 ... .max)).csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let broken = try Importer.run(file: "tracks.csv", source: TextPieces(path: path, pieceBytes: 97), kind: .placements,
                                      into: store, batch: 7)
        #expect(broken.problems.map(\.text) == ["tracks.csv:323: track: must be 1, 2 or 3, got 7"])
        #expect(try store.count(.placement) == 0, "all or nothing, across batches")

        let fixed = csv.replacingOccurrences(of: "p1;k1;g1;7;", with: "p1;k1;g1;2;")
        try fixed.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try Importer.run(file: "tracks.csv", source: TextPieces(path: path, pieceBytes: 97), kind: .placements,
                                       into: store, batch: 7)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.records == 500 && outcome.events == 500)
        #expect(try store.count(.placement) == 500)
    }
}

/// Importing the same file twice changes nothing.
struct ImportTwiceTests {
    /// Batches of records reuse what earlier batches of the import looked up: an unknown pupil
    /// is named on every line it is on, and a pupil the same import's people file moved is
    /// seen in its new class by every record after it.
    @Test
    func recordsInManyBatchesSeeTheStoreAndThePeopleOfTheSameImport() throws {
        let store = try ImporterTests.store()
        let people = "type,id,school,class,name,alias\nclass,k2,s1,,K2,\npupil,p1,s1,k2,,Noor\n"
        let header = "teacher,class,pupil,goal,date,level,question,timing,form,growth_points\n"
        func row(_ klass: String, _ pupil: String, _ day: Int) -> String {
            "t1,\(klass),\(pupil),g1,2026-10-0\(day),task,feedback,formative,individual,1\n"
        }
        let files = { (feedback: String) in
            [ImportFile(path: "people.csv", source: TextPieces(text: people), kind: .people),
             ImportFile(path: "feedback.csv", source: TextPieces(text: header + feedback), kind: .feedback)]
        }
        let bad = try Importer.run(files: files(row("k2", "p1", 1) + row("k2", "p9", 2) + row("k1", "p1", 3) + row("k2", "p9", 4)),
                                   into: store, batch: 1)
        #expect(bad.problems.map(\.text) == ["feedback.csv:3: pupil: is not a known pupil, got 'p9'",
                                             "feedback.csv:4: pupil: is not in class k1, got 'p1'",
                                             "feedback.csv:5: pupil: is not a known pupil, got 'p9'"])
        #expect(try store.count(.feedback) == 0 && store.count(.schoolClass) == 1, "nothing of a run with problems is kept")
        let good = try Importer.run(files: files(row("k2", "p1", 1) + row("k2", "p1", 2) + row("k2", "p1", 3)), into: store, batch: 1)
        #expect(good.problems.isEmpty)
        #expect(try store.count(.feedback) == 3)
    }

    /// Spreadsheets write decimal commas and codes in any case: read as meant.
    @Test
    func decimalCommasAndCodesInAnyCaseAreReadAsMeant() throws {
        let store = try ImporterTests.store()
        let csv = "pupil;goal;date;kind;score;maximum\np1;g1;2026-10-05;Toets;7,5;10\np1;g1;2026-10-06;EXIT-TICKET;3;4\n"
        let outcome = try Importer.run(file: "r.csv", text: csv, kind: .results, into: store)
        #expect(outcome.problems.isEmpty && outcome.added == 2)
        let stored = try store.results(pupil: "p1", goal: "g1")
        #expect(stored.map(\.score) == [7.5, 3] && stored.map(\.kind) == [.test, .exitTicket])
    }

    /// A current placement that starts before the pupil's current one is found only while
    /// writing (by the store's one-current-placement index): a line like the others, and
    /// nothing of the file is kept.
    @Test
    func aPlacementBeforeTheCurrentOneIsALineAndNothingIsKept() throws {
        let store = try ImporterTests.store()
        let header = "pupil,class,goal,track,from,decided_by\n"
        let first = try Importer.run(file: "a.csv", text: header + "p1,k1,g1,2,2026-10-12,t1\n", kind: .placements, into: store)
        #expect(first.problems.isEmpty && first.added == 1)
        let events = try store.lastEventSeq()
        let late = try Importer.run(file: "b.csv", text: header + "p1,k1,g1,3,2026-10-19,t1\np1,k1,g1,1,2026-10-05,t1\n",
                                    kind: .placements, into: store)
        #expect(late.problems.map(\.text) == ["b.csv:3: from: must not be before the start of the pupil's current placement for g1, got '2026-10-05'"])
        #expect(try store.count(.placement) == 1 && store.lastEventSeq() == events, "the file's first row is not kept either")
    }

    static let feedback = "teacher,class,pupil,goal,date,level,question,timing,form,growth_points\n"
        + "t1,k1,p1,g1,2026-10-05,task,feedback,formative,individual,1\n"
        + "t1,k1,p1,g1,2026-10-05,task,feedback,formative,individual,1\n"  // the same moment twice: two records
        + "t1,k1,,g1,2026-10-06,process,feedUp,formative,wholeClass,2\n"

    @Test
    func theSameFileAgainIsAllAlreadyPresent() throws {
        let store = try ImporterTests.store()
        let first = try Importer.run(file: "w.csv", text: Self.feedback, kind: .feedback, into: store)
        #expect(first.added == 3 && first.present == 0 && first.events == 3)
        let second = try Importer.run(file: "w.csv", text: Self.feedback, kind: .feedback, into: store)
        #expect(second.problems.isEmpty)
        #expect(second.added == 0 && second.present == 3 && second.events == 0)
        #expect(try store.count(.feedback) == 3)
        #expect(try store.lastEventSeq() == first.events + 5, "no event for a row already there")
        // A file with one more row adds only that row.
        let more = try Importer.run(file: "w2.csv", text: Self.feedback + "t1,k1,p1,g1,2026-10-07,person,feedback,summative,individual,1\n",
                                    kind: .feedback, into: store)
        #expect(more.added == 1 && more.present == 3)
    }

    @Test
    func aRowWithTheSameIdAndOtherValuesIsAClearError() throws {
        let store = try ImporterTests.store()
        let header = "id,pupil,goal,date,kind,score,maximum\n"
        _ = try Importer.run(file: "r.csv", text: header + "17,p1,g1,2026-10-05,toets,7,10\n", kind: .results, into: store)
        let changed = try Importer.run(file: "r.csv", text: header + "17,p1,g1,2026-10-05,toets,8,10\n", kind: .results, into: store)
        #expect(changed.problems.map(\.text) == ["r.csv:2: id: was imported before with other values; coach keeps what was imported "
                                                 + "first (change it with a new id, or leave the row as it was)"])
        #expect(try store.count(.result) == 1)
    }
}

/// A school says its level in the people file, in English or in Dutch.
struct SchoolLevelImportTests {
    @Test
    func aSchoolsLevelIsReadInEitherLanguageAndAnUnknownOneIsNamed() throws {
        let store = try CoachStore.inMemory()
        let good = try Importer.run(file: "people.csv", text: """
            type;id;name;niveau
            school;s1;De Linde;basisonderwijs
            school;s2;Campus Fenix;secundair
            """, kind: .people, into: store)
        #expect(good.problems.isEmpty)
        #expect(try store.school("s1")?.level == .primary)
        #expect(try store.school("s2")?.level == .secondary)
        let bad = try Importer.run(file: "more.csv", text: "type,id,name,level\nschool,s3,X,kleuter\n", kind: .people, into: store)
        #expect(bad.problems.map(\.text) == ["more.csv:2: level: must be primary or secondary (basisonderwijs, secundair), got 'kleuter'"])
        #expect(try store.school("s3") == nil)
    }
}

/// What `coach feedback add` and the other record commands call what they recorded.
struct RecordNounTests {
    @Test
    func everyKindHasAWholeWordInEachLanguage() {
        #expect(ImportKind.allCases.map { $0.noun(.nl) } == ["persoon", "observatie", "feedback", "spoorindeling", "resultaat", "leerwandeling", "resultaat van de Vlaamse toetsen"])
        #expect(ImportKind.allCases.map { $0.noun(.en) } == ["person", "observation", "feedback", "placement", "result", "learning walk", "central test result"])
    }
}

/// `coach import` without --kind: each file's kind from its first line, and from that line only.
struct RecogniseTests {
    @Test
    func everyKindIsToldFromTheFirstLineOnly() throws {
        let cases: [(text: String, kind: ImportKind)] = [
            ("type,id,name\r\nteacher,t1,An\r\n", .people),
            ("\n\r\nteacher,class,pupil,goal,date,level,question,timing,form\n", .feedback),
            ("pupil,goal,track,from", .placements),
            ("school,date,instrument,version,walkers\n", .walks),
            ("school,year,grade,domain,score,flemish_mean\n", .central),
            ("teacher,class,date,instrument,version,1.1\n", .observations),
            // A later line naming another kind's columns does not count.
            ("pupil,goal,date,score,maximum\nlevel,question,track,type\n", .results),
        ]
        for (text, kind) in cases {
            let path = NSTemporaryDirectory() + "recognise-\(UInt64.random(in: 0 ... .max)).csv"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(try Importer.recognise(path: path) == kind, "\(text.debugDescription)")
        }
        let path = NSTemporaryDirectory() + "recognise-\(UInt64.random(in: 0 ... .max)).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "a,b\nlevel,question\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ImportError.self) { try Importer.recognise(path: path) }
    }
}
