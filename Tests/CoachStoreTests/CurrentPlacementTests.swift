import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// Placements current on a day: exactly the ones that had begun and not yet ended (by a later
/// placement or by their pupil changing class), for every scope and option, counted as they
/// are listed, read from the list of open and later-ended ones so that a long history is never
/// walked.
struct CurrentPlacementTests {
    static let days = ["2026-08-31", "2026-09-01", "2026-09-08", "2026-09-16", "2026-10-01", "2026-10-05"].map { Day($0)! }

    /// Each scope a rule can ask for: a pupil or a class or the school, with or without a goal.
    static let scopes: [RecordQuery] = [
        RecordQuery(pupil: "p1", goal: "breuken"), RecordQuery(pupil: "p1"),
        RecordQuery(classId: "k5a", goal: "breuken"), RecordQuery(classId: "k5a"),
        RecordQuery(goal: "breuken"), RecordQuery(),
    ]

    /// Options a rule can add to a question for current placements.
    static let options: [(String, @Sendable (inout RecordQuery) -> Void)] = [
        ("none", { _ in }), ("track 3", { $0.track = 3 }), ("from", { $0.from = Day("2026-09-10")! }),
        ("to", { $0.to = Day("2026-09-09")! }), ("limit 1", { $0.limit = 1 }),
    ]

    /// A pupil regrouped week after week, others placed once or later, in two classes; a pupil of
    /// another school placed for its goal (never in s1's answers); with `moving`, two of them
    /// then change class (``moves``).
    static func store(moving: Bool = true) throws -> CoachStore {
        let store = try Fixture.store()
        let placements: [(String, String, String, String, Int)] = [
            ("p1", "k5a", "breuken", "2026-09-01", 3), ("p1", "k5a", "breuken", "2026-09-08", 2),
            ("p1", "k5a", "breuken", "2026-09-15", 3), ("p1", "k5a", "breuken", "2026-10-01", 1),
            ("p1", "k5a", "breuken2", "2026-09-01", 2), ("p2", "k5a", "breuken", "2026-09-20", 3),
            ("p5", "k6a", "breuken", "2026-09-01", 1), ("p5", "k6a", "breuken", "2026-09-10", 2),
            ("xp", "xk", "xg", "2026-09-01", 3),
        ]
        // One at a time: each new one for a pupil and goal ends the one before.
        for (pupil, classId, goal, from, track) in placements {
            try store.write([.placement(Placement(pupilId: pupil, classId: classId, goalId: goal, track: track,
                                                  from: Day(from)!, to: nil, decidedBy: "t1", pupilInvolved: false))])
        }
        // Two pupils leave 5A for 6A (nobody has placed them there yet): what was current ends.
        for (pupil, day) in moves where moving {
            let outcome = try store.write(importing: [.pupil(Pupil(id: pupil, schoolId: "s1", classId: "k6a", since: day))])
            #expect(outcome.issues.isEmpty)
        }
        return store
    }

    /// The day each pupil who changed class came into their new one.
    static let moves: [String: Day] = ["p1": Day("2026-10-03")!, "p2": Day("2026-10-01")!]

    /// The placements as stored, each with the end a rule sees: its own, or its pupil's move
    /// after its start, whichever comes first.
    static func seen(_ store: CoachStore) throws -> [Placement] {
        try store.read { db in try Row.fetchAll(db, sql: "SELECT * FROM placement WHERE pupilId <> 'xp' ORDER BY \"from\", id").map(Placement.init(row:)) }
            .map { stored in
                var p = stored
                if let move = moves[p.pupilId], move > p.from, p.to.map({ move < $0 }) ?? true { p.to = move }
                return p
            }
    }

    /// What the question must answer, worked out on the records themselves.
    static func matches(_ p: Placement, _ q: RecordQuery, on day: Day) -> Bool {
        guard p.from <= day, p.to.map({ $0 > day }) ?? true else { return false }
        if let pupil = q.pupil, pupil != p.pupilId { return false }
        if let classId = q.classId, classId != p.classId { return false }
        if let goal = q.goal, goal != p.goalId { return false }
        if let track = q.track, track != p.track { return false }
        if let to = q.to, p.from > to { return false }
        if let from = q.from, let end = p.to, end < from { return false }
        return true
    }

    @Test
    func everyScopeGetsExactlyThePlacementsRunningOnTheDay() throws {
        let store = try Self.store()
        let all = try Self.seen(store)
        // Every placement with the end a rule sees: four ended by the next, three by a move.
        #expect(try store.placements(school: "s1", RecordQuery()).map(\.placement) == all)
        #expect(all.count == 8)
        #expect(all.filter { $0.to != nil }.count == 7)
        for day in Self.days {
            for scope in Self.scopes {
                for (name, option) in Self.options {
                    var q = scope
                    option(&q)
                    var expected = all.filter { Self.matches($0, q, on: day) }
                    q.currentOn = day
                    // Counted as listed: the counts ignore the limit.
                    let counted = try store.countPlacements(school: "s1", by: [.pupil, .goal], q)
                    var tally: [[String]: Int64] = [:]
                    for p in expected { tally[[p.pupilId, p.goalId], default: 0] += 1 }
                    #expect(Dictionary(uniqueKeysWithValues: counted.map { ($0.keys, $0.count) }) == tally, "\(day) \(q) \(name)")
                    if q.limit == 1 { expected = Array(expected.prefix(1)) }
                    let got = try store.placements(school: "s1", q).map(\.placement)
                    #expect(got == expected, "\(day) \(q) \(name)")
                }
            }
        }
        // Not empty by accident: on 16 September p1 is in track 3 for breuken since the 15th.
        var scope = RecordQuery(pupil: "p1", goal: "breuken")
        scope.currentOn = Day("2026-09-16")!
        #expect(try store.placements(school: "s1", scope).map(\.placement.track) == [3])
        // In 5A on 2 October: p1's two (p2 left on the 1st); on the 5th none (p1 left on the 3rd).
        var k5a = RecordQuery(classId: "k5a")
        k5a.currentOn = Day("2026-10-02")!
        #expect(try store.placements(school: "s1", k5a).map(\.placement.pupilId) == ["p1", "p1"])
        k5a.currentOn = Day("2026-10-05")!
        #expect(try store.placements(school: "s1", k5a).isEmpty)
        #expect(try store.countPlacements(school: "s1", by: [.schoolClass], k5a).isEmpty)
    }

    /// The team's counts of pupils per track see the same ends.
    @Test
    func theSchoolsCountsLeaveOutWhatAMoveEnded() throws {
        let store = try Self.store()
        let before = try store.schoolCounts(school: "s1", from: Day("2026-09-28")!, to: Day("2026-09-30")!, walksFrom: Day("2026-09-01")!)
        #expect(before.trackPupils == 3 && before.tracks == [2: 2, 3: 2], "\(before.tracks)")
        let after = try store.schoolCounts(school: "s1", from: Day("2026-10-05")!, to: Day("2026-10-05")!, walksFrom: Day("2026-09-01")!)
        #expect(after.trackPupils == 1 && after.tracks == [2: 1], "\(after.tracks)")
    }

    /// A class's whole history behind an index on the class or goal alone would make every
    /// event cost more as the years pile up: the question reads placements only by id, from a
    /// list that the index on (class, `to`) and the pupil's index of open placements give. A
    /// pupil's ended placements come from their own (pupil, goal) range: one child's school
    /// career, never the store's. (The plan's wording is SQLite's since 3.36; Debian 12 has 3.40.)
    @Test
    func theQuestionNeverWalksAClasssHistory() throws {
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
                let byEnd = line.contains("INDEX placement_class_to (classId=? AND to=?)") || line.contains("INDEX placement_class_to (classId=? AND to>?)")
                let open = line.contains("INDEX placement_current ")
                let pupils = scope.pupil != nil && line.contains("INDEX placement_pupil_goal (pupilId=?")
                #expect(byEnd || open || pupils, "\(scope): \(line)")
            }
        }
    }
}
