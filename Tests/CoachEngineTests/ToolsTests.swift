import CoachCore
import CoachEngine
import CoachStore
import Foundation
import LuaSandbox
import Testing

/// Rule loading, specs, explain and suggest: the tools rule authors use.
struct ToolsTests {
    @Test
    func theShippedSpecsPass() {
        let report = SpecRunner.runAll(directories: [EngineFixture.rulesFolder])
        #expect(report.failed == 0, "\(report.lines.joined(separator: "\n"))")
        #expect(report.passed >= 12)
        #expect(report.lines.last == "\(report.passed) passed, 0 failed")
    }

    @Test
    func aWrongSpecFailsWithAReadableLine() throws {
        let folder = NSTemporaryDirectory() + "coach-spec-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: EngineFixture.rulesFolder + "/persistent-track3.lua", toPath: folder + "/persistent-track3.lua")
        try """
            case "expects a prompt that will not come" {
              given = { placements = { { pupil = "p1", goal = "g", track = 3, from = "2026-10-19" } } },
              when = { event = "week.ended", week = "2026-W44" },
              expect = { { key = "track3" } },
            }
            case "expects silence but gets a prompt" {
              given = { placements = { { pupil = "p1", goal = "g", track = 3, from = "2026-01-05" } } },
              when = { event = "week.ended", week = "2026-W44" },
              expect = {},
            }
            """.write(toFile: folder + "/persistent-track3_spec.lua", atomically: true, encoding: .utf8)
        let report = SpecRunner.runAll(directories: [folder])
        #expect(report.summary == "0 passed, 2 failed")
        #expect(report.lines[0] == "FAIL persistent-track3: expects a prompt that will not come: expected a prompt {key = \"track3\"}, got none")
        #expect(report.lines[1].hasPrefix("FAIL persistent-track3: expects silence but gets a prompt: expected no prompt, got {to = coach, key = track3, class = k1"))
    }

    @Test
    func brokenRulesAreReportedWithFileAndLineAndTheOthersLoad() throws {
        let folder = NSTemporaryDirectory() + "coach-rules-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = [
            "a-syntax.lua": "return rule {\n  id = \"a\",\n  on = { \"x.y\" \n",
            "b-no-on.lua": "return rule {\n  id = \"b\", title = { nl = \"B\" },\n  run = function() end,\n}\n",
            "c-missing-text.lua": "return rule { id = \"c\", title = { nl = \"C\" }, on = { \"week.ended\" },\n  texts = { nl = { hi = \"hoi\" } },\n  run = function(ev, ctx) ctx.prompt{ to = \"team\", key = \"k\", text = ctx.t(\"bye\"), next_step = \"-\" } end }\n",
            "d-good.lua": "return rule { id = \"d\", title = { nl = \"D\" }, on = { \"week.ended\" }, run = function() end }\n",
            "e-loops.lua": "while true do end",
            "f-nothing.lua": "local x = 1",
            "g-typo.lua": "return rule { id = \"g\", title = { nl = \"G\" }, on = { \"week.ended\" }, run = function() end, parmas = {} }\n",
            "h-event.lua": "return rule { id = \"h\", title = { nl = \"H\" }, on = { \"week.ended\", \"feedback.recroded\" }, run = function() end }\n",
            "i-english.lua": "return rule { id = \"i\", title = { nl = \"I\" }, on = { \"week.ended\" }, run = function() end,\n  texts = { nl = { a = \"{count} leerlingen\", b = \"x\" }, en = { a = \"{n} pupils\", b = \"x\" } } }\n",
            "j-absent.lua": "return rule { id = \"j\", title = { nl = \"J\" }, on = { \"week.ended\" }, run = function() end,\n  texts = { nl = { a = \"a\", b = \"b\" }, en = { a = \"a\" } } }\n",
        ]
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        let store = try EngineFixture.store()
        let (rules, problems) = RuleLoader.loadAll(directories: [folder], store: store,
                                                   limits: LuaLimits(instructions: 1_000_000, timeout: .milliseconds(300)))
        #expect(rules.map(\.definition.id) == ["d"])
        let lines = problems.map(\.description).map { $0.replacingOccurrences(of: folder + "/", with: "") }
        #expect(lines.count == 9)
        #expect(lines[0].hasPrefix("a-syntax.lua:4: syntax error:"))
        #expect(lines[1] == "b-no-on.lua:1: rule: on must list at least one event, like on = { \"placement.changed\", \"week.ended\" }")
        #expect(lines[2] == "c-missing-text.lua:3: ctx.t: no text 'bye' in texts.nl")
        #expect(lines[3] == "e-loops.lua:1: time limit: used more than 1000000 instructions")
        #expect(lines[4] == "f-nothing.lua: does not define a rule (call rule { id = ..., on = ..., run = ... })")
        #expect(lines[5].hasPrefix("g-typo.lua:1: rule: unknown field 'parmas' (known: "))
        // A misspelt event would never come: the rule would never run, without a word.
        #expect(lines[6] == "h-event.lua:1: rule: on: 'feedback.recroded' is not an event (did you mean 'feedback.recorded'?)", "\(lines[6])")
        // Every language a rule writes has every text, with the same placeholders.
        #expect(lines[7] == "i-english.lua: texts: 'a' fills {count} in en but {n} in nl" || lines[7] == "i-english.lua: texts: 'a' fills {n} in en but {count} in nl",
                "\(lines[7])")
        #expect(lines[8] == "j-absent.lua: texts.en: no text 'b' (texts.nl has one)", "\(lines[8])")
        // The same problems for a policy team reading Dutch: file and line as they are, the
        // words Dutch where coach says them (Lua's own errors stay English).
        let dutch = problems.map { $0.text(.nl).replacingOccurrences(of: folder + "/", with: "") }
        #expect(dutch[0].hasPrefix("a-syntax.lua:4: syntax error:"))
        #expect(dutch[1] == "b-no-on.lua:1: rule: on moet minstens één gebeurtenis noemen, zoals on = { \"placement.changed\", \"week.ended\" }")
        #expect(dutch[2] == "c-missing-text.lua:3: ctx.t: geen tekst 'bye' in texts.nl")
        #expect(dutch[3] == lines[3], "what Lua's sandbox says stays as it is")
        #expect(dutch[4] == "f-nothing.lua: definieert geen regel (roep rule { id = ..., on = ..., run = ... } aan)")
        #expect(dutch[5].hasPrefix("g-typo.lua:1: rule: onbekend veld 'parmas' (de velden: "))
        #expect(dutch[6] == "h-event.lua:1: rule: on: 'feedback.recroded' is geen gebeurtenis (bedoel je 'feedback.recorded'?)", "\(dutch[6])")
        #expect(dutch[7].hasPrefix("i-english.lua: texts: 'a' gebruikt {"), "\(dutch[7])")
        #expect(dutch[8] == "j-absent.lua: texts.en: geen tekst 'b' (texts.nl heeft er een)", "\(dutch[8])")
    }

    @Test
    func explainSaysEverythingInTheReason() throws {
        let store = try EngineFixture.store()
        let written = try store.write([EngineFixture.placement("p1", "breuken", track: 3, from: "2026-09-07")])
        let engine = try EngineFixture.engine(store)
        try engine.tick(week: IsoWeek("2026-W44")!)
        let prompt = try #require(try store.prompts(school: "s1", week: "2026-W44").first)
        let text = try engine.explain(prompt: prompt.id!)
        #expect(text.contains("Gesprekspunt \(prompt.id!) voor coach (klas k5a), 2026-W44, prioriteit 2, status open"))
        #expect(text.contains("Regel: persistent-track3 — Lang in spoor 3"))
        #expect(text.contains("Gebeurtenis: #") && text.contains("week.ended op 2026-11-01"))
        #expect(text.contains("Parameters: listed = 8, min_goals = 3, share = 0.5, weeks = 6"))
        #expect(text.contains("Bewijs: placement:\(written.ids[0])"))
        #expect(text.contains("placement:\(written.ids[0]): Noor, doel ‘Breuken vereenvoudigen’, spoor 3 sinds 7 september 2026"), "\(text)")
        #expect(throws: EngineError.self) { try engine.explain(prompt: 9999) }
    }

    @Test
    func aSpecWithAMisspeltFieldOrValueFailsInsteadOfCheckingNothing() throws {
        let folder = NSTemporaryDirectory() + "coach-spec-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: EngineFixture.rulesFolder + "/person-praise.lua", toPath: folder + "/person-praise.lua")
        let cases = [
            ("feedbacks", #"given = { feedbacks = {} }, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             "given: 'feedbacks' is not a field here (did you mean 'feedback'?)"),
            ("level", #"given = { feedback = { { date = "2026-10-26", level = "Person" } } }, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             #"given.feedback: level: "Person" is not one of task, process, selfRegulation, person"#),
            ("txt", #"given = {}, when = { event = "week.ended", week = "2026-W44" }, expect = { { txt = "x" } }"#,
             "expect[1]: 'txt' is not a field here (did you mean 'text'?)"),
            ("expected", #"given = {}, when = { event = "week.ended", week = "2026-W44" }, expected = {}"#,
             "the case: 'expected' is not a field here (did you mean 'expect'?)"),
            ("track", #"given = { placements = { { from = "2026-10-01", track = "3" } } }, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             #"given.placements: track: "3" is not a whole number"#),
            ("param", #"params = { min_feedbak = 2 }, given = {}, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             "params: 'min_feedbak' is not a parameter of the rule"),
            ("priority", #"given = {}, when = { event = "week.ended", week = "2026-W44" }, expect = { { priority = "9" } }"#,
             #"expect[1].priority: "9" is not a whole number"#),
            ("evidence", #"given = {}, when = { event = "week.ended", week = "2026-W44" }, expect = { { evidence = { "feedback:1" } } }"#,
             "expect[1].evidence: "),
            ("twice", #"given = { pupils = { { id = "p1" }, { id = "p1", class = "k2" } } }, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             "given: pupils: p1 is given twice; give the second a since (the day of the move)"),
            ("schoollevel", #"given = { school = { level = "primaire" } }, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             #"given: school.level must be primary or secondary, got "primaire""#),
            ("region", #"given = { school = { region = "nl" } }, when = { event = "week.ended", week = "2026-W44" }, expect = {}"#,
             #"given: school.region must be flanders or netherlands, got "nl""#),
        ]
        let spec = cases.map { name, body, _ in "case \"\(name)\" { \(body) }" }.joined(separator: "\n")
        try spec.write(toFile: folder + "/person-praise_spec.lua", atomically: true, encoding: .utf8)
        let report = SpecRunner.runAll(directories: [folder])
        #expect(report.failed == cases.count, "\(report.lines)")
        for (name, _, said) in cases {
            #expect(report.lines.contains { $0.contains(": \(name)") && $0.contains(said) }, "\(name): \(report.lines)")
        }
    }

    @Test
    func explainWritesEvidenceInTheCoachsWordsInRecordOrder() throws {
        let store = try EngineFixture.store()
        var records = (0..<10).map { EngineFixture.placement("p1", "g\($0)", track: 2, from: "2026-09-07") }
        records.append(.feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: "p1", goalId: "breuken", date: EngineFixture.d("2026-10-21"),
                                                level: .process, question: .feedUp, timing: .summative, form: .individual,
                                                growthPoints: 1, text: nil, codes: [])))
        for n in 0..<10 { records.insert(.goal(LearningGoal(id: "g\(n)", schoolId: "s1", title: "Doel \(n)")), at: 0) }
        let written = try store.write(records)
        // Ten placements (their ids cross a power of ten in most stores: compared as text, 10 < 9).
        let placements = Array(written.ids[10..<20]).map { Int($0)! }
        let feedback = written.ids[20]
        let cited = placements.reversed().map { "\"placement:\($0)\"" }.joined(separator: ", ")
        let citing = """
            return rule { id = "citing", title = { nl = "Citeert" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                if ctx.school().id == "s1" then
                  ctx.prompt{ to = "coach", class = "k5a", key = "k", text = "Kijk.", next_step = "Niets.",
                              evidence = { "feedback:\(feedback)", \(cited) } }
                end
              end }
            """
        let engine = try EngineFixture.engine(store, extra: [("citing.lua", citing)])
        try engine.tick(week: IsoWeek("2026-W44")!)
        let prompt = try #require(try store.prompts(school: "s1").first { $0.ruleId == "citing" })
        let text = try engine.explain(prompt: prompt.id!)
        #expect(text.contains("feedback:\(feedback): 21 oktober 2026, proces, feed-up, summatief, 1 groeikans, Noor"), "\(text)")
        #expect(text.contains("Bewijs: feedback:\(feedback), " + placements.sorted().map { "placement:\($0)" }.joined(separator: ", ")), "\(text)")
    }

    @Test
    func explainShowsOnlyTheSchoolsOwnRecords() throws {
        let store = try EngineFixture.store()
        let written = try store.write([EngineFixture.placement("p1", "breuken", track: 3, from: "2026-09-07")])
        // A rule of school s2 cites s1's placement, and something that is no record at all.
        let citing = """
            return rule { id = "citing", title = { nl = "Citeert" }, on = { "week.ended" },
              run = function(ev, ctx, p)
                if ctx.school().id == "s2" then
                  ctx.prompt{ to = "team", key = "k", text = "Kijk.", next_step = "Niets.", evidence = { "placement:\(written.ids[0])", "week 44" } }
                end
              end }
            """
        let engine = try EngineFixture.engine(store, extra: [("citing.lua", citing)])
        try engine.tick(week: IsoWeek("2026-W44")!)
        let prompt = try #require(try store.prompts(school: "s2").first { $0.ruleId == "citing" })
        let text = try engine.explain(prompt: prompt.id!)
        #expect(text.contains("placement:\(written.ids[0]): geen gegeven van deze school"), "\(text)")
        #expect(!text.contains("p1") && !text.contains("breuken"), "\(text)")
        // The digest's span of days leaves it out too.
        #expect(try store.evidenceSpan(prompt.evidence, school: "s2") == nil)
        #expect(try store.evidenceSpan(prompt.evidence, school: "s1") != nil)
    }

    @Test
    func suggestCollectsUpToTwoFromRulesWithSuggest() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.placement("p1", "breuken", track: 3, from: "2026-09-07")])
        let source = """
            return rule { id = "next", title = { nl = "Volgende les" }, on = { "week.ended" }, run = function() end,
              suggest = function(q, ctx, p)
                for _, s in ipairs(ctx.placements{ current = true, track = 3 }) do
                  for i = 1, 5 do
                    ctx.suggest{ teacher = q.teacher, class = s.class, goal = s.goal, priority = i,
                                 text = "Verlengde instructie voor " .. s.pupil .. " (" .. i .. ")", evidence = { s.ref } }
                  end
                end
              end }
            """
        let rule = try RuleLoader.load(source: Array(source.utf8), file: "next.lua", store: store)
        let engine = Engine(store: store, rules: [rule])
        let suggestions = try engine.suggest(teacher: "t1", day: EngineFixture.d("2026-10-12"))
        // One or two growth points at a time (seed 000): the two most urgent.
        #expect(suggestions.map(\.text) == ["Verlengde instructie voor p1 (1)", "Verlengde instructie voor p1 (2)"])
        #expect(suggestions.first?.evidence.first?.hasPrefix("placement:") == true)
        #expect(throws: EngineError.self) { try engine.suggest(teacher: "nobody", day: EngineFixture.d("2026-10-12")) }
        // A goal that is not the school's is said, not answered with suggestions about nothing.
        do {
            _ = try engine.suggest(teacher: "t1", goal: "nope", day: EngineFixture.d("2026-10-12"))
            Issue.record("an unknown goal was taken")
        } catch {
            #expect(error.description == "goal 'nope' (in the school of teacher 't1') is not known")
        }
        #expect(throws: EngineError.self) { try engine.suggest(teacher: "t1", goal: "xg", day: EngineFixture.d("2026-10-12")) }
    }

    @Test
    func aRuleThatFailsToSuggestIsToldNotTakenForTooLittleData() throws {
        let store = try EngineFixture.store()
        let failing = """
            return rule { id = "broken", title = { nl = "Stuk" }, on = { "week.ended" }, run = function() end,
              suggest = function(q, ctx, p) local t = nil; return t.field end }
            """
        let working = """
            return rule { id = "works", title = { nl = "Werkt" }, on = { "week.ended" }, run = function() end,
              suggest = function(q, ctx, p) ctx.suggest{ teacher = q.teacher, text = "Probeer dit" } end }
            """
        let silent = """
            return rule { id = "runs-only", title = { nl = "Alleen run" }, on = { "week.ended" }, run = function() end }
            """
        let rules = try [failing, working, silent].enumerated().map { n, source in
            try RuleLoader.load(source: Array(source.utf8), file: "r\(n).lua", store: store)
        }
        let answer = try Engine(store: store, rules: rules).suggestions(teacher: "t1", day: EngineFixture.d("2026-10-12"))
        #expect(answer.asked == ["broken", "works"])
        #expect(answer.drafts.map(\.text) == ["Probeer dit"])
        #expect(answer.failures.map(\.rule) == ["broken"])
        #expect(answer.failures.first?.message.contains("r0.lua:2") == true, "\(answer.failures)")
        // A rule without suggest is never asked: with only such rules, nobody was.
        let none = try Engine(store: store, rules: [rules[2]]).suggestions(teacher: "t1", day: EngineFixture.d("2026-10-12"))
        #expect(none.asked.isEmpty && none.drafts.isEmpty && none.failures.isEmpty)
    }

    @Test
    func aSpecOfAFailingSuggestSaysTheRuleFailed() throws {
        let folder = NSTemporaryDirectory() + "coach-spec-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            return rule { id = "broken", title = { nl = "Stuk" }, on = { "week.ended" }, run = function() end,
              suggest = function(q, ctx, p) error("geen idee") end }
            """.write(toFile: folder + "/broken.lua", atomically: true, encoding: .utf8)
        try """
            case "suggests something" {
              given = {},
              when = { suggest = { teacher = "t1", day = "2026-10-30" } },
              expect = { { text = "iets" } },
            }
            """.write(toFile: folder + "/broken_spec.lua", atomically: true, encoding: .utf8)
        let report = SpecRunner.runAll(directories: [folder])
        #expect(report.failed == 1)
        #expect(report.lines.contains { $0.contains("the rule failed:") && $0.contains("geen idee") }, "\(report.lines)")
    }
}

/// The guide's first example is a working rule.
struct GuideExampleTests {
    @Test
    func theFirstRuleInTheGuideLoadsAndRuns() throws {
        let guide = URL(fileURLWithPath: EngineFixture.rulesFolder).deletingLastPathComponent().appendingPathComponent("docs/rules.md")
        let text = try String(contentsOf: guide, encoding: .utf8)
        let start = try #require(text.range(of: "```lua\n"))
        let end = try #require(text[start.upperBound...].range(of: "```"))
        let source = String(text[start.upperBound..<end.lowerBound])
        let store = try EngineFixture.store()
        try store.write([.feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: "p1", goalId: "breuken",
                                                  date: EngineFixture.d("2026-10-06"), level: .task, question: .feedback,
                                                  timing: .formative, form: .individual, growthPoints: 4))])
        let rule = try RuleLoader.load(source: Array(source.utf8), file: "guide.lua", store: store)
        #expect(rule.definition.id == "one-or-two-growth-points")
        let engine = Engine(store: store, rules: [rule])
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.failures == [])
        let prompt = try #require(try store.prompts(school: "s1", week: "2026-W41").first)
        #expect(prompt.text == "4 groeikansen in één feedbackmoment (2026-10-06).")
    }

    @Test
    func schoolParametersOverrideTheDefaults() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.placement("p1", "breuken", track: 3, from: "2026-10-12")])
        var configuration = EngineConfiguration()
        configuration.params["persistent-track3"] = ["weeks": 10]
        configuration.schoolParams["s1"] = ["persistent-track3": ["weeks": 1]]
        let engine = try EngineFixture.engine(store, configuration: configuration)
        try engine.tick(week: IsoWeek("2026-W44")!)
        #expect(try store.prompts(school: "s1", week: "2026-W44").map(\.key) == ["track3"])
    }
}
