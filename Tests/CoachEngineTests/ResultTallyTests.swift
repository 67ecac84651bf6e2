import CoachCore
@testable import CoachEngine
@testable import CoachStore
import Testing

/// Mastery totals from results kept in memory are the store's totals, to the last bit: by
/// pupil, goal and kind, for every filter, over spans asked narrow first and wider later, and
/// from batch to batch (only the new days read while the results are unchanged, all again once
/// a result was added or erased or a pupil changed class).
struct ResultTallyTests {
    typealias F = EngineFixture

    /// Four weeks of results in school s1, with scores (fractions of odd maximums) and
    /// masteries given; one in s2.
    static var records: [NewRecord] {
        let kinds: [ResultKind] = [.exitTicket, .test, .observation]
        var out: [NewRecord] = [.schoolClass(SchoolClass(id: "k6a", schoolId: "s1", name: "6A"))]
        for n in 0..<90 {
            let (pupil, goal, day) = ("p\(n % 4 + 1)", n % 2 == 0 ? "breuken" : "meten", F.d("2026-09-14").adding(days: n % 30))
            let result = switch n % 3 {
            case 0: LearningResult(pupilId: pupil, goalId: goal, date: day, kind: kinds[n % 3], score: Double(n % 7), maximum: 7)
            case 1: LearningResult(pupilId: pupil, goalId: goal, date: day, kind: kinds[n % 3], mastery: Double(n % 11) * 9.7)
            default: LearningResult(pupilId: pupil, goalId: goal, date: day, kind: kinds[n % 3], score: Double(n % 4), maximum: 3)
            }
            out.append(.result(result))
        }
        out.append(.result(LearningResult(pupilId: "xp", goalId: "xg", date: F.d("2026-10-01"), kind: .test, mastery: 50)))
        return out
    }

    static func same(_ tally: ResultTally, _ store: CoachStore, _ by: ResultColumn, _ q: RecordQuery, _ label: String) throws {
        let kept = try #require(try store.reading { try tally.totals(store: store, school: "s1", by: by, q) })
        let stored = try store.masteryTotals(school: "s1", by: by, q)
        #expect(kept.map(\.key) == stored.map(\.key), "\(label)")
        #expect(kept.map(\.count) == stored.map(\.count), "\(label)")
        // Bit for bit: a mean just below a rule's threshold must stay below it.
        #expect(kept.map(\.sum.bitPattern) == stored.map(\.sum.bitPattern), "\(label)")
        #expect(!stored.isEmpty, "\(label)")
    }

    @Test
    func totalsInMemoryAreTheStoresTotals() throws {
        let store = try F.store()
        try store.write(Self.records)
        let tally = ResultTally()
        let to = F.d("2026-10-11")
        tally.begin()
        for (by, from, change) in [
            (ResultColumn.pupil, "2026-10-05", { (_: inout RecordQuery) in }),
            (.goal, "2026-09-21", { _ in }),
            (.kind, "2026-09-14", { _ in }),
            (.pupil, "2026-09-21", { $0.classId = "k5a" }),
            (.kind, "2026-09-21", { $0.classId = "k5a"; $0.goal = "breuken" }),
            (.pupil, "2026-09-28", { $0.goal = "meten" }),
        ] as [(ResultColumn, String, (inout RecordQuery) -> Void)] {
            var q = RecordQuery(from: F.d(from), to: to)
            change(&q)
            try Self.same(tally, store, by, q, "\(by) from \(from)")
        }
        // Read once, then the two weeks before: nothing read for the narrower ones.
        #expect(tally.reads == 3)
        // An earlier day of the same batch, within the days kept.
        try Self.same(tally, store, .pupil, RecordQuery(from: F.d("2026-09-20"), to: F.d("2026-09-30")), "earlier day")
        #expect(tally.reads == 3)
        // No span, or one pupil's: left to the store.
        #expect(try tally.totals(store: store, school: "s1", by: .pupil, RecordQuery(to: to)) == nil)
        #expect(try tally.totals(store: store, school: "s1", by: .kind, RecordQuery(pupil: "p2", from: F.d("2026-09-21"), to: to)) == nil)
    }

    /// Summed in one order whatever order the values come in: 0.1 + 0.2 + 0.3 is not
    /// 0.3 + 0.2 + 0.1 in floating point.
    @Test
    func totalsDoNotDependOnTheOrderOfTheValues() {
        let (x, y, z): (Double, Double, Double) = (0.1, 0.2, 0.3)
        let ascending: Double = (x + y) + z
        let descending: Double = (z + y) + x
        #expect(ascending != descending)
        let a = MasteryTotals.of([(key: "p1", value: z), (key: "p2", value: 5), (key: "p1", value: y), (key: "p1", value: x)])
        let b = MasteryTotals.of([(key: "p1", value: x), (key: "p1", value: y), (key: "p2", value: 5), (key: "p1", value: z)])
        #expect(a.map(\.key) == ["p1", "p2"])
        #expect(a.map(\.count) == [3, 1])
        #expect(a.map(\.sum.bitPattern) == b.map(\.sum.bitPattern))
        #expect(a[0].sum == ascending)
    }

    @Test
    func keptFromBatchToBatchWhileTheResultsAreUnchanged() throws {
        let store = try F.store()
        try store.write(Self.records)
        let tally = ResultTally()
        func same(to: String, reads: Int, _ change: (inout RecordQuery) -> Void = { _ in }) throws {
            let last = F.d(to)
            var q = RecordQuery(from: last.adding(days: -27), to: last)
            change(&q)
            try Self.same(tally, store, .pupil, q, "to \(to)")
            #expect(tally.reads == reads, "to \(to)")
        }
        tally.begin()
        try same(to: "2026-10-04", reads: 1)
        tally.begin()
        try same(to: "2026-10-11", reads: 2)
        // A result added for a day already read.
        try store.write([.result(LearningResult(pupilId: "p1", goalId: "meten", date: F.d("2026-09-30"), kind: .test, mastery: 12.5))])
        tally.begin()
        try same(to: "2026-10-11", reads: 3)
        // A pupil's results erased.
        _ = try store.erase(pupil: "p2", dryRun: false)
        tally.begin()
        try same(to: "2026-10-12", reads: 4)
        // A pupil moved to another class: a class's results are its pupils' of now.
        try store.writer.write { try $0.execute(sql: "UPDATE pupil SET classId = 'k6a' WHERE id = 'p3'") }
        tally.begin()
        try same(to: "2026-10-12", reads: 5) { $0.classId = "k6a" }
        tally.begin()
        try same(to: "2026-10-13", reads: 6) { $0.classId = "k5a" }
    }
}
