import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// Questions that start from a school's or a class's pupils read them from an index alone: a
/// lookup in the table per pupil and a sort were a third of the weekly mastery question.
struct PupilIndexTests {
    static func plan(_ store: CoachStore, _ sql: String, _ arguments: StatementArguments) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test
    func aSchoolsOrAClasssPupilsComeFromTheirIndexInOrder() throws {
        let store = try Fixture.store()
        for (sql, value, index) in [(CoachStore.pupilsOfSchoolSQL, "s1", "pupil_school"),
                                    (CoachStore.pupilsOfClassSQL, "k5a", "pupil_class")] {
            let plan = try Self.plan(store, sql, [value])
            #expect(plan == ["SEARCH pupil USING COVERING INDEX \(index) (\(index == "pupil_school" ? "schoolId" : "classId")=?)"],
                    "\(sql): \(plan)")
        }
        // The answers themselves, read from the index alone: every column of the pupil.
        #expect(try store.pupils(class: "k5a").map(\.id) == ["p1", "p2", "p3", "p4"])
        #expect(try store.pupils(school: "s1").first == Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "N."))
    }

    @Test
    func resultsOfASchoolOrAClassJoinPupilsFromTheirIndex() throws {
        let store = try Fixture.store()
        for q in [RecordQuery(from: Fixture.day, to: Fixture.day), RecordQuery(classId: "k5a", from: Fixture.day)] {
            let (sql, arguments) = CoachStore.resultSQL(school: "s1", q, counting: true)
            let plan = try Self.plan(store, sql, arguments)
            let pupil = plan.filter { $0.contains(" pupil ") }
            #expect(pupil.count == 1 && pupil.allSatisfy { $0.contains("USING COVERING INDEX pupil_") }, "\(q): \(plan)")
        }
    }
}
