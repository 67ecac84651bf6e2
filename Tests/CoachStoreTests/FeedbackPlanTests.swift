import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// Feedback has one index rules read, by teacher and day (migration v23): every question about
/// a school's feedback — a rule's for a teacher, a class or a pupil, the counts of the team's
/// digest, the retention of old records — goes through the school's teachers and reads their
/// range of days, never the whole table (a store holds every school's years).
struct FeedbackPlanTests {
    static func plan(_ store: CoachStore, _ sql: String, _ arguments: StatementArguments) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    static func throughTeachers(_ plan: [String]) -> Bool {
        plan.contains { $0.contains("INDEX feedback_teacher (teacherId=? AND date") }
            && !plan.contains { $0.hasPrefix("SCAN f") || $0.contains("AUTOMATIC") }
    }

    @Test
    func aSchoolsFeedbackIsReadThroughItsTeachers() throws {
        let store = try Fixture.store()
        let (from, to) = (Day("2026-09-01")!, Day("2026-09-30")!)
        let scopes = [RecordQuery(teacher: "t1", from: from, to: to), RecordQuery(classId: "k5a", from: from, to: to),
                      RecordQuery(pupil: "p1", from: from, to: to), RecordQuery(from: from, to: to)]
        for q in scopes {
            for counting in [false, true] {
                let (sql, arguments) = CoachStore.feedbackSQL(school: "s1", q, counting: counting)
                let plan = try Self.plan(store, sql, arguments)
                #expect(Self.throughTeachers(plan), "\(q): \(plan)")
            }
        }
        let digest = CoachStore.schoolFeedbackSQL(school: "s1", from: from, to: to)
        for sql in [digest.byLevel, digest.teachers] {
            let plan = try Self.plan(store, sql, digest.arguments)
            #expect(Self.throughTeachers(plan), "\(sql): \(plan)")
        }
        let retention = try Self.plan(store, "SELECT id FROM feedback WHERE " + CoachStore.feedbackBefore, ["s1", to])
        #expect(Self.throughTeachers(retention), "\(retention)")
    }

    /// The team's counts are the school's feedback of the span: per level, and how many
    /// teachers gave it; another school's and another span's are not counted.
    @Test
    func theTeamsCountsAreTheSchoolsFeedbackOfTheSpan() throws {
        let store = try Fixture.store()
        func feedback(_ teacher: String, _ classId: String, _ goal: String, _ day: String, _ level: FeedbackLevel) -> NewRecord {
            .feedback(FeedbackRecord(teacherId: teacher, classId: classId, pupilId: nil, goalId: goal, date: Day(day)!, level: level,
                                     question: .feedback, timing: .formative, form: .wholeClass, growthPoints: 0))
        }
        try store.write([feedback("t1", "k5a", "breuken", "2026-09-14", .task), feedback("t2", "k6a", "breuken", "2026-09-15", .task),
                         feedback("t2", "k6a", "breuken", "2026-09-16", .person), feedback("t1", "k5a", "breuken", "2026-08-31", .person),
                         feedback("x1", "xk", "xg", "2026-09-15", .person)])
        let counts = try store.schoolCounts(school: "s1", from: Day("2026-09-07")!, to: Day("2026-09-20")!, walksFrom: Day("2026-09-07")!)
        #expect(counts.feedback == [.task: 2, .person: 1])
        #expect(counts.feedbackTeachers == 2)
    }
}
