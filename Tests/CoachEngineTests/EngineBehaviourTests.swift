import CoachCore
import CoachEngine
import CoachStore
import Foundation
import LuaSandbox
import Testing

/// Dedup, the attention budget, quarantine, replay, shadow mode, isolation.
struct EngineBehaviourTests {
    /// A rule that makes `count` prompts for teacher t1 on every observation, keyed by `key`.
    static func chatty(id: String = "chatty", count: Int = 1, key: String = "same", priority: Int = 3, extra: String = "") -> (String, String) {
        ("\(id).lua", """
            return rule {
              id = "\(id)", title = { nl = "\(id)" }, on = { "observation.recorded" }, \(extra)
              run = function(ev, ctx, p)
                for i = 1, \(count) do
                  ctx.prompt{ to = "coach", teacher = ev.teacher, key = "\(key)" .. (\(count) > 1 and i or ""),
                              priority = \(priority), text = "prompt " .. i .. " on " .. ev.date, next_step = "do something",
                              evidence = { "observation:" .. ev.id } }
                end
              end,
            }
            """)
    }

    @Test
    func theSameRuleSubjectKeyAndWeekIsOnePromptUpdated() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(date: "2026-10-05", scores: ["3.1": 4]),
                         EngineFixture.observation(date: "2026-10-08", scores: ["3.1": 4]),
                         EngineFixture.observation(date: "2026-10-13", scores: ["3.1": 4])])
        let engine = try EngineFixture.engine(store, extra: [Self.chatty()])
        try engine.dispatch(through: EngineFixture.end)
        let week41 = try store.prompts(school: "s1", week: "2026-W41")
        let chatty = week41.filter { $0.ruleId == "chatty" }
        #expect(chatty.count == 1)
        #expect(chatty.first?.text == "prompt 1 on 2026-10-08", "updated by the later event")
        #expect(try store.prompts(school: "s1", week: "2026-W42").filter { $0.ruleId == "chatty" }.count == 1, "a new week is a new prompt")
    }

    @Test
    func theDigestShowsAtMostTwoPerTeacherFocusFirstOnePerRuleFirstAndCountsTheRest() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(date: "2026-10-06", scores: ["3.1": 1, "3.2": 2, "1.1": 1])])
        // chatty: 3 prompts at priority 1 (more urgent than focus-section's 2), not about the focus.
        let engine = try EngineFixture.engine(store, extra: [Self.chatty(count: 3, key: "c", priority: 1)])
        try engine.dispatch(through: EngineFixture.end)
        let digest = try engine.digest(coach: "c1", week: IsoWeek("2026-W41")!)
        let group = try #require(digest.groups.first { $0.teacherId == "t1" })
        #expect(group.shown.count == 2)
        let firstRules = group.shown.map(\.ruleId)
        #expect(firstRules == ["focus-section", "chatty"], "focus first, then one prompt of each other rule before seconds")
        #expect(group.shown.first?.priority == 1, "the most urgent focus prompt (score 1) leads")
        #expect(group.heldBack == 3)
        #expect(digest.heldBack == 3)
        #expect(try store.count(.prompt) == 5, "held back, never lost")

        var wider = EngineConfiguration()
        wider.promptsPerTeacher = 4
        let engine4 = try EngineFixture.engine(store, configuration: wider)
        let digest4 = try engine4.digest(coach: "c1", week: IsoWeek("2026-W41")!)
        #expect(digest4.groups.first?.shown.map(\.ruleId) == ["focus-section", "chatty", "focus-section", "chatty"])
    }

    @Test
    func aFailingRuleIsQuarantinedAfterThreeAndTheTeamIsTold() throws {
        let store = try EngineFixture.store()
        try store.write((0..<5).map { EngineFixture.observation(date: "2026-10-0\($0 + 5)", scores: ["3.1": 4]) })
        let broken = ("broken.lua", """
            return rule { id = "broken", title = { nl = "Kapotte regel" }, on = { "observation.recorded" },
              run = function(ev, ctx, p) local x = nil; return x.y end }
            """)
        let engine = try EngineFixture.engine(store, extra: [broken, Self.chatty()])
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.failures.count == 3, "quarantined after the third; events 4 and 5 skip it")
        #expect(report.quarantined == ["broken"])
        #expect(report.failures.first?.message.contains("broken.lua:2: attempt to index a nil value (local 'x')") == true)
        let health = try #require(try store.ruleHealth("broken").first { $0.schoolId == "s1" })
        #expect(health.quarantined && health.failures == 3)
        let team = try store.prompts(school: "s1", week: "2026-W41").filter { $0.audience == .team }.sorted { $0.key < $1.key }
        #expect(team.map(\.key) == ["failure/broken", "quarantine/broken"], "the first failure of the week, then the quarantine")
        #expect(team.first?.text.hasPrefix("Regel 'Kapotte regel' (broken) liep fout op observation.recorded van 2026-10-05: ") == true)
        #expect(team.first?.nextStep.contains("coach rules replay broken --school s1 --from 2026-10-05 --to 2026-10-05") == true)
        #expect(team.last?.text.hasPrefix("Regel 'Kapotte regel' (broken) staat in quarantaine na 3 fouten in 28 dagen.") == true)
        // The other rule still saw every event.
        #expect(try store.prompts(school: "s1", week: "2026-W41").contains { $0.ruleId == "chatty" && $0.text.contains("2026-10-09") })
    }

    /// Dispatch reads only the events some rule listens to, but passes over every event up to
    /// the horizon: all are counted as handled, and the cursor ends at the horizon.
    @Test
    func eventsNoRuleHearsArePassedOverAndCounted() throws {
        let store = try EngineFixture.store()
        let feedback = (0..<4).map { n in
            NewRecord.feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: "p1", goalId: "breuken",
                                              date: EngineFixture.d("2026-10-0\(n + 5)"), level: .process, question: .feedForward,
                                              timing: .formative, form: .individual, growthPoints: 1, text: "Probeer eerst de noemer."))
        }
        try store.write(feedback + [EngineFixture.observation(scores: ["3.1": 2])])
        let heard = ("heard.lua", """
            return rule { id = "heard", title = { nl = "h" }, on = { "feedback.recorded" },
              run = function(ev, ctx, p)
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "fb" .. ev.date, text = "feedback on " .. ev.date,
                            next_step = "do something", evidence = { "feedback:" .. ev.id } }
              end }
            """)
        let schools = try store.events(after: 0, limit: 100_000).filter { $0.schoolId != nil }.count
        let engine = try EngineFixture.engine(store, extra: [heard])
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.events == schools, "every event of the schools, heard or not")
        #expect(try store.prompts(school: "s1", week: "2026-W41").filter { $0.ruleId == "heard" }.count == 4)
        #expect(try store.prompts(school: "s1", week: "2026-W41").contains { $0.ruleId == "focus-section" })
        // The cursor stands at the newest event's day, heard or not (the feedback of 8 October,
        // after the observation of the 6th), not at the horizon far ahead.
        let cursor = EngineConfiguration().cursor
        #expect(try store.schoolCursor(cursor, school: "s1").day == EngineFixture.d("2026-10-08"))
        #expect(try engine.dispatch(through: EngineFixture.end).events == 0)
        func moment(on day: String) -> NewRecord {
            guard case .feedback(var f) = feedback[0] else { return feedback[0] }
            f.date = EngineFixture.d(day)
            return .feedback(f)
        }
        // A record arriving late (dated before the cursor's day) runs once, and counts once.
        try store.write([moment(on: "2026-10-07")])
        let late = try engine.dispatch(through: EngineFixture.end)
        #expect(late.events == 1 && late.ruleCalls == 1)
        #expect(try engine.dispatch(through: EngineFixture.end).events == 0)
        // Nobody listening: still passed over and counted, the cursor still moves.
        try store.write([moment(on: "2027-01-04")])
        let deaf = Engine(store: store, rules: [], configuration: EngineConfiguration())
        let later = try deaf.dispatch(through: EngineFixture.d("2027-01-10"))
        #expect(later.events == 1 && later.prompts == 0)
        #expect(try store.schoolCursor(cursor, school: "s1").day == EngineFixture.d("2027-01-04"))
        #expect(try deaf.dispatch(through: EngineFixture.d("2027-01-10")).events == 0)
    }

    @Test
    func aRuleThatRunsOutOfBudgetFailsAndOthersGoOn() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 2])])
        let spin = ("spin.lua", #"return rule { id = "spin", title = { nl = "s" }, on = { "observation.recorded" }, run = function() while true do end end }"#)
        var configuration = EngineConfiguration()
        configuration.limits = LuaLimits(instructions: 100_000, timeout: .seconds(2))
        let engine = try EngineFixture.engine(store, extra: [spin], configuration: configuration)
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.contains("time limit") == true)
        #expect(try store.prompts(school: "s1", week: "2026-W41").contains { $0.ruleId == "focus-section" })
    }

    @Test
    func aPromptSnoozedPastItsWeekComesBackInTheDigestOfItsDay() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 2])]) // 6 October: week 41
        let engine = try EngineFixture.engine(store)
        try engine.tick(week: IsoWeek("2026-W41")!)
        let prompt = try #require(try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "focus-section" })
        func shows(_ week: String) throws -> Bool {
            try engine.digest(coach: "c1", week: IsoWeek(week)!).shown.contains { $0.id == prompt.id }
        }
        #expect(try shows("2026-W41"))
        // Snoozed within its own week, it would still show there: refused.
        let within = #expect(throws: StoreError.self) { try store.setStatus(prompt: prompt.id!, to: .snoozed, until: Day("2026-10-11")) }
        #expect(within?.description.contains("after the prompt's week 2026-W41") == true, "\(String(describing: within))")
        #expect(try store.prompt(prompt.id!)?.status == .open)
        try store.setStatus(prompt: prompt.id!, to: .snoozed, until: Day("2026-10-21")) // a Wednesday of week 43
        #expect(try !shows("2026-W41"), "snoozed past its week: not in it")
        #expect(try !shows("2026-W42"))
        #expect(try shows("2026-W43"), "back in the week of its day")
        #expect(try !shows("2026-W44"))
        try store.setStatus(prompt: prompt.id!, to: .done)
        #expect(try !shows("2026-W43"), "done stays quiet")
    }

    @Test
    func aSnoozedPromptStaysAwayWhenItsFindingWasPromptedAgain() throws {
        let store = try EngineFixture.store()
        // The same finding every week, each time on new evidence (the week itself).
        let weekly = ("weekly.lua", """
            return rule { id = "weekly", title = { nl = "w" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                ctx.prompt{ to = "team", key = "k", text = "gezien in " .. ev.week, next_step = "-", evidence = { ev.week } }
              end }
            """)
        let engine = try EngineFixture.engine(store, extra: [weekly])
        for week in ["2026-W41", "2026-W42", "2026-W43"] { try engine.tick(week: IsoWeek(week)!) }
        func prompt(_ week: String) throws -> Prompt {
            try #require(try store.prompts(school: "s1", week: week).first { $0.ruleId == "weekly" })
        }
        let old = try prompt("2026-W41"), newer = try prompt("2026-W43")
        try store.setStatus(prompt: old.id!, to: .snoozed, until: Day("2026-10-21")) // into week 43
        let w43 = IsoWeek("2026-W43")!
        let coach = try engine.digest(coach: "c1", week: w43).shown.filter { $0.ruleId == "weekly" }.map(\.id)
        let team = try engine.teamDigest(school: "s1", week: w43).shown.filter { $0.ruleId == "weekly" }.map(\.id)
        #expect(coach == [newer.id] && team == [newer.id], "the newer prompt only: \(coach), \(team)")
        // Snoozed into week 42 it was prompted again in that very week: not back either.
        try store.setStatus(prompt: old.id!, to: .snoozed, until: Day("2026-10-14"))
        #expect(try engine.teamDigest(school: "s1", week: IsoWeek("2026-W42")!).shown.filter { $0.ruleId == "weekly" }.map(\.id)
                == [try prompt("2026-W42").id])
    }

    @Test
    func aRulesErrorIsOneBoundedLine() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 2])])
        // Megabytes of error, and lines that would pass for coach's own.
        let huge = ("huge.lua", #"return rule { id = "huge", title = { nl = "h" }, on = { "observation.recorded" }, run = function() error(("x"):rep(3000000)) end }"#)
        let forged = ("forged.lua", #"return rule { id = "forged", title = { nl = "f" }, on = { "observation.recorded" }, run = function() error("a\ncoach: rule persistent-track3 ok\r") end }"#)
        let engine = try EngineFixture.engine(store, extra: [huge, forged])
        let report = try engine.dispatch(through: EngineFixture.end)
        let messages = Dictionary(uniqueKeysWithValues: report.failures.map { ($0.rule, $0.message) })
        let long = try #require(messages["huge"])
        #expect(long.unicodeScalars.count < 600 && long.contains("… (30000") && long.hasSuffix(" characters)"), "\(long.suffix(80))")
        let lines = try #require(messages["forged"])
        #expect(!lines.contains("\n") && !lines.contains("\r") && lines.contains(#"a\ncoach: rule persistent-track3 ok\r"#), "\(lines)")
        #expect(try store.ruleHealth("huge").allSatisfy { ($0.lastError?.count ?? 0) < 600 })
    }

    @Test
    func replayEqualsLive() throws {
        let store = try EngineFixture.store()
        try store.write([
            EngineFixture.observation(date: "2026-10-06", scores: ["3.1": 2, "3.2": 1]),
            EngineFixture.observation(teacher: "t2", date: "2026-10-20", scores: ["3.2": 2]),
            EngineFixture.placement("p1", "breuken", track: 3, from: "2026-09-07"),
            EngineFixture.placement("p2", "meten", track: 3, from: "2026-09-14"),
        ])
        let engine = try EngineFixture.engine(store)
        // Replay first: a dry run stores nothing.
        let before = try store.count(.prompt)
        let replayed = try engine.replay(rule: "persistent-track3", school: "s1", from: EngineFixture.d("2026-09-01"),
                                         to: EngineFixture.d("2026-11-08")).prompts
            + engine.replay(rule: "focus-section", school: "s1", from: EngineFixture.d("2026-09-01"), to: EngineFixture.d("2026-11-08")).prompts
        #expect(try store.count(.prompt) == before)
        #expect(!replayed.isEmpty)

        // Live: the same weeks closed one by one.
        var week = EngineFixture.d("2026-09-01").isoWeek
        while week.sunday <= EngineFixture.d("2026-11-08") {
            try engine.tick(week: week)
            week = week.sunday.adding(days: 1).isoWeek
        }
        var live: [Prompt] = []
        for w in Set(replayed.map(\.week)).union(["2026-W41", "2026-W43", "2026-W45"]) {
            live += try store.prompts(school: "s1", week: w)
        }
        func shape(_ p: Prompt) -> String { [p.ruleId, p.teacherId ?? "", p.classId ?? "", p.key, p.week, p.text].joined(separator: "|") }
        #expect(Set(live.map(shape)) == Set(replayed.map(shape)))
        #expect(live.count == replayed.count)
    }

    @Test
    func shadowPromptsAreStoredButInNoDigest() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 4])])
        var configuration = EngineConfiguration()
        configuration.shadow = ["chatty"]
        let engine = try EngineFixture.engine(store, extra: [Self.chatty(), Self.chatty(id: "own-shadow", extra: "shadow = true,")],
                                              configuration: configuration)
        try engine.dispatch(through: EngineFixture.end)
        let stored = try store.prompts(school: "s1", week: "2026-W41")
        #expect(Set(stored.map(\.ruleId)) == ["chatty", "own-shadow"])
        #expect(stored.allSatisfy { $0.shadow })
        let digest = try engine.digest(coach: "c1", week: IsoWeek("2026-W41")!)
        #expect(digest.shown.isEmpty)
    }

    @Test
    func aRuleCannotReadAnotherSchoolsRecordsNorWriteRecords() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 4]),
                         .feedback(FeedbackRecord(teacherId: "x1", classId: "xk", goalId: "xg", date: EngineFixture.d("2026-10-06"),
                                                  level: .person, question: .feedback, timing: .formative, form: .wholeClass,
                                                  growthPoints: 1))])
        let snoop = ("snoop.lua", """
            return rule { id = "snoop", title = { nl = "snoop" }, on = { "observation.recorded" },
              run = function(ev, ctx, p)
                local found = {}
                local ok, err = pcall(ctx.feedback, { teacher = "x1" })
                found[#found + 1] = ok and "read" or err
                ok, err = pcall(ctx.placements, { pupil = "xp" })
                found[#found + 1] = ok and "read" or err
                found[#found + 1] = tostring(#ctx.placements{})  -- school-wide: only this school's
                found[#found + 1] = tostring(ctx.store == nil and ctx.write == nil and ctx.insert == nil)
                ok, err = pcall(function() ctx.prompt = nil end)
                found[#found + 1] = ok and "changed ctx" or err
                ctx.prompt{ to = "team", key = "findings", text = table.concat(found, " | "), next_step = "-" }
              end }
            """)
        let engine = try EngineFixture.engine(store, extra: [snoop])
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.failures == [])
        let text = try #require(try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "snoop" }?.text)
        let parts = text.components(separatedBy: " | ")
        #expect(parts[0].hasSuffix("ctx.feedback: teacher 'x1' is not in this school"))
        #expect(parts[1].hasSuffix("ctx.placements: pupil 'xp' is not in this school"))
        #expect(parts[2] == "0")
        #expect(parts[3] == "true", "ctx offers no way to write records")
        #expect(parts[4].hasSuffix("ctx is read-only"))
        #expect(try store.count(.feedback) == 1)
        #expect(try store.count(.observation) == 1)
    }

    @Test
    func ruleStatePersistsAcrossEventsAndIsPerSchool() throws {
        let store = try EngineFixture.store()
        try store.write((0..<4).map { EngineFixture.observation(date: "2026-10-0\($0 + 5)", scores: ["3.1": 4]) })
        let counter = ("counter.lua", """
            return rule { id = "counter", title = { nl = "c" }, on = { "observation.recorded" },
              run = function(ev, ctx, p)
                local n = (ctx.get_state("seen") or 0) + 1
                ctx.set_state("seen", n)
                ctx.set_state("other", "kept")
                ctx.prompt{ to = "coach", teacher = ev.teacher, key = "count", text = "seen " .. n, next_step = "-" }
              end }
            """)
        var configuration = EngineConfiguration()
        configuration.eventsPerCommit = 3 // state must carry across a commit boundary too
        let engine = try EngineFixture.engine(store, extra: [counter], configuration: configuration)
        try engine.dispatch(through: EngineFixture.end)
        #expect(try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "counter" }?.text == "seen 4")
        let state = try #require(try store.ruleState(rule: "counter", school: "s1"))
        #expect(state.value == #"{"other":"kept","seen":4}"#)
    }
}
