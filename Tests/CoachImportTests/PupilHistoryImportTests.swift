import CoachCore
import CoachImport
import CoachStore
import Testing

/// A people file with a `since` column gives pupils' histories: a pupil once per class, each
/// row from its day on, the first row without one from the start.
struct PupilHistoryImportTests {
    static func store() throws -> CoachStore {
        let store = try CoachStore.inMemory()
        try store.write([.school(School(id: "s1", name: "S")),
                         .schoolClass(SchoolClass(id: "k1", schoolId: "s1", name: "1")),
                         .schoolClass(SchoolClass(id: "k2", schoolId: "s1", name: "2"))])
        return store
    }

    static let history = """
        type;id;school;class;alias;since
        pupil;p1;s1;k1;Noor;01/09/2026
        pupil;p1;s1;k2;Noor;12/10/2026
        pupil;p2;s1;k2;;2026-10-19
        pupil;p3;s1;k1;;
        """

    @Test
    func aHistoryImportsAndImportsAgainAsNoChange() throws {
        let store = try Self.store()
        let first = try Importer.run(file: "people.csv", text: Self.history, kind: .people, into: store)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(try store.pupils(class: "k2").map(\.id) == ["p1", "p2"])
        // p3, without a day, is in 1 from the start: no week was closed.
        #expect(try store.pupils(school: "s1", on: Day("2026-08-31")!).map { "\($0.id)@\($0.classId)" } == ["p3@k1"])
        #expect(try store.pupils(school: "s1", on: Day("2026-10-11")!).map { "\($0.id)@\($0.classId)" } == ["p1@k1", "p3@k1"])
        #expect(try store.pupils(school: "s1", on: Day("2026-10-19")!).map { "\($0.id)@\($0.classId)" } == ["p1@k2", "p2@k2", "p3@k1"])
        // Weeks closed meanwhile change nothing: each row says its own day.
        _ = try store.endWeek(IsoWeek("2026-W45")!, school: "s1")
        let again = try Importer.run(file: "people.csv", text: Self.history, kind: .people, into: store)
        #expect(again.problems.isEmpty && again.updated == 0 && again.events == 0, "\(again)")
        #expect(try store.export(pupil: "p1").earlierClasses == [EarlierClass(classId: nil, until: Day("2026-09-01")!),
                                                                 EarlierClass(classId: "k1", until: Day("2026-10-12")!)])
    }

    @Test
    func theDutchColumnAndThePupilTwiceOnOneDay() throws {
        let store = try Self.store()
        let dutch = try Importer.run(file: "leerlingen.csv", text: "type;id;school;class;name;vanaf\ngroep;g5;s1;;Groep 5;\n"
                                         + "leerling;p1;s1;k1;;2026-09-01\nleerling;p1;s1;k2;;2026-10-12\n",
                                     kind: .people, into: store)
        #expect(dutch.problems.isEmpty, "\(dutch.problems)")
        #expect(try store.pupils(school: "s1", on: Day("2026-10-11")!).first?.classId == "k1")
        #expect(try store.schoolClass("g5")?.name == "Groep 5")
        // One day written two ways is one day: which row counted would be their order.
        let twice = try Importer.run(file: "people.csv", text: "type;id;school;class;since\npupil;p3;s1;k1;2026-10-12\npupil;p3;s1;k2;12/10/2026\n",
                                     kind: .people, into: store)
        #expect(twice.problems.map(\.text) == ["people.csv:3: id: p3 is given twice in this file (also on line 2); both from 2026-10-12; "
                                                + "give each day a pupil came into a class once"])
        // A row without a day beside one with a day: which is the class of now?
        let undated = try Importer.run(file: "people.csv", text: "type;id;school;class;since\npupil;p3;s1;k1;\npupil;p3;s1;k2;2026-10-12\n",
                                       kind: .people, into: store)
        #expect(undated.problems.map(\.text) == ["people.csv:3: id: p3 is given twice in this file (also on line 2); a pupil given once per "
                                                  + "class needs on each row the day it came into that class (since)"])
        let badDay = try Importer.run(file: "people.csv", text: "type;id;school;class;since\npupil;p4;s1;k1;morgen\n", kind: .people, into: store)
        #expect(badDay.problems.first?.text.contains("since: must be a date like 2026-11-23") == true, "\(badDay.problems)")
    }

    @Test
    func aPupilWhoLeftIsSaidWithTheDayTheyLeft() throws {
        let store = try Self.store()
        let first = try Importer.run(file: "people.csv", text: Self.history, kind: .people, into: store)
        #expect(first.problems.isEmpty)
        // p1 left 2 on 2 November; Dutch files write `vertrokken` (or `uitgeschreven`).
        let left = try Importer.run(file: "leerlingen.csv", text: "type;id;school;class;vertrokken\nleerling;p1;s1;k2;02/11/2026\n",
                                    kind: .people, into: store)
        #expect(left.problems.isEmpty && left.updated == 1, "\(left)")
        #expect(try store.export(pupil: "p1").pupil.left == Day("2026-11-02")!)
        #expect(try store.pupils(class: "k2").map(\.id) == ["p2"])
        #expect(try store.pupils(school: "s1", on: Day("2026-11-01")!).contains { $0.id == "p1" })
        // A day it cannot be, and a leaving before coming: one line each, nothing written.
        let bad = try Importer.run(file: "people.csv", text: "type;id;school;class;since;left\npupil;p2;s1;k2;;someday\n"
                                       + "pupil;p3;s1;k1;2026-10-12;2026-10-12\n", kind: .people, into: store)
        #expect(bad.problems.count == 2, "\(bad.problems)")
        #expect(bad.problems.first?.text.hasPrefix("people.csv:2: left: ") == true, "\(bad.problems)")
        #expect(bad.problems.last?.text == "people.csv:3: left: must come after since (2026-10-12): a pupil leaves after the day they "
                                           + "came into the class", "\(bad.problems)")
        #expect(try store.export(pupil: "p2").pupil.left == nil)
        // A history may say the leaving on a row of its own.
        let year = try Importer.run(file: "people.csv", text: "type;id;school;class;since;left\npupil;p4;s1;k1;2026-09-01;\n"
                                        + "pupil;p4;s1;k1;;2026-10-05\n", kind: .people, into: store)
        #expect(year.problems.isEmpty, "\(year.problems)")
        #expect(try store.export(pupil: "p4").earlierClasses == [EarlierClass(classId: nil, until: Day("2026-09-01")!),
                                                                 EarlierClass(classId: "k1", until: Day("2026-10-05")!)])
        #expect(try store.export(pupil: "p4").pupil.left == Day("2026-10-05")!)
        // Rows apply in file order: a history out of the order of its days is refused.
        let reversed = try Importer.run(file: "people.csv", text: "type;id;school;class;since;left\npupil;p5;s1;k1;;2026-11-02\n"
                                            + "pupil;p5;s1;k2;2026-10-12;\n", kind: .people, into: store)
        #expect(reversed.problems.map(\.text) == ["people.csv:3: id: p5 comes before line 2 in time (2026-10-12 is not after 2026-11-02); "
                                                    + "give a pupil's rows in the order of their days"], "\(reversed.problems)")
        // A row's leaving counts as its last day: a move inside a stay that ended is refused.
        let inside = try Importer.run(file: "people.csv", text: "type;id;school;class;since;left\npupil;p6;s1;k1;2026-09-01;2026-11-02\n"
                                          + "pupil;p6;s1;k2;2026-10-05;\n", kind: .people, into: store)
        #expect(inside.problems.map(\.text) == ["people.csv:3: id: p6 comes before line 2 in time (2026-10-05 is not after 2026-11-02); "
                                                  + "give a pupil's rows in the order of their days"], "\(inside.problems)")
    }

    @Test
    func aHistoryWithALeavingAndAReturnImportsAgainAsNoChange() throws {
        let store = try Self.store()
        let text = "type;id;school;class;since;left\npupil;p7;s1;k1;2026-09-01;2026-10-19\npupil;p7;s1;k2;2026-11-02;\n"
        let first = try Importer.run(file: "people.csv", text: text, kind: .people, into: store)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(try store.export(pupil: "p7").earlierClasses == [EarlierClass(classId: nil, until: Day("2026-09-01")!),
                                                                 EarlierClass(classId: "k1", until: Day("2026-10-19")!),
                                                                 EarlierClass(classId: nil, until: Day("2026-11-02")!)])
        #expect(try store.export(pupil: "p7").pupil.left == nil)
        let again = try Importer.run(file: "people.csv", text: text, kind: .people, into: store)
        #expect(again.problems.isEmpty && again.updated == 0 && again.events == 0, "\(again)")
    }
}
