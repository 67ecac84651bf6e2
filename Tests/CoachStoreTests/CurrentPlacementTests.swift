import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// Placements current on a day: exactly the ones that had begun and not yet ended, for every
/// scope, read from the list of open and later-ended ones so a long history is never walked.
struct CurrentPlacementTests {
    static let days = ["2026-08-31", "2026-09-01", "2026-09-08", "2026-09-16", "2026-10-01", "2026-10-05"].map { Day($0)! }

    /// Each scope a rule can ask for: a pupil or a class or the school, with or without a goal.
    static let scopes: [RecordQuery] = [
        RecordQuery(pupil: "p1", goal: "breuken"), RecordQuery(pupil: "p1"),
        RecordQuery(classId: "k5a", goal: "breuken"), RecordQuery(classId: "k5a"),
        RecordQuery(goal: "breuken"), RecordQuery(),
    ]

    /// A pupil regrouped week after week, others placed once or later, in two classes.
    static func store() throws -> CoachStore {
        let store = try Fixture.store()
        let placements: [(String, String, String, String, Int)] = [
            ("p1", "k5a", "breuken", "2026-09-01", 3), ("p1", "k5a", "breuken", "2026-09-08", 2),
            ("p1", "k5a", "breuken", "2026-09-15", 3), ("p1", "k5a", "breuken", "2026-10-01", 1),
            ("p1", "k5a", "breuken2", "2026-09-01", 2), ("p2", "k5a", "breuken", "2026-09-20", 3),
            ("p5", "k6a", "breuken", "2026-09-01", 1), ("p5", "k6a", "breuken", "2026-09-10", 2),
        ]
        // One at a time: each new one for a pupil and goal ends the one before.
        for (pupil, classId, goal, from, track) in placements {
            try store.write([.placement(Placement(pupilId: pupil, classId: classId, goalId: goal, track: track,
                                                  from: Day(from)!, to: nil, decidedBy: "t1", pupilInvolved: false))])
        }
        return store
    }

    @Test
    func everyScopeGetsExactlyThePlacementsRunningOnTheDay() throws {
        let store = try Self.store()
        let all = try store.placements(school: "s1", RecordQuery()).map(\.placement)
        #expect(all.count == 8)
        #expect(all.filter { $0.to != nil }.count == 4)
        for day in Self.days {
            for var scope in Self.scopes {
                let expected = all.filter { p in
                    p.from <= day && (p.to.map { $0 > day } ?? true)
                        && scope.pupil.map { $0 == p.pupilId } ?? true && scope.classId.map { $0 == p.classId } ?? true
                        && scope.goal.map { $0 == p.goalId } ?? true
                }
                scope.currentOn = day
                let got = try store.placements(school: "s1", scope).map(\.placement)
                #expect(got == expected, "\(day) \(scope)")
            }
        }
        // Not empty by accident: on 16 September p1 is in track 3 for breuken since the 15th.
        var scope = RecordQuery(pupil: "p1", goal: "breuken")
        scope.currentOn = Day("2026-09-16")!
        #expect(try store.placements(school: "s1", scope).map(\.placement.track) == [3])
    }

    /// A pupil's or a class's whole history behind an index on the pupil, class or goal alone
    /// would make every event cost more as the years pile up: the question reads placements
    /// only by id, from the list that indexes on (pupil or class, `to`) and of open ones give.
    @Test
    func theQuestionNeverWalksAPupilsOrAClasssHistory() throws {
        let store = try Self.store()
        for var scope in Self.scopes {
            scope.currentOn = Day("2026-09-16")!
            let (sql, arguments) = CoachStore.placementSQL(school: "s1", scope)
            let plan = try store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            let reads = plan.filter { $0.contains(" placement ") }
            #expect(reads.contains("SEARCH placement USING INTEGER PRIMARY KEY (rowid=?)"), "\(scope): \(plan)")
            for line in reads where !line.contains("INTEGER PRIMARY KEY") {
                let byEnd = line.contains("AND to=?)") || line.contains("AND to>?)")
                let open = line.contains("USING INDEX placement_current ") || line.contains("USING INDEX placement_current_class ")
                #expect(byEnd || open, "\(scope): \(line)")
            }
        }
    }
}
