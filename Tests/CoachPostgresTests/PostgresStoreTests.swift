import CoachCore
import CoachFixtures
import CoachPostgres
import CoachStore
import Foundation
import Testing

/// The PostgreSQL store against a real server: `scripts/test` starts a throwaway one and gives
/// its URL in `COACH_TEST_POSTGRES`. Without it these tests say so and do nothing else.
struct PostgresStoreTests {
    static let url = ProcessInfo.processInfo.environment["COACH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A fresh database on the test server for one test (made with psql: CREATE DATABASE
    /// cannot run in a transaction).
    static func store() throws -> PostgresStore {
        let base = try #require(url)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [base, "-q", "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql could not make a database")
        let location = try PostgresLocation(url: base)
        return try PostgresStore(url: "postgres://\(location.user)@\(location.host):\(location.port)/\(name)")
    }

    /// The people of a small generated network, and two weeks of its records.
    static func records() -> (people: [PostgresStore.Record], weeks: [PostgresStore.Record], sqlite: [NewRecord],
                              all: [PostgresStore.Record]) {
        let network = SchoolNetwork(shape: .init(schools: 2, weeks: 2, classes: 2, pupils: 4, seed: 5))
        var people: [PostgresStore.Record] = [], weeks: [PostgresStore.Record] = [], sqlite: [NewRecord] = []
        var all: [PostgresStore.Record] = []
        for record in network.setup() + network.records(week: 0) + network.records(week: 1) {
            let mine: PostgresStore.Record? = switch record {
            case .school(let r): .school(r)
            case .teacher(let r): .teacher(r)
            case .schoolClass(let r): .schoolClass(r)
            case .pupil(let r): .pupil(r)
            case .goal(let r): .goal(r)
            case .feedback(let r): .feedback(r)
            case .placement(let r): .placement(r)
            case .result(let r): .result(r)
            default: nil
            }
            guard let mine else { continue }
            sqlite.append(record)
            all.append(mine)
            switch mine {
            case .feedback, .placement, .result: weeks.append(mine)
            default: people.append(mine)
            }
        }
        return (people, weeks, sqlite, all)
    }

    @Test
    func aURLIsReadAndItsPasswordNeverShown() throws {
        let location = try PostgresLocation(url: "postgres://engine:s3cret@db.school.example:6543/coach")
        #expect(location.user == "engine" && location.password == "s3cret" && location.port == 6543 && location.database == "coach")
        #expect(location.description == "postgres://engine:***@db.school.example:6543/coach")
        #expect(!PostgresLocation.isURL("coach.sqlite") && PostgresLocation.isURL("postgresql://a@b/c"))
        #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: "postgres://engine:s3cret@db.example") }
        do { _ = try PostgresLocation(url: "postgres://engine:s3cret@db.example") } catch {
            #expect(!error.description.contains("s3cret") && error.description.contains("give the database"), "\(error)")
        }
    }

    @Test
    func aServerThatIsNotThereIsOneLineWithoutThePassword() async throws {
        let store = try PostgresStore(url: "postgres://engine:s3cret@127.0.0.1:1/coach")
        await #expect(throws: PostgresStoreError.self) { try await store.migrate() }
        do { try await store.migrate() } catch {
            #expect(!error.description.contains("s3cret") && error.description.contains("postgres://engine:***@127.0.0.1:1/coach"),
                    "\(error)")
        }
        store.close()
    }

    @Test
    func migratingTwiceChangesNothing() async throws {
        guard Self.url != nil else {
            print("PostgresStoreTests: no COACH_TEST_POSTGRES (scripts/test starts a server); skipped")
            return
        }
        let store = try Self.store()
        defer { store.close() }
        let first = try await store.migrate()
        #expect(first == ["v1-records", "v1-pg-school-security"])
        #expect(try await store.migrate().isEmpty)
        #expect(try await store.appliedMigrations() == first)
    }

    @Test
    func theSameRecordsMakeTheSameEventLogAsOnSQLite() async throws {
        guard Self.url != nil else { return }
        let store = try Self.store()
        defer { store.close() }
        try await store.migrate()
        let (_, _, sqliteRecords, all) = Self.records()
        // In the same order as SQLite gets them.
        try await store.write(all)
        let sqlite = try CoachStore.inMemory()
        try sqlite.write(sqliteRecords)
        // Kind, school, day, record and payload, in log order, as SQLite writes them.
        func shape(_ e: Event) -> String { [e.kind.rawValue, e.schoolId ?? "-", e.time?.description ?? "-", e.recordId, e.payload].joined(separator: " | ") }
        let onPostgres = try await store.events().map(shape)
        let onSQLite = try sqlite.events(after: 0, limit: 100_000).map(shape)
        #expect(onPostgres.count > 50)
        let difference = zip(onPostgres, onSQLite).first { $0 != $1 }.map { "\($0) vs \($1)" }
        #expect(difference == nil && onPostgres.count == onSQLite.count,
                "\(onPostgres.count) and \(onSQLite.count) events; first difference: \(difference ?? "none")")
    }

    @Test
    func aBadRecordWritesNothing() async throws {
        guard Self.url != nil else { return }
        let store = try Self.store()
        defer { store.close() }
        try await store.migrate()
        let (people, weeks, _, _) = Self.records()
        try await store.write(people)
        let before = try await store.count(.event)
        // The last record refers to a teacher nobody knows: the whole batch goes back.
        guard case .feedback(var bad) = weeks.first(where: { if case .feedback = $0 { true } else { false } }) else {
            Issue.record("the network has feedback"); return
        }
        bad.teacherId = "nobody"
        await #expect(throws: PostgresStoreError.self) { try await store.write(Array(weeks.prefix(5)) + [.feedback(bad)]) }
        #expect(try await store.count(.event) == before)
        #expect(try await store.count(.feedback) == 0)
    }

    @Test
    func aConnectionForOneSchoolSeesAndWritesOnlyThatSchool() async throws {
        guard Self.url != nil else { return }
        let store = try Self.store()
        defer { store.close() }
        try await store.migrate()
        let (people, weeks, _, _) = Self.records()
        try await store.write(people)
        try await store.write(weeks)
        let all = try await store.count(.feedback)
        let s0 = try await store.count(.feedback, asSchool: "s0")
        let s1 = try await store.count(.feedback, asSchool: "s1")
        #expect(s0 > 0 && s1 > 0 && s0 + s1 == all, "each school sees its own feedback only (\(s0) + \(s1) of \(all))")
        #expect(try await store.count(.pupil, asSchool: "s0") == 8)
        #expect(try await store.count(.school, asSchool: "s0") == 1)
        #expect(try await store.count(.event, asSchool: "s1") < store.count(.event))
        #expect(try await store.count(.feedback, asSchool: "nobody") == 0)
        // Another school's rows cannot be changed (they are not even seen), nor added to, by the
        // database itself.
        try await store.execute(["UPDATE pupil SET alias = 'x' WHERE schoolId = 's1'"], asSchool: "s0")
        #expect(try await store.count(.pupil) == 16)
        do {
            try await store.execute(["INSERT INTO teacher (id, schoolId, name) VALUES ('t-x', 's1', 'X')"], asSchool: "s0")
            Issue.record("a school's connection added a row for another school")
        } catch {
            #expect(error.description.contains("new row violates row-level security policy for table \"teacher\""), "\(error)")
        }
        try await store.execute(["INSERT INTO teacher (id, schoolId, name) VALUES ('t-y', 's0', 'Y')"], asSchool: "s0")
        #expect(try await store.count(.teacher) == store.count(.teacher, asSchool: "s0") + store.count(.teacher, asSchool: "s1"))
    }
}
