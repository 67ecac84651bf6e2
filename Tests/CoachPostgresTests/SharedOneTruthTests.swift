import CoachCore
import CoachEngine
import CoachFixtures
import CoachPlugins
import CoachPostgres
import CoachSetup
import CoachStore
import Foundation
import Testing

/// One truth on the shared store: week by week, all history at once, replayed, and by 1, 2 or
/// 4 workers side by side, the same records give the same prompts as on SQLite.
struct SharedOneTruthTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let rules = root.appendingPathComponent("Rules").path
    static let plugins = PluginLoader.loadAll(from: root.appendingPathComponent("Plugins").path)

    static func network() throws -> SchoolNetwork {
        let kijkwijzer = try #require(plugins.instruments.first { $0.id == "peter-benoit-doelgerichte-differentiatie" })
        let walk = try #require(plugins.instruments.first { $0.scale == .seenNotSeen })
        return SchoolNetwork(shape: .init(schools: 3, weeks: 8, classes: 3, pupils: 10, seed: 13),
                             observationInstrument: kijkwijzer, walkInstrument: walk)
    }

    static func engine(_ store: CoachStore) -> Engine {
        let (engine, problems) = Engine.load(store: store, ruleDirectories: [rules])
        #expect(problems.isEmpty, "\(problems)")
        return engine
    }

    /// What must be equal: rule, audience, teacher, class, key, week, text.
    static func shapes(_ store: CoachStore) throws -> [String] {
        try store.schools().flatMap { try store.prompts(school: $0.id) }.map { p in
            [p.ruleId, p.audience.rawValue, p.teacherId ?? "-", p.classId ?? "-", p.key, p.week, p.text].joined(separator: " | ")
        }.sorted()
    }

    /// A migrated shared store with the kijkwijzers and the network's people.
    static func shared(_ network: SchoolNetwork) throws -> PostgresStore {
        let store = try TestServer.store()
        let copy = try store.copy(.all, writing: true)
        try copy.store.write(plugins.instruments.map(NewRecord.instrument))
        try copy.store.write(network.setup())
        try copy.commit()
        return store
    }

    /// Runs `body` on a writing copy of every school and writes it back.
    @discardableResult
    static func writing<T>(_ store: PostgresStore, _ body: (CoachStore) throws -> T) throws -> T {
        let copy = try store.copy(.all, writing: true)
        let result = try body(copy.store)
        try copy.commit()
        return result
    }

    /// Writes `records` as an import does: on a copy of the schools they touch.
    static func importing(_ records: [NewRecord], into store: PostgresStore) throws {
        let copy = try store.copy(try store.schools(touchedBy: Mentions(records)), writing: true)
        try copy.store.write(records)
        try copy.commit()
    }

    /// The shipped rules and plugins on `store`, as a command or a worker finds them.
    static func workspace(_ store: PostgresStore) -> Workspace {
        Workspace(database: store.location.description, rules: rules, plugins: root.appendingPathComponent("Plugins").path)
    }

    static func reading(_ store: PostgresStore) throws -> CoachStore {
        let copy = try store.copy(.all, writing: false)
        defer { copy.abandon() }
        return copy.store
    }

    @Test
    func weeklyBulkReplayAndWorkersGiveTheSamePromptsAsSQLite() throws {
        guard TestServer.available() else { return }
        let network = try Self.network()
        let weeks = network.shape.weeks

        // SQLite, week by week: the reference.
        let sqlite = try CoachStore.inMemory()
        try sqlite.write(Self.plugins.instruments.map(NewRecord.instrument))
        try sqlite.write(network.setup())
        let sqliteEngine = Self.engine(sqlite)
        for w in 0..<weeks {
            try sqlite.write(network.records(week: w))
            #expect(try sqliteEngine.tick(week: network.isoWeek(w)).dispatch.failures.isEmpty)
        }
        let reference = try Self.shapes(sqlite)
        #expect(reference.count > 20, "the network makes the rules speak (\(reference.count) prompts)")

        // (a) Week by week on the shared store as the commands do it: each import a copy of the
        // schools its records touch, each tick one school at a time.
        let weekly = try Self.shared(network)
        for w in 0..<weeks {
            try Self.importing(network.records(week: w), into: weekly)
            let reports = try TickEachSchoolTests.tick(weekly, network.isoWeek(w))
            #expect(reports.count == 1 && reports[0].dispatch.failures.isEmpty, "\(reports.first?.dispatch.failures.prefix(2) ?? [])")
        }
        let fromWeekly = try Self.shapes(try Self.reading(weekly))
        #expect(fromWeekly == reference, "weekly: \(Self.difference(fromWeekly, reference))")

        // (b) All history at once, then the weeks closed in one run, school by school; and the
        // same in one copy of every school.
        for eachSchool in [true, false] {
            let bulk = try Self.shared(network)
            try Self.importing((0..<weeks).flatMap { network.records(week: $0) }, into: bulk)
            if eachSchool {
                _ = try TickEachSchoolTests.tick(bulk, network.isoWeek(weeks - 1), through: true)
            } else {
                try Self.writing(bulk) { _ = try Self.engine($0).tick(through: network.isoWeek(weeks - 1)) }
            }
            let fromBulk = try Self.shapes(try Self.reading(bulk))
            #expect(fromBulk == reference, "bulk (school by school: \(eachSchool)): \(Self.difference(fromBulk, reference))")
        }

        // (c) Replayed rule by rule on a reading copy of a store where no week was closed.
        let history = try Self.shared(network)
        try Self.writing(history) { store in for w in 0..<weeks { try store.write(network.records(week: w)) } }
        let replayEngine = Self.engine(try Self.reading(history))
        var replayed: [String] = []
        for rule in replayEngine.rules.map(\.definition.id) {
            for s in 0..<network.shape.schools {
                let report = try replayEngine.replay(rule: rule, school: network.schoolId(s), from: network.start,
                                                     to: network.isoWeek(weeks - 1).sunday)
                #expect(report.failures.isEmpty)
                replayed += report.prompts.map { p in
                    [p.ruleId, p.audience.rawValue, p.teacherId ?? "-", p.classId ?? "-", p.key, p.week, p.text].joined(separator: " | ")
                }
            }
        }
        #expect(replayed.sorted() == reference, "replay: \(Self.difference(replayed.sorted(), reference))")

        // (d) The weeks closed without dispatch, then 1, 2 or 4 workers side by side.
        for workers in [1, 2, 4] {
            let store = try Self.shared(network)
            try Self.writing(store) { store in for w in 0..<weeks { try store.write(network.records(week: w)) } }
            try Self.writing(store) { _ = try Self.engine($0).tick(through: network.isoWeek(weeks - 1), dispatch: false) }
            let workspace = Self.workspace(store)
            let claims = Claims()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                do { claims.add(try workspace.work(once: true).schools) } catch { claims.fail("\(error)") }
            }
            #expect(claims.problems.isEmpty, "\(claims.problems)")
            #expect(claims.schools.sorted() == (0..<network.shape.schools).map(network.schoolId).sorted(), "\(workers) workers: each school claimed once")
            let fromWorkers = try Self.shapes(try Self.reading(store))
            #expect(fromWorkers == reference, "\(workers) workers: \(Self.difference(fromWorkers, reference))")
        }
    }

    /// People given again, as an import gives them (their aliases kept).
    static func give(_ pupils: [Pupil], to store: CoachStore) throws {
        guard !pupils.isEmpty else { return }
        let outcome = try store.write(importing: pupils.map(NewRecord.pupil), keeping: ["alias"])
        #expect(outcome.issues.isEmpty, "\(outcome.issues.prefix(2))")
    }

    @Test
    func pupilsWhoChangeClassOrLeaveGiveSQLitesPromptsWeeklyAndAllAtOnce() throws {
        guard TestServer.available() else { return }
        let network = try Self.network()
        let weeks = network.shape.weeks
        // In each school, three pupils of class 0 go to class 1 in week 4; their teachers of
        // class 0 give them no feedback from then on. Two pupils of class 2 leave the school
        // that week: no record of theirs from then on.
        let moved = (0..<network.shape.schools).flatMap { s in
            (0..<3).map { p in Pupil(id: "s\(s)-c0-p\(p)", schoolId: "s\(s)", classId: "s\(s)-c1") }
        }
        let day = network.isoWeek(4).monday
        let leavers = (0..<network.shape.schools).flatMap { s in
            (0..<2).map { p in Pupil(id: "s\(s)-c2-p\(p)", schoolId: "s\(s)", classId: "s\(s)-c2", left: day) }
        }
        let away = Set(leavers.map(\.id))
        func moves(_ w: Int) -> [Pupil] { w == 4 ? moved + leavers : [] }
        func records(_ w: Int) -> [NewRecord] {
            network.records(week: w).filter { record in
                guard w >= 4 else { return true }
                switch record {
                case .result(let r): return !away.contains(r.pupilId)
                case .placement(let p): return !away.contains(p.pupilId)
                case .feedback(let f):
                    guard let pupil = f.pupilId else { return true }
                    return !away.contains(pupil) && !(moved.contains { $0.id == pupil } && f.classId.hasSuffix("-c0"))
                default: return true
                }
            }
        }

        // SQLite, week by week, each move in the people file of its week without a day.
        let sqlite = try CoachStore.inMemory()
        try sqlite.write(Self.plugins.instruments.map(NewRecord.instrument))
        try sqlite.write(network.setup())
        let sqliteEngine = Self.engine(sqlite)
        for w in 0..<weeks {
            try Self.give(moves(w), to: sqlite)
            try sqlite.write(records(w))
            #expect(try sqliteEngine.tick(week: network.isoWeek(w)).dispatch.failures.isEmpty)
        }
        let reference = try Self.shapes(sqlite)

        // The shared store, the same way: each import a copy of the schools it touches.
        let weekly = try Self.shared(network)
        for w in 0..<weeks {
            if !moves(w).isEmpty {
                let copy = try weekly.copy(try weekly.schools(touchedBy: Mentions(moves(w).map(NewRecord.pupil))), writing: true)
                try Self.give(moves(w), to: copy.store)
                try copy.commit()
            }
            try Self.importing(records(w), into: weekly)
            _ = try TickEachSchoolTests.tick(weekly, network.isoWeek(w))
        }
        let fromWeekly = try Self.shapes(try Self.reading(weekly))
        #expect(fromWeekly == reference, "weekly: \(Self.difference(fromWeekly, reference))")

        // All at once on the shared store: the moves with their day, then every week.
        let bulk = try Self.shared(network)
        try Self.writing(bulk) { store in
            try Self.give(moved.map { var dated = $0; dated.since = day; return dated } + leavers, to: store)
            try store.write((0..<weeks).flatMap(records))
        }
        _ = try TickEachSchoolTests.tick(bulk, network.isoWeek(weeks - 1), through: true)
        let fromBulk = try Self.shapes(try Self.reading(bulk))
        #expect(fromBulk == reference, "bulk: \(Self.difference(fromBulk, reference))")
    }

    static func difference(_ a: [String], _ b: [String]) -> String {
        let (sa, sb) = (Set(a), Set(b))
        return "\(a.count) vs \(b.count); only in the first: \(sa.subtracting(sb).sorted().prefix(2)); only in the second: \(sb.subtracting(sa).sorted().prefix(2))"
    }

    /// What the workers of one run did.
    final class Claims: @unchecked Sendable {
        private let lock = NSLock()
        private var claimed: [String] = [], failed: [String] = []
        var schools: [String] { lock.withLock { claimed } }
        var problems: [String] { lock.withLock { failed } }
        func add(_ schools: [String]) { lock.withLock { claimed += schools } }
        func fail(_ problem: String) { lock.withLock { failed.append(problem) } }
    }
}
