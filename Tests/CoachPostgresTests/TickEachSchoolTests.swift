import CoachCore
import CoachEngine
import CoachPostgres
import CoachSetup
import CoachStore
import Foundation
import Testing

/// A tick of the shared store goes school by school: each school copied and locked alone,
/// closing the same weeks as a tick of one store holding every school.
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

    @Test
    func aCatchUpSchoolBySchoolClosesTheWeeksOneStoreWould() throws {
        guard TestServer.available() else { return }
        // One store of both schools: s1, with no week closed yet, starts with the earliest school.
        let sqlite = try CoachStore.inMemory()
        try sqlite.write(Self.records())
        _ = try SharedOneTruthTests.engine(sqlite).tick(through: Self.weeks[2])
        #expect(try sqlite.weekClosed(Self.weeks[0], school: "s1"), "the reference closes s1's first week too")

        let shared = try TestServer.store()
        try SharedOneTruthTests.importing(Self.records(), into: shared)
        let reports = try Self.workspace(shared).tickEachSchool(Self.weeks[2], through: true, dispatch: true,
                                                                configuration: EngineConfiguration())
        #expect(reports.map(\.week) == Self.weeks, "one report a week, the schools' merged")
        let after = try SharedOneTruthTests.reading(shared)
        for school in ["s0", "s1"] {
            for week in Self.weeks {
                #expect(try after.weekClosed(week, school: school) == sqlite.weekClosed(week, school: school), "\(school) \(week)")
            }
        }
        #expect(try SharedOneTruthTests.shapes(after) == SharedOneTruthTests.shapes(sqlite))
    }

    @Test
    func aTickTakesEachSchoolOnItsOwnAndSaysWhereItStopped() throws {
        guard TestServer.available() else { return }
        let shared = try TestServer.store()
        try SharedOneTruthTests.importing(Self.records(), into: shared)
        // Another writer holds s1: s0 is ticked all the same, and the tick then stops at s1.
        let holder = try shared.copy(.only(["s1"]), writing: true)
        do {
            _ = try Self.workspace(shared, wait: 0).tickEachSchool(Self.weeks[0], through: false, dispatch: true,
                                                                   configuration: EngineConfiguration())
            Issue.record("the tick did not wait for s1's writer")
        } catch {
            #expect(error.description.contains("school s1:") && error.description.contains("(ticked: s0;"), "\(error)")
        }
        holder.abandon()
        var closed = try SharedOneTruthTests.reading(shared)
        #expect(try closed.weekClosed(Self.weeks[0], school: "s0") && !closed.weekClosed(Self.weeks[0], school: "s1"))

        // A tick again goes on: s0's week is closed already, s1's now.
        let again = try Self.workspace(shared, wait: 0).tickEachSchool(Self.weeks[0], through: false, dispatch: true,
                                                                       configuration: EngineConfiguration())
        #expect(again.first?.alreadyClosed == ["s0"])
        closed = try SharedOneTruthTests.reading(shared)
        #expect(try closed.weekClosed(Self.weeks[0], school: "s1"))
    }
}
