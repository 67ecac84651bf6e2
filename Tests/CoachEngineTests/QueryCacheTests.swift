import CoachCore
import CoachEngine
import CoachStore
import Testing

/// Rules of one batch share what they asked `ctx`; the answer still depends on the day asked.
struct QueryCacheTests {
    /// A rule that prompts, per placement event, the number of current placements of the class.
    static let counter = """
        return rule { id = "%ID%", title = { nl = "Teller" }, on = { "placement.changed" },
          run = function(ev, ctx)
            local n = #ctx.placements{ class = "k5a", current = true }
            ctx.prompt{ to = "coach", class = "k5a", key = "n/" .. ev.id, text = "%ID% " .. n, next_step = "-" }
          end }
        """

    static func placement(_ pupil: String, _ from: String) -> NewRecord {
        .placement(Placement(pupilId: pupil, classId: "k5a", goalId: "breuken", track: 2, from: EngineFixture.d(from),
                             decidedBy: "t1", pupilInvolved: false))
    }

    @Test
    func twoRulesAskingTheSameOnDifferentDaysOfOneBatchSeeEachDay() throws {
        let store = try EngineFixture.store()
        // Three days of placements in one week: dispatched together, up to the week's end.
        try store.write([Self.placement("p1", "2026-10-05"), Self.placement("p2", "2026-10-06"), Self.placement("p3", "2026-10-07")])
        let rules = try ["first", "second"].map { id in
            try RuleLoader.load(source: Array(Self.counter.replacingOccurrences(of: "%ID%", with: id).utf8), file: "\(id).lua",
                                store: store)
        }
        let engine = Engine(store: store, rules: rules)
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.failures.isEmpty)
        let texts = try store.prompts(school: "s1").map(\.text).sorted()
        // Each day saw the placements current on it (1, 2, 3), and both rules saw the same.
        #expect(texts == ["first 1", "first 2", "first 3", "second 1", "second 2", "second 3"])
    }
}
