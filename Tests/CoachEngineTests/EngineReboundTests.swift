import CoachCore
import CoachEngine
import CoachStore
import Testing

/// An engine whose compiled rules are handed to another store (the next school's working copy
/// of the shared store) gives there exactly what an engine loaded for that store gives, and
/// nothing of the store it came from.
struct EngineReboundTests {
    typealias F = EngineFixture

    /// The fixture school with its focus on `section`, and the records of `week 44`; with
    /// `zoe`, a teacher Juf Zoë too.
    static func store(focus section: Int, trackThree pupil: String, lowItem: String, zoe: Bool = false) throws -> CoachStore {
        let store = try CoachStore.inMemory()
        try store.write(F.school.map { record in
            guard case .period(var period) = record else { return record }
            period.focus = Focus(instrumentId: "pb", section: section)
            return .period(period)
        } + (zoe ? [.teacher(Teacher(id: "t9", schoolId: "s1", name: "Juf Zoë"))] : []))
        try store.write([F.placement(pupil, "breuken", track: 3, from: "2026-09-07"),
                         F.observation(date: "2026-10-27", scores: [lowItem: 1, "5.1": 4])])
        return store
    }

    /// A rule whose prompt for the team names Juf Zoë: refused where she is a teacher of the
    /// school (coaching is not appraisal), stored where she is not.
    static let namesZoe = ("team-names.lua", """
        return rule { id = "team-names", title = { nl = "T" }, on = { "week.ended" },
          run = function(ev, ctx) ctx.prompt{ to = "team", key = "names", text = "Juf Zoë geeft veel feedback.", next_step = "Bespreek het." } end }
        """)

    static func said(_ store: CoachStore) throws -> [String] {
        try store.prompts(school: "s1").map { "\($0.ruleId) \($0.key) \($0.text) \($0.evidence)" }.sorted()
    }

    @Test
    func aReboundEngineGivesWhatAFreshOneGivesAndNothingOfTheStoreBefore() throws {
        let week = IsoWeek("2026-W44")!
        // The first store: focus on section 3, Noor (p1) in track 3, item 3.1 scored low.
        let first = try Self.store(focus: 3, trackThree: "p1", lowItem: "3.1")
        let engine = try F.engine(first, extra: [Self.namesZoe])
        try engine.tick(week: week)
        let firstSaid = try Self.said(first)
        #expect(firstSaid.contains { $0.hasPrefix("focus-section ") }, "\(firstSaid)")
        #expect(firstSaid.contains { $0.hasPrefix("team-names ") }, "Zoë is no teacher there")

        // The next: focus on section 1, p2 in track 3, item 1.1 scored low, and Juf Zoë teaches.
        let next = try Self.store(focus: 1, trackThree: "p2", lowItem: "1.1", zoe: true)
        let reboundReport = try engine.rebound(to: next).tick(week: week)
        let fresh = try Self.store(focus: 1, trackThree: "p2", lowItem: "1.1", zoe: true)
        let freshReport = try F.engine(fresh, extra: [Self.namesZoe]).tick(week: week)
        // The team prompt naming her is refused there, as a fresh engine refuses it.
        #expect(reboundReport.dispatch.failures.map(\.rule) == ["team-names"])
        #expect(reboundReport.dispatch.failures.map(\.message) == freshReport.dispatch.failures.map(\.message))

        let reboundSaid = try Self.said(next)
        #expect(!reboundSaid.isEmpty)
        #expect(reboundSaid == (try Self.said(fresh)))
        // Its focus is its own period's (section 1), its track-3 pupil its own.
        #expect(reboundSaid.contains { $0.hasPrefix("focus-section ") && $0.contains("Hoge verwachtingen") }, "\(reboundSaid)")
        #expect(!reboundSaid.contains { $0.contains("Noor") }, "\(reboundSaid)")
        // And the first store is as it was.
        #expect(try Self.said(first) == firstSaid)
    }
}
