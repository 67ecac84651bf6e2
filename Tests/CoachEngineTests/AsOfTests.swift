import CoachCore
import CoachEngine
import CoachStore
import Testing

private typealias F = EngineFixture

/// What a rule is answered never depends on how the records came: no answer without a day to
/// answer as of, no silent cut, no week reopened by another school.
struct AsOfTests {
    @Test
    func anEventWithoutADayGetsNoRecordsButPeople() throws {
        let store = try F.store()
        try store.write([.feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", goalId: "breuken", date: F.d("2026-10-06"),
                                                  level: .task, question: .feedback, timing: .formative, form: .wholeClass,
                                                  growthPoints: 1))])
        let asking = ("asking.lua", """
            return rule { id = "asking", title = { nl = "a" }, on = { "pupil.added" },
              run = function(ev, ctx, p)
                local pupils = #ctx.pupils()
                local ok, err = pcall(ctx.feedback, { teacher = "t1" })
                local counted = pcall(ctx.count, { of = "feedback" })
                -- (A prompt needs a week: the answers come back as the call's error.)
                error("seen: " .. pupils .. " " .. tostring(ok) .. " " .. tostring(counted) .. " " .. tostring(err))
              end }
            """)
        let engine = try F.engine(store, extra: [asking])
        let report = try engine.dispatch(through: F.end)
        let text = try #require(report.failures.first { $0.school == "s1" }?.message)
        #expect(text.contains("seen: 4 false false "), "\(text)")
        #expect(text.contains("ctx.feedback: no day to answer as of on an event without one (pupil.added)"), "\(text)")
        #expect(text.components(separatedBy: "ctx.feedback").count == 2, "named once: \(text)")
    }

    @Test
    func aLimitAboveTheCapIsRefusedNotCut() throws {
        let store = try F.store()
        var records: [NewRecord] = []
        for n in 0..<30 {
            records.append(.feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", goalId: "breuken",
                                                    date: F.d("2026-10-05").adding(days: n % 5), level: .task, question: .feedback,
                                                    timing: .formative, form: .wholeClass, growthPoints: 1)))
        }
        try store.write(records)
        let limited = ("limited.lua", """
            return rule { id = "limited", title = { nl = "l" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                if ctx.school().id ~= "s1" then return end
                local rows = ctx.feedback{ teacher = "t1", limit = 25 }
                ctx.prompt{ to = "team", key = "n", text = tostring(#rows), next_step = "-", evidence = { ev.week } }
              end }
            """)
        var small = EngineConfiguration()
        small.maxQueryRows = 20
        let report = try F.engine(store, extra: [limited], configuration: small).tick(week: IsoWeek("2026-W41")!)
        #expect(report.dispatch.failures.first?.message.contains("option 'limit' must be at most 20, got 25") == true,
                "\(report.dispatch.failures.map(\.message))")
        var wide = EngineConfiguration()
        wide.maxQueryRows = 25
        let allowed = try F.engine(store, extra: [limited], configuration: wide).tick(week: IsoWeek("2026-W42")!)
        #expect(allowed.dispatch.failures.isEmpty)
    }

    @Test
    func catchingUpNeverReopensTheWeeksASchoolClosed() throws {
        let store = try F.store()
        try store.write([F.observation(date: "2026-10-13", scores: ["3.1": 1])])
        let engine = try F.engine(store)
        _ = try engine.tick(through: IsoWeek("2026-W43")!)
        #expect(try store.closedThrough(school: "s1") == IsoWeek("2026-W43")!.sunday)
        // A school that joins later, with older records: catching up again closes its weeks
        // from its first record, and s1's only from where s1 stood.
        try store.write([.school(School(id: "s3", name: "Nieuw")), .teacher(Teacher(id: "t3", schoolId: "s3", name: "T")),
                         .schoolClass(SchoolClass(id: "k3", schoolId: "s3", name: "3")),
                         .observation(Observation(kind: .coach, schoolId: "s3", teacherId: "t3", classId: "k3", instrumentId: "pb",
                                                  instrumentVersion: "2025", date: F.d("2026-08-25"), scores: [ItemScore(item: "3.1", value: 2)], observers: ["c1"]))])
        let reports = try engine.tick(through: IsoWeek("2026-W44")!)
        // s1 started with its period (2026-W36); s3's record is older still.
        #expect(reports.first?.week.description == "2026-W35" && reports.last?.week.description == "2026-W44")
        #expect(reports.allSatisfy { $0.olderThanClosed.isEmpty && $0.alreadyClosed.isEmpty }, "no week of s1 closed again or before")
        #expect(try !store.weekClosed(IsoWeek("2026-W35")!, school: "s1"), "W35 opened for s1, before its closed weeks")
        for week in ["2026-W35", "2026-W39", "2026-W44"] {
            #expect(try store.weekClosed(IsoWeek(week)!, school: "s3"))
        }
        #expect(try store.weekClosed(IsoWeek("2026-W44")!, school: "s1"))
    }
}
