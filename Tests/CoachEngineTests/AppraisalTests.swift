import CoachCore
import CoachEngine
import CoachStore
import Testing

/// Coaching is not appraisal: the engine refuses a prompt for the team that names a teacher,
/// and a prompt built on a learning walk that points at a teacher or class; a self-reflection
/// reaches no prompt until the teacher shares it.
struct AppraisalTests {
    static let walk = Instrument(id: "walk", version: "2025", title: "Leerwandeling", scale: .seenNotSeen, sections: [
        InstrumentSection(number: 1, title: "Doelen", items: [InstrumentItem(key: "1.1", text: "Leerlingen kennen het doel.")]),
    ])

    /// A rule that makes one prompt on every walk, with the fields given.
    static func rule(_ id: String, _ fields: String) -> (String, String) {
        ("\(id).lua", """
            return rule { id = "\(id)", title = { nl = "Poging" }, on = { "learningWalk.recorded" },
              run = function(ev, ctx)
                local walks = ctx.walks{}
                ctx.prompt{ key = "k", next_step = "-", evidence = { walks[1].ref }, \(fields) }
              end }
            """)
    }

    static func run(_ rules: [(String, String)]) throws -> (DispatchReport, [Prompt]) {
        let store = try EngineFixture.store()
        // A class whose id is a number and whose name is a grade: a team's text may still say both.
        try store.write([.instrument(walk), .schoolClass(SchoolClass(id: "52", schoolId: "s1", name: "Leerjaar 5")),
                         .schoolClass(SchoolClass(id: "kvl", schoolId: "s1", name: "Vlinders"))])
        try store.write([.learningWalk(LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025",
                                                    date: EngineFixture.d("2026-10-06"), walkers: 3,
                                                    findings: [WalkFinding(item: "1.1", status: .notSeen)]))])
        let engine = try EngineFixture.engine(store, extra: rules)
        let report = try engine.dispatch(through: EngineFixture.end)
        return (report, try store.prompts(school: "s1").filter { $0.ruleId.hasPrefix("try-") || $0.ruleId == "team-ok" })
    }

    @Test
    func aTeamPromptNeverNamesATeacher() throws {
        let (report, prompts) = try Self.run([
            Self.rule("try-field", #"to = "team", teacher = "t1", text = "Leerkracht t1 scoort het laagst.""#),
            Self.rule("try-name", #"to = "team", text = "Bij Juf An werd 1.1 niet gezien.""#),
            Self.rule("try-id", #"to = "team", text = "In de les van t2 werd 1.1 niet gezien.""#),
            Self.rule("team-ok", #"to = "team", text = "Kijkpunt 1.1 werd niet gezien; bespreek het samen (Annelies is geen leerkracht).""#),
            Self.rule("try-class-field", #"to = "team", class = "k5a", text = "Kijkpunt 1.1 werd niet gezien.""#),
            Self.rule("try-class-name", #"to = "team", text = "In 5A werd 1.1 het minst gezien.""#),
            // A grade and a score are no class, though a class may be called "Leerjaar 5".
            Self.rule("team-grade", #"to = "team", text = "Vlaamse toetsen, leerjaar 5: de school haalt 52,3.""#),
            Self.rule("try-class-word", #"to = "team", text = "De Vlinders kregen weinig feedback.""#),
        ])
        let failures = Dictionary(report.failures.map { ($0.rule, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(failures["try-field"]?.contains("a prompt for the team never names a teacher (coaching is not appraisal); leave out 'teacher'") == true)
        // Which teacher is not said: the failure reaches the team.
        for rule in ["try-name", "try-id"] {
            #expect(failures[rule]?.contains("its text names one of the school's teachers") == true, "\(failures[rule] ?? "")")
            #expect(failures[rule]?.contains("t1") == false && failures[rule]?.contains("t2") == false)
        }
        #expect(failures["team-ok"] == nil)
        // A class is its teacher's lessons: the team's prompts name none.
        #expect(failures["try-class-field"]?.contains("leave out 'class'") == true, "\(failures)")
        #expect(failures["try-class-name"]?.contains("its text names one of the school's classes") == true, "\(failures)")
        #expect(failures["team-grade"] == nil, "\(failures)")
        #expect(failures["try-class-word"]?.contains("its text names one of the school's classes") == true, "\(failures)")
        // What was refused was not stored; the rule's owners hear of it as a failure.
        #expect(prompts.filter { $0.ruleId.hasPrefix("try-") && $0.audience == .team }.isEmpty)
        #expect(prompts.filter { $0.ruleId == "team-ok" }.count == 1)
    }

    @Test
    func aPromptOnALearningWalkNeverPointsAtATeacherOrClass() throws {
        let (report, _) = try Self.run([
            Self.rule("try-coach", #"to = "coach", teacher = "t1", text = "Leerwandeling: 1.1 niet gezien.""#),
            Self.rule("try-class", #"to = "team", class = "k5a", text = "Leerwandeling: 1.1 niet gezien.""#),
            Self.rule("try-unnamed", #"to = "coach", text = "Leerwandeling: 1.1 niet gezien.""#),
        ])
        let failures = Dictionary(report.failures.map { ($0.rule, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(failures["try-coach"]?.contains("a prompt built on a learning walk never points at a teacher or class") == true)
        #expect(failures["try-class"]?.contains("leave out 'class'") == true)
        #expect(failures["try-unnamed"]?.contains("send it to the team") == true)
    }

    @Test
    func anUnsharedSelfReflectionReachesNoPromptAndNoQuery() throws {
        let store = try EngineFixture.store()
        let seer = ("seer.lua", """
            return rule { id = "seer", title = { nl = "Ziet" }, on = { "observation.recorded" },
              run = function(ev, ctx)
                local n = #ctx.observations{ teacher = "t1" }
                ctx.prompt{ to = "coach", teacher = "t1", key = "seen/" .. ev.id, text = "ziet " .. n, next_step = "-" }
              end }
            """)
        func reflection(_ shared: Bool?) -> NewRecord {
            .observation(Observation(kind: .selfReflection, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "2025",
                                     date: EngineFixture.d("2026-10-06"), scores: [ItemScore(item: "3.1", value: 2)], shared: shared))
        }
        try store.write([reflection(nil)])
        try store.write([reflection(true)])
        let engine = try EngineFixture.engine(store, extra: [seer])
        let report = try engine.dispatch(through: EngineFixture.end)
        #expect(report.failures.isEmpty)
        let prompts = try store.prompts(school: "s1")
        // Only the shared one ran the rules, and it saw only itself; focus-section built nothing
        // on the unshared one either.
        #expect(prompts.filter { $0.ruleId == "seer" }.map(\.text) == ["ziet 1"])
        #expect(prompts.filter { $0.ruleId == "focus-section" }.count == 1)
    }

    @Test
    func aPromptOnAWalksEventNeverPointsAtATeacherEvenWithoutTheWalkInItsEvidence() throws {
        let (report, _) = try Self.run([
            ("try-event.lua", """
                return rule { id = "try-event", title = { nl = "Poging" }, on = { "learningWalk.recorded" },
                  run = function(ev, ctx)
                    ctx.prompt{ to = "coach", teacher = "t1", key = "k", text = "Na de wandeling: kijk eens bij deze les.", next_step = "-" }
                  end }
                """),
        ])
        #expect(report.failures.first?.message.contains("a prompt built on a learning walk never points at a teacher or class") == true,
                "\(report.failures.map(\.message))")
    }

    /// A teacher's suggestions: their own classes, their own unshared reflections, never a walk.
    @Test
    func aSuggestionReadsOnlyWhatIsTheTeachers() throws {
        let store = try EngineFixture.store()
        try store.write([.instrument(Self.walk), .schoolClass(SchoolClass(id: "k6a", schoolId: "s1", name: "6A")),
                         .classTeacher(ClassTeacher(classId: "k5a", teacherId: "t1")),
                         .classTeacher(ClassTeacher(classId: "k6a", teacherId: "t2"))])
        func reflection(_ teacher: String) -> NewRecord {
            .observation(Observation(kind: .selfReflection, schoolId: "s1", teacherId: teacher, instrumentId: "pb", instrumentVersion: "2025",
                                     date: EngineFixture.d("2026-10-06"), scores: [ItemScore(item: "3.1", value: 2)], workOn: "eigen noot van \(teacher)"))
        }
        try store.write([reflection("t1"), reflection("t2"),
                         .learningWalk(LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025",
                                                    date: EngineFixture.d("2026-10-06"), walkers: 3,
                                                    findings: [WalkFinding(item: "1.1", status: .notSeen)]))])
        let peek = ("peek.lua", """
            return rule { id = "peek", title = { nl = "Kijkt" }, on = { "week.ended" },
              run = function(ev, ctx) end,
              suggest = function(q, ctx)
                local notes = {}
                for _, o in ipairs(ctx.observations{ kind = "selfReflection" }) do notes[#notes + 1] = o.teacher end
                table.sort(notes)
                ctx.suggest{ teacher = q.teacher, text = "gezien: " .. table.concat(notes, ","), evidence = {} }
              end }
            """)
        let walker = ("walker.lua", """
            return rule { id = "walker", title = { nl = "Wandelt" }, on = { "week.ended" },
              run = function(ev, ctx) end,
              suggest = function(q, ctx)
                local walks = ctx.walks{}
                ctx.suggest{ teacher = q.teacher, text = "Op de wandeling: 1.1 niet gezien.", evidence = { walks[1].ref } }
              end }
            """)
        let engine = try EngineFixture.engine(store, extra: [peek, walker])
        let day = EngineFixture.d("2026-10-08")
        let own = try engine.suggest(teacher: "t1", day: day, ownReflections: true, limit: 5)
        #expect(own.map(\.text) == ["gezien: t1"], "t2's unshared reflection stays t2's")
        let asCoach = try engine.suggest(teacher: "t1", day: day, ownReflections: false, limit: 5)
        #expect(asCoach.map(\.text) == ["gezien: "])
        #expect(throws: EngineError.self) { try engine.suggest(teacher: "t1", classId: "k6a", day: day) }
        do {
            _ = try engine.suggest(teacher: "t1", classId: "k6a", day: day)
        } catch {
            #expect(error.description == "teacher 't1' does not teach class 'k6a' (their classes: k5a)")
            #expect(error.text(.nl) == "leerkracht 't1' geeft geen les in klas 'k6a' (klassen van deze leerkracht: k5a)")
        }
        #expect(try engine.suggest(teacher: "t1", classId: "k5a", day: day, limit: 5).count == 1)
    }
}
