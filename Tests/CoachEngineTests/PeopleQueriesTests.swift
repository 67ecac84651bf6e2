import CoachCore
import CoachEngine
import CoachStore
import Testing

/// `ctx.teachers`, `ctx.classes` and `ctx.pupils` hand each record with exactly its documented
/// fields, a missing alias or grade left out (nil), and only the school's own people.
struct PeopleQueriesTests {
    typealias F = EngineFixture

    /// Every field of every record, sorted, as one line per call.
    static let lister = ("lister.lua", """
        local function describe(records)
          local out = {}
          for _, r in ipairs(records) do
            local fields = {}
            for k, v in pairs(r) do fields[#fields + 1] = k .. "=" .. tostring(v) end
            table.sort(fields)
            out[#out + 1] = "{" .. table.concat(fields, ",") .. "}"
          end
          return table.concat(out, " ")
        end
        return rule { id = "lister", title = { nl = "l" }, on = { "week.ended" },
          run = function(ev, ctx, p)
            if ctx.school().id ~= "s1" then return end
            local text = describe(ctx.teachers()) .. " | " .. describe(ctx.classes()) .. " | " .. describe(ctx.pupils())
              .. " | " .. describe(ctx.pupils{ class = "k5a" })
            ctx.prompt{ to = "coach", key = "people", text = text, next_step = "-", evidence = { ev.week } }
          end }
        """)

    @Test
    func peopleComeWithTheirFieldsAndNothingElse() throws {
        let store = try F.store()
        // A second class, with a grade, and its pupil: a class's pupils are that class's only.
        try store.write([.schoolClass(SchoolClass(id: "k6b", schoolId: "s1", name: "6B", grade: "6")),
                         .pupil(Pupil(id: "p9", schoolId: "s1", classId: "k6b", alias: "Ada"))])
        let engine = try F.engine(store, extra: [Self.lister])
        let report = try engine.tick(week: IsoWeek("2026-W41")!)
        #expect(report.dispatch.failures.isEmpty, "\(report.dispatch.failures.map(\.message))")
        let text = try store.prompts(school: "s1", week: "2026-W41").first { $0.ruleId == "lister" }?.text
        let inK5a = "{alias=Noor,class=k5a,id=p1} {class=k5a,id=p2} {class=k5a,id=p3} {class=k5a,id=p4}"
        #expect(text == "{id=t1,name=Juf An} {id=t2,name=Meester Bart} | {id=k5a,name=5A} {grade=6,id=k6b,name=6B} | "
                + "\(inK5a) {alias=Ada,class=k6b,id=p9} | \(inK5a)")
    }
}
