import CoachCore
import CoachStore
import LuaSandbox

/// What the rules of one batch asked `ctx` and got, so the next rule asking the same thing
/// (the current placements of a class, a teacher's feedback of the last weeks) gets it without
/// another query. Only on while a dispatch batch runs: every rule of a batch reads the same
/// snapshot of the store, so the same question has the same answer; between batches, and in
/// replays, specs and suggestions, every call asks the store. Two things last from batch to
/// batch: each school's placements (``PlacementSnapshot``), checked against the store's
/// placement version at every question, and the feedback and results it counts
/// (``FeedbackTally``, ``ResultTally``), checked against the store's versions once a batch.
final class QueryCache {
    var active = false
    /// Feedback counts, from one read of each day of the school's feedback (see ``FeedbackTally``).
    let feedback = FeedbackTally()
    /// Mastery totals, from one read of each day of the school's results (see ``ResultTally``).
    let results = ResultTally()
    /// Each answer with the free texts it handed over (kept out of logs: see ``Redaction``).
    private var entries: [String: (values: [LuaValue], handed: [String])] = [:]

    /// The `ctx` functions whose answer depends only on their arguments, the school and the day.
    static let functions: Set<String> = ["teachers", "classes", "pupils", "goals", "goal", "observations", "walks", "feedback",
                                         "placements", "results", "count", "mastery", "period", "central_results"]

    /// Schools' placements kept across batches (a catch-up asks week after week, a worker
    /// taking the schools in turn), with the store each was read from; each used only while
    /// the store's placement version is unchanged.
    private var snapshots: [String: Kept] = [:]
    private var uses = 0
    /// How many snapshots were read (tests check that a kept one is used).
    private(set) var snapshotReads = 0

    private struct Kept {
        weak var store: CoachStore?
        var snapshot: PlacementSnapshot
        var used: Int
    }

    /// The last day the dispatch at hand handles: a question beyond it (an untimed event's,
    /// for today) is asked of the store.
    var through: Day?

    /// At most this many placements kept by one engine (one per worker; under a kilobyte each
    /// with their texts), unless one school alone has more; beyond it, the schools asked about
    /// longest ago are let go.
    static let keptPlacements = 50_000

    /// The placements that answer `q` without a query: a question for the placements current
    /// on a day up to the horizon, in a batch (inside its read transaction). Read again when
    /// the store's placement version changed, for another store, or for a day the kept one
    /// does not cover; nil outside a batch.
    func placements(_ store: CoachStore, school: String, for q: RecordQuery) throws(StoreError) -> PlacementSnapshot? {
        // A pupil's placements are asked of the store (see PlacementSnapshot.answers).
        guard active, let day = q.currentOn, q.pupil == nil, let through, day <= through else { return nil }
        uses += 1
        if let kept = snapshots[school], kept.store === store, kept.snapshot.answers(q), !kept.snapshot.outgrown(on: day),
           try store.placementVersion() == kept.snapshot.version {
            snapshots[school]?.used = uses
            return kept.snapshot
        }
        let fresh = try store.placementSnapshot(school: school, since: day)
        snapshotReads += 1
        snapshots[school] = Kept(store: store, snapshot: fresh, used: uses)
        var total = snapshots.values.reduce(0) { $0 + $1.snapshot.count }
        while total > Self.keptPlacements, snapshots.count > 1,
              let oldest = snapshots.min(by: { $0.value.used < $1.value.used }) {
            total -= oldest.value.snapshot.count
            snapshots[oldest.key] = nil
        }
        return fresh.answers(q) ? fresh : nil
    }

    /// The schools whose placements or feedback are kept.
    var keptSchools: Set<String> { feedback.schools.union(results.schools).union(snapshots.keys) }

    func begin() {
        entries.removeAll(keepingCapacity: true)
        feedback.begin()
        results.begin()
        active = true
    }

    func end() {
        active = false
        entries.removeAll()
    }

    /// The cached answer for `key`, or `answer()`'s, kept for the rest of the batch, with the
    /// free texts that answer hands the rule (a rule that gets a cached answer must have them
    /// redacted from its logs as much as the rule that asked first).
    func answer(_ key: String, _ answer: () throws -> (values: [LuaValue], handed: [String])) throws
        -> (values: [LuaValue], handed: [String])
    {
        if let known = entries[key] { return known }
        let fresh = try answer()
        entries[key] = fresh
        return fresh
    }
}
