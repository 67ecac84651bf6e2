import CoachCore
import CoachEngine
import CoachStore
import Testing

private typealias F = EngineFixture

/// A rule's logs and errors never carry the notes it was handed: not escaped inside a table it
/// prints, not cut into pieces, not read back from its state a week later.
struct RedactionTests {
    @Test
    func aNoteStaysOutOfTheRulesErrorsEveryWayItCanComeOut() throws {
        let store = try F.store()
        let note = "Ik wil mijn \"instructietafel\" beter benutten,\nook op vrijdag."
        try store.write([.observation(Observation(kind: .coach, schoolId: "s1", teacherId: "t1", classId: "k5a", instrumentId: "pb",
                                                  instrumentVersion: "2025", date: F.d("2026-10-06"),
                                                  scores: [ItemScore(item: "3.1", value: 2)], workOn: note, observers: ["c1"]))])
        func rule(_ id: String, _ body: String) -> (String, String) {
            ("\(id).lua", """
                return rule { id = "\(id)", title = { nl = "t" }, on = { "week.ended" },
                  run = function(ev, ctx)
                    local o = ctx.observations{ teacher = "t1" }[1]
                    \(body)
                  end }
                """)
        }
        let rules = [
            rule("escaped", #"local shown = {}; for k, v in pairs({ note = o and o.work_on }) do shown[#shown + 1] = string.format("%s=%q", k, v) end; error(table.concat(shown))"#),
            rule("piece", #"error("begins with " .. string.sub(o.work_on, 1, 20))"#),
            rule("kept", #"local kept = ctx.get_state("note"); if kept then error("kept: " .. kept) end; ctx.set_state("note", o.work_on)"#),
            rule("upper", #"error("shouting " .. string.upper(o.work_on))"#),
            rule("upper-piece", #"error("begins with " .. string.upper(string.sub(o.work_on, 3, 24)))"#),
        ]
        let engine = try F.engine(store, extra: rules)
        var failures: [String] = []
        for week in ["2026-W41", "2026-W42"] {
            failures += try engine.tick(week: IsoWeek(week)!).dispatch.failures.filter { $0.school == "s1" }.map(\.message)
        }
        #expect(failures.count == 9, "\(failures)")
        for failure in failures {
            for piece in ["instructietafel", "beter benutten", "ook op vrijdag", "Ik wil mijn"] {
                #expect(failure.range(of: piece, options: .caseInsensitive) == nil, "\(failure)")
            }
            #expect(failure.contains("‹tekst›"), "\(failure)")
        }
    }
}
