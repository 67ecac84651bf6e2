import CoachCore
import CoachEngine
import CoachStore
import Foundation
import LuaSandbox
import Testing

/// What a rule sees is the school as it was on the event's day; nothing is cut silently; a
/// failing rule is told; a finding is not prompted again without new evidence.
struct TimeTrueTests {
    typealias F = EngineFixture

    /// A rule that tells, in a team prompt, what `ctx.placements{...}` returned on week.ended.
    static let lister = ("lister.lua", """
        return rule { id = "lister", title = { nl = "l" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            local seen = {}
            for _, s in ipairs(ctx.placements{ class = "k5a", current = true }) do
              seen[#seen + 1] = s.pupil .. ":" .. s.goal .. ":" .. s.track .. ":" .. tostring(s.to)
            end
            table.sort(seen)
            ctx.prompt{ to = "team", key = "seen", text = table.concat(seen, " "), next_step = "-", evidence = { ev.week } }
          end }
        """)

    static func feedback(_ n: Int, teacher: String = "t1", date: String = "2026-10-06") -> [NewRecord] {
        (0..<n).map { _ in
            .feedback(FeedbackRecord(teacherId: teacher, classId: "k5a", pupilId: "p1", goalId: "breuken", date: F.d(date),
                                     level: .task, question: .feedback, timing: .formative, form: .individual, growthPoints: 1))
        }
    }

    static func text(_ store: CoachStore, _ week: String, rule: String) throws -> String? {
        try store.prompts(school: "s1", week: week).first { $0.ruleId == rule }?.text
    }

    @Test
    func aPlacementIsCurrentOnTheEventsDayNotToday() throws {
        let store = try F.store()
        // p1: track 3 from 7 Sept, track 1 from 9 Nov (after week 44); p2 starts only in week 45.
        try store.write([F.placement("p1", "breuken", track: 3, from: "2026-09-07"),
                         F.placement("p1", "breuken", track: 1, from: "2026-11-09"),
                         F.placement("p2", "meten", track: 2, from: "2026-11-10")])
        let engine = try F.engine(store, extra: [Self.lister])
        try engine.tick(week: IsoWeek("2026-W44")!)
        try engine.tick(week: IsoWeek("2026-W46")!)
        #expect(try Self.text(store, "2026-W44", rule: "lister") == "p1:breuken:3:nil", "as on 1 November, whatever came later")
        #expect(try Self.text(store, "2026-W46", rule: "lister") == "p1:breuken:1:nil p2:meten:2:nil")
    }

    @Test
    func recordsOfAWeekWaitForItsCloseAndRecordsAfterTheEventAreInvisible() throws {
        let store = try F.store()
        let counter = ("counter.lua", """
            return rule { id = "counter", title = { nl = "c" }, on = { "feedback.recorded" },
              run = function(ev, ctx, p)
                local n = #ctx.feedback{ teacher = ev.teacher }
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "n/" .. ev.date, text = ev.date .. ": " .. n,
                            next_step = "-", evidence = { "feedback:" .. ev.id } }
              end }
            """)
        try store.write(Self.feedback(2, date: "2026-10-06") + Self.feedback(3, date: "2026-10-13"))
        let engine = try F.engine(store, extra: [counter])
        try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(try Self.text(store, "2026-W42", rule: "counter") == nil, "week 42 waits for its close")
        #expect(try Self.text(store, "2026-W41", rule: "counter") == "2026-10-06: 2", "feedback of 13 October is not seen on the 6th")
        try engine.tick(week: IsoWeek("2026-W42")!)
        #expect(try Self.text(store, "2026-W42", rule: "counter") == "2026-10-13: 5")
        // A record that arrives late, dated in a week already closed, runs at the next dispatch, as of its day.
        try store.write(Self.feedback(1, date: "2026-10-07"))
        let late = try engine.dispatch()
        #expect(late.events == 1)
        #expect(try store.prompts(school: "s1", week: "2026-W41").contains { $0.text == "2026-10-07: 3" })
    }

    @Test
    func aQueryReturnsEverythingOrFailsClearlyNeverACut() throws {
        let store = try F.store()
        try store.write(Self.feedback(1_200))
        let counting = ("counting.lua", """
            return rule { id = "counting", title = { nl = "c" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                local all = #ctx.feedback{ teacher = "t1" }
                local some = #ctx.feedback{ teacher = "t1", limit = 10 }
                ctx.prompt{ to = "team", key = "n", text = all .. " and " .. some, next_step = "-", evidence = { ev.week } }
              end }
            """)
        let engine = try F.engine(store, extra: [counting])
        try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(try Self.text(store, "2026-W41", rule: "counting") == "1200 and 10", "no hidden LIMIT 1000")

        var small = EngineConfiguration()
        small.maxQueryRows = 1_000
        let capped = try F.engine(store, extra: [counting], configuration: small)
        let report = try capped.tick(week: IsoWeek("2026-W42")!)
        #expect(report.dispatch.failures.first?.message.contains(
            "ctx.feedback: more than 1000 records match; narrow the question (from, to, class, teacher) or give a limit") == true)
    }

    @Test
    func aRuleThatFailsEveryWeekButSucceedsInBetweenIsStillQuarantined() throws {
        let store = try F.store()
        var records: [NewRecord] = []
        for week in 0..<4 { records.append(F.observation(date: F.d("2026-10-05").adding(days: 7 * week).description, scores: ["3.1": 4])) }
        try store.write(records)
        let weekly = ("weekly.lua", """
            return rule { id = "weekly", title = { nl = "Wekelijks kapot" }, on = { "observation.recorded", "week.ended" },
              run = function(ev, ctx, p)
                if ev.kind == "week.ended" then error("kapot op het einde van de week") end
              end }
            """)
        let engine = try F.engine(store, extra: [weekly])
        var quarantined: [String] = []
        for week in ["2026-W41", "2026-W42", "2026-W43", "2026-W44"] {
            quarantined += try engine.tick(week: IsoWeek(week)!).dispatch.quarantined
        }
        #expect(quarantined == ["weekly"], "three failures within 28 days, successes in between")
        let health = try #require(try store.ruleHealth("weekly").first { $0.schoolId == "s1" })
        #expect(health.quarantined && health.recentFailures.count == 3)
        // Each failing week told the team once, with the event and how to see it again.
        let failure = try #require(try store.prompts(school: "s1", week: "2026-W42").first { $0.key == "failure/weekly" })
        #expect(failure.audience == .team)
        #expect(failure.text == "Regel 'Wekelijks kapot' (weekly) liep fout op week.ended van 2026-10-18: "
                + "runtime error: weekly.lua:3: kapot op het einde van de week")
    }

    @Test
    func aBadPromptIsThatRulesFailureAndTheOthersAreStored() throws {
        let store = try F.store()
        try store.write([F.observation(scores: ["3.1": 1])])
        let long = ("long.lua", """
            return rule { id = "long", title = { nl = "Lang" }, on = { "observation.recorded" },
              run = function(ev, ctx, p)
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "x", text = string.rep("a", 2500), next_step = "-" }
              end }
            """)
        let engine = try F.engine(store, extra: [long])
        let report = try engine.dispatch(through: F.end)
        #expect(report.failures.map(\.rule) == ["long"])
        #expect(report.failures.first?.message == "ctx.prompt: key 'x': text must be at most 2000 characters, got 2500")
        #expect(try store.prompts(school: "s1", week: "2026-W41").contains { $0.ruleId == "focus-section" })
    }

    @Test
    func aFindingIsNotPromptedAgainWithoutNewEvidenceAndDoneStaysQuiet() throws {
        let store = try F.store()
        try store.write([F.placement("p1", "breuken", track: 3, from: "2026-08-03")])
        let engine = try F.engine(store)
        try engine.tick(week: IsoWeek("2026-W41")!)
        let first = try #require(try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "persistent-track3" })
        let second = try engine.tick(week: IsoWeek("2026-W42")!)
        #expect(second.dispatch.repeats == 1)
        #expect(try Self.text(store, "2026-W42", rule: "persistent-track3") == nil, "same pupil, same placement: nothing new")
        try store.setStatus(prompt: first.id!, to: .done)
        try engine.tick(week: IsoWeek("2026-W43")!)
        #expect(try Self.text(store, "2026-W43", rule: "persistent-track3") == nil, "done stays quiet")
        // New evidence: a second pupil joins the list, and the class is prompted again.
        try store.write([F.placement("p2", "breuken", track: 3, from: "2026-08-03")])
        try engine.tick(week: IsoWeek("2026-W44")!)
        let again = try #require(try Self.text(store, "2026-W44", rule: "persistent-track3"))
        #expect(again.hasPrefix("In klas 5A zitten 2 leerlingen"))
    }

    @Test
    func replayClosesOpenWeeksLikeTickAndGoesOnAfterAFailure() throws {
        let store = try F.store()
        try store.write([F.observation(date: "2026-10-06", scores: ["3.1": 4])])
        let dated = ("dated.lua", """
            return rule { id = "dated", title = { nl = "d" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                if ev.week == "2026-W42" then error("not this week") end
                local from = ctx.add_days(ev.to, -6)
                ctx.prompt{ to = "team", key = "w", text = ev.week .. " from " .. from .. " to " .. ev.to, next_step = "-",
                            evidence = { ev.week } }
              end }
            """)
        let engine = try F.engine(store, extra: [dated])
        let report = try engine.replay(rule: "dated", school: "s1", from: F.d("2026-10-05"), to: F.d("2026-10-25"))
        #expect(report.prompts.map(\.text) == ["2026-W41 from 2026-10-05 to 2026-10-11", "2026-W43 from 2026-10-19 to 2026-10-25"])
        #expect(report.failures.map(\.day) == [F.d("2026-10-18")])
        #expect(report.failures.first?.message.hasSuffix("not this week") == true)
    }

    @Test
    func tickSaysWhenAWeekWasClosedAlreadyOrIsOlder() throws {
        let store = try F.store()
        let engine = try F.engine(store)
        #expect(try engine.tick(week: IsoWeek("2026-W44")!).alreadyClosed.isEmpty)
        #expect(try engine.tick(week: IsoWeek("2026-W44")!).alreadyClosed == ["s1", "s2"])
        let older = try engine.tick(week: IsoWeek("2026-W42")!)
        #expect(older.olderThanClosed["s1"] == IsoWeek("2026-W44")!)
    }
}

/// A digest says when its week is not complete: not closed, or rules not run over all events.
struct WeekGapTests {
    @Test
    func theDigestNamesAWeekWhoseRulesHaveNotRunOverEveryEvent() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(date: "2026-10-06", scores: ["3.1": 1]),
                         EngineFixture.observation(date: "2026-10-07", scores: ["3.1": 2])])
        let engine = try EngineFixture.engine(store)
        let week = IsoWeek("2026-W41")!
        var gap = try #require(try engine.digest(coach: "c1", week: week).gaps.first)
        #expect(!gap.closed && gap.events == 2 && gap.handled == 0)

        // Closed (as by a tick killed before its dispatch), but no rule has run yet.
        try store.endWeek(week, school: "s1")
        gap = try #require(try engine.digest(coach: "c1", week: week).gaps.first)
        #expect(gap.closed && gap.events == 3 && gap.handled == 0)

        // The next tick finishes what was pending first; then the week is complete.
        let report = try engine.tick(week: week)
        #expect(report.alreadyClosed == ["s1"])
        #expect(report.dispatch.events >= 3)
        #expect(try engine.digest(coach: "c1", week: week).gaps.isEmpty)
    }
}

/// Catching up: closing every week up to one gives what closing them one by one gives.
struct CatchUpTests {
    @Test
    func tickThroughEqualsTickingEachWeek() throws {
        let network = try OneTruthTests.network(.init(schools: 2, weeks: 6, classes: 3, pupils: 8, seed: 3))
        let oneByOne = try OneTruthTests.store(network), atOnce = try OneTruthTests.store(network)
        for w in 0..<6 {
            try oneByOne.write(network.records(week: w))
            try atOnce.write(network.records(week: w))
        }
        let a = try OneTruthTests.engine(oneByOne), b = try OneTruthTests.engine(atOnce)
        let weekly = try (0..<6).map { w in try a.tick(week: network.isoWeek(w)) }
        let reports = try b.tick(through: network.isoWeek(5))
        #expect(reports.map(\.week) == (0..<6).map(network.isoWeek))
        #expect(try OneTruthTests.stored(oneByOne, network) == OneTruthTests.stored(atOnce, network))
        // Each week's report says what closing that week alone said: the first week with the
        // people and classes, each week its own records and prompts.
        #expect(reports.map(\.dispatch.events) == weekly.map(\.dispatch.events))
        #expect(reports.map(\.dispatch.prompts) == weekly.map(\.dispatch.prompts))
        #expect(reports.map(\.dispatch.ruleCalls) == weekly.map(\.dispatch.ruleCalls))
        #expect(weekly.allSatisfy { $0.dispatch.events > 0 } && weekly.contains { $0.dispatch.prompts > 0 })
        let again = try b.tick(through: network.isoWeek(5))
        #expect(again.count == 1 && again[0].week == network.isoWeek(5) && again[0].dispatch.events == 0,
                "nothing left to close: the last week again, closing nothing")
    }
}
