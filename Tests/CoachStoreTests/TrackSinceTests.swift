import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// A placement knows since when the pupil has been in its track without a break, however the
/// placements arrive.
struct TrackSinceTests {
    static func placement(_ from: String, _ to: String?, track: Int, pupil: String = "p1") -> NewRecord {
        .placement(Placement(pupilId: pupil, classId: "k5a", goalId: "breuken", track: track, from: Day(from)!,
                             to: to.flatMap(Day.init), decidedBy: "t1", pupilInvolved: false))
    }

    /// Since when, per placement start, for p1 and breuken.
    static func since(_ store: CoachStore) throws -> [String: String] {
        let views = try store.placements(school: "s1", RecordQuery(pupil: "p1", goal: "breuken"))
        return Dictionary(uniqueKeysWithValues: views.map { ($0.placement.from.description, $0.trackSince?.description ?? "-") })
    }

    @Test
    func aConfirmedTrackKeepsItsStartAndAnotherTrackStartsAnew() throws {
        let store = try Fixture.store()
        for record in [Self.placement("2026-09-01", nil, track: 3), Self.placement("2026-09-15", nil, track: 3),
                       Self.placement("2026-10-01", nil, track: 2), Self.placement("2026-10-15", nil, track: 3)] {
            try store.write([record])
        }
        #expect(try Self.since(store) == ["2026-09-01": "2026-09-01", "2026-09-15": "2026-09-01",
                                          "2026-10-01": "2026-10-01", "2026-10-15": "2026-10-15"])
    }

    @Test
    func historyArrivingLateCarriesItsStartForward() throws {
        let inOrder = try Fixture.store(), late = try Fixture.store()
        let chain = [Self.placement("2026-09-01", "2026-09-08", track: 3), Self.placement("2026-09-08", "2026-09-15", track: 3),
                     Self.placement("2026-09-15", nil, track: 3)]
        for record in chain { try inOrder.write([record]) }
        for record in chain.reversed() { try late.write([record]) }
        #expect(try Self.since(late) == Self.since(inOrder))
        #expect(try Self.since(late)["2026-09-15"] == "2026-09-01")
    }

    /// Every stay of p1 in breuken: from, to, track and since when.
    static func stays(_ store: CoachStore) throws -> [String] {
        try store.placements(school: "s1", RecordQuery(pupil: "p1", goal: "breuken")).map {
            "\($0.placement.from) \($0.placement.to?.description ?? "-") \($0.placement.track) \($0.trackSince?.description ?? "-")"
        }.sorted()
    }

    /// A placement replaced the day it began spans no days: the stay of the one after it is the
    /// same in whichever order the three come (review, session 23).
    @Test
    func aPlacementOfNoDaysBreaksNoStay() throws {
        let replaced = [Self.placement("2026-09-01", "2026-09-15", track: 3), Self.placement("2026-09-15", nil, track: 2),
                        Self.placement("2026-09-15", nil, track: 3)]
        let given = [Self.placement("2026-09-01", "2026-09-15", track: 3), Self.placement("2026-09-15", "2026-09-15", track: 2),
                     Self.placement("2026-09-15", nil, track: 3)]
        for (chain, orders) in [(replaced, [[0, 1, 2], [1, 2, 0]]), (given, [[0, 1, 2], [0, 2, 1], [1, 2, 0], [2, 1, 0]])] {
            var current: [String] = []
            for order in orders {
                let store = try Fixture.store()
                for i in order { try store.write([chain[i]]) }
                current.append(try Self.stays(store).filter { $0.contains(" - ") }.joined())
            }
            #expect(Set(current) == ["2026-09-15 - 3 2026-09-01"], "\(current)")
        }
    }

    /// Placements of one pupil and goal never overlap, in whichever order they come: the
    /// second of two that would is refused and nothing changes. A missed step that falls
    /// inside a stored placement is refused too, also when that placement's end was set by
    /// the next current one (review, session 23): an end is never moved to fit a row in.
    @Test
    func overlappingPlacementsAreRefusedInEitherOrder() throws {
        let pairs: [(NewRecord, NewRecord)] = [
            (Self.placement("2026-09-07", "2026-10-05", track: 3), Self.placement("2026-09-21", "2026-10-05", track: 2)),
            (Self.placement("2026-09-07", "2026-10-05", track: 3), Self.placement("2026-09-21", "2026-10-19", track: 2)),
            (Self.placement("2026-09-01", "2026-09-15", track: 3), Self.placement("2026-09-10", nil, track: 2)),
        ]
        for (a, b) in pairs {
            for (first, second) in [(a, b), (b, a)] {
                let store = try Fixture.store()
                try store.write([first])
                let before = try Self.stays(store), events = try store.lastEventSeq()
                #expect(throws: StoreError.self) { try store.write([second]) }
                #expect(try Self.stays(store) == before && store.lastEventSeq() == events)
            }
        }
        let store = try Fixture.store()
        for record in [Self.placement("2026-09-07", nil, track: 3), Self.placement("2026-10-05", nil, track: 3)] {
            try store.write([record])
        }
        let before = try Self.stays(store)
        #expect(throws: StoreError.self) { try store.write([Self.placement("2026-09-21", "2026-10-05", track: 2)]) }
        #expect(try Self.stays(store) == before)
        #expect(before == ["2026-09-07 2026-10-05 3 2026-09-07", "2026-10-05 - 3 2026-09-07"])
    }

    /// A step that would overlap a placement it cannot end (the current one, or one that goes
    /// on after the step) is an issue on its row, and nothing is written.
    @Test
    func aStepThatWouldOverlapIsRefusedAndNothingChanges() throws {
        for (existing, problem) in [
            (Self.placement("2026-09-07", nil, track: 3), "overlaps the pupil's placement for breuken from 2026-09-07 on (current) in track 3"),
            (Self.placement("2026-09-07", "2026-10-19", track: 3),
             "overlaps the pupil's placement for breuken from 2026-09-07 to 2026-10-19 in track 3"),
        ] {
            let store = try Fixture.store()
            try store.write([existing])
            let before = try Self.stays(store), events = try store.lastEventSeq()
            do {
                try store.write([Self.placement("2026-09-21", "2026-10-05", track: 2)])
                Issue.record("an overlapping step was written")
            } catch {
                #expect("\(error)".contains(problem), "\(error)")
            }
            #expect(try Self.stays(store) == before && store.lastEventSeq() == events)
        }
        // History after a new current placement's start: refused the same way.
        let store = try Fixture.store()
        try store.write([Self.placement("2026-10-05", "2026-10-19", track: 3)])
        #expect(throws: StoreError.self) { try store.write([Self.placement("2026-09-21", nil, track: 2)]) }
        #expect(try Self.stays(store) == ["2026-10-05 2026-10-19 3 2026-10-05"])
    }

    @Test
    func theMigrationFillsPlacementsThatWereThere() throws {
        let path = NSTemporaryDirectory() + "/coach-v8-\(UInt64.random(in: 0 ... .max)).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var store: CoachStore? = try CoachStore.open(path: path)
        try store?.write(Fixture.school)
        for record in [Self.placement("2026-09-01", nil, track: 3), Self.placement("2026-09-15", nil, track: 3),
                       Self.placement("2026-10-01", nil, track: 1), Self.placement("2026-10-08", nil, track: 1)] {
            try store?.write([record])
        }
        let expected = try Self.since(store!)
        store = nil
        // The store as version 8 left it: no column, the migration not applied.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE placement DROP COLUMN trackSince")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v9-track-since'")
        }
        try queue.close()
        let migrated = try CoachStore.open(path: path)
        #expect(try migrated.appliedMigrations() == CoachStore.migrations)
        #expect(try Self.since(migrated) == expected)
        #expect(expected["2026-10-08"] == "2026-10-01")
    }
}
