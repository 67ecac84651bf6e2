import CoachCore
import CoachStore

/// Mastery totals for dispatch (`ctx.mastery`), from each day of a school's results read once
/// (``KeptDays``, while the store's ``ResultVersion`` holds). success-band asks each week for
/// every pupil's mean over four weeks; asking the store read four weeks of results again,
/// every week.
final class ResultTally {
    /// A school's results: per record, its pupil, class, goal and kind as numbers of their
    /// texts, its day and its mastery (NaN without one).
    struct Records: DayRecords {
        var words = TextNumbers()
        /// Four numbers per record: pupil, class, goal, kind.
        var cells: [Int32] = []
        var days: [Int32] = []
        var mastery: [Double] = []

        var count: Int { days.count }

        mutating func add(_ rows: [ResultCell]) {
            cells.reserveCapacity(cells.count + rows.count * 4)
            days.reserveCapacity(days.count + rows.count)
            mastery.reserveCapacity(mastery.count + rows.count)
            for row in rows {
                for text in [row.pupil, row.classId, row.goal, row.kind] { cells.append(words.number(text)) }
                days.append(Int32(row.day.ordinal))
                mastery.append(row.mastery ?? .nan)
            }
        }

        mutating func drop(before day: Day) {
            let cut = Int32(day.ordinal)
            var kept = Records()
            kept.words = words
            for (record, recordDay) in days.enumerated() where recordDay >= cut {
                kept.cells.append(contentsOf: cells[(record * 4)..<((record + 1) * 4)])
                kept.days.append(recordDay)
                kept.mastery.append(mastery[record])
            }
            self = kept
        }
    }

    private let kept = KeptDays<ResultVersion, Records>(
        limit: 200_000, version: { store throws(StoreError) in try store.resultVersion() },
        read: { store, school, from, to throws(StoreError) in try store.resultCells(school: school, from: from, to: to) })

    /// How many times the store's results were read (tests check what is kept).
    var reads: Int { kept.reads }
    /// The schools whose results are kept.
    var schools: Set<String> { kept.schools }
    /// A new batch reads a new snapshot: each school's version is looked at again.
    func begin() { kept.begin() }

    /// The totals of ``CoachStore/masteryTotals(school:by:_:)``, or nil for a question left to
    /// the store: one without a span (`from` and `to`), or about one pupil (the store reads
    /// only theirs through its index; here every kept result of the school would be looked
    /// at). Only inside a batch's read transaction.
    func totals(store: CoachStore, school: String, by column: ResultColumn, _ q: RecordQuery) throws(StoreError)
        -> [(key: String, count: Int64, sum: Double)]?
    {
        guard let first = q.from, let last = q.to, q.pupil == nil else { return nil }
        if first > last { return [] }
        let records = try kept.records(store: store, school: school, first: first, last: last)
        var equal: [(Int, Int32)] = []
        for (slot, value) in [(1, q.classId), (2, q.goal)] {
            guard let value else { continue }
            // A text no kept result has: nothing matches.
            guard let number = records.words.known(value) else { return [] }
            equal.append((slot, number))
        }
        let keySlot = switch column { case .pupil: 0; case .goal: 2; case .kind: 3 }
        let (start, end) = (Int32(first.ordinal), Int32(last.ordinal))
        var values: [(key: String, value: Double)] = []
        for (record, day) in records.days.enumerated() where day >= start && day <= end && !records.mastery[record].isNaN {
            let base = record * 4
            guard equal.allSatisfy({ records.cells[base + $0.0] == $0.1 }) else { continue }
            values.append((records.words.texts[Int(records.cells[base + keySlot])], records.mastery[record]))
        }
        // Summed as the store sums them: the same totals to the last bit.
        return MasteryTotals.of(values)
    }
}
