import CoachCore
import CoachFixtures
import CoachPostgres
import CoachStore
import Foundation
import Testing

/// The shared store against a real server: its schema, working copies written back all or
/// nothing, claims that skip a school another worker holds, and each school sealed off.
struct PostgresStoreTests {
    /// The people of a small generated network and two weeks of its records.
    static func records() -> (people: [NewRecord], weeks: [NewRecord]) {
        let network = SchoolNetwork(shape: .init(schools: 2, weeks: 2, classes: 2, pupils: 4, seed: 5))
        return (network.setup(), network.records(week: 0) + network.records(week: 1))
    }

    /// An event as both stores must write it; record ids are numbered per store, so left out.
    static func shape(_ e: Event) -> String {
        let payload = e.payload.replacingOccurrences(of: #""id":[0-9]+"#, with: #""id":#"#, options: .regularExpression)
        return [e.kind.rawValue, e.schoolId ?? "-", e.time?.description ?? "-", payload].joined(separator: " | ")
    }

    /// A migrated store with the small network's people and two weeks of records.
    static func filled() throws -> PostgresStore {
        let store = try TestServer.store()
        let (people, weeks) = records()
        let copy = try store.copy(.all, writing: true)
        try copy.store.write(people + weeks)
        try copy.commit()
        return store
    }

    @Test
    func aURLIsReadAndItsPasswordNeverShown() throws {
        let location = try PostgresLocation(url: "postgres://engine:s3cret@db.school.example:6543/coach")
        #expect(location.user == "engine" && location.password == "s3cret" && location.port == 6543 && location.database == "coach")
        #expect(location.description == "postgres://engine:***@db.school.example:6543/coach")
        #expect(!PostgresLocation.isURL("coach.sqlite") && PostgresLocation.isURL("postgresql://a@b/c"))
        // Encryption asked for is refused rather than quietly dropped: in the URL, in PGSSLMODE,
        // or in a parameter coach does not read.
        for (url, environment, said) in [("postgres://engine:s3cret@db.example/coach?sslmode=require", [:], "sslmode=require asks for TLS"),
                                         ("postgres://engine:s3cret@db.example/coach", ["PGSSLMODE": "verify-full"], "PGSSLMODE=verify-full asks for TLS"),
                                         ("postgres://engine:s3cret@db.example/coach?ssl=true", [:], "'ssl' is not a parameter coach reads")] {
            #expect { _ = try PostgresLocation(url: url, environment: environment) } throws: { error in
                "\(error)".contains(said) && !"\(error)".contains("s3cret")
            }
        }
        #expect(try PostgresLocation(url: "postgres://engine@db.example/coach?sslmode=disable", environment: ["PGSSLMODE": "require"]).database == "coach")
        #expect(try PostgresLocation(url: "postgres://engine@db.example/coach", environment: ["PGSSLMODE": "prefer"]).database == "coach")
        do { _ = try PostgresLocation(url: "postgres://engine:s3cret@db.example") } catch {
            #expect(!error.description.contains("s3cret") && error.description.contains("give the database"), "\(error)")
        }
    }

    @Test
    func aServerThatIsNotThereIsOneLineWithoutThePassword() throws {
        let store = try PostgresStore(url: "postgres://engine:s3cret@127.0.0.1:1/coach")
        do {
            try store.migrate()
            Issue.record("a server on port 1 answered")
        } catch {
            #expect(!error.description.contains("s3cret") && error.description.contains("postgres://engine:***@127.0.0.1:1/coach"),
                    "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test
    func theSchemaFollowsTheOneListOfMigrationsAndASecondRunDoesNothing() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStore(url: try TestServer.freshDatabase())
        #expect(throws: PostgresStoreError.self) { try store.checkMigrated() }
        let first = try store.migrate()
        #expect(first == CoachStore.migrations + ["pg-school-security", "pg-school-role-reads-only"])
        #expect(try store.migrate().isEmpty)
        #expect(try store.appliedMigrations() == first)
        try store.checkMigrated()
        // A store made when a school's role could write loses those grants.
        try store.execute([#"GRANT INSERT ON "teacher" TO coach_school"#,
                           "DELETE FROM coach.coach_migration WHERE id = 'pg-school-role-reads-only'"], asSchool: nil)
        #expect(try store.migrate() == ["pg-school-role-reads-only"])
        #expect { try store.execute([#"INSERT INTO "teacher" (owner, id, "schoolId", name) VALUES ('s0', 't', 's0', 'T')"#], asSchool: "s0") }
            throws: { "\($0)".contains("permission denied for table") }
        // Every table of the SQLite store is there, with the school column row security needs.
        let copy = try store.copy(.all, writing: false)
        copy.abandon()
        #expect(try store.count("feedback") == 0 && store.count("ruleHealth") == 0 && store.count("centralResult") == 0)

        // A column a later migration adds is added; one this version does not know is refused.
        try store.execute([#"ALTER TABLE "prompt" DROP COLUMN evidence"#], asSchool: nil)
        #expect(try store.migrate().isEmpty)
        try store.execute([#"SELECT evidence FROM "prompt""#], asSchool: nil)
        // A column added later keeps its default for the rows already there.
        try store.execute([#"ALTER TABLE "prompt" DROP COLUMN focus"#], asSchool: nil)
        #expect(try store.migrate().isEmpty)
        try store.execute([#"DO $$ BEGIN IF (SELECT column_default FROM information_schema.columns WHERE table_schema = 'coach' AND table_name = 'prompt' AND column_name = 'focus') IS DISTINCT FROM '0' THEN RAISE EXCEPTION 'no default'; END IF; END $$"#], asSchool: nil)
        // A key another version changed is refused, not guessed.
        try store.execute([#"ALTER TABLE "setting" DROP CONSTRAINT setting_pkey"#, #"ALTER TABLE "setting" ADD PRIMARY KEY (value)"#], asSchool: nil)
        do {
            try store.migrate()
            Issue.record("a changed key was accepted")
        } catch {
            #expect(error.description.contains("new key of setting"), "\(error)")
        }
        try store.execute([#"ALTER TABLE "setting" DROP CONSTRAINT setting_pkey"#, #"ALTER TABLE "setting" ADD PRIMARY KEY (key)"#], asSchool: nil)
        try store.execute([#"ALTER TABLE "prompt" ADD COLUMN mood TEXT"#], asSchool: nil)
        do {
            try store.migrate()
            Issue.record("a column no migration knows was accepted")
        } catch {
            #expect(error.description.contains("prompt.mood") && error.description.contains("PostgreSQL step"), "\(error)")
        }
    }

    @Test
    func theSameRecordsMakeTheSameEventLogAsOnSQLite() throws {
        guard TestServer.available() else { return }
        let store = try TestServer.store()
        let (people, weeks) = Self.records()
        let copy = try store.copy(.all, writing: true)
        try copy.store.write(people)
        try copy.store.write(weeks)
        let written = try copy.commit()
        #expect(written > people.count + weeks.count, "the records and their events")
        let sqlite = try CoachStore.inMemory()
        try sqlite.write(people)
        try sqlite.write(weeks)
        let again = try store.copy(.all, writing: false)
        defer { again.abandon() }
        let onPostgres = try again.store.events(after: 0, limit: 100_000).map(Self.shape)
        let onSQLite = try sqlite.events(after: 0, limit: 100_000).map(Self.shape)
        #expect(onPostgres.count > 50)
        let difference = zip(onPostgres, onSQLite).first { $0 != $1 }.map { "\($0) vs \($1)" }
        #expect(difference == nil && onPostgres.count == onSQLite.count,
                "\(onPostgres.count) and \(onSQLite.count) events; first difference: \(difference ?? "none")")
        #expect(try store.count("feedback") == sqlite.events(after: 0, limit: 100_000).filter { $0.kind == .feedbackRecorded }.count)
    }

    @Test
    func aCopyWritesBackOnlyWhatChangedAndNothingWhenItIsDroppedOrRefused() throws {
        guard TestServer.available() else { return }
        let store = try TestServer.store()
        let (people, weeks) = Self.records()
        let first = try store.copy(.all, writing: true)
        try first.store.write(people)
        try first.commit()
        let events = try store.count("event")

        // One setting changed: one row goes back.
        let second = try store.copy(.all, writing: true)
        try second.store.setSetting("rulesFolder", "/srv/coach/Rules")
        #expect(try second.commit() == 1)

        // Dropped without committing: nothing.
        do {
            let dropped = try store.copy(.all, writing: true)
            try dropped.store.write(weeks)
            dropped.abandon()
        }
        #expect(try store.count("event") == events && store.count("feedback") == 0)

        // A batch the copy refuses (a teacher nobody knows) writes nothing there, so nothing here.
        let refused = try store.copy(.all, writing: true)
        guard case .feedback(var bad) = weeks.first(where: { if case .feedback = $0 { true } else { false } }) else {
            Issue.record("the network has feedback"); return
        }
        bad.teacherId = "nobody"
        #expect(throws: StoreError.self) { try refused.store.write(Array(weeks.prefix(5)) + [.feedback(bad)]) }
        #expect(try refused.commit() == 0)
        #expect(try store.count("event") == events)
    }

    @Test
    func aClaimSkipsTheSchoolAnotherWorkerHolds() throws {
        guard TestServer.available() else { return }
        let store = try Self.filled()
        #expect(try store.unhandledSchools() == ["s0", "s1"])

        let first = try #require(try store.claim())
        let second = try #require(try store.claim())
        #expect([first.school, second.school].sorted() == ["s0", "s1"], "two workers, two schools")
        #expect(try first.copy.store.schools().map(\.id) == [first.school], "a claim's copy holds its school only")
        #expect(try store.claim() == nil, "both schools are held")
        try first.copy.commit()
        second.copy.abandon()
        #expect(try store.unhandledSchools() == [second.school], "a school given up is claimed again later")
        let again = try #require(try store.claim())
        #expect(again.school == second.school)
        try again.copy.commit()
        #expect(try store.unhandledSchools().isEmpty)
    }

    @Test
    func aConnectionForOneSchoolSeesOnlyThatSchoolAndWritesNothing() throws {
        guard TestServer.available() else { return }
        let store = try Self.filled()
        let all = try store.count("feedback")
        let s0 = try store.count("feedback", asSchool: "s0")
        let s1 = try store.count("feedback", asSchool: "s1")
        #expect(s0 > 0 && s1 > 0 && s0 + s1 == all, "each school sees its own feedback only (\(s0) + \(s1) of \(all))")
        #expect(try store.count("pupil", asSchool: "s0") == 8)
        #expect(try store.count("school", asSchool: "s0") == 1)
        #expect(try store.count("event", asSchool: "s1") < store.count("event"))
        #expect(try store.count("feedback", asSchool: "nobody") == 0)
        // A coach's assignment to a school is that school's row, not a shared one.
        let assignments = try store.count("coachAssignment")
        let mine = try store.count("coachAssignment", asSchool: "s0")
        #expect(assignments > 0 && mine > 0 && mine < assignments)
        // Nothing is written through it, not even the school's own rows: a row that reached
        // the store without a working copy's checks (a feedback level that is none) would fail
        // every later copy of all schools.
        for statement in [#"UPDATE "pupil" SET alias = 'x' WHERE "schoolId" = 's0'"#,
                          #"INSERT INTO "teacher" (owner, id, "schoolId", name) VALUES ('s0', 't-y', 's0', 'Y')"#,
                          #"DELETE FROM "feedback""#] {
            #expect { try store.execute([statement], asSchool: "s0") } throws: { error in
                "\(error)".contains("permission denied for table")
            }
        }
        #expect(try store.count("teacher", asSchool: "s0") + store.count("teacher", asSchool: "s1") == store.count("teacher"))
        #expect(try store.count("feedback") == all)
    }

    @Test
    func anErasedPupilLeavesNoRowOnTheSharedStore() throws {
        guard TestServer.available() else { return }
        let store = try Self.filled()
        let pupil = "s0-c0-p1"
        let before = try store.count("feedback")
        #expect(try store.count("feedback", mentioning: pupil) > 0 && store.count("event", mentioning: pupil) > 0)
        let erasing = try store.copy(.only(["s0"]), writing: true)
        let removal = try erasing.store.erase(pupil: pupil, dryRun: false)
        #expect(removal.total > 1, "the pupil and their records")
        try erasing.commit()
        let after = try store.copy(.all, writing: false)
        after.abandon()
        #expect(try after.store.pupil(pupil) == nil)
        #expect(try store.count("feedback") < before)
        for table in ["pupil", "feedback", "placement", "result", "event"] {
            #expect(try store.count(table, mentioning: pupil) == 0, "\(table) still mentions \(pupil)")
        }
        #expect(try store.count("pupil", mentioning: "s0-c0-p2") == 1, "the others stay")
    }

    @Test
    func aWriterOfEverySchoolAlsoHoldsASchoolAddedWhileItWaited() throws {
        guard TestServer.available() else { return }
        let store = try Self.filled()
        let first = try store.copy(.all, writing: true)
        try first.store.write([.school(School(id: "s9", name: "De Nieuwe")), .teacher(Teacher(id: "s9-t0", schoolId: "s9", name: "T"))])
        let waited = DispatchSemaphore(value: 0)
        let second = Box()
        Thread.detachNewThread {
            second.copy = try? store.copy(.all, writing: true)
            waited.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        try first.commit()
        waited.wait()
        let holder = try #require(second.copy)
        #expect(try holder.store.schools().map(\.id).contains("s9"))
        // While the second writer works, no worker may take the new school.
        #expect(try store.claim() == nil, "every school, the new one too, is held")
        holder.abandon()
        let claimed = try #require(try store.claim())
        claimed.copy.abandon()
    }

    @Test
    func aWaitOfNothingFailsOnlyWhenAnotherWriterHoldsTheSchools() throws {
        guard TestServer.available() else { return }
        let store = try Self.filled()
        // Nobody holds them: a wait of nothing takes them at once, every time.
        for _ in 0..<5 { try store.copy(.all, writing: true, wait: .zero).abandon() }
        let holder = try store.copy(.all, writing: true)
        defer { holder.abandon() }
        #expect { try store.copy(.all, writing: true, wait: .milliseconds(200)).abandon() } throws: { error in
            "\(error)".contains("another import, tick or worker held the schools for longer than the wait")
        }
    }

    final class Box: @unchecked Sendable {
        var copy: SharedCopy?
        var schools: [String] = []
    }
}
