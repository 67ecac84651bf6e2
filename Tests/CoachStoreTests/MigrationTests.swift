import CoachCore
@testable import CoachStore
import Foundation
import GRDB
import Testing

/// A database made by the first migration opens and migrates, keeping its records.
struct MigrationTests {
    /// A database file of its own for one test.
    static func scratchPath(_ name: String) -> String {
        NSTemporaryDirectory() + "/coach-\(name)-\(UInt64.random(in: 0 ... .max)).sqlite"
    }

    /// The file and its WAL files.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// A store this version creates has its bigger pages; one made with SQLite's default
    /// keeps them (changing needs a rewrite of the file) and works the same.
    @Test
    func aNewStoreHasBigPagesAndAnOlderOneKeepsItsOwn() throws {
        let fresh = Self.scratchPath("pages"), older = Self.scratchPath("pages-older")
        defer { Self.remove(fresh); Self.remove(older) }
        func pageSize(_ path: String) throws -> Int? {
            try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") }
        }
        let store = try CoachStore.open(path: fresh)
        try store.write([.school(School(id: "s1", name: "De Linde"))])
        #expect(try pageSize(fresh) == CoachStore.pageSize)
        #expect(CoachStore.pageSize != 4096)
        #expect(try DatabaseQueue(path: fresh).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")

        // Made with SQLite's default page size, already in WAL mode, as every store was before.
        // (Its first migration table, as a store of coach had: tables of another program are refused.)
        try DatabaseQueue(path: older).writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        let before = try pageSize(older)
        #expect(before != CoachStore.pageSize)
        let reopened = try CoachStore.open(path: older)
        try reopened.write([.school(School(id: "s1", name: "De Linde"))])
        #expect(try reopened.school("s1")?.name == "De Linde")
        #expect(try pageSize(older) == before)
        let reader = try CoachStore.open(path: older, readOnly: true)
        #expect(try reader.school("s1")?.name == "De Linde")
        #expect(try pageSize(older) == before)
    }

    /// A store file's writer keeps SQLite's statement journals in memory: on disk (SQLite's
    /// default) an import wrote each changed page a second time, to a temporary file
    /// (docs/performance-log.md, session 15). Readers keep the default (a sort may be as large as
    /// the store), and so does an erasure while it deletes and rewrites the file.
    @Test
    func theWriterKeepsStatementJournalsInMemory() throws {
        let path = Self.scratchPath("temp-store")
        defer { Self.remove(path) }
        let store = try CoachStore.open(path: path)
        try store.write([.school(School(id: "s1", name: "De Linde")),
                         .schoolClass(SchoolClass(id: "k1", schoolId: "s1", name: "1A")),
                         .pupil(Pupil(id: "p1", schoolId: "s1", classId: "k1"))])
        let memory = 2, byDefault = 0
        func onWriter() throws -> Int? { try store.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA temp_store") } }
        #expect(try onWriter() == memory)
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == byDefault)
        let removal = try store.erase(pupil: "p1", dryRun: false)
        #expect(removal.total > 0)
        #expect(try onWriter() == memory)
        let reader = try CoachStore.open(path: path, readOnly: true)
        #expect(try reader.writer.read { try Int.fetchOne($0, sql: "PRAGMA temp_store") } == byDefault)
    }

    @Test
    func aFirstMigrationDatabaseIsMigratedOnOpen() throws {
        let path = Self.scratchPath("v1")
        defer { Self.remove(path) }
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

    /// The rebuilt tables keep their rows, their checks and their ids: an id given before,
    /// even one whose row is gone since, is never given again.
    @Test
    func checksWithoutListsKeepRowsChecksAndIds() throws {
        let path = Self.scratchPath("v16")
        defer { Self.remove(path) }
        let queue = try DatabaseQueue(path: path)
        var old = DatabaseMigrator()
        old.registerMigration("v1-records") { db in try FirstMigration.apply(db) }
        try old.migrate(queue)
        let feedback = "INSERT INTO feedback (teacherId, classId, goalId, date, level, question, timing, form, growthPoints, codes) "
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO school (id, name, language) VALUES ('s1', 'De Linde', 'nl');
                INSERT INTO teacher (id, schoolId, name) VALUES ('t1', 's1', 'Juf An');
                INSERT INTO schoolClass (id, schoolId, name) VALUES ('k1', 's1', '5A');
                INSERT INTO learningGoal (id, schoolId, title, successCriteria) VALUES ('g1', 's1', 'Breuken', '[]');
                INSERT INTO pupil (id, schoolId, classId) VALUES ('p1', 's1', 'k1');
                INSERT INTO instrument (id, version, title, scale, closingQuestions) VALUES ('pb', '1', 'PB', 'presence', '[]');
                INSERT INTO observation (kind, schoolId, teacherId, instrumentId, instrumentVersion, date, observers)
                  VALUES ('coach', 's1', 't1', 'pb', '1', '2026-10-05', '[]');
                INSERT INTO observationScore (observationId, item, value) VALUES (1, '1.1', 3), (1, '1.2', 4);
                """)
            for day in ["2026-10-05", "2026-10-06", "2026-10-07"] {
                try db.execute(sql: feedback + "VALUES ('t1', 'k1', 'g1', ?, 'task', 'feedback', 'formative', 'self', 1, '[]')",
                               arguments: [day])
            }
            try db.execute(sql: "DELETE FROM feedback WHERE id = 3")
        }
        try queue.close()

        _ = try CoachStore.open(path: path)
        let migrated = try DatabaseQueue(path: path)
        try migrated.write { db in
            for table in ["feedback", "placement", "result", "observation", "prompt"] {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = ?", arguments: [table]) ?? ""
                #expect(sql.contains("CHECK (") && !sql.contains(" IN ("), "\(table): \(sql)")
            }
            #expect(try String.fetchAll(db, sql: "SELECT date FROM feedback ORDER BY id") == ["2026-10-05", "2026-10-06"])
            // Rebuilt with their indexes (since v23 the one by teacher and the import key's).
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'feedback' ORDER BY name")
                    == ["feedback_import", "feedback_teacher"])
            try db.execute(sql: feedback + "VALUES ('t1', 'k1', 'g1', '2026-10-08', 'person', 'feedUp', 'summative', 'peer', 0, '[]')")
            #expect(db.lastInsertedRowID == 4, "id 3 was given before")
            // Rebuilding observation did not delete its scores (foreign keys were off meanwhile).
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM observationScore") == 2)
            let check = { (sql: String) in
                do {
                    try db.execute(sql: sql)
                    Issue.record("accepted: \(sql)")
                } catch let error as DatabaseError {
                    #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_CHECK, "\(error)")
                } catch {
                    Issue.record("\(error)")
                }
            }
            check(feedback + "VALUES ('t1', 'k1', 'g1', '2026-10-08', 'loud', 'feedUp', 'summative', 'peer', 0, '[]')")
            let placement = "INSERT INTO placement (pupilId, classId, goalId, track, \"from\", decidedBy, pupilInvolved) "
            check(placement + "VALUES ('p1', 'k1', 'g1', 4, '2026-10-05', 't1', 0)")
            try db.execute(sql: placement + "VALUES ('p1', 'k1', 'g1', 3, '2026-10-05', 't1', 0)")
        }
    }

    /// A store a newer version migrated (it may have rewritten rows, as v15 did the import
    /// keys) is refused rather than written the old way.
    @Test
    func aStoreMigratedByANewerVersionIsRefused() throws {
        let path = Self.scratchPath("newer")
        defer { Self.remove(path) }
        _ = try CoachStore.open(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        try queue.close()
        do {
            _ = try CoachStore.open(path: path)
            Issue.record("a store of a newer version was opened")
        } catch {
            #expect("\(error)".contains("newer version"), "\(error)")
        }
    }

    @Test
    func checksWithoutListsRewritesOnlyLists() {
        #expect(Schema.checksWithoutLists("a TEXT CHECK (a IN ('x', 'y y', 'z')), n INTEGER CHECK (n >= 0), t INTEGER CHECK (t IN (1, 2))")
                == "a TEXT CHECK (a = 'x' OR a = 'y y' OR a = 'z'), n INTEGER CHECK (n >= 0), t INTEGER CHECK (t = 1 OR t = 2)")
    }

    @Test
    func migrationsAreKnownAndOrdered() {
        #expect(CoachStore.migrations == ["v1-records", "v2-engine", "v3-dispatch", "v4-current-by-class", "v5-time-true", "v6-settings", "v7-import-keys", "v8-results-by-date", "v9-track-since", "v10-levels", "v11-legend-codes", "v12-uses-and-sharing", "v13-central-results", "v14-health-per-school", "v15-import-keys-by-day", "v16-one-result-index-per-pupil", "v17-checks-without-lists", "v18-feedback-by-class-and-day", "v19-placement-version", "v20-placements-by-class-and-end", "v21-pupils-in-their-indexes", "v22-record-versions", "v23-no-pupil-or-class-feedback-index", "v24-erasure-version", "v25-pupils-classes-over-time", "v26-school-region", "v27-pupils-who-left", "v28-school-kept-from"])
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
