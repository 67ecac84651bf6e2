import CoachCore
import CoachEngine
@testable import CoachReports
import CoachStore
import Foundation
import Testing

/// What `tick`, `rules replay` and `rules list` say, from the engine's reports.
struct CommandTextTests {
    static func engine() throws -> Engine {
        let store = try CoachStore.inMemory()
        try store.write([.school(School(id: "s1", name: "De Linde")), .teacher(Teacher(id: "t1", schoolId: "s1", name: "An"))])
        let sources = [
            ("speaks.lua", """
                return rule { id = "speaks", title = { nl = "Spreekt", en = "Speaks" }, on = { "week.ended" },
                  run = function(ev, ctx)
                    ctx.prompt{ to = "coach", teacher = "t1", key = "x", text = "Iets gezien", next_step = "Iets doen", evidence = { ev.week } }
                  end }
                """),
            ("boom.lua", """
                return rule { id = "boom", title = { nl = "Boem" }, on = { "week.ended" }, run = function(ev, ctx) error("kapot") end }
                """),
        ]
        let rules = try sources.map { try RuleLoader.load(source: Array($1.utf8), file: $0, store: store) }
        return Engine(store: store, rules: rules)
    }

    @Test
    func aTickWithAFailingRuleSaysWhichAndFails() throws {
        let engine = try Self.engine()
        let week = IsoWeek("2026-W44")!
        let lines = TickText.lines([try engine.tick(week: week)], week: week, broken: false, language: .nl)
        // The school and the teacher, and week.ended; the prompt, and the team's failure prompt.
        #expect(lines.output.last == "week 2026-W44 afgesloten: 3 gebeurtenissen, 2 gesprekspunten, 1 regel met fouten")
        #expect(lines.errors.count == 1)
        #expect(lines.errors[0].hasPrefix("regel boom liep fout bij 1 gebeurtenis; de eerste: boom bij gebeurtenis "), "\(lines.errors)")
        #expect(lines.failure?.hasPrefix("de week is afgesloten en de andere regels zijn uitgevoerd") == true)
    }

    @Test
    func catchingUpListsEveryWeekAndCountsFailuresOfAll() throws {
        let engine = try Self.engine()
        let reports = try engine.tick(through: IsoWeek("2026-W45")!) + [try engine.tick(week: IsoWeek("2026-W46")!)]
        let lines = TickText.lines(reports, week: IsoWeek("2026-W46")!, broken: false, language: .en)
        #expect(lines.output.first?.hasPrefix("week 2026-W45 closed: ") == true)
        #expect(lines.errors.first?.hasPrefix("rule boom failed on 2 events; first: boom on event ") == true, "\(lines.errors)")
    }

    @Test
    func aTickThatOnlyClosesTheWeekSaysTheWorkersRunTheRules() throws {
        let engine = try Self.engine()
        let week = IsoWeek("2026-W44")!
        let lines = TickText.lines([try engine.tick(week: week, dispatch: false)], week: week, broken: false, language: .nl,
                                   dispatched: false)
        #expect(lines.output == ["week 2026-W44 afgesloten; de regels lopen bij de workers ('coach worker')"])
        #expect(lines.errors.isEmpty && lines.failure == nil)
        // On a file no worker runs: the next tick does, and records for the week wait till then.
        let onAFile = TickText.lines([try engine.tick(week: week, dispatch: false)], week: week, broken: false, language: .nl,
                                     dispatched: false, shared: false)
        #expect(onAFile.output.first == "week 2026-W44 afgesloten zonder de regels: 'coach tick --week 2026-W44' laat ze lopen; "
                + "tot dan wachten alle nieuwe gegevens, ook die van andere weken")
    }

    @Test
    func aBrokenRuleFileFailsATickThatRanCleanly() throws {
        let store = try CoachStore.inMemory()
        let engine = Engine(store: store, rules: [])
        let week = IsoWeek("2026-W44")!
        #expect(TickText.lines([try engine.tick(week: week)], week: week, broken: false, language: .en).failure == nil)
        #expect(TickText.lines([try engine.tick(week: week)], week: week, broken: true, language: .en).failure != nil)
    }

    @Test
    func replayAsJSONGivesEveryFieldPerPrompt() throws {
        let engine = try Self.engine()
        try engine.store.write([.period(Period(id: "p", schoolId: "s1", name: "P", start: Day("2026-10-26")!, end: Day("2026-11-08")!))])
        let report = try engine.replay(rule: "speaks", school: "s1", from: Day("2026-10-26")!, to: Day("2026-11-08")!)
        let json = ToolText.replay(report, json: true, language: .nl)
        #expect(json.output.count == report.prompts.count)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output[0].utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["rule", "week", "audience", "teacher", "class", "key", "text", "evidence"])
        #expect(object["teacher"] as? String == "t1")
        let text = ToolText.replay(report, json: false, language: .en)
        #expect(text.output.last == "\(report.prompts.count) prompts (nothing stored)")
    }

    @Test
    func rulesListShowsStatusAndHealth() throws {
        let engine = try Self.engine()
        try engine.tick(week: IsoWeek("2026-W44")!)
        let lines = try ToolText.rules(engine, language: .en)
        #expect(lines.first { $0.hasPrefix("speaks\ton\tSpeaks\tweek.ended\tspeaks.lua\tok") } != nil, "\(lines)")
        #expect(lines.first { $0.hasPrefix("boom\ton\t") && $0.contains("1 recent failure, last on event ") } != nil, "\(lines)")
    }
}

/// Counts read right in the tick's lines.
struct TickCountTests {
    @Test
    func oneEventAndOnePromptAreSingular() {
        #expect(TickText.count(1, "gebeurtenis", "gebeurtenissen") == "1 gebeurtenis")
        #expect(TickText.count(0, "prompt", "prompts") == "0 prompts")
        #expect(TickText.count(2, "herhaling", "herhalingen") == "2 herhalingen")
    }
}
