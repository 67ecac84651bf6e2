import CoachCore
import CoachEngine
import CoachReports
import CoachStore
import Foundation
import Testing

/// The digest as people and tools read it; everything from records and rules is escaped.
struct DigestRenderingTests {
    static func digest() throws -> (Digest, CoachStore) {
        let store = try CoachStore.inMemory()
        try store.write([.school(School(id: "s1", name: "De Linde")), .teacher(Teacher(id: "t1", schoolId: "s1", name: "Juf <An>")),
                         .coach(Coach(id: "c1", name: "Els", kind: .external)),
                         .coachAssignment(CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1"))])
        let source = """
            return rule { id = "loud", title = { nl = "Luid" }, on = { "week.ended" },
              run = function(ev, ctx)
                ctx.prompt{ to = "coach", teacher = "t1", key = "x", text = "<script>alert(1)</script> & \\"quotes\\"",
                            next_step = "Stap <b>één</b>", evidence = { ev.week } }
              end }
            """
        let rule = try RuleLoader.load(source: Array(source.utf8), file: "loud.lua", store: store)
        let engine = Engine(store: store, rules: [rule])
        try engine.tick(week: IsoWeek("2026-W44")!)
        return (try engine.digest(coach: "c1", week: IsoWeek("2026-W44")!), store)
    }

    @Test
    func textAndMarkdownShowWhatNextStepAndWhy() throws {
        let (digest, _) = try Self.digest()
        let text = DigestRender.text(digest, language: .nl, markdown: false)
        #expect(text.hasPrefix("Weekoverzicht voor Els — week 44 (26 oktober – 1 november 2026)"))
        #expect(text.contains("  1. <script>alert(1)</script> & \"quotes\""))
        #expect(text.contains("     Volgende stap: Stap <b>één</b>"))
        let markdown = DigestRender.text(digest, language: .en, markdown: true)
        #expect(markdown.hasPrefix("# Weekly digest for Els — week 44 (26 October – 1 November 2026)"))
    }

    @Test
    func jsonCarriesEveryPromptWithItsReason() throws {
        let (digest, _) = try Self.digest()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DigestRender.json(digest).utf8)) as? [String: Any])
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.count == 1)
    }

    @Test
    func htmlEscapesEverythingFromRecordsAndRules() throws {
        let (digest, store) = try Self.digest()
        let page = try DigestHTML(digest: digest, store: store, language: .nl).render()
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(page.contains("Juf &lt;An&gt;"))
        #expect(!page.contains("<script>"))
        #expect(!page.contains("<b>"))
    }

    @Test
    func aPromptSnoozedFromAnEarlierWeekSaysSo() throws {
        let (digest, store) = try Self.digest()
        var prompt = try #require(digest.shown.first)
        #expect(!DigestRender.text(digest, language: .nl, markdown: false).contains("uitgesteld"))
        // The same prompt, snoozed from week 44 into week 46's digest.
        prompt.status = .snoozed
        prompt.snoozedUntil = Day("2026-11-11")
        var later = digest
        later.week = IsoWeek("2026-W46")!
        later.groups[0].shown = [prompt]
        #expect(DigestRender.text(later, language: .nl, markdown: false).contains("  1. [uitgesteld van week 44] <script>"))
        #expect(DigestRender.text(later, language: .en, markdown: true).contains("1. [snoozed from week 44] <script>"))
        let page = try DigestHTML(digest: later, store: store, language: .nl).render()
        #expect(page.contains("<span class=\"back\">uitgesteld van week 44</span> &lt;script&gt;"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DigestRender.json(later).utf8)) as? [String: Any])
        let shown = try #require(((json["groups"] as? [[String: Any]])?.first?["prompts"] as? [[String: Any]])?.first)
        #expect(shown["week"] as? String == "2026-W44" && shown["snoozedUntil"] as? String == "2026-11-11")
    }

    @Test
    func aClassIsHeadedWithWhatItsSchoolCallsIt() throws {
        let (digest, _) = try Self.digest()
        var group = digest.groups[0]
        group.teacherId = nil
        group.classId = "k5a"
        group.name = "5a"
        var byClass = digest
        group.school = School(id: "s1", name: "De Linde")
        byClass.groups = [group]
        #expect(DigestRender.text(byClass, language: .nl, markdown: false).contains("\nKlas 5a\n"))
        #expect(DigestRender.text(byClass, language: .en, markdown: false).contains("\nClass 5a\n"))
        group.school = School(id: "s1", name: "De Linde", level: .primary, region: .netherlands)
        byClass.groups = [group]
        #expect(DigestRender.text(byClass, language: .nl, markdown: false).contains("\nGroep 5a\n"))
        #expect(DigestRender.text(byClass, language: .en, markdown: false).contains("\nClass 5a\n"))
        // A secondary school in the Netherlands has classes.
        #expect(School(id: "s", name: "S", level: .secondary, region: .netherlands).classWords(.nl) == ("klas", "klassen"))
    }
}
