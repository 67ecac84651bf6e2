import CoachCore
import CoachEngine
import CoachStore
import Foundation
import Testing

/// Every shipped rule's texts read right when a count is 1: "1 leerling", never "1 leerlingen".
///
/// The convention the rules keep: a text with `{count}` that a count of 1 would make wrong has a
/// sibling for one (`low_one` beside `low_many`, `text_one` beside `text`); the rule picks it.
struct RuleTextsTests {
    static let plurals: Set<String> = [
        "leerlingen", "feedbackmomenten", "momenten", "doelen", "groeikansen", "kijkpunten", "leerwandelingen", "opdrachten",
        "weken", "observaties", "resultaten", "prompts", "regels",
        "pupils", "moments", "goals", "items", "walks", "tasks", "weeks", "points", "times", "results", "rules",
    ]

    /// The word after a standalone "1 " in `text`, for each time it occurs.
    static func wordsAfterOne(_ text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:^|[\s(])1 (\p{L}+)"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test
    func aCountOfOneNeverMeetsAPlural() throws {
        let (rules, problems) = RuleLoader.loadAll(directories: [EngineFixture.rulesFolder], store: try CoachStore.inMemory())
        #expect(problems.isEmpty)
        var checked = 0
        for rule in rules.map(\.definition) {
            for (language, texts) in rule.texts {
                for (key, template) in texts where template.contains("{count}") && key != "many" && !key.hasSuffix("_many") {
                    // A text with a sibling for one is only used for other counts.
                    let base = key.split(separator: "_").first.map(String.init) ?? key
                    if texts[key + "_one"] != nil || (key != base + "_one" && texts[base + "_one"] != nil) { continue }
                    let rendered = template.replacingOccurrences(of: "{count}", with: "1")
                        .replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "X", options: .regularExpression)
                    checked += 1
                    for word in Self.wordsAfterOne(rendered) {
                        #expect(!Self.plurals.contains(word.lowercased()), "\(rule.id) \(language).\(key): '\(rendered)'")
                    }
                }
            }
        }
        #expect(checked >= 10, "the texts with a count were found")
    }

    @Test
    func theCheckCatchesAPluralAfterOne() {
        #expect(Self.wordsAfterOne("Klas 5A: 1 leerlingen (1 doel)") == ["leerlingen", "doel"])
        #expect(Self.wordsAfterOne("en nog 1") == [])
    }
}

/// `ctx.day_text` writes a date as people read it, and says what it expects when given no date.
struct DayTextTests {
    static func run(_ argument: String) throws -> (prompts: [String], failures: [String]) {
        let store = try EngineFixture.store()
        let source = """
            return rule { id = "days", title = { nl = "Dagen" }, on = { "week.ended" }, run = function(ev, ctx)
              ctx.prompt{ to = "team", key = "d", text = ctx.day_text(\(argument)), next_step = "-" }
            end }
            """
        let engine = Engine(store: store, rules: [try RuleLoader.load(source: Array(source.utf8), file: "days.lua", store: store)])
        let tick = try engine.tick(week: IsoWeek("2026-W44")!)
        return (try store.prompts(school: "s1", week: "2026-W44").filter { $0.ruleId == "days" }.map(\.text),
                tick.dispatch.failures.map(\.message))
    }

    @Test
    func aDateReadsAsWordsInTheSchoolsLanguage() throws {
        #expect(try Self.run("\"2026-09-07\"").prompts == ["7 september 2026"])
    }

    @Test
    func somethingElseIsTheRulesFailureWithWhatWasExpected() throws {
        let outcome = try Self.run("\"gisteren\"")
        #expect(outcome.prompts.isEmpty)
        #expect(outcome.failures.count == 2, "once per school")
        #expect(outcome.failures.first?.contains("expects a date as YYYY-MM-DD") == true)
    }

    /// A literal `ctx.t` key without its text is refused at load, on its line; a key built at
    /// run time is not checked there.
    @Test(arguments: [
        ("local a = ctx.t( 'hi' , {})\n-- één, twee\nlocal b = ctx.t(\"bye\")", "rule.lua:4: ctx.t: no text 'bye' in texts.nl"),
        ("local a = ctx.t(\"hi\")\nlocal b = ctx.t(\"h\" .. \"i\")\nlocal c = ctx.t(\"x\"..y)", nil),
        ("-- ctx.t(\"gone\"\nlocal a = ctx.t('hi')\tlocal b = ctx.t('nope',{ })", "rule.lua:3: ctx.t: no text 'nope' in texts.nl"),
    ])
    func aTextKeyWithoutItsTextIsRefusedOnItsLine(body: String, problem: String?) throws {
        let source = "return rule { id = \"r\", title = { nl = \"R\" }, on = { \"week.ended\" }, texts = { nl = { hi = \"hoi\" } },\n"
            + "  run = function(ev, ctx) end }\n"
        let store = try CoachStore.inMemory()
        // Inside a function that never runs: only the loader's reading of the source counts.
        let code = "local function unused(ctx, y)\n" + body + "\nend\n" + source
        var message: String?
        do { _ = try RuleLoader.load(source: Array(code.utf8), file: "rule.lua", store: store) } catch { message = error.description }
        #expect(message == problem)
    }

    /// `ctx.t` fills each `{name}` with its value as text; an unclosed brace is text; a name
    /// without a value is the rule's error, naming the text and the placeholder.
    @Test
    func placeholdersAreFilledAndAMissingOneIsNamed() throws {
        let store = try EngineFixture.store()
        let filler = ("filler.lua", """
            return rule { id = "filler", title = { nl = "f" }, on = { "week.ended" },
              texts = { nl = { a = "{who} ({count} van {total}) — één {x}", b = "open {haakje", c = "{}{n}", d = "{who} en {wie}" } },
              run = function(ev, ctx, p)
                if ctx.school().id ~= "s1" then return end
                local parts = {
                  ctx.t("a", { who = "Noor", count = 3, total = 12, x = "ë" }),
                  ctx.t("b"),
                  ctx.t("c", { [""] = "leeg", n = 2.5 }),
                }
                local ok, err = pcall(ctx.t, "d", { who = "Noor" })
                parts[#parts + 1] = tostring(ok) .. " " .. tostring(err):gsub("^.-ctx%.", "ctx.")
                ctx.prompt{ to = "team", key = "t", text = table.concat(parts, " | "), next_step = "-", evidence = { ev.week } }
              end }
            """)
        let engine = try EngineFixture.engine(store, extra: [filler])
        try engine.tick(week: IsoWeek("2026-W41")!)
        let text = try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "filler" }?.text
        #expect(text == "Noor (3 van 12) — één ë | open {haakje | leeg2.5 | false ctx.t: text 'd' needs {wie}")
    }

    /// A rule that says what a school calls a class, with Dutch texts only, in both schools of
    /// the fixture: s1 a primary school in the Netherlands (or not), s2 an English one.
    static func classWords(region: Region?) throws -> [String: String] {
        let store = try CoachStore.inMemory()
        try store.write(EngineFixture.school.map { record in
            guard case .school(var school) = record, school.id == "s1" else { return record }
            school.level = .primary
            school.region = region
            return .school(school)
        })
        try store.write([.schoolClass(SchoolClass(id: "g5", schoolId: "s1", name: "Groep 5"))])
        let words = ("words.lua", """
            return rule { id = "words", title = { nl = "w" }, on = { "week.ended" },
              texts = { nl = { plain = "In {class_word} {class}, {classes_word}", own = "In {class_word} {class}" } },
              run = function(ev, ctx, p)
                local class = ctx.school().id == "s1" and "Groep 5" or "X"
                local text = ctx.t("plain", { class = "5a" }) .. " | " .. ctx.t("plain", { class = class })
                  .. " | " .. ctx.t("own", { class = "5a", class_word = "jaargroep" })
                ctx.prompt{ to = "coach", key = "w", text = text, next_step = "-", evidence = { ev.week } }
              end }
            """)
        let report = try EngineFixture.engine(store, extra: [words]).tick(week: IsoWeek("2026-W41")!)
        #expect(report.dispatch.failures.isEmpty, "\(report.dispatch.failures.map(\.message))")
        var texts: [String: String] = [:]
        for school in ["s1", "s2"] {
            texts[school] = try store.prompts(school: school, week: IsoWeek("2026-W41")!).first { $0.ruleId == "words" }?.text
        }
        return texts
    }

    @Test
    func aTextSaysWhatTheSchoolCallsAClassInTheTextsOwnLanguage() throws {
        let dutch = try Self.classWords(region: .netherlands)
        // A class named "Groep 5" is not "groep Groep 5"; the rule's own word wins.
        #expect(dutch["s1"] == "In groep 5a, groepen | In Groep 5, groepen | In jaargroep 5a")
        // An English school gets this rule's Dutch texts, with Dutch words in them.
        #expect(dutch["s2"] == "In klas 5a, klassen | In klas X, klassen | In jaargroep 5a")
        let flemish = try Self.classWords(region: .flanders)
        #expect(flemish["s1"] == "In klas 5a, klassen | In klas Groep 5, klassen | In jaargroep 5a")
    }
}
