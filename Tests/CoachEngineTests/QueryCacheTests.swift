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

    /// A rule that prompts, per placement or observation, the class's current placements: how
    /// many, and whose (by alias).
    static let lister = """
        return rule { id = "lister", title = { nl = "Lijst" }, on = { "placement.changed", "observation.recorded" },
          run = function(ev, ctx)
            local names = {}
            for _, s in ipairs(ctx.placements{ class = "k5a", current = true }) do names[#names + 1] = s.pupil_alias or s.pupil end
            table.sort(names)
            ctx.prompt{ to = "coach", class = "k5a", key = tostring(ctx.today()), text = #names .. " " .. table.concat(names, ","),
                        next_step = "-" }
          end }
        """

    /// A school's placements are kept from batch to batch (and dispatch to dispatch), yet a
    /// rule sees every change made in between: a new placement, a late one, a pupil's new
    /// alias, a pupil erased.
    @Test
    func placementsKeptFromBatchToBatchFollowEveryChange() throws {
        let store = try EngineFixture.store()
        let rule = try RuleLoader.load(source: Array(Self.lister.utf8), file: "lister.lua", store: store)
        let engine = Engine(store: store, rules: [rule])
        func texts() throws -> [String] { try store.prompts(school: "s1").map { "\($0.key) \($0.text)" }.sorted() }

        try store.write([Self.placement("p1", "2026-10-05")])
        try engine.dispatch(through: EngineFixture.d("2026-10-11"))
        try store.write([Self.placement("p2", "2026-10-13")])
        try engine.dispatch(through: EngineFixture.d("2026-10-18"))
        #expect(try texts() == ["2026-10-05 1 Noor", "2026-10-13 2 Noor,p2"])

        // A late placement (dated in a week already handled), then a new alias and an observation.
        try store.write([Self.placement("p3", "2026-10-06")])
        _ = try store.write(batches: Self.once([KeyedRecord(.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "Nora")))]))
        try store.write([EngineFixture.observation(date: "2026-10-20", scores: ["3.1": 2])])
        try engine.dispatch(through: EngineFixture.d("2026-10-25"))
        #expect(try texts() == ["2026-10-05 1 Noor", "2026-10-06 2 Nora,p3", "2026-10-13 2 Noor,p2", "2026-10-20 3 Nora,p2,p3"])

        // A pupil erased: their placements go with them.
        _ = try store.erase(pupil: "p2", dryRun: false)
        try store.write([EngineFixture.observation(date: "2026-10-27", scores: ["3.1": 2])])
        try engine.dispatch(through: EngineFixture.d("2026-11-01"))
        #expect(try texts().last == "2026-10-27 2 Nora,p3")
    }

    /// `records` as one batch, then the end.
    static func once(_ records: [KeyedRecord]) -> () -> [KeyedRecord]? {
        var handed = false
        return {
            defer { handed = true }
            return handed ? nil : records
        }
    }
}
