import CoachCore
import Foundation
import CoachStore
import LuaSandbox

/// Dispatch: every school's events, in the order they happened, to the rules that listen.
///
/// A rule sees the school as it was on the event's day, so the order in which records arrive
/// must not change what it says. Three things keep it so:
/// - dated events wait until their week is closed, then run by day (and as logged within a
///   day), never an event of a later week before one of an earlier week;
/// - untimed events (people, classes) and late arrivals (records dated in a week already
///   handled) run first, in log order;
/// - a finding already prompted in an earlier week is not prompted again while nothing new
///   supports it (see ``FindingMemory``).
extension Engine {
    /// Hands each school's due events to the rules and stores their prompts with the school's
    /// new cursor position, a transaction per batch of whole days.
    ///
    /// - Parameter through: the last day to handle; by default each school's newest closed
    ///   week's Sunday (events of weeks not yet closed wait).
    /// Schools are independent (each its own events, rule state, rule health and prompts), so
    /// with several schools they are dispatched side by side, one worker per core up to
    /// `dispatchWorkers`, each with its own copy of the rules: the same prompts as one by one.
    @discardableResult
    public func dispatch(through: Day? = nil) throws(StoreError) -> DispatchReport {
        let schools = try store.schools()
        // Once a copy of the rules would not load, no more are tried: the copies there are.
        let workers = min(configuration.dispatchWorkers, schools.count, replicaFailed ? replicas.count + 1 : .max)
        if workers <= 1 { return try dispatch(schools, through: through) }
        // A worker without an engine yet makes its own on its core (loading the rules again).
        // Each worker takes the next school no one has taken, so the one making its copy, or
        // the one with a large school, does not hold the others up.
        let made: [Engine?] = (1..<workers).map { $0 <= replicas.count ? replicas[$0 - 1] : nil }
        // Each worker's engine, handed to the worker that alone uses it.
        let given = ([self] + made).map { Ran(engine: $0, outcome: nil) }
        let queue = SchoolQueue(schools)
        let recipe = recipe
        let ran = mapSideBySide(workers) { worker -> Ran in
            // Without a copy of the rules, this worker takes no school.
            guard let engine = given[worker].engine ?? recipe.make() else { return Ran(engine: nil, outcome: nil) }
            do throws(StoreError) {
                let next = { queue.take(preferring: engine.queryCache.keptSchools) }
                return Ran(engine: engine, outcome: .success(try engine.dispatch(next: next, through: through)))
            } catch {
                return Ran(engine: engine, outcome: .failure(error))
            }
        }
        // Every copy made is kept, and what its rules cost counted, whatever else happened.
        for index in 1..<workers {
            if let engine = ran[index].engine {
                if index > replicas.count { replicas.append(engine) }
                takeCosts(of: engine)
            } else if !replicaFailed {
                // Its worker took no school: the others ran them all.
                replicaFailed = true
                logger.warning("a copy of the rules for another core did not load; the schools ran on the cores that have one")
            }
        }
        var report = DispatchReport()
        for outcome in ran.compactMap(\.outcome) {
            switch outcome {
            case .success(let part): report.merge(part)
            case .failure(let error): throw error
            }
        }
        report.failures.sort { ($0.school, $0.eventSeq) < ($1.school, $1.eventSeq) }
        return report
    }

    /// What one worker did: its engine (nil if its copy of the rules would not load) and its
    /// schools' report.
    private struct Ran: @unchecked Sendable {
        // @unchecked: the engine is used by its worker alone, and read after all have finished.
        var engine: Engine?
        var outcome: Result<DispatchReport, StoreError>?
    }

    /// The schools no worker has taken yet.
    final class SchoolQueue: @unchecked Sendable {
        // @unchecked: `taken` and `next` only change with the lock held.
        private let lock = NSLock()
        private let schools: [School]
        private var taken: [Bool]
        /// No school before it is left.
        private var next = 0

        init(_ schools: [School]) {
            self.schools = schools
            taken = Array(repeating: false, count: schools.count)
        }

        /// A school no worker has taken yet, if any: one of `kept` first (the schools whose
        /// records the worker keeps from its last dispatch: a catch-up dispatches week after
        /// week), else the next one in order.
        func take(preferring kept: Set<String>) -> School? {
            lock.withLock {
                if !kept.isEmpty, let i = schools.indices.dropFirst(next).first(where: { !taken[$0] && kept.contains(schools[$0].id) }) {
                    taken[i] = true
                    return schools[i]
                }
                while next < schools.count, taken[next] { next += 1 }
                guard next < schools.count else { return nil }
                taken[next] = true
                return schools[next]
            }
        }
    }

    /// The schools, one after the other.
    func dispatch(_ schools: [School], through: Day?) throws(StoreError) -> DispatchReport {
        var remaining = schools[...]
        return try dispatch(next: { remaining.popFirst() }, through: through)
    }

    /// The schools `next` hands out, one after the other, until it hands out none.
    func dispatch(next: () -> School?, through: Day?) throws(StoreError) -> DispatchReport {
        let run = DispatchRun(engine: self)
        while let school = next() {
            var horizon = through
            if horizon == nil { horizon = try store.closedThrough(school: school.id) }
            try run.dispatch(school: school, through: horizon)
        }
        return run.report
    }

    /// What `coach tick` did.
    public struct TickReport: Sendable {
        public var week: IsoWeek
        /// Schools whose week was closed before this tick.
        public var alreadyClosed: [String] = []
        /// Schools whose newest closed week is later than `week`.
        public var olderThanClosed: [String: IsoWeek] = [:]
        public var dispatch = DispatchReport()

        public init(week: IsoWeek) { self.week = week }

        /// Adds what the same week's tick did in other schools.
        package mutating func merge(_ other: TickReport) {
            alreadyClosed = (alreadyClosed + other.alreadyClosed).sorted()
            olderThanClosed.merge(other.olderThanClosed) { mine, _ in mine }
            dispatch.merge(other.dispatch)
        }
    }

    /// Closes a week for every school (appends `week.ended` once per week) and dispatches
    /// everything due — unless `dispatch` is false: then workers do (see `coach worker`).
    @discardableResult
    public func tick(week: IsoWeek, dispatch: Bool = true) throws(StoreError) -> TickReport {
        try tick(week: week, dispatch: dispatch, only: nil)
    }

    /// ``tick(week:dispatch:)`` for the schools of `only` (all when nil).
    func tick(week: IsoWeek, dispatch: Bool, only: Set<String>?) throws(StoreError) -> TickReport {
        var report = TickReport(week: week)
        var closing: [String] = []
        for school in try store.schools() where only?.contains(school.id) ?? true {
            if let closed = try store.closedThrough(school: school.id) {
                if try store.weekClosed(week, school: school.id) { report.alreadyClosed.append(school.id) }
                else if closed > week.sunday { report.olderThanClosed[school.id] = closed.isoWeek }
            }
            closing.append(school.id)
        }
        try store.endWeek(week, schools: closing)
        if dispatch { report.dispatch = try self.dispatch() }
        return report
    }

    /// Where a week stands for a school: closed or not, and how many of its events the rules
    /// have run over.
    public struct WeekStatus: Sendable, Hashable {
        public var school: String
        public var week: IsoWeek
        public var closed: Bool
        public var events: Int
        public var handled: Int
        /// Closed, and the rules ran over every event of the week.
        public var complete: Bool { closed && handled == events }
    }

    /// The state of `week` in each school (or the ones given).
    public func weekStatus(_ week: IsoWeek, schools: [String]? = nil) throws(StoreError) -> [WeekStatus] {
        var ids = schools ?? []
        if schools == nil { ids = try store.schools().map(\.id) }
        var out: [WeekStatus] = []
        for id in ids {
            let counts = try store.eventCounts(school: id, from: week.monday, to: week.sunday, cursor: configuration.cursor)
            out.append(WeekStatus(school: id, week: week, closed: try store.weekClosed(week, school: id), events: counts.all,
                                  handled: counts.all - counts.unhandled))
        }
        return out
    }

    /// Closes every week from the one after the last closed week (or, in a store where no week
    /// was ever closed, the week of the first dated event) up to `last`, one after the other —
    /// the same prompts as ticking each week in turn — and returns one report per week closed.
    /// With every week through `last` closed already, it ticks `last` again: that closes
    /// nothing and runs what waited (records that came late), as one report.
    public func tick(through last: IsoWeek, dispatch: Bool = true) throws(StoreError) -> [TickReport] {
        try tick(through: last, dispatch: dispatch, unstartedFrom: nil)
    }

    /// Where a school's catch-up starts: the week after its closed weeks (`started`), else the
    /// week of its first dated event; nil for a school with neither.
    public static func catchUpStart(closedThrough: Day?, firstEvent: Day?) -> (week: IsoWeek, started: Bool)? {
        if let closedThrough { return (closedThrough.adding(days: 1).isoWeek, true) }
        return firstEvent.map { ($0.isoWeek, false) }
    }

    /// ``tick(through:dispatch:)`` on a store that holds some of the schools: the schools without
    /// closed weeks start at `unstartedFrom` (the earliest start of all schools, as when all are
    /// ticked together) instead of the earliest start of these.
    public func tick(through last: IsoWeek, dispatch: Bool = true, unstartedFrom: IsoWeek?) throws(StoreError) -> [TickReport] {
        // A school with closed weeks goes on from the week after them: one that came later with
        // older records never drags it back (those weeks' week.ended would run after its newer
        // weeks, as late events). The others start together at the earliest week, as they
        // would ticked week by week.
        var starts: [String: IsoWeek] = [:]
        var candidates: [IsoWeek] = []
        var unstarted: [String] = []
        for school in try store.schools() {
            let start = Self.catchUpStart(closedThrough: try store.closedThrough(school: school.id),
                                          firstEvent: try store.firstEventDay(school: school.id))
            if let start { candidates.append(start.week) }
            if let start, start.started { starts[school.id] = start.week } else { unstarted.append(school.id) }
        }
        let from = unstartedFrom ?? candidates.min() ?? last
        for school in unstarted { starts[school] = from }
        var reports: [TickReport] = []
        var week = min(from, candidates.min() ?? from)
        while week <= last {
            let due = Set(starts.filter { $0.value <= week }.keys)
            reports.append(try tick(week: week, dispatch: dispatch, only: due))
            week = week.sunday.adding(days: 1).isoWeek
        }
        return reports.isEmpty ? [try tick(week: last, dispatch: dispatch, only: nil)] : reports
    }

    /// Every rule's health in `school`, a fresh one for rules that never failed there.
    func loadHealth(school: String) throws(StoreError) -> [String: RuleHealth] {
        var health: [String: RuleHealth] = [:]
        for stored in try store.ruleHealth(school: school) { health[stored.ruleId] = stored }
        for rule in rules where health[rule.definition.id] == nil {
            health[rule.definition.id] = RuleHealth(ruleId: rule.definition.id, schoolId: school, failures: 0, quarantined: false)
        }
        return health
    }
}

/// One dispatch: the rules' health in the school at hand as it changes, what has been
/// prompted, the report.
final class DispatchRun {
    let engine: Engine
    var health: [String: RuleHealth] = [:]
    /// The store's erasure number when ``health`` was read.
    var erasures: Int64 = 0
    var report = DispatchReport()
    let memory: FindingMemory
    /// Which rules listen to which event kind.
    let listeners: [EventKind: [LoadedRule]]
    /// The kinds some rule listens to: only their events are read.
    let listenedKinds: Set<EventKind>

    init(engine: Engine) {
        self.engine = engine
        memory = FindingMemory(store: engine.store)
        var listeners: [EventKind: [LoadedRule]] = [:]
        for rule in engine.rules {
            for kind in rule.definition.events { listeners[kind, default: []].append(rule) }
        }
        self.listeners = listeners
        listenedKinds = Set(listeners.keys)
    }

    func dispatch(school: School, through horizon: Day?) throws(StoreError) {
        erasures = try engine.store.erasures()
        health = try engine.loadHealth(school: school.id)
        engine.queryCache.through = horizon
        defer { engine.queryCache.through = nil }
        let store = engine.store, name = engine.configuration.cursor, batch = engine.configuration.eventsPerCommit
        var position = try store.schoolCursor(name, school: school.id)
        let upTo = try store.lastEventSeq(school: school.id)
        // Every event passed over counts as handled, but only the kinds some rule listens to
        // are read: the rest of the log (most of it: records no rule is told of) stays in SQLite.
        report.events += try store.pendingEventCount(school: school.id, after: position, through: horizon, upTo: upTo)
        // Untimed events and late arrivals first, in log order. A batch that an erasure
        // overtook is read again from where it started (its pupil's events are gone).
        while true {
            let seen = try noticeErasures(school: school)
            let events = try store.lateEvents(school: school.id, after: position, upTo: upTo, limit: batch, kinds: listenedKinds)
            engine.afterEventsRead?()
            guard let last = events.last else { break }
            var next = position
            next.seq = last.seq
            if try handle(events, school: school, position: next, erasures: seen) { position = next }
        }
        position.seq = max(position.seq, upTo)
        // Then, by day, everything dated up to the horizon.
        if let horizon, position.day.map({ $0 < horizon }) ?? true {
            while true {
                let seen = try noticeErasures(school: school)
                let events = try store.dueEvents(school: school.id, after: position.day, through: horizon, upTo: upTo,
                                                 limit: batch, kinds: listenedKinds)
                engine.afterEventsRead?()
                guard let last = events.last else { break }
                var next = position
                next.day = last.time
                if try handle(events, school: school, position: next, erasures: seen) { position = next }
            }
            // Every event dated up to the horizon and logged up to `upTo` has been passed over,
            // heard or not: the cursor stands at the newest one's day, as if each had been read.
            // Not at the horizon itself: events logged later and dated before the cursor's day
            // are late (run at once, in log order), and a horizon far ahead would make the
            // records of weeks not closed yet late.
            if let newest = try store.newestEventDay(school: school.id, through: horizon, upTo: upTo),
               position.day.map({ $0 < newest }) ?? true {
                position.day = newest
            }
        }
        if position != (try store.schoolCursor(name, school: school.id)) {
            _ = try store.commit(DispatchCommit(cursor: name, school: school.id, position: position, prompts: [], states: [],
                                                health: []))
        }
    }

    /// The store's erasure number (``CoachStore/erasures()``), read before a batch's events:
    /// when it moved since the school's rule health was read, that health is read again (an
    /// erasure scrubs a pupil out of a rule's last error, which the health kept in memory would
    /// write back) and what this run prompted is forgotten (it is all in the store, but for what
    /// the erasure took out).
    func noticeErasures(school: School) throws(StoreError) -> Int64 {
        let now = try engine.store.erasures()
        if now != erasures {
            erasures = now
            health = try engine.loadHealth(school: school.id)
            memory.forget()
        }
        return now
    }

    /// Runs the events of one batch and commits their outcome with `position`. Returns false,
    /// as if the batch had not run, when an erasure or a retention run came after `erasures`
    /// was read (before the batch's events): then nothing was written, and the caller reads the
    /// batch again (without what was erased).
    func handle(_ events: [Event], school: School, position: SchoolCursor, erasures seen: Int64) throws(StoreError) -> Bool {
        for rule in engine.rules { rule.context.pendingState = [:] }
        defer { for rule in engine.rules { rule.context.pendingState = [:] } }
        let reportBefore = report
        memory.begin()
        // Every query of the batch's rule calls reads one snapshot (one read transaction);
        // the outcome is written after it, in the batch's own transaction.
        var outcome = BatchOutcome()
        try engine.store.reading { try self.runBatch(events, school: school, into: &outcome) }
        engine.beforeCommit?()
        let written = try engine.store.commit(DispatchCommit(cursor: engine.configuration.cursor, school: school.id, position: position,
                                                             prompts: outcome.prompts, states: outcome.states,
                                                             health: outcome.ran.sorted().compactMap { health[$0] },
                                                             erasuresSeen: seen))
        guard written else {
            // The health is read again before the batch runs again (``noticeErasures``).
            report = reportBefore
            memory.rollBack()
            return false
        }
        memory.end()
        report.prompts += outcome.prompts.count
        engine.afterCommit?()
        return true
    }

    struct BatchOutcome {
        var prompts: [Prompt] = []
        var states: [RuleState] = []
        var ran = Set<String>()
    }

    func runBatch(_ events: [Event], school: School, into outcome: inout BatchOutcome) throws(StoreError) {
        var prompts: [Prompt] = []
        var states: [RuleState] = []
        var ran = Set<String>()
        defer { outcome = BatchOutcome(prompts: prompts, states: states, ran: ran) }
        engine.queryCache.begin()
        defer { engine.queryCache.end() }
        for event in events {
            for rule in listeners[event.kind] ?? [] {
                let id = rule.definition.id
                if engine.configuration.disabled.contains(id) || health[id]?.quarantined == true { continue }
                report.ruleCalls += 1
                ran.insert(id)
                health[id]?.lastEventSeq = event.seq
                switch engine.run(rule, event: event, school: school) {
                case .success(let made, let state):
                    for prompt in made {
                        if try memory.admit(prompt) { prompts.append(prompt) } else { report.repeats += 1 }
                    }
                    if let state { states.append(state) }
                case .failure(let message):
                    let failure = RuleFailure(rule: id, school: school.id, eventSeq: event.seq, eventKind: event.kind.rawValue,
                                              day: event.time, message: message)
                    engine.logger.warning("rule failed", metadata: ["rule": "\(id)", "event": "\(event.seq)"])
                    report.failures.append(failure)
                    if let prompt = try engine.failurePrompt(rule.definition, failure: failure, school: school, memory: memory) {
                        prompts.append(prompt)
                    }
                    if tripsQuarantine(id, failure: failure) {
                        if !report.quarantined.contains(id) { report.quarantined.append(id) }
                        report.quarantinedIn[id, default: []].append(school.id)
                        prompts.append(engine.quarantinePrompt(rule.definition, event: event, school: school,
                                                               failures: health[id]?.failures ?? 0, message: message))
                    }
                }
            }
        }
    }

    /// Counts a failure in the rule's window; true when it puts the rule in quarantine.
    func tripsQuarantine(_ id: String, failure: RuleFailure) -> Bool {
        guard var h = health[id] else { return false }
        let day = failure.day ?? Day("2000-01-01")!
        let window = engine.configuration.quarantineWindowDays
        h.recentFailures = Array((h.recentFailures + [day]).filter { $0.days(to: day) < window && $0 <= day }.suffix(20))
        h.failures = h.recentFailures.count
        h.lastError = failure.message
        let trips = h.failures >= engine.configuration.quarantineAfter
        if trips { h.quarantined = true }
        health[id] = h
        return trips
    }
}

/// What has been prompted, per finding (rule, subject, key), so that a finding is not prompted
/// again while nothing new supports it: a prompt whose evidence is all in the newest earlier
/// prompt of the same finding is a repeat. A prompt marked done stays quiet the same way.
/// Looks in what this run made first, then (for dispatch) in the store.
final class FindingMemory {
    let store: CoachStore?
    /// Per finding, the newest week's evidence made in this run.
    private var made: [String: [(week: String, evidence: [String])]] = [:]
    /// Since ``begin()``: each finding changed, with what it held before (nil: nothing).
    private var undo: [(finding: String, before: [(week: String, evidence: [String])]?)]?

    init(store: CoachStore?) {
        self.store = store
    }

    /// Whether `prompt` says something new; remembers it when it does.
    func admit(_ prompt: Prompt) throws(StoreError) -> Bool {
        let finding = prompt.finding
        var previous: (week: String, evidence: [String])?
        for entry in made[finding] ?? [] where entry.week < prompt.week {
            if previous == nil || entry.week > previous!.week { previous = entry }
        }
        if let store, let stored = try store.previousEvidence(of: prompt), stored.week > (previous?.week ?? "") {
            previous = stored
        }
        if let previous, Set(prompt.evidence).isSubset(of: previous.evidence) { return false }
        remember(prompt)
        return true
    }

    /// Whether no prompt of `prompt`'s finding exists in its week yet; remembers it.
    func firstInWeek(_ prompt: Prompt) throws(StoreError) -> Bool {
        if made[prompt.finding]?.contains(where: { $0.week == prompt.week }) == true { return false }
        if let store, try store.previousEvidence(of: prompt, sameWeek: true) != nil { return false }
        remember(prompt)
        return true
    }

    /// Forgets what this run prompted (after an erasure: the store says what is left of it).
    func forget() { made = [:] }

    /// Starts a batch whose prompts may yet be taken back (``rollBack()``).
    func begin() { undo = [] }

    /// The batch's prompts were written: they stay remembered.
    func end() { undo = nil }

    /// The batch's prompts were not written: forgets them, so that running it again makes them.
    func rollBack() {
        for (finding, before) in (undo ?? []).reversed() { made[finding] = before }
        undo = nil
    }

    private func remember(_ prompt: Prompt) {
        undo?.append((prompt.finding, made[prompt.finding]))
        var entries = (made[prompt.finding] ?? []).filter { $0.week != prompt.week }
        entries.append((prompt.week, prompt.evidence))
        made[prompt.finding] = entries
    }
}
