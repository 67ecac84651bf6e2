import CoachCore
@testable import CoachEngine
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
    /// rule sees every change made in between: a new placement, a pupil's new alias, a late
    /// placement, a pupil erased; and with no change the kept ones are used, not read again.
    @Test
    func placementsKeptFromBatchToBatchFollowEveryChange() throws {
        let store = try EngineFixture.store()
        let rule = try RuleLoader.load(source: Array(Self.lister.utf8), file: "lister.lua", store: store)
        // One worker: with two, which of them keeps s1's placements depends on the machine's
        // load, and so would the count of reads below (never the prompts).
        var one = EngineConfiguration()
        one.dispatchWorkers = 1
        let engine = Engine(store: store, rules: [rule], configuration: one)
        func latest() throws -> String? {
            try store.prompts(school: "s1").map { "\($0.key) \($0.text)" }.sorted().last
        }
        func observe(_ day: String) throws {
            try store.write([EngineFixture.observation(date: day, scores: ["3.1": 2])])
        }

        try store.write([Self.placement("p1", "2026-10-05")])
        try engine.dispatch(through: EngineFixture.d("2026-10-11"))
        #expect(try latest() == "2026-10-05 1 Noor")
        #expect(engine.queryCache.snapshotReads == 1)

        // A new placement.
        try store.write([Self.placement("p2", "2026-10-13")])
        try engine.dispatch(through: EngineFixture.d("2026-10-18"))
        #expect(try latest() == "2026-10-13 2 Noor,p2")
        #expect(engine.queryCache.snapshotReads == 2)

        // Nothing changed but an observation: the kept placements answer.
        try observe("2026-10-20")
        try engine.dispatch(through: EngineFixture.d("2026-10-25"))
        #expect(try latest() == "2026-10-20 2 Noor,p2")
        #expect(engine.queryCache.snapshotReads == 2)

        // Only a pupil's alias changed (no placement).
        _ = try store.write(batches: Self.once([KeyedRecord(.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "Nora")))]))
        try observe("2026-10-27")
        try engine.dispatch(through: EngineFixture.d("2026-11-01"))
        #expect(try latest() == "2026-10-27 2 Nora,p2")
        #expect(engine.queryCache.snapshotReads == 3)

        // A late placement, dated in a week already handled: seen on its own day.
        try store.write([Self.placement("p3", "2026-10-06")])
        try engine.dispatch(through: EngineFixture.d("2026-11-01"))
        #expect(try store.prompts(school: "s1").contains { $0.key == "2026-10-06" && $0.text == "2 Nora,p3" })
        #expect(engine.queryCache.snapshotReads == 4)

        // A pupil erased: their placements go with them.
        _ = try store.erase(pupil: "p2", dryRun: false)
        try observe("2026-11-03")
        try engine.dispatch(through: EngineFixture.d("2026-11-08"))
        #expect(try latest() == "2026-11-03 2 Nora,p3")
        #expect(engine.queryCache.snapshotReads == 5)
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
