import CoachCore
import Foundation
import GRDB

/// Why the store refused or failed, in one line a person can act on.
public enum StoreError: Error, Sendable, CustomStringConvertible, ReadableError {
    /// The batch was refused; nothing was written. Every issue is listed.
    case invalid(ValidationError)
    case cannotOpen(path: String, reason: String)
    /// Another process holds the database.
    case busy(path: String)
    case notFound(String)
    case corrupt(String)
    /// An unexpected database failure (the SQL is named; the values never are).
    case database(String)
    /// Records for a school whose closed week its rules have not run over yet; nothing was
    /// written. Had they landed, the rules of that week would see them or not depending on
    /// whether a tick or worker got there first.
    case weekNotRun(school: String, week: String)
    /// Not done, for the reason given (nothing was changed).
    case refused(String)

    /// What a reader of `language` is told: the description, in Dutch where it is one a
    /// school's own people meet in ordinary use (a record refused, a week whose rules have not
    /// run yet).
    public func text(_ language: Language) -> String {
        if case .invalid(let error) = self { return error.text(language) }
        guard language == .nl else { return description }
        switch self {
        case .notFound(let what):
            // "prompt 12", "pupil 'p9'", "goal 'x' (in the school of teacher 't1')".
            let name = what.prefix { $0 != " " }
            return RecordNames.dutch(String(name)) + what.dropFirst(name.count)
                .replacingOccurrences(of: " (in the school of teacher ", with: " (in de school van leerkracht ") + " is niet bekend"
        case .busy(let path):
            return "de databank \(path) bleef langer in gebruik door een ander proces dan dit commando wacht; probeer het opnieuw "
                + "als dat proces klaar is, of laat een commando dat schrijft langer wachten met --wait SECONDEN"
        case .cannotOpen(let path, let reason):
            return "kan de databank \(path) niet openen: \(reason)"
        default: break
        }
        guard case .weekNotRun(let school, let week) = self else { return description }
        return "school \(school): week \(week) is afgesloten, maar de regels zijn voor die week nog niet gelopen, dus er is niets "
            + "gewijzigd; voer 'coach tick --week \(week)' uit (of wacht tot een lopende tick of, op PostgreSQL, 'coach worker' die "
            + "week verwerkt heeft) en probeer het opnieuw"
    }

    /// Whether this is ``weekNotRun(school:week:)``: the writer may try again once the rules ran.
    public var isWeekNotRun: Bool { waitingSchool != nil }

    /// The school whose closed week the writer waits for, with ``weekNotRun(school:week:)``.
    public var waitingSchool: String? {
        if case .weekNotRun(let school, _) = self { school } else { nil }
    }

    public var description: String {
        switch self {
        case .invalid(let error): return error.description
        case .cannotOpen(let path, let reason): return "cannot open the database \(path): \(reason)"
        case .busy(let path): return "the database \(path) stayed in use by another process longer than this command waits; "
            + "try again when that process is done, or give a command that writes a longer --wait SECONDS"
        case .notFound(let what): return "\(what) is not known"
        case .corrupt(let what): return "the database holds a value this version cannot read: \(what)"
        case .database(let what): return "database error: \(what)"
        case .refused(let why): return why
        case .weekNotRun(let school, let week): return "school \(school): week \(week) is closed but its rules have not run "
            + "for it yet, so nothing was changed; run 'coach tick --week \(week)' (or wait until a running tick or, on PostgreSQL, "
            + "'coach worker' has handled that week) and try again"
        }
    }
}

/// One record to write, of any kind.
public enum NewRecord: Sendable, Hashable {
    case school(School)
    case teacher(Teacher)
    case coach(Coach)
    case coachAssignment(CoachAssignment)
    case schoolClass(SchoolClass)
    case classTeacher(ClassTeacher)
    case pupil(Pupil)
    case goal(LearningGoal)
    case period(Period)
    case instrument(Instrument)
    case observation(Observation)
    case learningWalk(LearningWalk)
    case feedback(FeedbackRecord)
    case placement(Placement)
    case result(LearningResult)
    case centralResult(CentralResult)

    var record: any ValidatableRecord {
        switch self {
        case .school(let r): return r
        case .teacher(let r): return r
        case .coach(let r): return r
        case .coachAssignment(let r): return r
        case .schoolClass(let r): return r
        case .classTeacher(let r): return r
        case .pupil(let r): return r
        case .goal(let r): return r
        case .period(let r): return r
        case .instrument(let r): return r
        case .observation(let r): return r
        case .learningWalk(let r): return r
        case .feedback(let r): return r
        case .placement(let r): return r
        case .result(let r): return r
        case .centralResult(let r): return r
        }
    }

    /// How messages refer to it: its own id if it has one, else its place in the batch.
    func reference(position: Int) -> String {
        switch self {
        case .school(let r): return r.id
        case .teacher(let r): return r.id
        case .coach(let r): return r.id
        case .schoolClass(let r): return r.id
        case .pupil(let r): return r.id
        case .goal(let r): return r.id
        case .period(let r): return r.id
        case .instrument(let r): return "\(r.id) \(r.version)"
        case .observation(let r): return r.id.map(String.init) ?? "#\(position + 1)"
        case .learningWalk(let r): return r.id.map(String.init) ?? "#\(position + 1)"
        case .feedback(let r): return r.id.map(String.init) ?? "#\(position + 1)"
        case .placement(let r): return r.id.map(String.init) ?? "#\(position + 1)"
        case .result(let r): return r.id.map(String.init) ?? "#\(position + 1)"
        case .centralResult(let r): return "\(r.schoolId) \(r.year) \(r.grade) \(r.domain)"
        case .coachAssignment, .classTeacher: return "#\(position + 1)"
        }
    }

    var recordName: String { type(of: record).recordName }
}

/// The connection each thread's `reading` block pinned: dispatch workers on several threads
/// each read their own snapshot.
final class PinnedReader: @unchecked Sendable {
    private let lock = NSLock()
    private var pinned: [ObjectIdentifier: Database] = [:]

    func set(_ db: Database?) {
        let thread = ObjectIdentifier(Thread.current)
        lock.lock()
        pinned[thread] = db
        lock.unlock()
    }

    func current() -> Database? {
        let thread = ObjectIdentifier(Thread.current)
        lock.lock()
        defer { lock.unlock() }
        return pinned[thread]
    }
}

/// SQLite's busy handler: sleeps a little between tries, tells once that it waits, gives up
/// after the limit. Called on the thread that holds the connection.
final class BusyWait: @unchecked Sendable {
    private let limit: Duration
    private let onWait: (@Sendable () -> Void)?
    private let lock = NSLock()
    private var started: ContinuousClock.Instant?
    private var told = false

    init(limit: Duration, onWait: (@Sendable () -> Void)?) {
        self.limit = limit
        self.onWait = onWait
    }

    func shouldRetry(tries: Int) -> Bool {
        let now = ContinuousClock.now
        lock.lock()
        if tries == 0 || started == nil { started = now; told = false }
        let waited = now - started!
        let tell = !told && waited >= .seconds(1)
        if tell { told = true }
        lock.unlock()
        if tell { onWait?() }
        guard waited < limit else { return false }
        // Short sleeps first, so a brief overlap costs little; then at most 50 ms apart.
        usleep(UInt32(min(50_000, 1_000 * (tries + 1))))
        return true
    }
}

/// A record as an import hands it: with the key of its row (an id the export has, or its
/// content and place among identical rows) and a digest of its content.
public struct KeyedRecord: Sendable {
    public var record: NewRecord
    public var key: String?
    public var digest: String?
    /// For a person given again: the fields its row left out (no column, or an empty cell),
    /// which keep what is stored rather than being reset (`language`, `kind`, `level`, `grade`,
    /// `alias`, `subject`, `follows`, `successCriteria`).
    public var keeps: Set<String> = []

    public init(_ record: NewRecord, key: String? = nil, digest: String? = nil) {
        self.record = record
        self.key = key
        self.digest = digest
    }
}

extension NewRecord {
    /// The table of an imported record that keeps its import key.
    var table: String? {
        switch self {
        case .observation: return "observation"
        case .feedback: return "feedback"
        case .placement: return "placement"
        case .result: return "result"
        case .learningWalk: return "learningWalk"
        case .centralResult: return "centralResult"
        default: return nil
        }
    }
}

/// What a write did.
public struct WriteResult: Sendable, Hashable {
    /// The id of each record, in the order given (new ids for observations, feedback, ...).
    public var ids: [String]
    /// The events appended, in order.
    public var events: [Int64]
}

/// The engine's store: records, their validation, and the event log, in one SQLite file
/// (or in memory, for tests). Every write is one transaction: all records of a batch and
/// their events, or nothing.
///
/// The rest of the code talks to this type only; a PostgreSQL backend for shared deployments
/// will sit behind the same API and run the same tests.
public final class CoachStore: Sendable {
    let writer: any DatabaseWriter
    /// The read transaction of `reading`, for the thread that opened it.
    let pinned = PinnedReader()
    /// Where the database lives, for messages (`:memory:` in tests).
    public let path: String

    init(writer: any DatabaseWriter, path: String) throws(StoreError) {
        self.writer = writer
        self.path = path
        do {
            // Only a store that needs a migration waits for the write lock: a reader opening
            // the store while an import runs must not wait for it (WAL).
            let migrator = Schema.migrator
            // Read on the writer's connection, without a transaction: it waits for no writer (WAL), and
            // a command that only writes (an import) opens no second connection.
            let (superseded, completed, foreign) = try writer.writeWithoutTransaction { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db),
                 // Tables, but never a migration of ours: another program's database.
                 try !db.tableExists("grdb_migrations")
                    && (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'") ?? 0) > 0)
            }
            if foreign {
                throw StoreError.cannotOpen(path: path, reason: "it is not a coach database (it holds other tables); give another --db")
            }
            // A newer version may have rewritten rows (import keys, v15): writing them the old
            // way would make the same file import twice.
            if superseded {
                throw StoreError.cannotOpen(path: path, reason: "it was migrated by a newer version of coach; use that version")
            }
            if !completed {
                if writer.configuration.readonly {
                    throw StoreError.cannotOpen(path: path, reason: "it was made by an older version; run 'coach init' to update it")
                }
                try migrator.migrate(writer)
            }
            if writer is DatabasePool && !writer.configuration.readonly {
                // The writer keeps statement journals in memory: SQLite's default spills one to
                // a temporary file past 64 KiB, four pages of 16 KiB, and an import then wrote
                // every page it changed twice (docs/performance-log.md, session 15). Only the writer,
                // and only after migrating: a migration's index builds and a reader's sorts may
                // be as large as the store, and stay on disk (as `rewriting` does for its VACUUM).
                try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// The page size of a store file this version creates (stores in memory keep SQLite's).
    package static let pageSize = 16384

    /// Opens (creating or migrating) the database file at `path`, in WAL mode.
    ///
    /// Readers never wait for writers (WAL). A writer that finds another one at work waits its
    /// turn, up to `wait`; `onWait` is told once, after about a second, so that a person sees
    /// why nothing happens yet.
    public static func open(path: String, wait: Duration = .seconds(60), readOnly: Bool = false,
                            onWait: (@Sendable () -> Void)? = nil) throws(StoreError) -> CoachStore {
        var configuration = Configuration()
        // A reader (a digest, an explanation) never waits for a writer: it opens without the
        // write that setting up WAL mode may take, and reads the last committed state.
        configuration.readonly = readOnly
        let waiting = BusyWait(limit: wait, onWait: onWait)
        configuration.busyMode = .callback { tries in waiting.shouldRetry(tries: Int(tries)) }
        configuration.prepareDatabase { db in
            // Nothing personal ends up in logs: no statement tracing is ever installed.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 32 MiB of page cache: the indexes of a school year stay in memory while importing.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // A new store gets 16 KiB pages (SQLite leaves an existing store's size as it is): a
            // week's records land in the leaves of indexes keyed by pupil, teacher or class, and
            // each leaf changed costs two writes; bigger leaves, fewer of them
            // (docs/performance-log.md, session 13).
            try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            return try CoachStore(writer: pool, path: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: path)
        }
    }

    /// A fresh database in memory: for tests and dry runs.
    public static func inMemory() throws(StoreError) -> CoachStore {
        do {
            return try CoachStore(writer: try DatabaseQueue(), path: ":memory:")
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: ":memory:")
        }
    }

    /// The migrations this version knows, oldest first.
    public static var migrations: [String] { Schema.migrator.migrations }

    /// The migrations applied to this database.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in Array(try Schema.migrator.appliedMigrations(db)) }
    }

    // MARK: - Writing

    /// Validates and writes a batch with its events. An invalid batch writes nothing and
    /// throws ``StoreError/invalid(_:)`` with every issue found.
    @discardableResult
    public func write(_ records: [NewRecord]) throws(StoreError) -> WriteResult {
        var issues: [ValidationIssue] = []
        for (position, record) in records.enumerated() {
            for var issue in record.record.issues(reference: record.reference(position: position)) {
                issue.position = position
                issues.append(issue)
            }
        }
        guard issues.isEmpty else { throw .invalid(ValidationError(issues)) }
        do {
            return try writer.write { db in
                var references = try References.load(for: records, in: db)
                for (position, record) in records.enumerated() {
                    issues += try references.check(record, position: position, in: db)
                }
                if !issues.isEmpty { throw ValidationError(issues) }
                var inserter = Inserter(db: db)
                var ids: [String] = []
                ids.reserveCapacity(records.count)
                for (position, record) in records.enumerated() {
                    ids.append(try inserter.insert(record, position: position, references: references))
                }
                return WriteResult(ids: ids, events: inserter.events)
            }
        } catch let error as ValidationError {
            throw .invalid(error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// What ``write(batches:keep:dryRun:rollsBack:)`` did.
    public struct BatchesOutcome: Sendable {
        /// Records given, over all batches.
        public var records = 0
        /// Records written as new.
        public var added = 0
        /// Records that were there already, the same: left as they were.
        public var present = 0
        /// People whose row changed (a name, a class): updated, each with its event.
        public var updated = 0
        /// Pupils given in another class without a `since`, by the day their move counts from
        /// (the first week their school has not closed).
        public var movedFrom: [Day: Int] = [:]
        /// New pupils without a `since` in a school with closed weeks, by the day they count
        /// from (the first week not closed).
        public var arrivedFrom: [Day: Int] = [:]
        /// Pupils the rows said left the school, by the day they left.
        public var leftFrom: [Day: Int] = [:]
        /// Pupils who left, given again without a day: kept away.
        public var keptAway = 0
        /// New pupils who left before the first week not closed yet: not taken in.
        public var goneBefore = 0
        /// Records dated before their school's retention day, by that day: left out.
        public var beforeKept: [Day: Int] = [:]
        /// Events appended (0 when nothing was kept).
        public var events = 0
        /// Every issue, with `position` counted over all batches.
        public var issues: [ValidationIssue] = []
        /// When the write was not kept (a dry run, issues): why it would otherwise have waited
        /// (``StoreError/weekNotRun(school:week:)``).
        public var waiting: StoreError?
    }

    /// Writes `records` in one batch as an import does: people given again are updated where
    /// their row changed (the fields in `keeping` keep what is stored), records already there
    /// are left as they are; all or nothing (see ``write(batches:keep:dryRun:rollsBack:)``).
    /// For a front end that holds records rather than files.
    public func write(importing records: [NewRecord], keeping: Set<String> = []) throws(StoreError) -> BatchesOutcome {
        var handed = false
        return try write(batches: {
            defer { handed = true }
            return handed ? nil : records.map { record in
                var keyed = KeyedRecord(record)
                keyed.keeps = keeping
                return keyed
            }
        })
    }

    /// Writes batches of imported records one after the other in **one** transaction: all of
    /// them or none. Importing the same rows again changes nothing: a record whose key is
    /// stored with the same content is left as it is, one stored with other content is an
    /// issue, and people (schools, teachers, coaches, classes, pupils, goals) already there are
    /// updated where their row changed. Every batch is checked, also after one with issues
    /// (its records without an issue are still written, to be rolled back with the rest, so that
    /// later rows referring to them are not reported as unknown), so that every issue is found
    /// in one go, and only real ones; with issues, or
    /// when `keep` says no at the end (a dry run, a problem the caller found), the transaction
    /// is rolled back. `next` hands the next batch, or nil at the end.
    ///
    /// A school whose closed week still waits for its rules refuses the write at its first
    /// record (``StoreError/weekNotRun(school:week:)``), unless the write will roll back
    /// anyway: with `dryRun` (which rolls back whatever `keep` says), once a batch so far had
    /// issues, or once `rollsBack` (asked before each batch's records are written, and at the
    /// end) says the caller found a problem of its own (a row it could not read; the write is
    /// then rolled back). Then the waiting week is noted in the outcome instead, and everything
    /// is checked. Issues found only in a batch after the refusing school's first record come
    /// after the wait.
    public func write(batches next: () throws -> [KeyedRecord]?, keep: () -> Bool = { true },
                      dryRun: Bool = false, rollsBack: () -> Bool = { false }) throws(StoreError) -> BatchesOutcome {
        struct RollBack: Error { var outcome: BatchesOutcome }
        do {
            return try writer.write { db in
                var outcome = BatchesOutcome()
                var inserter = Inserter(db: db)
                inserter.noteWaiting = dryRun
                // Once the caller says it will roll back, it is held to it (the records are
                // then not refused for a waiting week, so they must never be kept).
                var rollingBack = false
                var memo = References.Memo()
                while var batch = try next() {
                    let offset = outcome.records
                    outcome.records += batch.count
                    let records = batch.map(\.record)
                    var issues: [ValidationIssue] = []
                    for (position, record) in records.enumerated() {
                        for var issue in record.record.issues(reference: record.reference(position: offset + position)) {
                            issue.position = offset + position
                            issues.append(issue)
                        }
                    }
                    var references = try References.load(for: records, in: db, memo: &memo)
                    references.upsertsPeople = true
                    var present = Set<Int>()
                    // The keys of this batch already stored (earlier batches of this import
                    // are visible too: same transaction), one query per table and 500 keys.
                    var keys = try Self.storedDigests(for: batch, in: db)
                    // A file given again after a retention run: what it removed stays out, counted,
                    // before any check (what such a record names may be gone with it).
                    var leftOut = Set<Int>()
                    for (position, given) in batch.enumerated() {
                        var keyed = given
                        // A pupil who came into a class before the retention day is there from
                        // that day, as far as coach knows now (the days before went).
                        if case .pupil(var pupil) = keyed.record, let since = pupil.since, let kept = references.keptFrom[pupil.schoolId],
                           since < kept {
                            pupil.since = kept
                            keyed.record = .pupil(pupil)
                            batch[position] = keyed
                        }
                        if let kept = try Inserter.keptAfter(keyed.record, references, in: db) {
                            leftOut.insert(position)
                            outcome.beforeKept[kept, default: 0] += 1
                            continue
                        }
                        var found = try references.check(keyed.record, position: position, in: db)
                        if let key = keyed.key {
                            if let stored = keys[key] {
                                if stored == keyed.digest {
                                    present.insert(position)
                                } else {
                                    var collector = IssueCollector(record: keyed.record.recordName,
                                                                   reference: keyed.record.reference(position: position))
                                    collector.add("id", Phrase("was imported before with other values; coach keeps what was "
                                                               + "imported first (change it with a new id, or leave the row as it was)",
                                                               nl: "werd al eerder met andere waarden geïmporteerd; coach bewaart wat het "
                                                               + "eerst geïmporteerd werd (geef een wijziging een nieuwe id, of laat de "
                                                               + "rij zoals ze was)"))
                                    found += collector.issues.withPosition(position)
                                }
                            }
                            keys[key] = .some(keyed.digest)
                        }
                        issues += found.map { issue in
                            var issue = issue
                            issue.position = offset + position
                            return issue
                        }
                    }
                    outcome.issues += issues
                    // After an issue the import will roll back, but the records without one are
                    // still written (in the transaction that rolls back), so that later rows
                    // referring to them are not reported as unknown: only the real issues.
                    let refused = Set(issues.compactMap { $0.position.map { $0 - offset } })
                    // A write that will roll back for its issues is not refused for a closed
                    // week: its issues are what to tell first.
                    rollingBack = rollingBack || rollsBack()
                    inserter.noteWaiting = dryRun || !outcome.issues.isEmpty || rollingBack
                    for (position, keyed) in batch.enumerated() where !refused.contains(position) && !leftOut.contains(position) {
                        do {
                            if present.contains(position) {
                                outcome.present += 1
                            } else if references.existingPeople.contains(position) {
                                if try inserter.update(keyed.record, keeping: keyed.keeps, references: references) { outcome.updated += 1 } else { outcome.present += 1 }
                            } else {
                                _ = try inserter.insert(keyed.record, position: position, references: references,
                                                        key: keyed.key, digest: keyed.digest)
                                if inserter.skipped { continue }
                                if inserter.ignored { outcome.present += 1 } else { outcome.added += 1 }
                            }
                        } catch let invalid as ValidationError {
                            // Found only while writing (a placement before the current one, a pupil
                            // leaving before they came): an issue like the others; nothing more is written.
                            outcome.issues += invalid.issues.map { issue in
                                var issue = issue
                                issue.position = offset + (issue.position ?? position)
                                return issue
                            }
                            break
                        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT && !outcome.issues.isEmpty {
                            // The import rolls back for an issue found before: a record that rests
                            // on a refused one (a pupil of a refused class) cannot be written either,
                            // and says nothing new. (Any other failure — a full disk — is told.)
                            continue
                        }
                    }
                }
                outcome.events = inserter.events.count
                outcome.movedFrom = inserter.movedFrom
                outcome.arrivedFrom = inserter.arrivedFrom
                outcome.leftFrom = inserter.leftFrom
                outcome.keptAway = inserter.keptAway
                outcome.goneBefore = inserter.goneBefore
                outcome.waiting = inserter.waiting
                if !outcome.issues.isEmpty || !keep() || dryRun || rollingBack || rollsBack() {
                    outcome.events = 0
                    throw RollBack(outcome: outcome)
                }
                return outcome
            }
        } catch let rollBack as RollBack {
            return rollBack.outcome
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Import key → stored digest, for the keyed records of a batch that are stored already.
    static func storedDigests(for batch: [KeyedRecord], in db: Database) throws -> [String: String?] {
        var byTable: [String: [String]] = [:]
        for keyed in batch { if let key = keyed.key, let table = keyed.record.table { byTable[table, default: []].append(key) } }
        var found: [String: String?] = [:]
        for (table, keys) in byTable {
            let statement = try db.cachedStatement(sql: "SELECT importKey, importDigest FROM \(table) WHERE importKey IN (\(InList.marks))")
            for chunk in InList.chunks(keys) {
                for row in try Row.fetchAll(statement, arguments: StatementArguments(chunk)) {
                    found[row[0]] = .some(row[1])
                }
            }
        }
        return found
    }

    /// Every issue `write` would report for `records`, without writing anything: for dry runs.
    public func check(_ records: [NewRecord]) throws(StoreError) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for (position, record) in records.enumerated() {
            for var issue in record.record.issues(reference: record.reference(position: position)) {
                issue.position = position
                issues.append(issue)
            }
        }
        guard issues.isEmpty else { return issues }
        return try read { db in
            var references = try References.load(for: records, in: db)
            var found: [ValidationIssue] = []
            for (position, record) in records.enumerated() {
                if let kept = try Inserter.keptAfter(record, references, in: db) {
                    found += Inserter.beforeKept(record, kept, position: position)
                    continue
                }
                found += try references.check(record, position: position, in: db)
            }
            return found
        }
    }

    // MARK: - Reading

    /// Runs `body` with every read of this store, on this thread, in one read transaction: one
    /// snapshot of the school for a batch of rule calls, instead of a transaction per query.
    /// Writes inside `body` are not allowed (they would not be seen by it).
    public func reading<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read { db in
                pinned.set(db)
                defer { pinned.set(nil) }
                return try body()
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            // Inside `reading`, on its thread: the pinned read transaction, not one per query.
            if let pinned = pinned.current() { return try body(pinned) }
            return try writer.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.map(error, path: path)
        }
    }

    static func map(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
            case .SQLITE_CANTOPEN, .SQLITE_NOTADB, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_CORRUPT:
                return .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
            default:
                // The message and the SQL, never the arguments: they may hold pupil data.
                return .database([error.message, error.sql].compactMap { $0 }.joined(separator: " in "))
            }
        }
        return .database(String(describing: error))
    }
}
