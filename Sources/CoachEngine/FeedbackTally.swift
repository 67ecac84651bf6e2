import CoachCore
import CoachStore

/// Feedback counts for dispatch, counted in memory from each day of a school's feedback read
/// once (``KeptDays``, while the store's ``FeedbackVersion`` holds). Four shipped rules count
/// the same weeks' feedback by different fields and over different spans (one to three
/// weeks); each asking the store read every record of its span again, every week.
final class FeedbackTally {
    /// A school's feedback: per record, its columns as numbers of their texts (counting
    /// compares and hashes integers) and its day.
    struct Records: DayRecords {
        var words = TextNumbers()
        /// ``FeedbackTally/width`` numbers per record, in ``FeedbackColumn`` order.
        var cells: [Int32] = []
        /// Each record's day (``Day/ordinal``).
        var days: [Int32] = []

        var count: Int { days.count }

        mutating func add(_ rows: [[String]]) {
            cells.reserveCapacity(cells.count + rows.count * width)
            days.reserveCapacity(days.count + rows.count)
            for row in rows {
                for text in row { cells.append(words.number(text)) }
                days.append(Int32(Day(row[FeedbackTally.date])?.ordinal ?? 0))
            }
        }

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

    private let kept = KeptDays<FeedbackVersion, Records>(
        limit: 200_000, version: { store throws(StoreError) in try store.feedbackVersion() },
        read: { store, school, from, to throws(StoreError) in try store.feedbackCells(school: school, from: from, to: to) })

    /// How many times the store's feedback was read (tests check what is kept).
    var reads: Int { kept.reads }
    /// The schools whose feedback is kept.
    var schools: Set<String> { kept.schools }
    /// A new batch reads a new snapshot: each school's version is looked at again.
    func begin() { kept.begin() }

    private static let all = FeedbackColumn.allCases
    private static let width = all.count
    private static func column(_ c: FeedbackColumn) -> Int { all.firstIndex(of: c)! }
    private static let date = column(.date)
    /// Bits per column in a counting key: three columns in 63 bits. A school with more
    /// distinct texts kept than fit is counted by the store (tests lower it to see that).
    var keyBits = 21

    /// The counts of ``CoachStore/countFeedback(school:by:_:)``, or nil for a question without
    /// a span (`from` and `to`), which is left to the store. Only inside a batch's read
    /// transaction: the version and the records it reads must be of one snapshot.
    func counts(store: CoachStore, school: String, by columns: [FeedbackColumn], _ q: RecordQuery) throws(StoreError)
        -> [(keys: [String], count: Int64)]?
    {
        guard let first = q.from, let last = q.to else { return nil }
        if first > last { return [] }
        let records = try kept.records(store: store, school: school, first: first, last: last)
        return Self.count(records, by: columns, q, from: first, to: last, bits: keyBits)
    }

    /// Counts the records of `first` through `last` that match `q`, by `columns`; nil when the
    /// key would not fit (`bits` per column; left to the store).
    private static func count(_ records: Records, by columns: [FeedbackColumn], _ q: RecordQuery, from first: Day, to last: Day,
                              bits: Int) -> [(keys: [String], count: Int64)]?
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
            guard let number = records.words.known(value) else { return [] }
            equal.append((column(c), number))
        }
        let (start, end) = (Int32(first.ordinal), Int32(last.ordinal))
        // Up to three columns (ctx.count's cap), each number in `bits` bits, as one key.
        let chosen = columns.map(column)
        guard chosen.count <= 3, records.words.texts.count < 1 << bits else { return nil }
        var tally: [Int: Int64] = [:]
        records.cells.withUnsafeBufferPointer { cells in
            for (record, day) in records.days.enumerated() where day >= start && day <= end {
                let base = record * width
                guard equal.allSatisfy({ cells[base + $0.0] == $0.1 }) else { continue }
                var key = 0
                for (slot, c) in chosen.enumerated() { key |= Int(cells[base + c]) << (bits * slot) }
                tally[key, default: 0] += 1
            }
        }
        let texts = records.words.texts
        let counted = tally.map { key, count in
            (keys: chosen.indices.map { slot in texts[(key >> (bits * slot)) & (1 << bits - 1)] }, count: count)
        }
        // Sorted, as the store's GROUP BY … ORDER BY hands them: the caller nests by prefix.
        return counted.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
    }
}
