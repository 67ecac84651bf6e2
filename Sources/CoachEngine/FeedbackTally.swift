import CoachCore
import CoachStore

/// Feedback counts of one dispatch batch, counted in memory from one read of the school's
/// feedback up to the event's day. Four shipped rules count the same weeks' feedback by
/// different fields and over different spans (one to three weeks); each asking the store
/// read every record of its span again (about 2,100 records a school-week for 900 distinct).
/// Here each record is read once per batch, and a wider span reads only the days not read
/// yet. Every query of a batch reads one snapshot, so the counts are the store's.
final class FeedbackTally {
    private var school = ""
    private var to: Day?
    /// The first day read; every record from it up to `to` is in `cells`.
    private var from: Day?
    private var cells: [[String]] = []

    /// Forgets what was read: a new batch reads a new snapshot.
    func reset() {
        school = ""
        to = nil
        from = nil
        cells.removeAll()
    }

    /// The counts of ``CoachStore/countFeedback(school:by:_:)``, or nil for a question without
    /// a span (`from` and `to`), which is left to the store.
    func counts(store: CoachStore, school: String, by columns: [FeedbackColumn], _ q: RecordQuery) throws(StoreError)
        -> [(keys: [String], count: Int64)]?
    {
        guard let first = q.from, let last = q.to else { return nil }
        if school != self.school || last != to {
            reset()
            self.school = school
            to = last
        }
        if first > last { return [] }
        if let known = from {
            if first < known {
                cells += try store.feedbackCells(school: school, from: first, to: known.adding(days: -1))
                from = first
            }
        } else {
            cells = try store.feedbackCells(school: school, from: first, to: last)
            from = first
        }
        let all = FeedbackColumn.allCases
        let column = { (c: FeedbackColumn) in all.firstIndex(of: c)! }
        var equal: [(Int, String)] = []
        if let t = q.teacher { equal.append((column(.teacher), t)) }
        if let c = q.classId { equal.append((column(.schoolClass), c)) }
        if let p = q.pupil { equal.append((column(.pupil), p)) }
        if let g = q.goal { equal.append((column(.goal), g)) }
        for (c, value) in q.feedbackEquals { equal.append((column(c), value)) }
        let date = column(.date)
        let (start, end) = (first.description, last.description)
        let chosen = columns.map(column)
        var tally: [[String]: Int64] = [:]
        for cell in cells where cell[date] >= start && cell[date] <= end && equal.allSatisfy({ cell[$0.0] == $0.1 }) {
            tally[chosen.map { cell[$0] }, default: 0] += 1
        }
        // Sorted, as the store's GROUP BY … ORDER BY hands them: the caller nests by prefix.
        return tally.map { (keys: $0.key, count: $0.value) }.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
    }
}
