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
    /// One school's feedback dated `from` through `to`, as read at `version`: per record, its
    /// columns as numbers of their texts (counting compares and hashes integers) and its day.
    private struct Kept {
        weak var store: CoachStore?
        var version: FeedbackVersion
        var from: Day
        var to: Day
        var words = Words()
        /// ``FeedbackTally/width`` numbers per record, in ``FeedbackColumn`` order.
        var cells: [Int32] = []
        /// Each record's day (``Day/ordinal``).
        var days: [Int32] = []
        /// How many days before the day asked the widest question reached: older days are let
        /// go as the days move on (a wider question later reads them again).
        var reach = 0
        var used = 0

        var count: Int { days.count }

        mutating func add(_ records: [[String]]) {
            cells.reserveCapacity(cells.count + records.count * width)
            days.reserveCapacity(days.count + records.count)
            for record in records {
                for text in record { cells.append(words.number(text)) }
                days.append(Int32(Day(record[FeedbackTally.date])?.ordinal ?? 0))
            }
        }

        /// Lets go of the records dated before `day`.
        mutating func drop(before day: Day) {
            let cut = Int32(day.ordinal)
            var (keptCells, keptDays): ([Int32], [Int32]) = ([], [])
            keptCells.reserveCapacity(cells.count)
            keptDays.reserveCapacity(days.count)
            for (record, recordDay) in days.enumerated() where recordDay >= cut {
                keptCells.append(contentsOf: cells[(record * width)..<((record + 1) * width)])
                keptDays.append(recordDay)
            }
            (cells, days) = (keptCells, keptDays)
        }
    }

    /// Texts as numbers, per school kept.
    private struct Words {
        private var numbers: [String: Int32] = [:]
        private(set) var texts: [String] = []

        mutating func number(_ text: String) -> Int32 {
            if let known = numbers[text] { return known }
            let number = Int32(texts.count)
            numbers[text] = number
            texts.append(text)
            return number
        }

        func known(_ text: String) -> Int32? { numbers[text] }
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
    private static let width = all.count
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
        // Taken out while it changes (else its arrays would be copied), put back once whole: a
        // read that fails leaves nothing half extended.
        var entry = try held(store: store, school: school, first: first, last: last)
        entry.reach = max(entry.reach, first.days(to: last))
        // A later day: only the days since, and the days no question reaches any more let go.
        if last > entry.to {
            entry.add(try read(store, school, from: entry.to.adding(days: 1), to: last))
            entry.to = last
            let keepFrom = last.adding(days: -entry.reach)
            if keepFrom > entry.from {
                entry.drop(before: keepFrom)
                entry.from = keepFrom
            }
        }
        // A wider span: only the days before those read.
        if first < entry.from {
            entry.add(try read(store, school, from: first, to: entry.from.adding(days: -1)))
            entry.from = first
        }
        uses += 1
        entry.used = uses
        kept[school] = entry
        letGo(keeping: school)
        return Self.count(entry, by: columns, q, from: first, to: last)
    }

    /// Counts the kept records of `first` through `last` that match `q`, by `columns`; nil
    /// when the key would not fit in 63 bits (left to the store).
    private static func count(_ entry: Kept, by columns: [FeedbackColumn], _ q: RecordQuery, from first: Day, to last: Day)
        -> [(keys: [String], count: Int64)]?
    {
        var wanted: [(FeedbackColumn, String)] = []
        if let t = q.teacher { wanted.append((.teacher, t)) }
        if let c = q.classId { wanted.append((.schoolClass, c)) }
        if let p = q.pupil { wanted.append((.pupil, p)) }
        if let g = q.goal { wanted.append((.goal, g)) }
        for (c, value) in q.feedbackEquals { wanted.append((c, value)) }
        var equal: [(Int, Int32)] = []
        for (c, value) in wanted {
            // A text no kept record has: nothing matches.
            guard let number = entry.words.known(value) else { return [] }
            equal.append((column(c), number))
        }
        let (start, end) = (Int32(first.ordinal), Int32(last.ordinal))
        // Up to three columns (ctx.count's cap), each number in 21 bits, as one key.
        let chosen = columns.map(column)
        guard chosen.count <= 3, entry.words.texts.count < 1 << 21 else { return nil }
        var tally: [Int: Int64] = [:]
        entry.cells.withUnsafeBufferPointer { cells in
            for (record, day) in entry.days.enumerated() where day >= start && day <= end {
                let base = record * width
                guard equal.allSatisfy({ cells[base + $0.0] == $0.1 }) else { continue }
                var key = 0
                for (slot, c) in chosen.enumerated() { key |= Int(cells[base + c]) << (21 * slot) }
                tally[key, default: 0] += 1
            }
        }
        let texts = entry.words.texts
        let counted = tally.map { key, count in
            (keys: chosen.indices.map { slot in texts[(key >> (21 * slot)) & (1 << 21 - 1)] }, count: count)
        }
        // Sorted, as the store's GROUP BY … ORDER BY hands them: the caller nests by prefix.
        return counted.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
    }

    /// The school's kept records if they still hold (the version looked at once per batch),
    /// else the records of `first` through `last`, read now.
    /// Taken out of `kept`: the caller puts it back.
    private func held(store: CoachStore, school: String, first: Day, last: Day) throws(StoreError) -> Kept {
        if let entry = kept.removeValue(forKey: school), entry.store === store {
            if checked.contains(school) { return entry }
            if try store.feedbackVersion() == entry.version {
                checked.insert(school)
                return entry
            }
        }
        // Checked only once the fresh records are read: a read that fails leaves the school
        // unchecked, with nothing kept.
        let version = try store.feedbackVersion()
        var fresh = Kept(store: store, version: version, from: first, to: last)
        fresh.add(try read(store, school, from: first, to: last))
        checked.insert(school)
        return fresh
    }

    private func read(_ store: CoachStore, _ school: String, from: Day, to: Day) throws(StoreError) -> [[String]] {
        reads += 1
        return try store.feedbackCells(school: school, from: from, to: to)
    }

    private func letGo(keeping school: String) {
        var total = kept.values.reduce(0) { $0 + $1.count }
        while total > Self.keptRecords, kept.count > 1,
              let oldest = kept.filter({ $0.key != school }).min(by: { $0.value.used < $1.value.used }) {
            total -= oldest.value.count
            kept[oldest.key] = nil
        }
    }
}
