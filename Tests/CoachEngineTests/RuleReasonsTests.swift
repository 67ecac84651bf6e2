import CoachCore
import CoachEngine
import CoachStore
import Testing

/// Every shipped rule says why what it notices matters, with its source, in both languages.
struct RuleReasonsTests {
    @Test
    func everyShippedRuleSaysWhyWithItsSourceInDutchAndEnglish() throws {
        let (rules, problems) = RuleLoader.loadAll(directories: [EngineFixture.rulesFolder], store: try CoachStore.inMemory())
        #expect(problems.isEmpty)
        #expect(rules.count >= 12)
        for rule in rules.map(\.definition) {
            for language in ["nl", "en"] {
                let why = rule.why[language] ?? ""
                #expect(why.count > 40 && why.hasSuffix("."), "\(rule.id) why.\(language): '\(why)'")
                #expect(!why.contains("\n") && !why.contains("seed"), "\(rule.id): one sentence for people, no file names")
                #expect(!(rule.source[language] ?? "").isEmpty, "\(rule.id) source.\(language)")
            }
            #expect(rule.reason(in: .nl)?.contains("(bron: ") == true)
            #expect(rule.reason(in: .en)?.contains("(source: ") == true)
        }
    }

    @Test
    func aReasonThatIsNotATableOfLanguagesIsRefusedWithTheField() throws {
        let source = """
            return rule { id = "x", title = { nl = "X" }, why = "omdat", on = { "week.ended" }, run = function() end }
            """
        #expect { try RuleLoader.load(source: Array(source.utf8), file: "x.lua", store: try CoachStore.inMemory()) } throws: {
            "\($0)".contains("why must be a table of texts per language")
        }
    }

    @Test
    func aRuleWithoutAReasonStillLoadsAndReadsByItsTitle() throws {
        let source = """
            return rule { id = "x", title = { nl = "Eigen regel" }, on = { "week.ended" }, run = function() end }
            """
        let rule = try RuleLoader.load(source: Array(source.utf8), file: "x.lua", store: try CoachStore.inMemory())
        #expect(rule.definition.reason(in: .nl) == nil)
    }
}
