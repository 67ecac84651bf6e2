import CoachCore
@testable import CoachEngine
import CoachStore
import Foundation
import Testing

/// A rule keeps nothing between calls but what it stores with `ctx.set_state`: a value kept in
/// a local or a global of its file would reach the next event and another school, and what it
/// held would depend on which events one worker happened to run before (review, session 25).
struct RuleMemoryTests {
    static let remembering = """
        local calls = 0
        local school_name
        return rule { id = "remembering", title = { nl = "Onthoudt" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            calls = calls + 1
            seen = (seen or 0) + 1
            school_name = school_name or ctx.school().name
            local kept = ctx.get_state("weeks") or 0
            ctx.set_state("weeks", kept + 1)
            ctx.prompt{ to = "team", key = ev.week, text = string.format("%s: calls %d, seen %d, kept %d", school_name, calls, seen, kept + 1), next_step = "Niets." }
          end }
        """

    @Test
    func localsAndGlobalsStartAfreshOnEveryEventAndSchool() throws {
        let store = try EngineFixture.store()
        let engine = try EngineFixture.engine(store, extra: [("remembering.lua", Self.remembering)])
        for week in ["2026-W44", "2026-W45", "2026-W46"] {
            let report = try engine.tick(week: IsoWeek(week)!)
            #expect(report.dispatch.failures.isEmpty, "\(report.dispatch.failures)")
        }
        let texts = try ["s1", "s2"].flatMap { school in
            try store.prompts(school: school).filter { $0.ruleId == "remembering" }.map(\.text)
        }.sorted()
        let names = try ["s1", "s2"].map { try #require(try store.school($0)).name }
        // Only the stored state counts up; each school reads its own name.
        #expect(texts == names.flatMap { name in (1...3).map { "\(name): calls 1, seen 1, kept \($0)" } }.sorted(), "\(texts)")
    }

    @Test
    func aSuggestionStartsAfreshToo() throws {
        let store = try EngineFixture.store()
        let source = """
            local asked = 0
            return rule { id = "asks", title = { nl = "Vraagt" }, on = { "week.ended" }, run = function() end,
              suggest = function(q, ctx, p)
                asked = asked + 1
                ctx.suggest{ teacher = q.teacher, text = "vraag " .. asked }
              end }
            """
        let rule = try RuleLoader.load(source: Array(source.utf8), file: "asks.lua", store: store)
        let engine = Engine(store: store, rules: [rule])
        for _ in 0..<3 {
            #expect(try engine.suggest(teacher: "t1", day: EngineFixture.d("2026-10-12")).map(\.text) == ["vraag 1"])
        }
    }
}
