import CoachCore
@testable import CoachEngine
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

    static func rule(_ id: String, fields: String, store: CoachStore, template: String = lister) throws -> LoadedRule {
        let source = template.replacingOccurrences(of: "%ID%", with: id).replacingOccurrences(of: "%FIELDS%", with: fields)
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
        #expect(report.failures.first?.message.components(separatedBy: "ctx.placements: ").count == 2, "the function named once")
    }

    /// A rule that prompts, per observation event, the sorted field names of the teacher's
    /// latest observation it gets back with `%FIELDS%`, and how many item scores it has.
    static let observer = """
        return rule { id = "%ID%", title = { nl = "Velden" }, on = { "observation.recorded" },
          run = function(ev, ctx)
            local o = ctx.observations{ teacher = ev.teacher, limit = 1 %FIELDS% }[1]
            local names, scores = {}, 0
            for name in pairs(o) do names[#names + 1] = name end
            for _ in pairs(o.scores or {}) do scores = scores + 1 end
            table.sort(names)
            ctx.prompt{ to = "coach", teacher = ev.teacher, key = "o/" .. ev.id, text = "%ID% " .. table.concat(names, ",") .. " " .. scores,
                        next_step = "-" }
          end }
        """

    /// Observations take `fields` too; their item scores are read only when asked for, and a
    /// rule that asks for them in the same batch as one that does not still gets them.
    @Test
    func observationsGiveTheFieldsAskedForAndScoresOnlyWhenAsked() throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 2, "3.2": 1])])
        let rules = [try Self.rule("a", fields: #", fields = { "ref", "date" }"#, store: store, template: Self.observer),
                     try Self.rule("b", fields: #", fields = { "scores" }"#, store: store, template: Self.observer),
                     try Self.rule("c", fields: "", store: store, template: Self.observer)]
        let report = try Engine(store: store, rules: rules).dispatch(through: EngineFixture.end)
        #expect(report.failures.isEmpty, "\(report.failures)")
        let texts = try store.prompts(school: "s1").map(\.text).sorted()
        #expect(texts.count == 3)
        #expect(texts.first == "a date,ref 0")
        #expect(texts.dropFirst().first == "b scores 2")
        #expect(texts.last?.hasPrefix("c class,date,id,instrument,kind,ref,scores,teacher,version") == true && texts.last?.hasSuffix(" 2") == true,
                "\(texts)")
        // The store leaves the scores unread when the question does not want them.
        var q = RecordQuery(teacher: "t1", limit: 10)
        #expect(try store.observations(school: "s1", q).first?.scores.count == 2)
        q.withScores = false
        #expect(try store.observations(school: "s1", q).first?.scores.isEmpty == true)
    }

    @Test(arguments: [
        (#", fields = { "dat" }"#, "ctx.observations: no field 'dat'; the fields are ref, id, kind"),
        (#", fields = "date""#, "ctx.observations: option 'fields' must be a list of field names"),
    ])
    func anObservationFieldThatDoesNotExistIsAClearError(_ fields: String, _ message: String) throws {
        let store = try EngineFixture.store()
        try store.write([EngineFixture.observation(scores: ["3.1": 2])])
        let report = try Engine(store: store, rules: [try Self.rule("a", fields: fields, store: store, template: Self.observer)])
            .dispatch(through: EngineFixture.end)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.message.contains(message) == true, "\(report.failures.first?.message ?? "")")
        #expect(report.failures.first?.message.components(separatedBy: "ctx.observations: ").count == 2, "the function named once")
    }

    /// The names `fields` accepts for an observation are the fields an observation has: a field
    /// added to one and not the other fails here, not in a rule.
    @Test
    func theObservationFieldsAreTheFieldsAnObservationHas() throws {
        let full = Observation(id: 7, kind: .coach, schoolId: "s1", teacherId: "t1", classId: "k5a", instrumentId: "pb",
                               instrumentVersion: "2025", date: EngineFixture.d("2026-10-06"), subject: "rekenen", lesson: "breuken",
                               scores: [ItemScore(item: "3.1", value: 2)], video: VideoFragment(uri: "v.mp4", start: 1, end: 2),
                               workOn: "tempo", observers: ["c1"])
        guard case .map(let map) = RecordTables.observation(full) else { Issue.record("an observation is not a map"); return }
        #expect(Set(map.keys.compactMap(\.stringValue)) == Set(ObservationFields.all))
    }
}
