import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// The feedback and result versions move with every change to what a school's feedback or
/// results are, and not with other records: a reader that kept them in memory knows by one
/// read whether they hold.
struct ReadVersionsTests {
    @Test
    func theFeedbackVersionChangesWithEveryChangeToFeedbackOrItsTeachers() throws {
        let store = try CurrentPlacementTests.store(moving: false)
        try store.write([.feedback(Fixture.feedback(1)), .feedback(Fixture.feedback(2, pupil: "p2"))])
        let moved = try VersionWatch { try store.feedbackVersion() }.moved
        // Other records, a teacher renamed and a prompt leave it.
        #expect(try !moved { try store.write([.result(LearningResult(pupilId: "p2", goalId: "breuken", date: Fixture.day,
                                                                     kind: .exitTicket, score: 3, maximum: 4))]) })
        #expect(try !moved {
            try store.write([.placement(Placement(pupilId: "p3", classId: "k5a", goalId: "breuken", track: 3,
                                                  from: Day("2026-10-10")!, decidedBy: "t1", pupilInvolved: false))])
        })
        #expect(try !moved { try store.writer.write { try $0.execute(sql: "UPDATE teacher SET name = 'Juf An' WHERE id = 't1'") } })
        // Feedback added, even dated weeks before the newest.
        #expect(try moved { try store.write([.feedback(Fixture.feedback(0))]) })
        // Feedback changed in place, a teacher moved to another school.
        #expect(try moved { try store.writer.write { try $0.execute(sql: "UPDATE feedback SET level = 'task' WHERE pupilId = 'p2'") } })
        #expect(try moved { try store.writer.write { try $0.execute(sql: "UPDATE teacher SET schoolId = 's2' WHERE id = 't1'") } })
        // A pupil erased: their feedback goes.
        #expect(try moved { _ = try store.erase(pupil: "p2", dryRun: false) })
        // Rows a working copy loads (with their own ids, whatever the table).
        let legend = try #require(try store.layouts().first { $0.name == "legendCode" })
        #expect(legend.columns.map(\.name) == ["legendId", "code", "meaning"])
        #expect(try moved { try store.load(legend, rows: [[.text("legenda"), .text("rood"), .text("fout")]]) })
    }

    @Test
    func theResultVersionChangesWithEveryChangeToResultsOrTheirPupils() throws {
        let store = try CurrentPlacementTests.store(moving: false)
        let result = { (n: Int) in LearningResult(pupilId: "p2", goalId: "breuken", date: Fixture.day.adding(days: n), kind: .exitTicket,
                                                  score: 3, maximum: 4) }
        try store.write([.result(result(1))])
        let moved = try VersionWatch { try store.resultVersion() }.moved
        // Other records leave it.
        #expect(try !moved { try store.write([.feedback(Fixture.feedback(1))]) })
        #expect(try !moved {
            try store.write([.placement(Placement(pupilId: "p3", classId: "k5a", goalId: "breuken", track: 3,
                                                  from: Day("2026-10-10")!, decidedBy: "t1", pupilInvolved: false))])
        })
        // A result added (dated before the newest), changed in place, a pupil moved.
        #expect(try moved { try store.write([.result(result(0))]) })
        #expect(try moved { try store.writer.write { try $0.execute(sql: "UPDATE result SET mastery = 10 WHERE pupilId = 'p2'") } })
        #expect(try moved { try store.writer.write { try $0.execute(sql: "UPDATE pupil SET classId = 'k6a' WHERE id = 'p1'") } })
        // A pupil erased: their results go.
        #expect(try moved { _ = try store.erase(pupil: "p2", dryRun: false) })
    }
}

/// A store's version, watched: whether each change moved it.
final class VersionWatch<Version: Equatable> {
    private let read: () throws -> Version
    private var version: Version

    init(_ read: @escaping () throws -> Version) throws {
        self.read = read
        version = try read()
    }

    /// Whether `change` moved the version (and takes the new one).
    func moved(_ change: () throws -> Void) throws -> Bool {
        try change()
        let now = try read()
        defer { version = now }
        return now != version
    }
}
