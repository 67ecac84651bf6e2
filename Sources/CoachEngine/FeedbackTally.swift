import CoachCore
import CoachStore

/// Feedback counts for dispatch, counted in memory from the school's feedback read once.
/// Four shipped rules count the same weeks' feedback by different fields and over different
/// spans (one to three weeks); each asking the store read every record of its span again.
/// Here a school's records are read once per day they fall on: a wider span reads only the
/// days not read yet, and a later day (the next batch, the next week of a catch-up) only the
/// days since. What was read is kept from batch to batch while the store's feedback version
/// (``FeedbackVersion``) is the one it was read at; each batch looks at the version once,
/// inside its read transaction, so the counts are always the store's.
final class FeedbackTally {
    /// One school's feedback dated `from` through `to`, as read at `version`.
    private struct Kept {
        weak var store: CoachStore?
        var version: FeedbackVersion
        var from: Day
        var to: Day
        var cells: [[String]]
        /// How many days before the day asked the widest question reached: older days are let
        /// go as the days move on (a wider question later reads them again).
        var reach = 0
        var used = 0
    }

    private var kept: [String: Kept] = [:]
    /// Schools whose version was looked at in the batch at hand.
    private var checked: Set<String> = []
    private var uses = 0
    /// How many times the store's feedback was read (tests check what is kept).
    private(set) var reads = 0

    /// At most this many records kept by one engine (one per worker) unless one school alone
    /// has more; beyond it, the schools asked about longest ago are let go.
    static let keptRecords = 200_000

    /// The schools whose feedback is kept.
    var schools: Set<String> { Set(kept.keys) }

    /// A new batch reads a new snapshot: each school's version is looked at again.
    func begin() {
        checked.removeAll()
    }

    /// Forgets everything read.
    func reset() {
        kept.removeAll()
        checked.removeAll()
    }

    private static let all = FeedbackColumn.allCases
    private static func column(_ c: FeedbackColumn) -> Int { all.firstIndex(of: c)! }
    private static let date = column(.date)

    /// The counts of ``CoachStore/countFeedback(school:by:_:)``, or nil for a question without
    /// a span (`from` and `to`), which is left to the store. Only inside a batch's read
    /// transaction: the version and the records it reads must be of one snapshot.
    func counts(store: CoachStore, school: String, by columns: [FeedbackColumn], _ q: RecordQuery) throws(StoreError)
        -> [(keys: [String], count: Int64)]?
    {
        guard let first = q.from, let last = q.to else { return nil }
        if first > last { return [] }
        var entry = try held(store: store, school: school, first: first, last: last)
        // A later day: only the days since, and the days no question reaches any more let go.
        if last > entry.to {
            entry.cells += try read(store, school, from: entry.to.adding(days: 1), to: last)
            entry.to = last
            let keepFrom = last.adding(days: -entry.reach)
            if keepFrom > entry.from {
                let cut = keepFrom.description
                entry.cells.removeAll { $0[Self.date] < cut }
                entry.from = keepFrom
            }
        }
        // A wider span: only the days before those read.
        if first < entry.from {
            entry.cells += try read(store, school, from: first, to: entry.from.adding(days: -1))
            entry.from = first
        }
        entry.reach = max(entry.reach, first.days(to: last))
        uses += 1
        entry.used = uses
        kept[school] = entry
        letGo(keeping: school)

        var equal: [(Int, String)] = []
        if let t = q.teacher { equal.append((Self.column(.teacher), t)) }
        if let c = q.classId { equal.append((Self.column(.schoolClass), c)) }
        if let p = q.pupil { equal.append((Self.column(.pupil), p)) }
        if let g = q.goal { equal.append((Self.column(.goal), g)) }
        for (c, value) in q.feedbackEquals { equal.append((Self.column(c), value)) }
        let (start, end) = (first.description, last.description)
        let chosen = columns.map(Self.column)
        var tally: [[String]: Int64] = [:]
        for cell in entry.cells where cell[Self.date] >= start && cell[Self.date] <= end && equal.allSatisfy({ cell[$0.0] == $0.1 }) {
            tally[chosen.map { cell[$0] }, default: 0] += 1
        }
        // Sorted, as the store's GROUP BY … ORDER BY hands them: the caller nests by prefix.
        return tally.map { (keys: $0.key, count: $0.value) }.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
    }

    /// The school's kept records if they still hold (the version looked at once per batch),
    /// else the records of `first` through `last`, read now.
    private func held(store: CoachStore, school: String, first: Day, last: Day) throws(StoreError) -> Kept {
        if let entry = kept[school], entry.store === store, checked.contains(school) { return entry }
        checked.insert(school)
        let version = try store.feedbackVersion()
        if let entry = kept[school], entry.store === store, entry.version == version { return entry }
        return Kept(store: store, version: version, from: first, to: last, cells: try read(store, school, from: first, to: last))
    }

    private func read(_ store: CoachStore, _ school: String, from: Day, to: Day) throws(StoreError) -> [[String]] {
        reads += 1
        return try store.feedbackCells(school: school, from: from, to: to)
    }

    private func letGo(keeping school: String) {
        var total = kept.values.reduce(0) { $0 + $1.cells.count }
        while total > Self.keptRecords, kept.count > 1,
              let oldest = kept.filter({ $0.key != school }).min(by: { $0.value.used < $1.value.used }) {
            total -= oldest.value.cells.count
            kept[oldest.key] = nil
        }
    }
}
