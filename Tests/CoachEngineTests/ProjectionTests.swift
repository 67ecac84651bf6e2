import CoachCore
import CoachEngine
import CoachStore
import Testing

/// `fields = { … }` hands a rule only the fields it reads, from the answer other rules share.
struct ProjectionTests {
    /// A rule that prompts, per placement event, the sorted field names of the first current
    /// placement of the class it gets back with `%FIELDS%`.
    static let lister = """
        return rule { id = "%ID%", title = { nl = "Velden" }, on = { "placement.changed" },
          run = function(ev, ctx)
            local rows = ctx.placements{ class = "k5a", current = true %FIELDS% }
            local names = {}
            for name in pairs(rows[1]) do names[#names + 1] = name end
            table.sort(names)
            ctx.prompt{ to = "coach", class = "k5a", key = "f/" .. ev.id, text = "%ID% " .. table.concat(names, ","), next_step = "-" }
          end }
        """

    static func rule(_ id: String, fields: String, store: CoachStore) throws -> LoadedRule {
        let source = Self.lister.replacingOccurrences(of: "%ID%", with: id).replacingOccurrences(of: "%FIELDS%", with: fields)
        return try RuleLoader.load(source: Array(source.utf8), file: "\(id).lua", store: store)
    }

    @Test
    func rulesAskingTheSameWithDifferentFieldsEachGetTheirsInOneBatch() throws {
        let store = try EngineFixture.store()
        try store.write([QueryCacheTests.placement("p1", "2026-10-05")])
        let rules = [try Self.rule("a", fields: #", fields = { "track", "pupil", "track" }"#, store: store),
                     try Self.rule("b", fields: "", store: store),
                     try Self.rule("c", fields: #", fields = { "ref" }"#, store: store)]
        let report = try Engine(store: store, rules: rules).dispatch(through: EngineFixture.end)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let texts = try store.prompts(school: "s1").map(\.text).sorted()
        #expect(texts == ["a pupil,track",
                          "b class,current,decided_by,from,goal,id,pupil,pupil_alias,pupil_involved,ref,track,track_since,track_weeks,weeks",
                          "c ref"])
    }

    @Test(arguments: [
        (#", fields = { "trak" }"#, "ctx.placements: no field 'trak'; the fields are ref, id, pupil"),
        (#", fields = "track""#, "ctx.placements: option 'fields' must be a list of field names"),
        (#", fields = {}"#, "ctx.placements: option 'fields' must be a list of field names"),
    ])
    func aFieldThatDoesNotExistIsAClearError(_ fields: String, _ message: String) throws {
        let store = try EngineFixture.store()
        try store.write([QueryCacheTests.placement("p1", "2026-10-05")])
        let report = try Engine(store: store, rules: [try Self.rule("a", fields: fields, store: store)])
            .dispatch(through: EngineFixture.end)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.contains(message) == true, "\(report.failures.first?.message ?? "")")
    }
}
