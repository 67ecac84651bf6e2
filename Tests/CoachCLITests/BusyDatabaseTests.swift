import CoachStore
import Foundation
import GRDB
import Testing

/// A database another process is writing: one clear line, nothing half-written.
struct BusyDatabaseTests {
    @Test
    func aWriteWaitsBrieflyThenSaysTheDatabaseIsInUse() throws {
        let scratch = try Scratch()
        let db = try SchoolCommandsTests.school(in: scratch)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true // this test holds a transaction open on purpose
        let other = try DatabaseQueue(path: db, configuration: configuration)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        let outcome = try CoachProcess.run(["place", "--db", db, "--pupil", "p1", "--class", "k5a", "--goal", "breuken",
                                            "--track", "2", "--from", "2026-11-24", "--decided-by", "t1"])
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "coach: the database \(db) is in use by another process; try again when it is done\n")
        #expect(try CoachStore.open(path: db).placements(pupil: "p1", goal: "breuken").count == 1)
    }
}
