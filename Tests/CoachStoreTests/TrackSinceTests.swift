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
