import CoachCore
@testable import CoachEngine
@testable import CoachStore
import Testing

/// Feedback counts, counted in memory, are the store's counts: for spans asked narrow first and
/// wider later (only the missing days are read), for every filter, for feedback without a
/// pupil, after the day changes, and from batch to batch (only the new days read while the
/// feedback is unchanged, all again once it changed).
struct FeedbackTallyTests {
    typealias F = EngineFixture

    /// Four weeks of varied feedback in school s1 (some without a pupil), and some in s2.
    static var records: [NewRecord] {
        let levels: [FeedbackLevel] = [.task, .person, .process, .selfRegulation]
        let questions: [FeedbackQuestion] = [.feedUp, .feedback, .feedForward]
        var out: [NewRecord] = []
        for n in 0..<60 {
            out.append(.feedback(FeedbackRecord(
                teacherId: n % 3 == 0 ? "t2" : "t1", classId: "k5a", pupilId: n % 7 == 0 ? nil : "p\(n % 4 + 1)",
                goalId: n % 2 == 0 ? "breuken" : "meten", date: F.d("2026-09-14").adding(days: n / 2),
                level: levels[n % levels.count], question: questions[n % questions.count], timing: n % 5 == 0 ? .summative : .formative,
                form: n % 7 == 0 || n % 2 == 1 ? .wholeClass : .individual, growthPoints: n % 4, codes: n % 3 == 1 ? ["rood"] : [])))
        }
        out.append(.feedback(FeedbackRecord(teacherId: "x1", classId: "xk", pupilId: "xp", goalId: "xg", date: F.d("2026-10-01"),
                                            level: .person, question: .feedback, timing: .formative, form: .individual, growthPoints: 1)))
        return out
    }

    /// A store with the legend and ``records``.
    static func store() throws -> CoachStore {
        let store = try F.store()
        try store.saveLegend(id: "legenda", codes: [("rood", "fout")])
        try store.write(Self.records)
        return store
    }

    @Test
    func countsInMemoryAreTheStoresCounts() throws {
        let store = try Self.store()
        let tally = FeedbackTally()
        let to = F.d("2026-10-11")
        var asked = 0
        func same(_ by: [FeedbackColumn], from: String, to: Day, _ change: (inout RecordQuery) -> Void = { _ in }) throws {
            var q = RecordQuery(from: F.d(from), to: to)
            change(&q)
            let counted = try #require(try tally.counts(store: store, school: "s1", by: by, q))
            let stored = try store.countFeedback(school: "s1", by: by, q)
            #expect(counted.map(\.keys) == stored.map(\.keys) && counted.map(\.count) == stored.map(\.count), "\(by) from \(from)")
            #expect(!counted.isEmpty)
            asked += 1
        }
        // A week, then three (two more weeks read), then two (nothing read), then one again.
        try same([.teacher, .timing], from: "2026-10-05", to: to)
        try same([.teacher, .level], from: "2026-09-21", to: to)
        try same([.teacher, .question], from: "2026-09-28", to: to)
        try same([.pupil], from: "2026-09-14", to: to)
        try same([.date, .growthPoints], from: "2026-09-21", to: to) { $0.teacher = "t1" }
        try same([.goal, .form], from: "2026-09-21", to: to) { $0.feedbackEquals = [.level: "person", .timing: "formative"] }
        try same([.teacher], from: "2026-09-21", to: to) { $0.pupil = "p2"; $0.goal = "meten" }
        try same([.schoolClass], from: "2026-09-21", to: to) { $0.classId = "k5a" }
        try same([.teacher, .coded], from: "2026-09-21", to: to)
        try same([.question], from: "2026-09-21", to: to) { $0.feedbackEquals = [.coded: "true"] }
        try same([.pupil, .level, .growthPoints], from: "2026-09-14", to: to)
        try same([.date, .teacher, .coded], from: "2026-09-21", to: to) { $0.goal = "breuken" }
        // Another day: read again, not counted from the other day's records.
        try same([.teacher, .level], from: "2026-09-21", to: F.d("2026-09-27"))
        #expect(asked == 13)
        // No span: left to the store.
        #expect(try tally.counts(store: store, school: "s1", by: [.teacher], RecordQuery(to: to)) == nil)
    }

    /// A catch-up's weeks: each batch reads only the days since the last, and feedback added
    /// (dated in days already read) or erased between batches is counted as the store has it.
    /// Counting packs up to three columns' numbers into one key: with as many bits per column
    /// as the texts need, the counts are the store's; with fewer, the tally says nil and the
    /// store counts (a school with more than two million distinct texts kept).
    @Test
    func aKeyTooNarrowForTheTextsIsLeftToTheStore() throws {
        let store = try Self.store()
        let q = RecordQuery(from: F.d("2026-09-14"), to: F.d("2026-10-11"))
        let columns: [FeedbackColumn] = [.date, .pupil, .level]
        let stored = try store.countFeedback(school: "s1", by: columns, q)
        let wide = FeedbackTally()
        wide.keyBits = 6
        let counted = try #require(try wide.counts(store: store, school: "s1", by: columns, q))
        #expect(counted.map(\.keys) == stored.map(\.keys) && counted.map(\.count) == stored.map(\.count))
        let narrow = FeedbackTally()
        narrow.keyBits = 4
        #expect(try narrow.counts(store: store, school: "s1", by: columns, q) == nil)
    }

    @Test
    func keptFromBatchToBatchWhileTheFeedbackIsUnchanged() throws {
        let store = try Self.store()
        let tally = FeedbackTally()
        func same(to: String, span: Int = 20, reads: Int) throws {
            let (last, by) = (F.d(to), [FeedbackColumn.teacher, .question])
            let q = RecordQuery(from: last.adding(days: -span), to: last)
            // As in a batch: inside its read transaction.
            let counted = try #require(try store.reading { try tally.counts(store: store, school: "s1", by: by, q) })
            let stored = try store.countFeedback(school: "s1", by: by, q)
            #expect(counted.map(\.keys) == stored.map(\.keys) && counted.map(\.count) == stored.map(\.count), "to \(to)")
            #expect(tally.reads == reads, "to \(to)")
        }
        tally.begin()
        try same(to: "2026-09-27", reads: 1)
        tally.begin()
        try same(to: "2026-10-04", reads: 2)
        // The same batch asking about an earlier day within the days kept reads nothing.
        try same(to: "2026-09-30", span: 14, reads: 2)
        // Feedback added for a day already read: everything read again.
        try store.write([.feedback(FeedbackRecord(teacherId: "t2", classId: "k5a", pupilId: "p1", goalId: "meten",
                                                  date: F.d("2026-09-25"), level: .task, question: .feedUp, timing: .formative,
                                                  form: .individual, growthPoints: 0))])
        tally.begin()
        try same(to: "2026-10-11", reads: 3)
        // A pupil's feedback erased.
        _ = try store.erase(pupil: "p2", dryRun: false)
        tally.begin()
        try same(to: "2026-10-11", reads: 4)
        tally.begin()
        try same(to: "2026-10-12", reads: 5)
        // A teacher moved to another school: their feedback is no longer the school's.
        try store.writer.write { try $0.execute(sql: "UPDATE teacher SET schoolId = 's2' WHERE id = 't2'") }
        tally.begin()
        try same(to: "2026-10-12", reads: 6)
    }
}
