import CoachStore
import Foundation
import GRDB
import Testing

/// A database another process is writing: a writer waits its turn; past its limit, one clear
/// line and nothing half-written.
struct BusyDatabaseTests {
    static func holdLock(_ db: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true // this test holds a transaction open on purpose
        let other = try DatabaseQueue(path: db, configuration: configuration)
        try other.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        return other
    }

    static let place = ["place", "--pupil", "p1", "--class", "k5a", "--goal", "breuken", "--track", "2", "--from", "2026-11-24",
                        "--decided-by", "t1"]

    @Test
    func aWriterPastItsWaitSaysTheDatabaseIsInUseAndWritesNothing() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let other = try Self.holdLock(db)
        let outcome = try CoachProcess.run(Self.place + ["--db", db, "--wait", "1"])
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "coach: the database \(db) stayed in use by another process longer than this command waits; "
                + "try again when it is done, or wait longer with --wait SECONDS\n")
        #expect(try CoachStore.open(path: db).placements(pupil: "p1", goal: "breuken").count == 1)
    }

    @Test
    func aWriterWaitsForAnotherToFinish() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let other = try Self.holdLock(db)
        // Let the other writer go after two seconds; the command waits (default: 60 s).
        let release = Thread {
            Thread.sleep(forTimeInterval: 2)
            try? other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        }
        release.start()
        let outcome = try CoachProcess.run(Self.place + ["--db", db])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try CoachStore.open(path: db).placements(pupil: "p1", goal: "breuken").count == 2)
    }
}

/// A tick that cannot finish says where the week stands; the digest names the gap.
struct TickStatusTests {
    @Test
    func aTickThatCannotCloseTheWeekSaysSoAndTheDigestNamesTheGap() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let other = try BusyDatabaseTests.holdLock(db)
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--wait", "1"] + SchoolCommandsTests.folders)
        try other.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
        #expect(tick.status == 1)
        #expect(tick.stderr.contains("stayed in use by another process"))
        #expect(tick.stderr.contains("coach: Let op: week 2026-W44 is voor school s1 nog niet afgesloten, "
                                     + "dus de regels zijn voor deze week nog niet uitgevoerd. Sluit de week af met 'coach tick --week 2026-W44'.\n"))
        let digest = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(digest.stdout.hasPrefix("Weekoverzicht voor Els — 2026-W44\n\nLet op: week 2026-W44 is voor school s1 nog niet afgesloten"))
        // The next tick closes it, and the digest is whole.
        #expect(try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + SchoolCommandsTests.folders).status == 0)
        let whole = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(!whole.stdout.contains("Let op"))
    }
}
