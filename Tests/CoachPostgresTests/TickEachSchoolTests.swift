import CoachCore
import CoachEngine
import CoachPostgres
import CoachSetup
import CoachStore
import Foundation
import Testing

/// A tick of the shared store holds every school and loads one at a time, closing the same
/// weeks, all or nothing, as a tick of one store holding every school.
struct TickEachSchoolTests {
    static let weeks = [IsoWeek("2026-W41")!, IsoWeek("2026-W42")!, IsoWeek("2026-W43")!]

    /// Two schools; s0 has feedback from the first week on, s1 only from the third.
    static func records() -> [NewRecord] {
        var records: [NewRecord] = []
        for s in ["s0", "s1"] {
            records += [.school(School(id: s, name: "School \(s)")),
                        .teacher(Teacher(id: "\(s)-t", schoolId: s, name: "Juf \(s)")),
                        .schoolClass(SchoolClass(id: "\(s)-k", schoolId: s, name: "5A")),
                        .goal(LearningGoal(id: "\(s)-g", schoolId: s, title: "Breuken"))]
        }
        for (s, week) in [("s0", weeks[0]), ("s0", weeks[2]), ("s1", weeks[2])] {
            records.append(.feedback(FeedbackRecord(teacherId: "\(s)-t", classId: "\(s)-k", goalId: "\(s)-g", date: week.monday,
                                                    level: .task, question: .feedback, timing: .formative, form: .wholeClass,
                                                    growthPoints: 1)))
        }
        return records
    }

    static func workspace(_ store: PostgresStore, wait: Int? = nil) -> Workspace {
        Workspace(database: store.location.description, rules: SharedOneTruthTests.rules,
                  plugins: SharedOneTruthTests.root.appendingPathComponent("Plugins").path, waitSeconds: wait)
    }

    /// A tick as `coach tick` runs it on the shared store: the rules loaded and checked on a
    /// copy of no school, then every school in turn.
    static func tick(_ store: PostgresStore, _ week: IsoWeek, through: Bool = false, wait: Int? = nil) throws -> [Engine.TickReport] {
        let workspace = workspace(store, wait: wait)
        let shares = try store.copy(.only([]), writing: false)
        defer { shares.abandon() }
        let (checked, broken) = try workspace.engine(shares.store)
        #expect(!broken)
        return try workspace.tickEachSchool(week, through: through, dispatch: true, checked: checked)
    }

    /// Whether `week` is closed for both schools on the shared store.
    static func closedForBoth(_ shared: PostgresStore, _ week: IsoWeek) throws -> Bool {
        let store = try SharedOneTruthTests.reading(shared)
        return try store.weekClosed(week, school: "s0") && store.weekClosed(week, school: "s1")
    }

    @Test
    func aCatchUpSchoolBySchoolClosesTheWeeksOneStoreWould() throws {
        guard TestServer.available() else { return }
        // One store of both schools: s1, with no week closed yet, starts with the earliest school.
        let sqlite = try CoachStore.inMemory()
        try sqlite.write(Self.records())
        _ = try SharedOneTruthTests.engine(sqlite).tick(through: Self.weeks[2])
        #expect(try sqlite.weekClosed(Self.weeks[0], school: "s1"), "the reference closes s1's first week too")
        let reference = try SharedOneTruthTests.shapes(sqlite)
        #expect(!reference.isEmpty, "the rules speak on this store")

        let shared = try TestServer.store()
        try SharedOneTruthTests.importing(Self.records(), into: shared)
        let reports = try Self.tick(shared, Self.weeks[2], through: true)
        #expect(reports.map(\.week) == Self.weeks, "one report a week, the schools' merged")
        let after = try SharedOneTruthTests.reading(shared)
        for school in ["s0", "s1"] {
            for week in Self.weeks {
                #expect(try after.weekClosed(week, school: school) == sqlite.weekClosed(week, school: school), "\(school) \(week)")
            }
        }
        #expect(try SharedOneTruthTests.shapes(after) == reference)
    }

    @Test
    func aCatchUpThroughAClosedWeekRunsWhatWaited() throws {
        guard TestServer.available() else { return }
        let shared = try TestServer.store()
        try SharedOneTruthTests.importing(Self.records(), into: shared)
        _ = try Self.tick(shared, Self.weeks[2], through: true)
        // A record late for a closed week: the next catch-up through that week runs it, and
        // says the week was closed already for both schools (as one store does).
        try SharedOneTruthTests.importing([.feedback(FeedbackRecord(
            teacherId: "s1-t", classId: "s1-k", goalId: "s1-g", date: Self.weeks[1].monday, level: .process,
            question: .feedForward, timing: .formative, form: .wholeClass, growthPoints: 1))], into: shared)
        let again = try Self.tick(shared, Self.weeks[2], through: true)
        #expect(again.map(\.week) == [Self.weeks[2]])
        #expect(again.first?.alreadyClosed == ["s0", "s1"])
        #expect(again.first?.dispatch.events == 1, "the late record's event was run")
    }

    @Test
    func aTickHoldsEverySchoolAndClosesAllOrNothing() throws {
        guard TestServer.available() else { return }
        let shared = try TestServer.store()
        try SharedOneTruthTests.importing(Self.records(), into: shared)
        // Another writer holds s1: the tick waits for it as for every school, here not at all,
        // and closes nothing, not even s0's week.
        let holder = try shared.copy(.only(["s1"]), writing: true)
        do {
            _ = try Self.tick(shared, Self.weeks[0], wait: 0)
            Issue.record("the tick did not wait for s1's writer")
        } catch {
            #expect("\(error)".contains("held the schools for longer than the wait")
                    && "\(error)".contains("nothing was closed"), "\(error)")
        }
        #expect(try !SharedOneTruthTests.reading(shared).weekClosed(Self.weeks[0], school: "s0"))
        holder.abandon()

        // While the tick runs, a writer of any school waits for it.
        let workspace = Self.workspace(shared, wait: 0)
        let shares = try shared.copy(.only([]), writing: false)
        let (checked, _) = try workspace.engine(shares.store)
        shares.abandon()
        let session = try shared.session()
        #expect(throws: PostgresStoreError.self) { try shared.copy(.only(["s0"]), writing: true, wait: .milliseconds(200)).abandon() }
        session.abandon()
        let reports = try workspace.tickEachSchool(Self.weeks[0], through: false, dispatch: true, checked: checked)
        #expect(reports.first?.dispatch.events ?? 0 > 0)
        #expect(try Self.closedForBoth(shared, Self.weeks[0]))
    }

    @Test
    func aSchoolThatFailsMidTickLeavesEverySchoolAsItWas() throws {
        guard TestServer.available() else { return }
        let shared = try TestServer.store()
        try SharedOneTruthTests.importing(Self.records(), into: shared)
        // The server refuses s1's closed week: s0, written back before it, is not kept either.
        try shared.execute([#"""
            CREATE FUNCTION coach.refuse_s1() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW."schoolId" = 's1' THEN RAISE EXCEPTION 'test: s1 refused'; END IF; RETURN NEW; END $$
            """#, #"CREATE TRIGGER refuse_s1 BEFORE INSERT ON coach."weekEnded" FOR EACH ROW EXECUTE FUNCTION coach.refuse_s1()"#],
                           asSchool: nil)
        do {
            _ = try Self.tick(shared, Self.weeks[0])
            Issue.record("the server refused s1's week, and the tick went through")
        } catch {
            #expect("\(error)".contains("school s1:") && "\(error)".contains("test: s1 refused") && "\(error)".contains("nothing was closed"),
                    "\(error)")
        }
        #expect(try !SharedOneTruthTests.reading(shared).weekClosed(Self.weeks[0], school: "s0"), "s0's week was rolled back with s1's")
        try shared.execute([#"DROP TRIGGER refuse_s1 ON coach."weekEnded""#], asSchool: nil)
        _ = try Self.tick(shared, Self.weeks[0])
        #expect(try Self.closedForBoth(shared, Self.weeks[0]))
    }

    @Test
    func aCopyInASessionWhoseWriteBackFailsLeavesNothingOfItsOwn() throws {
        guard TestServer.available() else { return }
        let shared = try PostgresStoreTests.filled()
        let session = try shared.session()
        let first = try session.copy(of: "s0")
        try first.store.write([.pupil(Pupil(id: "kept", schoolId: "s0", classId: "s0-c0"))])
        try first.commit()
        // A new pupil, and one with s0's id: the second is refused, and the first goes with it.
        let second = try session.copy(of: "s1")
        try second.store.write([.pupil(Pupil(id: "dropped", schoolId: "s1", classId: "s1-c0")),
                                .pupil(Pupil(id: "kept", schoolId: "s1", classId: "s1-c0"))])
        #expect(throws: PostgresStoreError.self) { try second.commit() }
        // Let go of before writing back: nothing either.
        let third = try session.copy(of: "s1")
        try third.store.write([.pupil(Pupil(id: "let-go", schoolId: "s1", classId: "s1-c0"))])
        third.abandon()
        try session.commit()
        let after = try SharedOneTruthTests.reading(shared)
        #expect(try after.pupil("kept")?.schoolId == "s0")
        #expect(try after.pupil("dropped") == nil && after.pupil("let-go") == nil)
    }
}

