import CoachPostgres
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
        #expect(outcome.stderr == "coach: de databank \(db) bleef langer in gebruik door een ander proces dan dit commando wacht; "
                + "probeer het opnieuw als dat proces klaar is, of laat een commando dat schrijft langer wachten met --wait SECONDEN\n",
                "\(outcome.stderr)")
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
        #expect(tick.stderr.contains("bleef langer in gebruik door een ander proces"), "\(tick.stderr)")
        #expect(tick.stderr.contains("coach: Let op: week 2026-W44 is voor school s1 nog niet afgesloten, "
                                     + "dus de regels zijn voor deze week nog niet uitgevoerd. Sluit de week af met 'coach tick --week 2026-W44'.\n"))
        let digest = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(digest.stdout.hasPrefix("Weekoverzicht voor Els — week 44 (26 oktober – 1 november 2026)\n\nLet op: week 2026-W44 is voor school s1 nog niet afgesloten"))
        // The next tick closes it, and the digest is whole.
        #expect(try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + SchoolCommandsTests.folders).status == 0)
        let whole = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(!whole.stdout.contains("Let op"))
    }
}

extension TickStatusTests {
    @Test
    func onTheSharedStoreATickThatCannotHoldItsSchoolsSaysSoInDutchAndClosesNothing() throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: .postgres) else { return }
        let holder = try PostgresStore(url: db).copy(.only(["s1"]), writing: true)
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--wait", "0"] + SchoolCommandsTests.folders)
        holder.abandon()
        #expect(tick.status == 1)
        #expect(tick.stderr.contains("bleven langer in gebruik door een andere import, tick of worker dan dit commando wacht")
                && tick.stderr.hasSuffix("; er is niets afgesloten\n"), "\(tick.stderr)")
        // Nothing was closed: the next tick closes the week.
        let again = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--lang", "en"] + SchoolCommandsTests.folders)
        #expect(again.status == 0 && again.stdout.hasPrefix("week 2026-W44 closed"), "\(again.stdout)\(again.stderr)")
    }
}

/// Records for a school whose closed week has not had its rules run yet (closed with
/// `--no-dispatch`, for workers) wait for them, on every store: otherwise that week's prompts
/// would depend on whether the worker got there first.
struct ClosedWeekWaitTests {
    static let late = ["place", "--pupil", "p1", "--class", "k5a", "--goal", "breuken", "--track", "2", "--from", "2026-10-28",
                       "--decided-by", "t1"]

    static func placements(_ db: String) throws -> Int {
        try Backend.reading(db).placements(pupil: "p1", goal: "breuken").count
    }

    @Test(arguments: Backend.allCases)
    func aRecordForAWeekClosedWithoutItsRulesWaitsThenGoesIn(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        let close = try CoachProcess.run(["tick", "--week", "2026-W44", "--no-dispatch", "--db", db] + SchoolCommandsTests.folders)
        #expect(close.status == 0, "\(close.stderr)")
        let refused = try CoachProcess.run(Self.late + ["--db", db, "--wait", "0"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "coach: school s1: week 2026-W44 is afgesloten, maar de regels zijn voor die week nog niet gelopen, "
                + "dus er is niets gewijzigd; voer 'coach tick --week 2026-W44' uit (of wacht tot een lopende tick of, op PostgreSQL, "
                + "'coach worker' die week verwerkt heeft) en probeer het opnieuw\n")
        #expect(try Self.placements(db) == 1, "nothing written")
        // An import waits the same way.
        let file = scratch.url.appendingPathComponent("late.csv")
        try "pupil,class,goal,track,from,decided_by\np1,k5a,breuken,1,2026-10-30,t1\n".write(to: file, atomically: true, encoding: .utf8)
        let imported = try CoachProcess.run(["import", file.path, "--db", db, "--wait", "0"])
        #expect(imported.status == 1 && imported.stderr.contains("week 2026-W44 is afgesloten, maar de regels zijn voor die week nog niet gelopen"), "\(imported.stderr)")
        // The rules run (a worker on the shared store, a tick on a file), and it goes in.
        let run = backend == .postgres ? try CoachProcess.run(["worker", "--once", "--db", db] + SchoolCommandsTests.folders)
            : try CoachProcess.run(["tick", "--week", "2026-W44", "--db", db] + SchoolCommandsTests.folders)
        #expect(run.status == 0, "\(run.stderr)")
        let placed = try CoachProcess.run(Self.late + ["--db", db, "--wait", "0"])
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(try Self.placements(db) == 2)
        #expect(try CoachProcess.run(["import", file.path, "--db", db, "--wait", "0"]).status == 0)
        #expect(try Self.placements(db) == 3)
    }

    @Test(arguments: Backend.allCases)
    func whileAWeekWaitsADryRunStillChecksAPipeAndAnErasureDoNotSlipIn(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        #expect(try CoachProcess.run(["tick", "--week", "2026-W44", "--no-dispatch", "--db", db] + SchoolCommandsTests.folders).status == 0)
        let header = "pupil,class,goal,track,from,decided_by\n"
        // A dry run checks every row all the same, and says that the real import would wait.
        let bad = try scratch.write("bad.csv", header + "p1,k5a,breuken,7,2026-10-30,t1\n")
        let checked = try CoachProcess.run(["import", bad, "--db", db, "--dry-run", "--wait", "0"])
        #expect(checked.status == 1 && checked.stderr.contains("bad.csv:2: track"), "\(checked.stderr)")
        // So does a real import: its problems come first, not after a wait, whether the store
        // finds them (a track 7) or the reader (a date it cannot read); nothing is written.
        let mixed = try scratch.write("mixed.csv", header + "p1,k5a,breuken,1,2026-10-30,t1\np1,k5a,breuken,7,2026-10-31,t1\n")
        let real = try CoachProcess.run(["import", mixed, "--db", db, "--wait", "30"])
        #expect(real.status == 1 && real.stderr.contains("mixed.csv:3: track") && !real.stderr.contains("afgesloten"), "\(real.stderr)")
        let unreadable = try scratch.write("unreadable.csv", header + "p1,k5a,breuken,1,2026-10-30,t1\np1,k5a,breuken,1,gisteren,t1\n")
        let read = try CoachProcess.run(["import", unreadable, "--db", db, "--wait", "30"])
        #expect(read.status == 1 && read.stderr.contains("unreadable.csv:3:") && !read.stderr.contains("afgesloten"), "\(read.stderr)")
        // Also when the bad row comes in a file after the first records were refused.
        let first = try scratch.write("first.csv", header + "p1,k5a,breuken,1,2026-10-30,t1\n")
        let later = try CoachProcess.run(["import", first, unreadable, "--db", db, "--wait", "30"])
        #expect(later.status == 1 && later.stderr.contains("unreadable.csv:3:") && !later.stderr.contains("afgesloten"), "\(later.stderr)")
        let good = try scratch.write("good.csv", header + "p1,k5a,breuken,1,2026-10-30,t1\n")
        let dry = try CoachProcess.run(["import", good, "--db", db, "--dry-run", "--wait", "0"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "1 record in orde (proefimport: niets opgeslagen)\nlet op: zonder --dry-run wacht de import tot de regels voor "
                + "week 2026-W44 van school s1 gelopen zijn ('coach tick --week 2026-W44' of, op PostgreSQL, 'coach worker')\n", "\(dry.stdout)")
        // A pipe cannot be read again: refused at once, saying why (a link to a file waits as the file).
        let piped = try CoachProcess.run(["import", "/dev/stdin", "--kind", "placements", "--db", db, "--wait", "30"],
                                         input: Data((header + "p1,k5a,breuken,1,2026-10-30,t1\n").utf8))
        #expect(piped.status == 1 && piped.stderr.contains("(er is niet gewacht: invoer via een pipe kan maar één keer gelezen worden"), "\(piped.stderr)")
        let kindless = try CoachProcess.run(["import", "/dev/stdin", "--db", db, "--wait", "0"],
                                            input: Data((header + "p1,k5a,breuken,1,2026-10-30,t1\n").utf8))
        #expect(kindless.status == 1 && kindless.stderr == "coach: /dev/stdin is geen bestand (een pipe?): geef --kind, want wat erin "
                + "staat kan niet twee keer gelezen worden om het te herkennen\n", "\(kindless.stderr)")
        let link = scratch.url.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: good)
        let linked = try CoachProcess.run(["import", link, "--db", db, "--wait", "0"])
        #expect(linked.status == 1 && linked.stderr.contains("week 2026-W44 is afgesloten") && !linked.stderr.contains("pipe"), "\(linked.stderr)")
        // An erasure waits too: the week's rules, still to run, would name the pupil after it.
        let dryErase = try CoachProcess.run(["erase", "--pupil", "p1", "--db", db])
        #expect(dryErase.status == 0 && dryErase.stdout.contains("Let op: met --yes wacht dit tot de regels voor week 2026-W44 van "
                                                                  + "school s1 gelopen zijn"), "\(dryErase.stdout)")
        // Retention with nothing to remove has nothing to wait for.
        let nothing = try CoachProcess.run(["retention", "--before", "2025-09-01", "--yes", "--db", db, "--wait", "0"]
                                           + SchoolCommandsTests.folders)
        #expect(nothing.status == 0, "\(nothing.stderr)")
        // A mistyped $COACH_WAIT is refused like a mistyped --wait, not taken for the default.
        let mistyped = try CoachProcess.run(Self.late + ["--db", db], environment: ["COACH_WAIT": "abc"])
        #expect(mistyped.status == 64 && mistyped.stderr.contains("$COACH_WAIT moet een geheel aantal seconden zijn"), "\(mistyped.stderr)")
        let erased = try CoachProcess.run(["erase", "--pupil", "p1", "--yes", "--db", db, "--wait", "0"])
        #expect(erased.status == 1 && erased.stderr.contains("week 2026-W44 is afgesloten"), "\(erased.stderr)")
        #expect(try Backend.reading(db).pupil("p1") != nil)
        #expect(try Self.placements(db) == 1, "nothing written")
        let run = try CoachProcess.run((backend == .postgres ? ["worker", "--once"] : ["tick", "--week", "2026-W44"]) + ["--db", db]
                                       + SchoolCommandsTests.folders)
        #expect(run.status == 0, "\(run.stderr)")
        let gone = try CoachProcess.run(["erase", "--pupil", "p1", "--yes", "--db", db, "--wait", "0"])
        #expect(gone.status == 0, "\(gone.stderr)")
        #expect(try Backend.reading(db).pupil("p1") == nil)
    }

    @Test(arguments: Backend.allCases)
    func aWaitingWriterGoesInOnceTheWeeksRulesHaveRun(_ backend: Backend) throws {
        let scratch = try Scratch()
        guard let db = try SchoolCommandsTests.school(in: scratch, on: backend) else { return }
        #expect(try CoachProcess.run(["tick", "--week", "2026-W44", "--no-dispatch", "--db", db] + SchoolCommandsTests.folders).status == 0)
        // The week's rules run two seconds later (a tick on a file, a worker on the shared
        // store); the writer, started first, waits (default: 60 s) and lets go of the schools
        // meanwhile, or the worker could not claim them.
        let done = DispatchSemaphore(value: 0)
        final class Ran: @unchecked Sendable { var outcome: CoachProcess.Outcome?; var started = Date.distantFuture } // written before `done`
        let ran = Ran()
        Thread {
            Thread.sleep(forTimeInterval: 2)
            ran.started = Date()
            ran.outcome = (try? CoachProcess.run((backend == .postgres ? ["worker", "--once"] : ["tick", "--week", "2026-W44"])
                                          + ["--db", db] + SchoolCommandsTests.folders))
            done.signal()
        }.start()
        let placed = try CoachProcess.run(Self.late + ["--db", db])
        let finished = Date()
        done.wait()
        #expect(finished > ran.started, "the writer, started first, went in only after the rules' run began")
        #expect(placed.status == 0, "\(placed.stderr)")
        #expect(ran.outcome?.status == 0, "\(ran.outcome?.stderr ?? "")")
        #expect(try Self.placements(db) == 2)
        // Late for week 44: its rules still saw Noor in track 3 (the move to track 2 came after).
        #expect(try Backend.reading(db).prompts(school: "s1", week: "2026-W44").contains { $0.ruleId == "persistent-track3" })
    }
}
