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
        pupil;p1;s1;k1;Noor;
        pupil;p1;s1;k2;Noor;12/10/2026
        pupil;p2;s1;k2;;2026-10-19
        """

    @Test
    func aHistoryImportsAndImportsAgainAsNoChange() throws {
        let store = try Self.store()
        let first = try Importer.run(file: "people.csv", text: Self.history, kind: .people, into: store)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect(try store.pupils(class: "k2").map(\.id) == ["p1", "p2"])
        #expect(try store.pupils(school: "s1", on: Day("2026-10-11")!).map { "\($0.id)@\($0.classId)" } == ["p1@k1"])
        #expect(try store.pupils(school: "s1", on: Day("2026-10-19")!).map { "\($0.id)@\($0.classId)" } == ["p1@k2", "p2@k2"])
        // Weeks closed meanwhile change nothing: each row says its own day.
        _ = try store.endWeek(IsoWeek("2026-W45")!, school: "s1")
        let again = try Importer.run(file: "people.csv", text: Self.history, kind: .people, into: store)
        #expect(again.problems.isEmpty && again.updated == 0 && again.events == 0, "\(again)")
        #expect(try store.export(pupil: "p1").earlierClasses == [EarlierClass(classId: "k1", until: Day("2026-10-12")!)])
    }

    @Test
    func theDutchColumnAndThePupilTwiceOnOneDay() throws {
        let store = try Self.store()
        let dutch = try Importer.run(file: "leerlingen.csv", text: "type;id;school;class;vanaf\nleerling;p1;s1;k1;\nleerling;p1;s1;k2;2026-10-12\n",
                                     kind: .people, into: store)
        #expect(dutch.problems.isEmpty, "\(dutch.problems)")
        #expect(try store.pupils(school: "s1", on: Day("2026-10-11")!).first?.classId == "k1")
        let twice = try Importer.run(file: "people.csv", text: "type;id;school;class;since\npupil;p3;s1;k1;2026-10-12\npupil;p3;s1;k2;2026-10-12\n",
                                     kind: .people, into: store)
        #expect(twice.problems.map(\.text) == ["people.csv:3: id: p3 is given twice in this file (also on line 2); give each person once"])
        let badDay = try Importer.run(file: "people.csv", text: "type;id;school;class;since\npupil;p4;s1;k1;morgen\n", kind: .people, into: store)
        #expect(badDay.problems.first?.text.contains("since: must be a date like 2026-11-23") == true, "\(badDay.problems)")
    }
}
