import CoachCore
import CoachEngine
import CoachPlugins
import CoachPostgres
import CoachStore
import Foundation

/// The shared store on PostgreSQL as every front end opens it: a command works on a copy of
/// the schools (``PostgresStore/copy(_:writing:)``), and what it committed there is written
/// back when it ends (``Workspace/finishShared()``), the same rows a SQLite file would keep.
extension Workspace {
    /// Whether the database given is a PostgreSQL URL rather than a SQLite file.
    public var isShared: Bool { PostgresLocation.isURL(path) }

    /// The database as it may be shown: a file's path, or the URL without its password.
    public var shownPath: String {
        isShared ? ((try? PostgresLocation(url: path)).map(\.description) ?? PostgresLocation.redacted(path)) : path
    }

    /// The copies commands opened, written back (or ended) in the order they were opened.
    private static let copies = Copies()

    /// Whether a command has copies of the shared store not yet written back.
    public static var holdsSharedCopies: Bool { copies.holding }

    /// The attempt of ``Workspace/waitingForRules(refused:onWait:_:)`` running on this task or
    /// thread: the copies it opens are its own, to let go of when it is refused, whatever
    /// else the process has open.
    @TaskLocal static var attempt: UInt64?

    private final class Copies: @unchecked Sendable {
        private let lock = NSLock()
        private var open: [(copy: SharedCopy, attempt: UInt64?)] = []
        private var attempts: UInt64 = 0
        var holding: Bool { lock.withLock { !open.isEmpty } }
        var count: Int { lock.withLock { open.count } }
        func add(_ copy: SharedCopy) { lock.withLock { open.append((copy, Workspace.attempt)) } }
        func take() -> [SharedCopy] { lock.withLock { defer { open = [] }; return open.map(\.copy) } }
        func newAttempt() -> UInt64 { lock.withLock { attempts += 1; return attempts } }
        /// Takes the copies `attempt` opened, leaving the others.
        func take(attempt: UInt64) -> [SharedCopy] {
            lock.withLock {
                defer { open.removeAll { $0.attempt == attempt } }
                return open.filter { $0.attempt == attempt }.map(\.copy)
            }
        }
    }

    func sharedStore() throws(WorkspaceError) -> PostgresStore {
        do { return try PostgresStore(url: path) } catch { throw WorkspaceError(error.description) }
    }

    /// A copy of the schools `role` reads (every school for the administrator, or when the
    /// role's person is not found: the command then says who is unknown), or of those the
    /// records `touching` touch; writing ones wait for other writers of those schools and are
    /// written back by ``finishShared()``.
    func openShared(readOnly: Bool, role: Role?, touching: Mentions? = nil) throws(WorkspaceError) -> CoachStore {
        do {
            let shared = try sharedStore()
            try shared.checkMigrated()
            if let touching {
                // An import of one school's week copies that school, not the whole network (and
                // waits only for writers of the schools it writes). Whose the ids are was asked
                // before the locks: asked again once they are held, a school that came in
                // meanwhile (a pupil another import just gave) is copied too, rather than the
                // pupil called unknown.
                var schools = try shared.schools(touchedBy: touching)
                // Rows every school shares only: nothing to lock, nothing to ask again.
                if schools == .only([]) {
                    let copy = try shared.copy(schools, writing: !readOnly, wait: wait)
                    Self.copies.add(copy)
                    return copy.store
                }
                // One wait for all the tries, as for one copy.
                let deadline = ContinuousClock.now + wait
                func left() -> Duration { max(.zero, deadline - .now) }
                for _ in 0..<3 {
                    let copy = try shared.copy(schools, writing: !readOnly, wait: left())
                    let now = try shared.schools(touchedBy: touching)
                    if case .only(let held) = schools, case .only(let needed) = now, !Set(needed).isSubset(of: held) {
                        copy.abandon()
                        schools = .only(Array(Set(held).union(needed)).sorted())
                        continue
                    }
                    if case .only = schools, now == .all {
                        copy.abandon()
                        schools = .all
                        continue
                    }
                    Self.copies.add(copy)
                    return copy.store
                }
                let copy = try shared.copy(.all, writing: !readOnly, wait: left())
                Self.copies.add(copy)
                return copy.store
            }
            var schools: [String] = []
            switch role {
            case .teacher(let id): schools = try shared.schools(of: "teacher", where: "id", is: id)
            case .coach(let id): schools = try shared.schools(of: "coachAssignment", where: "coachId", is: id)
            case .team(let school): schools = try shared.schools(of: "school", where: "id", is: school)
            case .administrator, nil: break
            }
            let copy = try shared.copy(schools.isEmpty ? .all : .only(schools), writing: !readOnly, wait: wait)
            Self.copies.add(copy)
            return copy.store
        } catch {
            throw WorkspaceError(telling: error)
        }
    }

    /// Writes back what commands committed on their copies of the shared store, as one
    /// transaction each; nil when all went well (or there were none), else what failed.
    /// Front ends call it when a command ends, whether it succeeded or not: a copy keeps what
    /// the command committed, as a SQLite file would.
    public static func finishShared() -> String? {
        var problem: String?
        for copy in copies.take() {
            if problem != nil { copy.abandon(); continue }
            do { try copy.commit() } catch { problem = error.description }
        }
        return problem
    }

    /// How many copies are open, not yet written back.
    static var sharedCopiesOpen: Int { copies.count }

    /// A number for a new attempt (see ``attempt``).
    static func newAttempt() -> UInt64 { copies.newAttempt() }

    /// Lets go of the copies `attempt` opened, writing nothing back: what an attempt that was
    /// refused before it wrote anything held. Copies other work of the process opened stay.
    static func abandonShared(attempt: UInt64) {
        for copy in copies.take(attempt: attempt) { copy.abandon() }
    }

    // MARK: - Ticks

    /// Closes `week` — with `through`, every week up to it not closed yet — on the shared store,
    /// holding every school's lock as a copy of all of them would, but loading one school at a
    /// time: each school copied, its weeks closed and (with `dispatch`) its rules run, and its
    /// rows written back in the one transaction before the next is loaded. The same prompts as
    /// one store (schools are independent; those without closed weeks start with the earliest
    /// school), the same order for writers (they wait for the whole tick), all or nothing; the
    /// memory of one school instead of the network's.
    ///
    /// `checked` is the engine the command loaded and checked (its problems told): the first
    /// school's engine loads the same rules again, quietly, and fails the tick if they came out
    /// otherwise (a folder changed meanwhile); the next schools get that engine's compiled rules
    /// (``Engine/rebound(to:)``), so every school of the tick runs the very same rules.
    public func tickEachSchool(_ week: IsoWeek, through: Bool, dispatch: Bool,
                               checked: Engine) throws(WorkspaceError) -> [Engine.TickReport] {
        let shared = try sharedStore()
        var quiet = self
        quiet.report = { _ in }
        let expected = Self.ruleList(checked)
        let session: SharedSession
        do {
            try shared.checkMigrated()
            session = try shared.session(wait: wait)
        } catch {
            throw WorkspaceError(error, "{error}; nothing was closed", nl: "{error}; er is niets afgesloten")
        }
        var reports: [IsoWeek: Engine.TickReport] = [:]
        do {
            var unstartedFrom: IsoWeek?
            if through {
                unstartedFrom = try session.catchUpDays().values
                    .compactMap { Engine.catchUpStart(closedThrough: $0.closedThrough, firstEvent: $0.firstEvent)?.week }.min()
            }
            // The rules are compiled for the first school and handed on to the next (per-school
            // compiling was a tenth of a tick: docs/performance-log.md, session 34).
            var previous: Engine?
            for school in session.schools {
                do {
                    let copy = try session.copy(of: school)
                    let engine: Engine
                    if let previous {
                        engine = previous.rebound(to: copy.store)
                    } else {
                        let set = quiet.loadPlugins(copy.store)
                        (engine, _) = Engine.load(store: copy.store, ruleDirectories: ruleDirectories(copy.store), ruleFiles: set.ruleFiles,
                                                  configuration: checked.configuration, catalogue: catalogue)
                        guard !engine.rules.isEmpty, Self.ruleList(engine) == expected else {
                            throw WorkspaceError(Phrase("its rules did not load as the tick's did (the rules or plugins folder changed while it ran)",
                                                        nl: "de regels werden er anders geladen dan bij het begin van de tick (de map met regels "
                                                        + "of plugins veranderde terwijl hij liep)"))
                        }
                    }
                    previous = engine
                    let ticked = through ? try engine.tick(through: week, dispatch: dispatch, unstartedFrom: unstartedFrom)
                        : [try engine.tick(week: week, dispatch: dispatch)]
                    try copy.commit()
                    for report in ticked { reports[report.week, default: Engine.TickReport(week: report.week)].merge(report) }
                } catch {
                    throw WorkspaceError(error, "school \(school): {error}", nl: "school \(school): {error}")
                }
            }
        } catch {
            session.abandon()
            throw WorkspaceError(error, "{error}; nothing was closed", nl: "{error}; er is niets afgesloten")
        }
        do {
            try session.commit()
        } catch {
            // A connection lost while committing leaves it unknown whether the server kept it.
            throw WorkspaceError(error, "{error}; the tick may not have been kept: run it again (closing a week again adds nothing)",
                                 nl: "{error}; de tick is misschien niet bewaard: voer hem opnieuw uit (een week opnieuw afsluiten voegt "
                                 + "niets toe)")
        }
        return reports.isEmpty ? [Engine.TickReport(week: week)] : reports.keys.sorted().compactMap { reports[$0] }
    }

    // MARK: - Workers

    /// What a worker did.
    public struct WorkReport: Sendable {
        /// Schools claimed and written back, in order (a school may come more than once).
        public var schools: [String] = []
        public var dispatch = DispatchReport()
    }

    /// How long a running worker leaves a school alone after its write-back failed `times`
    /// times in a row: 30 s, doubling, at most half an hour.
    static func pause(afterFailures times: Int) -> Duration {
        .seconds(min(1_800, 30 << min(max(times - 1, 0), 6)))
    }

    /// Dispatches the shared store's events school by school, sharing the schools with other
    /// workers: each claims a school no other holds, runs its due events through the rules
    /// and writes the prompts, rule state and cursor back in one transaction. With `once`, it
    /// stops when no school has unhandled changes (waiting for schools another worker holds);
    /// otherwise it keeps polling every `poll`. `told` hears each school written back;
    /// `failed` hears a school this worker gave up on (the others go on; with `once`, the
    /// worker then fails naming them).
    public func work(once: Bool, poll: Duration = .seconds(1), told: (String, DispatchReport) -> Void = { _, _ in },
                     failed: (String) -> Void = { _ in }) throws(WorkspaceError) -> WorkReport {
        let shared = try sharedStore()
        do { try shared.checkMigrated() } catch { throw WorkspaceError(error.description) }
        // Read from the first school's copy, which holds the folders `coach init` recorded.
        var plugins: PluginSet?
        // The rules compiled for an earlier claim, handed on to the next (see tickEachSchool)
        // while the team's rules and configuration are those they were compiled with: a worker
        // runs for weeks, and `coach init` may change either meanwhile.
        var compiled: Engine?
        var report = WorkReport()
        // A school whose write-back failed (a server restart, a connection cut): with `once`
        // the run fails naming it; a worker that keeps running tries it again after a pause
        // that doubles with each failure (up to half an hour), instead of never again.
        var givenUp: [String: (at: ContinuousClock.Instant, times: Int)] = [:]
        func resting() -> [String] {
            givenUp.filter { _, last in
                once || ContinuousClock.now - last.at < Self.pause(afterFailures: last.times)
            }.keys.sorted()
        }
        while true {
            let claimed: (school: String, copy: SharedCopy)?
            do { claimed = try shared.claim(skipping: resting()) } catch { throw WorkspaceError(error.description) }
            if let (school, copy) = claimed {
                let loaded: Engine
                do {
                    // As a tick: a folder that is not there would use the events up without
                    // the rules or plugins in it.
                    if let missing = missingRuleFolder(copy.store) ?? missingPluginFolder(copy.store) {
                        throw WorkspaceError(Phrase("the folder \(missing) is not there: nothing was dispatched (give --rules and --plugins, "
                                                    + "or run 'coach init' where they are)",
                                                    nl: "de map \(missing) bestaat niet: er is niets verwerkt (geef --rules en --plugins, "
                                                    + "of voer 'coach init' uit waar ze staan)"))
                    }
                    let engine: Engine, broken: Bool
                    if let kept = compiled, let recorded = try? copy.store.setting(Self.sharedRulesKey), recorded == Self.ruleList(kept),
                       let now = try? configuration(copy.store), now.teamSettings == kept.configuration.teamSettings {
                        (engine, broken) = (kept.rebound(to: copy.store), false)
                    } else {
                        compiled = nil
                        let set = plugins ?? loadPlugins(copy.store)
                        plugins = set
                        (engine, broken) = try self.engine(copy.store, plugins: set)
                    }
                    // The rules `coach init` loaded, in the same versions: another set here would
                    // make a school's prompts depend on which worker took it.
                    if let recorded = try? copy.store.setting(Self.sharedRulesKey), recorded != Self.ruleList(engine) {
                        let here = Set(Self.ruleList(engine).split(separator: "\n")), there = Set(recorded.split(separator: "\n"))
                        let differ = here.symmetricDifference(there).map { String($0.split(separator: "@")[0]) }
                        let named = Set(differ).sorted().joined(separator: ", ")
                        throw WorkspaceError(Phrase("the rules here are not the ones 'coach init' loaded for the shared store (they differ in "
                                                    + named + "): nothing was dispatched (run 'coach init' with the team's rules, or give "
                                                    + "--rules and --plugins)",
                                                    nl: "de regels hier zijn niet die welke 'coach init' voor de gedeelde databank laadde (ze "
                                                    + "verschillen in " + named + "): er is niets verwerkt (voer 'coach init' uit met de "
                                                    + "regels van het team, of geef --rules en --plugins)"))
                    }
                    // Events handed to an incomplete set of rules would be used up without
                    // their prompts: the worker stops, and the school waits for one that works.
                    guard !broken, !engine.rules.isEmpty else {
                        copy.abandon()
                        throw WorkspaceError(Phrase("the rules did not all load (see above; --rules, --plugins or the folders 'coach init' "
                                                    + "recorded): nothing was dispatched",
                                                    nl: "niet alle regels zijn geladen (zie hierboven; --rules, --plugins of de mappen die "
                                                    + "'coach init' bewaarde): er is niets verwerkt"))
                    }
                    loaded = engine
                    compiled = engine
                } catch let error as WorkspaceError {
                    copy.abandon()
                    throw error
                } catch {
                    copy.abandon()
                    throw WorkspaceError("school \(school): \(error)")
                }
                do {
                    let engine = loaded
                    let part = try engine.dispatch()
                    try copy.commit()
                    report.schools.append(school)
                    givenUp[school] = nil
                    report.dispatch.merge(part)
                    told(school, part)
                } catch {
                    copy.abandon()
                    givenUp[school] = (ContinuousClock.now, (givenUp[school]?.times ?? 0) + 1)
                    failed("school \(school): \(error)")
                }
                continue
            }
            let waiting: [String]
            do { waiting = try shared.unhandledSchools().filter { !resting().contains($0) } } catch {
                throw WorkspaceError(error.description)
            }
            if once && waiting.isEmpty {
                if !givenUp.isEmpty {
                    let schools = givenUp.keys.sorted().joined(separator: ", ")
                    throw WorkspaceError(Phrase("gave up on \(schools) (see above); the other schools are done",
                                                nl: "niet gelukt voor \(schools) (zie hierboven); de andere scholen zijn klaar"))
                }
                return report
            }
            Thread.sleep(forTimeInterval: once ? 0.2 : Double(poll.components.seconds) + Double(poll.components.attoseconds) / 1e18)
        }
    }
}
