import CoachCore
@testable import CoachEngine
@testable import CoachStore
import Testing

/// An erasure that lands between a dispatch batch's read and its commit: the batch writes
/// nothing and runs again on what is left, so no prompt names the erased pupil after the
/// erasure. The case the closed-week wait cannot cover: a record arriving late for a week
/// already run is dispatched by the next tick, and such a week no longer makes anyone wait.
struct ErasureDuringDispatchTests {
    typealias F = EngineFixture

    /// On every feedback record: one prompt that names every pupil of the school.
    static let roll = ("roll.lua", """
        return rule { id = "roll", title = { nl = "r" }, on = { "feedback.recorded" },
          run = function(ev, ctx, p)
            local ids = {}
            for _, pupil in ipairs(ctx.pupils()) do ids[#ids + 1] = pupil.id end
            table.sort(ids)
            ctx.prompt{ to = "team", key = "roll/" .. ev.date, text = table.concat(ids, " "), next_step = "-",
                        evidence = { "event:" .. ev.seq } }
          end }
        """)

    static func feedback(pupil: String, date: String) -> NewRecord {
        .feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: pupil, goalId: "breuken", date: F.d(date),
                                 level: .task, question: .feedback, timing: .formative, form: .individual, growthPoints: 1))
    }

    /// Erases `pupil` from a hook (which cannot throw): a failed erasure fails the test.
    static func erase(_ pupil: String, in store: CoachStore) {
        do { _ = try store.erase(pupil: pupil, dryRun: false) } catch { Issue.record("the erasure failed: \(error)") }
    }

    @Test
    func aBatchOvertakenByAnErasureIsReadAgainWithoutThePupil() throws {
        let store = try F.store()
        let w41 = IsoWeek("2026-W41")!
        try store.write([Self.feedback(pupil: "p1", date: "2026-10-06")])
        let engine = try F.engine(store, extra: [Self.roll])
        try engine.tick(week: w41)
        #expect(try store.prompts(school: "s1", week: "2026-W41").filter { $0.ruleId == "roll" }.map(\.text) == ["p1 p2 p3 p4"])

        // Late for week 41, which already ran: the next tick of week 41 runs them, and the
        // erasure of p2 lands after that batch read the school.
        try store.write([Self.feedback(pupil: "p2", date: "2026-10-07"), Self.feedback(pupil: "p3", date: "2026-10-08")])
        var erased = 0
        engine.beforeCommit = {
            guard erased == 0 else { return }
            erased += 1
            Self.erase("p2", in: store)
        }
        let report = try engine.tick(week: w41)
        #expect(erased == 1)
        #expect(try store.pupil("p2") == nil, "the erasure went through")

        let texts = try store.prompts(school: "s1", week: "2026-W41").filter { $0.ruleId == "roll" }.map(\.text).sorted()
        // The erasure took the week's first prompt (it names p2) and p2's own late record; p3's
        // ran again, on the school without p2.
        #expect(texts == ["p1 p3 p4"], "\(texts)")
        #expect(!texts.joined().contains("p2"))
        #expect(report.dispatch.prompts == 1, "counted once, for the batch that was written")
        #expect(report.dispatch.failures.isEmpty)

        // The cursor stands past the late records: a further tick adds nothing.
        engine.beforeCommit = nil
        let again = try engine.tick(week: w41)
        #expect(again.dispatch.prompts == 0)
        #expect(try store.prompts(school: "s1", week: "2026-W41").filter { $0.ruleId == "roll" }.map(\.text).sorted() == ["p1 p3 p4"])
    }

    /// The same finding every time: after the first, a prompt in a later week is a repeat.
    static let roster = ("roster.lua", """
        return rule { id = "roster", title = { nl = "r" }, on = { "feedback.recorded" },
          run = function(ev, ctx, p)
            local ids = {}
            for _, pupil in ipairs(ctx.pupils()) do ids[#ids + 1] = pupil.id end
            table.sort(ids)
            ctx.prompt{ to = "team", key = "roster", text = table.concat(ids, " "), next_step = "-", evidence = { "roster" } }
          end }
        """)

    /// What the batch that was not written prompted is forgotten: its week-41 prompt would
    /// otherwise make the rerun's week-42 prompt a repeat of one that was never stored.
    @Test
    func aBatchRunAgainForgetsWhatItPromptedBefore() throws {
        let store = try F.store()
        let engine = try F.engine(store, extra: [Self.roster])
        try engine.tick(week: IsoWeek("2026-W41")!)
        try engine.tick(week: IsoWeek("2026-W42")!)
        // Late, one in each closed week, run in one batch by the next tick.
        try store.write([Self.feedback(pupil: "p2", date: "2026-10-06"), Self.feedback(pupil: "p3", date: "2026-10-13")])
        var erased = false
        engine.beforeCommit = {
            guard !erased else { return }
            erased = true
            Self.erase("p2", in: store)
        }
        try engine.tick(week: IsoWeek("2026-W42")!)
        #expect(erased)
        #expect(try store.prompts(school: "s1", week: "2026-W41").filter { $0.ruleId == "roster" }.isEmpty)
        #expect(try store.prompts(school: "s1", week: "2026-W42").filter { $0.ruleId == "roster" }.map(\.text) == ["p1 p3 p4"])
    }

    /// A rule that fails on p2's feedback, naming them in its error.
    static let picky = ("picky.lua", """
        return rule { id = "picky", title = { nl = "p" }, on = { "feedback.recorded" },
          run = function(ev, ctx, p)
            if ev.pupil == "p2" then error("cannot read the feedback of " .. ev.pupil) end
          end }
        """)

    /// A school whose week 41 ran with `rule`, then feedback of p2 and p3 arriving late for it:
    /// the next tick of week 41 runs them (one event a batch, or both in one).
    static func lateRecords(of rule: (String, String), oneEventABatch: Bool = false) throws -> (CoachStore, Engine) {
        let store = try F.store()
        var configuration = EngineConfiguration()
        if oneEventABatch { configuration.eventsPerCommit = 1 }
        let engine = try F.engine(store, extra: [rule], configuration: configuration)
        try engine.tick(week: IsoWeek("2026-W41")!)
        try store.write([Self.feedback(pupil: "p2", date: "2026-10-07"), Self.feedback(pupil: "p3", date: "2026-10-08")])
        return (store, engine)
    }

    /// On every feedback record: a prompt that names the record's pupil, read from the event.
    static let echo = ("echo.lua", """
        return rule { id = "echo", title = { nl = "e" }, on = { "feedback.recorded" },
          run = function(ev, ctx, p)
            ctx.prompt{ to = "team", key = "echo/" .. ev.pupil, text = "over " .. ev.pupil, next_step = "-", evidence = { "event:" .. ev.seq } }
          end }
        """)

    /// The erasure lands after the batch's events were read (one of them the erased pupil's),
    /// before its rules read the store: the events are as stale as the rules' answers would be.
    @Test
    func anErasureBetweenReadingTheEventsAndRunningTheRulesIsNoticed() throws {
        let (store, engine) = try Self.lateRecords(of: Self.echo)
        var erased = false
        engine.afterEventsRead = {
            guard !erased else { return }
            erased = true
            Self.erase("p2", in: store)
        }
        try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(erased)
        #expect(try store.prompts(school: "s1", week: "2026-W41").filter { $0.ruleId == "echo" }.map(\.text) == ["over p3"])
    }

    /// A rule's last error named the pupil; the erasure scrubbed it; the rule health the tick
    /// keeps in memory must not write it back with the next batch.
    @Test
    func aRuleErrorThatNamedTheErasedPupilIsNotWrittenBack() throws {
        let (store, engine) = try Self.lateRecords(of: Self.picky, oneEventABatch: true)
        var batches = 0
        engine.afterEventsRead = {
            batches += 1
            // Batch 1 (p2's record) failed and was written with its health; then p2 goes.
            if batches == 2 { Self.erase("p2", in: store) }
        }
        try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(batches >= 3, "the record of p3 was read twice: before and after the erasure")
        #expect(try store.pupil("p2") == nil)
        let health = try store.ruleHealth("picky")
        #expect(!health.isEmpty)
        for h in health { #expect(!(h.lastError ?? "").contains("p2"), "\(h)") }
    }

    /// The same when the erasure lands between two batches: nothing is refused, but the next
    /// batch reads the rules' health again before it writes it.
    @Test
    func aRuleErrorThatNamedThePupilStaysScrubbedWhenTheErasureComesBetweenBatches() throws {
        let (store, engine) = try Self.lateRecords(of: Self.picky, oneEventABatch: true)
        var commits = 0
        engine.afterCommit = {
            commits += 1
            if commits == 1 {
                #expect(((try? store.ruleHealth("picky")) ?? []).contains { ($0.lastError ?? "").contains("p2") }, "the error named p2")
                Self.erase("p2", in: store)
            }
        }
        try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(commits == 2, "no batch was refused")
        #expect(try store.pupil("p2") == nil)
        for h in try store.ruleHealth("picky") { #expect(!(h.lastError ?? "").contains("p2"), "\(h)") }
    }

    @Test
    func aCommitAfterAnErasureOrARetentionRunWritesNothing() throws {
        let store = try F.store()
        try store.write([Self.feedback(pupil: "p1", date: "2026-09-08"), Self.feedback(pupil: "p1", date: "2026-10-06")])
        // The rules have seen every event (retention refuses otherwise).
        try store.skipDispatch("rules")
        let seen = try store.reading { try store.erasures() }
        let prompt = Prompt(schoolId: "s1", ruleId: "roll", ruleVersion: "1", audience: .team, key: "k", week: "2026-W41",
                            priority: 3, text: "p1 p2", nextStep: "-", reason: "{}", eventSeq: 1, evidence: ["event:1"])
        func step(_ seen: Int64?) -> DispatchCommit {
            DispatchCommit(cursor: "engine", school: "s1", position: SchoolCursor(day: F.d("2026-10-06"), seq: 1), prompts: [prompt],
                           states: [], health: [], erasuresSeen: seen)
        }
        // A dry run changes nothing.
        _ = try store.erase(pupil: "p2", dryRun: true)
        #expect(try store.erasures() == seen)

        _ = try store.erase(pupil: "p2", dryRun: false)
        #expect(try store.commit(step(seen)) == false)
        #expect(try store.prompts(school: "s1", week: "2026-W41").isEmpty, "no prompt")
        #expect(try store.schoolCursor("engine", school: "s1") == .start, "and the cursor as it was")

        // Retention that removes something moves the number too; one that removes nothing does not.
        let afterErasure = try store.erasures()
        #expect(try store.removeRecords(before: F.d("2026-09-01"), school: "s1", cursor: "rules", dryRun: false).total == 0)
        #expect(try store.erasures() == afterErasure)
        #expect(try store.removeRecords(before: F.d("2026-10-01"), school: "s1", cursor: "rules", dryRun: false).total > 0)
        let now = try store.erasures()
        #expect(now != afterErasure)
        #expect(try store.commit(step(afterErasure)) == false)
        // With the number as it stands (or unchecked), the step is written.
        #expect(try store.commit(step(now)) == true)
        #expect(try store.prompts(school: "s1", week: "2026-W41").map(\.text) == ["p1 p2"])
    }
}
