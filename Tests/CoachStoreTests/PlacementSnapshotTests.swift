import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// A school's placements kept in memory answer exactly as the store does, and the store's
/// placement version tells when they no longer may.
struct PlacementSnapshotTests {
    /// The questions a snapshot answers: the school's or a class's, with or without a goal.
    static let scopes: [RecordQuery] = [
        RecordQuery(classId: "k5a", goal: "breuken"), RecordQuery(classId: "k5a"), RecordQuery(classId: "k6a"),
        RecordQuery(goal: "breuken"), RecordQuery(),
    ]

    /// Every cell of a row in column order: the id, the track and whether the pupil was
    /// involved as numbers, the rest as text.
    static func cells(_ row: some RowCells) -> [String] {
        (0..<Int32(PlacementSnapshot.width)).map { column in
            if row.isNull(column) { return "NULL" }
            if [0, 4, 8].contains(column) { return String(row.integer(column)) }
            return String(decoding: row.text(column), as: UTF8.self)
        }
    }

    /// `records` as one batch, then the end.
    static func once(_ records: [KeyedRecord]) -> () -> [KeyedRecord]? {
        var handed = false
        return {
            defer { handed = true }
            return handed ? nil : records
        }
    }

    @Test
    func everyScopeAndOptionIsAnsweredAsTheStoreAnswersIt() throws {
        let store = try CurrentPlacementTests.store()
        let days = CurrentPlacementTests.days
        var compared = 0
        for since in days {
            let kept = try store.placementSnapshot(school: "s1", since: since)
            for day in days {
                for scope in Self.scopes {
                    for (name, option) in CurrentPlacementTests.options {
                        var q = scope
                        option(&q)
                        q.currentOn = day
                        guard day >= since else {
                            #expect(!kept.answers(q), "\(since) \(day)")
                            continue
                        }
                        #expect(kept.answers(q))
                        var expected: [[String]] = []
                        let stored = try store.scanPlacements(school: "s1", q) { expected.append(Self.cells($0)) }
                        var got: [[String]] = []
                        let handed = kept.scan(q) { got.append(Self.cells($0)) }
                        #expect(got == expected, "since \(since) on \(day) \(q) \(name)")
                        #expect(handed == stored)
                        for by: [PlacementColumn] in [[.pupil, .goal], [.schoolClass, .pupil], [.track]] {
                            let counted = try store.countPlacements(school: "s1", by: by, q)
                            let tallied = kept.count(q, by: by)
                            #expect(tallied.map(\.keys) == counted.map(\.keys), "\(since) \(day) \(q) \(by)")
                            #expect(tallied.map(\.count) == counted.map(\.count), "\(since) \(day) \(q) \(by)")
                        }
                        if !expected.isEmpty { compared += 1 }
                    }
                }
            }
        }
        // Not empty by accident: most questions have placements to compare.
        #expect(compared > 100)
    }

    @Test
    func aPupilsPlacementsAndQuestionsWithoutADayAreLeftToTheStore() throws {
        let store = try CurrentPlacementTests.store()
        let kept = try store.placementSnapshot(school: "s1", since: CurrentPlacementTests.days[0])
        var pupil = RecordQuery(pupil: "p1")
        pupil.currentOn = CurrentPlacementTests.days[3]
        #expect(!kept.answers(pupil))
        #expect(!kept.answers(RecordQuery(classId: "k5a")))
        // Another school's placements are never kept.
        var all: [[String]] = []
        var q = RecordQuery()
        q.currentOn = Day("2026-12-31")!
        _ = kept.scan(q) { all.append(Self.cells($0)) }
        // Of s1's four open placements, three ended when their pupils changed class.
        #expect(all.count == 1)
        #expect(!all.contains { $0[1] == "xp" })
    }

    @Test
    func thePlacementVersionChangesWithEveryChangeToPlacementsOrTheirPupils() throws {
        let store = try CurrentPlacementTests.store(moving: false)
        let moved = try VersionWatch { try store.placementVersion() }.moved
        // Records that are not placements, and prompts, leave it.
        #expect(try !moved { try store.write([.feedback(Fixture.feedback())]) })
        #expect(try !moved { try store.write([.result(LearningResult(pupilId: "p2", goalId: "breuken", date: Fixture.day,
                                                                     kind: .exitTicket, score: 3, maximum: 4))]) })
        // A new placement (which ends the one before it), and one dated weeks before it.
        #expect(try moved {
            try store.write([.placement(Placement(pupilId: "p3", classId: "k5a", goalId: "breuken", track: 3,
                                                  from: Day("2026-10-10")!, decidedBy: "t1", pupilInvolved: false))])
        })
        #expect(try moved {
            try store.write([.placement(Placement(pupilId: "p4", classId: "k5a", goalId: "breuken", track: 3,
                                                  from: Day("2026-09-20")!, decidedBy: "t1", pupilInvolved: false))])
        })
        // A pupil's alias or class changes (an import of people).
        #expect(try moved {
            _ = try store.write(batches: Self.once([KeyedRecord(.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "Noor")))]))
        })
        // Any other change to a placement's own columns, and a class moved.
        #expect(try moved { try store.writer.write { try $0.execute(sql: "UPDATE placement SET track = 1 WHERE pupilId = 'p2'") } })
        #expect(try moved { try store.writer.write { try $0.execute(sql: "UPDATE schoolClass SET schoolId = 's2' WHERE id = 'k6a'") } })
        // A pupil erased: their placements and the pupil go.
        #expect(try moved { _ = try store.erase(pupil: "p5", dryRun: false) })
    }

    /// A catch-up's snapshot, read in its first week, holds what ended since; once most of it
    /// has ended by the day asked, it is read again from that day.
    @Test
    func aSnapshotIsOutgrownOnceMostOfItHasEnded() throws {
        let store = try CurrentPlacementTests.store(moving: false)
        let kept = try store.placementSnapshot(school: "s1", since: Day("2026-08-31")!)
        // Eight placements in s1's classes, four of them ended: on 8 September one, on the
        // 15th two, on 1 October four (not most), never five.
        #expect(kept.count == 8)
        #expect(!kept.outgrown(on: Day("2026-09-15")!))
        #expect(!kept.outgrown(on: Day("2026-12-31")!))
        try store.write([.placement(Placement(pupilId: "p5", classId: "k6a", goalId: "breuken", track: 3,
                                              from: Day("2026-10-20")!, decidedBy: "t1", pupilInvolved: false))])
        let later = try store.placementSnapshot(school: "s1", since: Day("2026-08-31")!)
        #expect(later.count == 9)
        #expect(!later.outgrown(on: Day("2026-10-19")!))
        #expect(later.outgrown(on: Day("2026-10-20")!))
    }

    /// The version's table is this file's own: a working copy's tables, which the shared store
    /// on PostgreSQL is made from, leave it out.
    @Test
    func theVersionIsNotATableTheSharedStoreCopies() throws {
        let copy = try CoachStore.workingCopy(label: "copy")
        let tables = try copy.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables.contains(Schema.readVersionTable))
        let names = try copy.layouts().map(\.name)
        #expect(names.contains("placement"))
        #expect(!names.contains(Schema.readVersionTable))
    }
}
