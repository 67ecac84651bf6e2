import CoachCore
import CoachEngine
import CoachStore
import Testing

/// Records for a school whose closed week its rules have not run over yet wait: otherwise the
/// week's rules would see them or not depending on whether a tick or worker got there first.
struct ClosedWeekWritesTests {
    typealias F = EngineFixture

    /// Counts, on week.ended, the feedback of the week.
    static let counter = ("week-count.lua", """
        return rule { id = "week-count", title = { nl = "w" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            local n = #ctx.feedback{ teacher = "t1", from = ev.from, to = ev.to }
            ctx.prompt{ to = "team", key = "n", text = ev.week .. ": " .. n, next_step = "-", evidence = { ev.week } }
          end }
        """)

    static func feedback(_ n: Int, date: String) -> [NewRecord] { TimeTrueTests.feedback(n, date: date) }

    static func prompts(_ store: CoachStore) throws -> [String] {
        try ["2026-W41", "2026-W42"].flatMap { week in
            try store.prompts(school: "s1", week: week).map { "\($0.ruleId) \($0.week) \($0.text)" }
        }.sorted()
    }

    /// Retention whose day lies after records of a week not closed yet is refused at once:
    /// waiting for a closed week's rules would not run those. With only a closed week's records
    /// before its day, it waits for that week's rules.
    @Test
    func retentionPastAnOpenWeekIsRefusedWithoutWaiting() throws {
        let store = try F.store()
        let engine = try F.engine(store, extra: [Self.counter])
        try store.write(Self.feedback(1, date: "2026-10-06") + Self.feedback(1, date: "2026-10-20"))
        try engine.tick(week: IsoWeek("2026-W41")!, dispatch: false)
        let past = #expect(throws: StoreError.self) {
            try store.removeRecords(before: F.d("2026-10-31"), school: "s1", dryRun: false)
        }
        #expect(past?.isWeekNotRun == false, "\(String(describing: past))")
        #expect(past?.description.contains("run 'coach tick' first") == true, "\(String(describing: past))")
        let within = #expect(throws: StoreError.self) {
            try store.removeRecords(before: F.d("2026-10-12"), school: "s1", dryRun: false)
        }
        #expect(within?.isWeekNotRun == true, "\(String(describing: within))")
        #expect(try store.count(.feedback) == 2, "nothing removed")
    }

    @Test
    func aLateRecordWaitsForTheClosedWeeksRulesSoEveryOrderGivesTheSamePrompts() throws {
        let w41 = IsoWeek("2026-W41")!, w42 = IsoWeek("2026-W42")!
        // A tick that runs the rules at once; the record for week 41 arrives after it: late.
        let atOnce = try F.store()
        try atOnce.write(Self.feedback(3, date: "2026-10-06"))
        let first = try F.engine(atOnce, extra: [Self.counter])
        try first.tick(week: w41)
        try atOnce.write(Self.feedback(2, date: "2026-10-07"))
        try first.tick(week: w42)

        // The week closed without its rules (as for workers): the same record is refused, the
        // store as it was, until the rules have run over the week.
        let later = try F.store()
        try later.write(Self.feedback(3, date: "2026-10-06"))
        let second = try F.engine(later, extra: [Self.counter])
        try second.tick(week: w41, dispatch: false)
        do {
            try later.write(Self.feedback(2, date: "2026-10-07"))
            Issue.record("a record for a week whose rules have not run was written")
        } catch {
            #expect(error.description == StoreError.weekNotRun(school: "s1", week: "2026-W41").description)
            #expect(error.isWeekNotRun)
        }
        #expect(try later.count(.feedback) == 3, "nothing of the refused write stays")
        try second.tick(week: w41) // closing it again runs what waited
        try later.write(Self.feedback(2, date: "2026-10-07"))
        try second.tick(week: w42)

        let expected = try Self.prompts(atOnce)
        #expect(expected.contains("week-count 2026-W41 2026-W41: 3"), "\(expected)")
        #expect(try Self.prompts(later) == expected)
    }

    @Test
    func onlyTheSchoolWhoseWeekWaitsIsHeldAndPeopleWaitToo() throws {
        let store = try F.store()
        _ = try store.endWeek(IsoWeek("2026-W41")!, school: "s1")
        // The other school's records go in.
        try store.write([.pupil(Pupil(id: "xp2", schoolId: "s2", classId: "xk"))])
        // A new pupil of s1 would change what `ctx.pupils()` answers the waiting week.
        let refused = #expect(throws: StoreError.self) { try store.write([.pupil(Pupil(id: "p9", schoolId: "s1", classId: "k5a"))]) }
        #expect(refused?.description == StoreError.weekNotRun(school: "s1", week: "2026-W41").description)
        #expect(try store.pupils(school: "s1").count == 4)
        // Once the engine's cursor stands past the week, s1's records go in as well.
        try F.engine(store).dispatch(through: IsoWeek("2026-W41")!.sunday)
        try store.write([.pupil(Pupil(id: "p9", schoolId: "s1", classId: "k5a"))])
        #expect(try store.pupils(school: "s1").count == 5)
    }

    @Test
    func aDispatchHalfwayThroughTheWeeksDaysStillHoldsWriters() throws {
        let store = try F.store()
        try store.write(Self.feedback(3, date: "2026-10-06") + Self.feedback(2, date: "2026-10-09"))
        let w41 = IsoWeek("2026-W41")!
        try store.endWeek(w41, school: "s1")
        // Dispatch commits a week day by day (a batch at a time), each commit with the log
        // position of the whole run: past the week's `week.ended` long before its Sunday is run.
        let halfway = SchoolCursor(day: Day("2026-10-06")!, seq: try store.lastEventSeq(school: "s1"))
        _ = try store.commit(DispatchCommit(cursor: CoachStore.engineCursor, school: "s1", position: halfway, prompts: [],
                                        states: [], health: []))
        let refused = #expect(throws: StoreError.self) { try store.write(Self.feedback(1, date: "2026-10-08")) }
        #expect(refused?.isWeekNotRun == true, "\(String(describing: refused))")
        #expect(try store.count(.feedback) == 5)

        // A real dispatch, one event a commit, ends past the week: the writer goes in, late.
        var configuration = EngineConfiguration()
        configuration.eventsPerCommit = 1
        let engine = try F.engine(store, extra: [Self.counter], configuration: configuration)
        try engine.tick(week: w41)
        try store.write(Self.feedback(1, date: "2026-10-08"))
        #expect(try store.count(.feedback) == 6)
        #expect(try store.prompts(school: "s1", week: "2026-W41").map(\.text).contains("2026-W41: 5"))
    }

    /// Writes `batches` of records through the import's path.
    static func batches(_ store: CoachStore, _ batches: [[NewRecord]], dryRun: Bool = false,
                        rollsBack: Bool = false) throws -> CoachStore.BatchesOutcome {
        var left = batches
        return try store.write(batches: { left.isEmpty ? nil : left.removeFirst().map { KeyedRecord($0) } },
                               dryRun: dryRun, rollsBack: { rollsBack })
    }

    @Test
    func aWriteThatRollsBackAnywayListsItsIssuesInsteadOfWaiting() throws {
        let store = try F.store()
        try store.endWeek(IsoWeek("2026-W41")!, school: "s1")
        let events = try store.lastEventSeq(school: "s1")
        let unknown = NewRecord.pupil(Pupil(id: "p9", schoolId: "s1", classId: "no-such-class"))
        // A dry run notes the waiting week and checks everything; nothing is kept.
        let dry = try Self.batches(store, [Self.feedback(2, date: "2026-10-07")], dryRun: true)
        #expect(dry.issues.isEmpty && dry.events == 0)
        #expect(dry.waiting?.description == StoreError.weekNotRun(school: "s1", week: "2026-W41").description)
        // An issue in the first batch, the waiting school's first record in the second: the
        // issue is told, not the refusal.
        let flawed = try Self.batches(store, [[unknown], Self.feedback(2, date: "2026-10-07")])
        #expect(flawed.issues.count == 1 && flawed.events == 0, "\(flawed.issues)")
        // So with a problem the caller found (a row it could not read).
        let unread = try Self.batches(store, [Self.feedback(2, date: "2026-10-07")], rollsBack: true)
        #expect(unread.issues.isEmpty && unread.events == 0 && unread.waiting != nil)
        // Without any, the write is refused.
        let refused = #expect(throws: StoreError.self) { try Self.batches(store, [Self.feedback(2, date: "2026-10-07")]) }
        #expect(refused?.isWeekNotRun == true)
        #expect(try store.count(.feedback) == 0 && store.lastEventSeq(school: "s1") == events, "nothing of any of them stays")
    }
}
