import CoachCore
import CoachStore
import Foundation
import Logging
import PostgresNIO

/// The shared store on PostgreSQL, for school groups: the same records, event log, prompts
/// and rule state as the SQLite store, every school's rows sealed off from the others by
/// row-level security, and several processes at once.
///
/// Commands and workers do their work on a ``SharedCopy``: the schools they need, loaded into
/// a SQLite store in memory under those schools' locks, and written back — exactly the rows
/// that changed — in the same transaction. So every rule, query and check is the one SQLite
/// runs, and a process that dies mid-way leaves nothing behind.
public final class PostgresStore: Sendable {
    public let location: PostgresLocation
    let logger: Logger

    /// Where the store is (nothing is sent until it is used). PostgreSQL's own lines are
    /// logged at `error` unless a logger is given.
    public init(url: String, logger: Logger? = nil) throws(PostgresStoreError) {
        location = try PostgresLocation(url: url)
        var quiet = Logger(label: "coach.postgres")
        quiet.logLevel = .error
        self.logger = logger ?? quiet
    }

    func connect() throws(PostgresStoreError) -> Link { try Link(location, logger: logger) }

    /// The tables of this version, as the one list of migrations leaves them.
    static let layouts: [TableLayout] = {
        // A store in memory knows them; it cannot fail to open.
        (try? CoachStore.workingCopy(label: "layouts").layouts()) ?? []
    }()

    // MARK: - Schema

    /// The migrations recorded so far, oldest first (none on a database never migrated).
    public func appliedMigrations() throws(PostgresStoreError) -> [String] {
        let link = try connect()
        let exists = try link.query("SELECT to_regclass('coach.coach_migration') IS NOT NULL",
                                    "reading the migrations")
        guard (try? exists.first?.decode(Bool.self)) == true else { return [] }
        let ids = try link.query("SELECT id FROM coach.coach_migration ORDER BY applied, id", "reading the migrations")
            .compactMap { try? $0.decode(String.self) }
        // In the list's order (one migration run records several at the same moment).
        let order = CoachStore.migrations + PostgresSchema.ownMigrations
        return ids.sorted { (order.firstIndex(of: $0) ?? order.count) < (order.firstIndex(of: $1) ?? order.count) }
    }

    /// Brings the schema to this version in one transaction, under a lock (several processes
    /// may start at once); returns the migrations recorded now. A second run does nothing.
    @discardableResult
    public func migrate() throws(PostgresStoreError) -> [String] {
        let link = try connect()
        try link.run(["BEGIN", "SELECT pg_advisory_xact_lock(7042)"] + PostgresSchema.bookkeeping, "preparing the schema")
        return try link.commit(after: { () throws(PostgresStoreError) in try Self.follow(link) }, "migrating")
    }

    /// Creates missing tables and columns; refuses what it cannot follow by itself.
    private static func follow(_ link: Link) throws(PostgresStoreError) -> [String] {
        let ns = PostgresSchema.namespace
        var keys: [String: [String]] = [:]
        for row in try link.query("""
            SELECT tc.table_name, k.column_name FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
            WHERE tc.table_schema = \(ns) AND tc.constraint_type = 'PRIMARY KEY' ORDER BY tc.table_name, k.ordinal_position
            """, "reading the schema") {
            guard let (table, column) = try? row.decode((String, String).self) else { continue }
            keys[table, default: []].append(column)
        }
        var present: [String: [String: String]] = [:]
        for row in try link.query("""
            SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = \(ns)
            """, "reading the schema") {
            guard let (table, column, type) = try? row.decode((String, String, String).self) else { continue }
            present[table, default: [:]][column] = type
        }
        var statements: [String] = []
        let fresh = present.keys.filter { !PostgresSchema.own.contains($0) }.isEmpty
        if fresh { statements += PostgresSchema.role }
        for layout in layouts {
            guard let columns = present[layout.name] else {
                statements += PostgresSchema.create(layout)
                continue
            }
            if let key = keys[layout.name], key != layout.primaryKey {
                throw PostgresStoreError("the PostgreSQL schema cannot follow the new key of \(layout.name) (\(key.joined(separator: ", ")) "
                                         + "to \(layout.primaryKey.joined(separator: ", "))) by itself: give that migration a PostgreSQL step (PostgresSchema)")
            }
            for column in layout.columns {
                if let type = columns[column.name] {
                    if type != PostgresSchema.informationType(column.kind) {
                        throw PostgresStoreError("the PostgreSQL schema cannot follow a change of \(layout.name).\(column.name) "
                                                 + "from \(type) by itself: give that migration a PostgreSQL step (PostgresSchema)")
                    }
                } else {
                    statements.append(PostgresSchema.addColumn(layout, column))
                }
            }
            if let gone = columns.keys.filter({ $0 != "owner" && !layout.columns.map(\.name).contains($0) }).sorted().first {
                throw PostgresStoreError("the PostgreSQL schema has \(layout.name).\(gone), which this version no longer has: "
                                         + "give that migration a PostgreSQL step (PostgresSchema)")
            }
        }
        let known = Set(layouts.map(\.name)).union(PostgresSchema.own)
        if let gone = present.keys.filter({ !known.contains($0) }).sorted().first {
            throw PostgresStoreError("the PostgreSQL schema has a table \(gone), which this version no longer has: "
                                     + "give that migration a PostgreSQL step (PostgresSchema)")
        }
        try link.run(statements, "migrating")
        let done = Set(try link.query("SELECT id FROM coach.coach_migration", "reading the migrations")
            .compactMap { try? $0.decode(String.self) })
        let added = (CoachStore.migrations + PostgresSchema.ownMigrations).filter { !done.contains($0) }
        // A store made now has every migration's result already; one made earlier runs the
        // data steps of the migrations it had not followed yet.
        if !fresh, added.contains(where: { PostgresSchema.steps[$0] != nil }) {
            // Under every school's lock: a working copy loaded before a step rewrote its rows
            // must not write them back afterwards as they were.
            try link.run(["SELECT owner FROM \(PostgresSchema.namespace).coach_school ORDER BY owner FOR UPDATE"], "locking the schools")
            for id in added { try link.run(PostgresSchema.steps[id] ?? [], "migration \(id)") }
        }
        for id in added {
            try link.query("INSERT INTO coach.coach_migration (id) VALUES (\(id))", "recording migration \(id)")
        }
        return added
    }

    /// Fails unless every migration of this version is recorded: commands other than `coach
    /// init` never change the schema.
    public func checkMigrated() throws(PostgresStoreError) {
        let done = Set(try appliedMigrations())
        if done.isEmpty { throw PostgresStoreError("\(location) has no coach store yet (run 'coach init --db URL' first)") }
        if let missing = (CoachStore.migrations + PostgresSchema.ownMigrations).first(where: { !done.contains($0) }) {
            throw PostgresStoreError("\(location) was made by an older version (missing \(missing)); run 'coach init' to update it")
        }
        let ours = Set(CoachStore.migrations + PostgresSchema.ownMigrations)
        if let newer = done.first(where: { !ours.contains($0) }) {
            throw PostgresStoreError("\(location) was migrated by a newer version (\(newer)); use that version")
        }
    }

    // MARK: - Working copies

    /// Which schools a copy holds.
    public enum Schools: Sendable, Hashable {
        /// Every school (and the rows they share).
        case all
        /// These schools and the rows every school shares.
        case only([String])
    }

    /// A copy of `schools` to work on. With `writing`, their locks are held (waiting for any
    /// other writer of them) until ``SharedCopy/commit()`` writes the changes back or the copy
    /// is dropped; without, it is a consistent snapshot that is never written back.
    /// A writer that finds another at work waits up to `wait` in all, then fails in one line
    /// (as on SQLite).
    public func copy(_ schools: Schools, writing: Bool, wait: Duration = .seconds(60)) throws(PostgresStoreError) -> SharedCopy {
        let link = try connect()
        try link.run([writing ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], "starting")
        if writing { try lock(schools, on: link, wait: wait) }
        return try SharedCopy(link: link, schools: schools, writing: writing)
    }

    /// A session holding every school's lock (waiting for other writers up to `wait`, as a
    /// copy of all schools does), to copy and work on one school at a time (``SharedSession``).
    public func session(wait: Duration = .seconds(60)) throws(PostgresStoreError) -> SharedSession {
        let link = try connect()
        try link.run(["BEGIN"], "starting")
        try lock(.all, on: link, wait: wait)
        // No school comes in while every school is held (only a writer of all of them adds one).
        let schools = try link.query("SELECT owner FROM coach.coach_school WHERE owner <> '' ORDER BY owner", "reading the schools")
            .compactMap { try? $0.decode(String.self) }
        return SharedSession(link: link, schools: schools)
    }

    /// Takes the schools' locks. A statement that waited for a lock still sees the rows of
    /// when it began, so every school is locked again until no school came in meanwhile (a
    /// new school is only added by a writer of every school, which waits for these locks now).
    private func lock(_ schools: Schools, on link: Link, wait: Duration) throws(PostgresStoreError) {
        let deadline = ContinuousClock.now + wait
        var locked = -1
        for _ in 0..<4 {
            let left = max(Duration.milliseconds(1), deadline - .now)
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            // Each wait for a lock within what is left of the wait: a lock_timeout, not a
            // statement_timeout, so that a statement that waits for nobody is never cut off
            // (a statement timeout of what was left, a millisecond at worst, failed when
            // nobody held the schools).
            // The statement as a whole within the wait and a margin: lock_timeout bounds each
            // wait for a lock, and one statement may wait for several schools in turn.
            try link.run(["SET LOCAL lock_timeout = \(max(1, milliseconds))",
                          "SET LOCAL statement_timeout = \(max(1, milliseconds) + 10_000)"], "starting")
            let rows: [PostgresRow]
            switch schools {
            case .all:
                rows = try link.query("SELECT owner FROM coach.coach_school ORDER BY owner FOR UPDATE", "waiting for other writers")
            case .only(let ids):
                rows = try link.query("""
                    SELECT owner FROM coach.coach_school WHERE owner = ANY(\(ids)) ORDER BY owner FOR UPDATE
                    """, "waiting for other writers")
            }
            try link.run(["SET LOCAL lock_timeout = 0", "SET LOCAL statement_timeout = 0"], "starting")
            if rows.count == locked { return }
            locked = rows.count
        }
    }

    /// Claims one school with changes no worker has handled, skipping schools another worker
    /// holds; nil when there is none. The copy holds that school; committing it marks the
    /// changes seen at the claim as handled.
    /// `skipping` names schools this worker gave up on (another worker may take them).
    public func claim(skipping: [String] = []) throws(PostgresStoreError) -> (school: String, copy: SharedCopy)? {
        let link = try connect()
        try link.run(["BEGIN"], "starting")
        let rows = try link.query("""
            SELECT owner, changes FROM coach.coach_school
            WHERE owner <> '' AND changes > handled AND NOT owner = ANY(\(skipping)) ORDER BY owner LIMIT 1 FOR UPDATE SKIP LOCKED
            """, "claiming a school")
        guard let (school, changes) = try? rows.first?.decode((String, Int64).self) else {
            try link.run(["ROLLBACK"], "ending")
            return nil
        }
        let copy = try SharedCopy(link: link, schools: .only([school]), writing: true)
        copy.handled = (school, changes)
        return (school, copy)
    }

    /// The schools of the rows of `table` whose `column` is `value` (a teacher's school, a
    /// coach's assigned schools), to copy only those.
    public func schools(of table: String, where column: String, is value: String) throws(PostgresStoreError) -> [String] {
        var binds = PostgresBindings()
        binds.append(value)
        return try connect().query(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT owner FROM \(PostgresSchema.table(table)) WHERE "\(column)" = $1 AND owner <> '' ORDER BY owner
            """, binds: binds), "reading \(table)").compactMap { try? $0.decode(String.self) }
    }

    /// The schools records touch (``Mentions``): those they name, and those of the people,
    /// classes, goals and periods they give or refer to, wherever they are stored. Every school
    /// when a record writes a row all schools share (a kijkwijzer, a new or changed coach) or
    /// names a school the store does not have yet: only a writer of every school adds a school
    /// (see `lock`).
    /// Whose an id is never changes (people do not move between schools), so the answer holds
    /// once the schools are locked; an id another import gives meanwhile is caught when the
    /// copy is written back (see `SharedCopy`).
    package func schools(touchedBy mentions: Mentions) throws(PostgresStoreError) -> Schools {
        if mentions.instrumentsGiven { return .all }
        let link = try connect()
        if !mentions.coachesGiven.isEmpty {
            // A people file names its coaches every time: only a new or changed one is written.
            var binds = PostgresBindings()
            binds.append(mentions.coachesGiven.map(\.id))
            var stored: [String: (name: String, kind: String)] = [:]
            for row in try link.query(PostgresQuery(unsafeSQL: #"SELECT id, name, kind FROM coach."coach" WHERE id = ANY($1)"#, binds: binds),
                                      "reading the coaches") {
                if let (id, name, kind) = try? row.decode((String, String, String).self) { stored[id] = (name, kind) }
            }
            if mentions.coachesGiven.contains(where: { given in
                guard let row = stored[given.id] else { return true }
                return row.name != given.name || given.kind.map { $0 != row.kind } ?? false
            }) {
                return .all
            }
        }
        var schools = mentions.schools
        if !schools.isEmpty {
            var binds = PostgresBindings()
            binds.append(schools.sorted())
            let known = try link.query(PostgresQuery(unsafeSQL: "SELECT owner FROM coach.coach_school WHERE owner = ANY($1)", binds: binds),
                                       "reading the schools").compactMap { try? $0.decode(String.self) }
            if known.count < schools.count { return .all }
        }
        for (table, ids) in mentions.schoolRows.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
            var binds = PostgresBindings()
            binds.append(ids.sorted())
            for row in try link.query(PostgresQuery(unsafeSQL: """
                SELECT DISTINCT owner FROM \(PostgresSchema.table(table)) WHERE id = ANY($1) AND owner <> ''
                """, binds: binds), "reading whose the \(table) rows are") {
                if let owner = try? row.decode(String.self) { schools.insert(owner) }
            }
        }
        return .only(schools.sorted())
    }

    /// Schools whose changes no worker has handled yet, locked by another or not.
    public func unhandledSchools() throws(PostgresStoreError) -> [String] {
        try connect().query("""
            SELECT owner FROM coach.coach_school WHERE owner <> '' AND changes > handled ORDER BY owner
            """, "reading the schools").compactMap { try? $0.decode(String.self) }
    }

    /// Schools with a closed week the engine's rules have not run over yet, looked at without
    /// a lock: the test ``CoachStore`` makes its writers wait on (the cursor past the week's
    /// `week.ended` in the log and in days), for a writer waiting its turn.
    public func schoolsWaitingForRules() throws(PostgresStoreError) -> [String] {
        try connect().query("""
            SELECT DISTINCT w."schoolId" FROM coach."weekEnded" w
            JOIN coach."event" e ON e."seq" = w."eventSeq"
            LEFT JOIN coach."schoolCursor" c ON c."name" = 'engine' AND c."schoolId" = w."schoolId"
            WHERE c."seq" IS NULL OR w."eventSeq" > c."seq" OR c."day" < e."time"
            ORDER BY 1
            """, "reading the closed weeks").compactMap { try? $0.decode(String.self) }
    }

    // MARK: - One school's connection

    /// Counts the rows of `table` that a connection for `school` sees (nil: the engine's own
    /// role, which sees every school).
    public func count(_ table: String, asSchool school: String? = nil) throws(PostgresStoreError) -> Int {
        let rows = try asSchool(school) { link throws(PostgresStoreError) in
            try link.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(PostgresSchema.table(table))"), "counting \(table)")
        }
        return Int((try? rows.first?.decode(Int64.self)) ?? 0)
    }

    /// Counts the rows of `table` whose text, any column, holds `text`: to check that an
    /// erasure left nothing behind.
    package func count(_ table: String, mentioning text: String) throws(PostgresStoreError) -> Int {
        var binds = PostgresBindings()
        binds.append("%" + text.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%")
        let rows = try connect().query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(PostgresSchema.table(table)) t WHERE t::text LIKE $1",
                                                     binds: binds), "counting \(table)")
        return Int((try? rows.first?.decode(Int64.self)) ?? 0)
    }

    /// Runs statements in one transaction on a connection for `school` (nil: the engine's role),
    /// with `coach.` tables in reach by their names: for tools and tests that try what a
    /// school's connection may do.
    public func execute(_ statements: [String], asSchool school: String?) throws(PostgresStoreError) {
        try asSchool(school) { link throws(PostgresStoreError) in
            try link.run(statements, "running \(statements.count) statements as \(school ?? "the engine")")
        }
    }

    /// Runs `body` in a transaction on a connection for one school: as the `coach_school`
    /// role with the school set, so row-level security shows and accepts that school's rows
    /// only.
    func asSchool<T>(_ school: String?, _ body: (Link) throws(PostgresStoreError) -> T) throws(PostgresStoreError) -> T {
        let link = try connect()
        try link.run(["BEGIN", "SET LOCAL search_path TO \(PostgresSchema.namespace)"], "starting")
        if let school {
            try link.run(["SET LOCAL ROLE coach_school"], "taking the school's role")
            try link.query("SELECT set_config('coach.school', \(school), true)", "choosing the school")
        }
        return try link.commit(after: { () throws(PostgresStoreError) in try body(link) })
    }
}
