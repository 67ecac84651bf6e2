import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// A database made by the first migration opens and migrates, keeping its records.
struct MigrationTests {
    @Test
    func aFirstMigrationDatabaseIsMigratedOnOpen() throws {
        let path = NSTemporaryDirectory() + "/coach-v1-\(UInt64.random(in: 0 ... .max)).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        // Made as version 1 of coach would have made it: the first migration only, by its SQL.
        let queue = try DatabaseQueue(path: path)
        var first = DatabaseMigrator()
        first.registerMigration("v1-records") { db in
            try FirstMigration.apply(db)
        }
        try first.migrate(queue)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO school (id, name, language) VALUES ('s1', 'De Linde', 'nl')")
            try db.execute(sql: "INSERT INTO teacher (id, schoolId, name) VALUES ('t1', 's1', 'Juf An')")
            try db.execute(sql: "INSERT INTO event (kind, schoolId, time, recordId, payload) VALUES ('school.added', 's1', NULL, 's1', '{}')")
        }
        try queue.close()

        let store = try CoachStore.open(path: path)
        #expect(try store.appliedMigrations() == CoachStore.migrations)
        #expect(try store.teacher("t1") == Teacher(id: "t1", schoolId: "s1", name: "Juf An"))
        #expect(try store.count(.prompt) == 0, "the engine's tables exist now")
        #expect(try store.lastEventSeq() == 1)
        try store.write([.teacher(Teacher(id: "t2", schoolId: "s1", name: "Meester Bart"))])
        #expect(try store.lastEventSeq() == 2)
    }

    @Test
    func migrationsAreKnownAndOrdered() {
        #expect(CoachStore.migrations == ["v1-records", "v2-engine", "v3-dispatch", "v4-current-by-class", "v5-time-true", "v6-settings", "v7-import-keys", "v8-results-by-date", "v9-track-since", "v10-levels", "v11-legend-codes", "v12-uses-and-sharing", "v13-central-results", "v14-health-per-school", "v15-import-keys-by-day"])
    }

    @Test
    func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = NSTemporaryDirectory() + "/coach-bad-\(UInt64.random(in: 0 ... .max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("this is a CSV file, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try CoachStore.open(path: path)
        } throws: { error in
            guard case StoreError.cannotOpen(let failed, _) = error else { return false }
            return failed == path
        }
    }
}
