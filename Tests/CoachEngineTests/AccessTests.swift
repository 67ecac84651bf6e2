import CoachCore
import CoachEngine
import CoachStore
import Testing

/// What each role reads: a coach of one class reads that class, not its teacher's other lessons.
struct AccessTests {
    /// A coach's prompt in s1 about `teacher` and `classId`.
    static func prompt(teacher: String?, classId: String?) -> Prompt {
        Prompt(schoolId: "s1", ruleId: "r", ruleVersion: "1", audience: .coach, teacherId: teacher, classId: classId, key: "k",
               week: "2026-W41", priority: 3, text: "t", nextStep: "n", reason: "{}", eventSeq: 1, evidence: [])
    }

    @Test
    func aCoachOfOneClassReadsThatClassOnly() throws {
        let store = try EngineFixture.store()
        try store.write([.schoolClass(SchoolClass(id: "k3b", schoolId: "s1", name: "3B")),
                         .classTeacher(ClassTeacher(classId: "k5a", teacherId: "t1")),
                         .classTeacher(ClassTeacher(classId: "k3b", teacherId: "t1")),
                         .coach(Coach(id: "c-klas", name: "Klaas", kind: .internal)),
                         .coachAssignment(CoachAssignment(coachId: "c-klas", scope: .class, scopeId: "k3b"))])
        let access = try Access.resolve(.coach("c-klas"), store: store)
        #expect(access.canSee(Self.prompt(teacher: "t1", classId: "k3b")))
        #expect(access.canSee(Self.prompt(teacher: nil, classId: "k3b")))
        #expect(!access.canSee(Self.prompt(teacher: "t1", classId: "k5a")), "the teacher's lesson in another class")
        #expect(!access.canSee(Self.prompt(teacher: "t1", classId: nil)), "about the teacher as a whole")
        // Suggestions for that teacher: in that class only.
        #expect(throws: AccessError.self) { try access.requireSuggest(teacher: "t1") }
        try access.requireSuggest(teacher: "t1", classId: "k3b")
        #expect(throws: AccessError.self) { try access.requireSuggest(teacher: "t1", classId: "k5a") }
        // A coach of the whole school reads all of it.
        let school = try Access.resolve(.coach("c1"), store: store)
        #expect(school.canSee(Self.prompt(teacher: "t1", classId: nil)) && school.canSee(Self.prompt(teacher: "t1", classId: "k5a")))
        #expect(school.readableSchools == ["s1"])
    }

    @Test
    func aCoachOfOneTeacherDoesNotReadACoTeachersPromptAboutTheirSharedClass() throws {
        let store = try EngineFixture.store()
        try store.write([.classTeacher(ClassTeacher(classId: "k5a", teacherId: "t1")),
                         .classTeacher(ClassTeacher(classId: "k5a", teacherId: "t2")),
                         .coach(Coach(id: "c-t1", name: "Tine", kind: .internal)),
                         .coachAssignment(CoachAssignment(coachId: "c-t1", scope: .teacher, scopeId: "t1"))])
        let access = try Access.resolve(.coach("c-t1"), store: store)
        #expect(access.canSee(Self.prompt(teacher: "t1", classId: "k5a")))
        #expect(!access.canSee(Self.prompt(teacher: "t2", classId: "k5a")), "the co-teacher's")
        #expect(access.suggestsWhole(teacher: "t1") && !access.suggestsWhole(teacher: "t2"))
    }

    @Test
    func aCoachOfOneClassHearsOnlySuggestionsAboutThatClass() throws {
        let store = try EngineFixture.store()
        try store.write([.schoolClass(SchoolClass(id: "k3b", schoolId: "s1", name: "3B")),
                         .classTeacher(ClassTeacher(classId: "k5a", teacherId: "t1")),
                         .classTeacher(ClassTeacher(classId: "k3b", teacherId: "t1"))])
        let every = ("every.lua", """
            return rule { id = "every", title = { nl = "Alle klassen" }, on = { "week.ended" },
              run = function(ev, ctx) end,
              suggest = function(q, ctx)
                ctx.suggest{ teacher = q.teacher, class = "k5a", text = "over 5A", evidence = {} }
                ctx.suggest{ teacher = q.teacher, class = "k3b", text = "over 3B", evidence = {} }
                ctx.suggest{ teacher = q.teacher, text = "over de leerkracht", evidence = {} }
              end }
            """)
        let engine = try EngineFixture.engine(store, extra: [every])
        let day = EngineFixture.d("2026-10-08")
        #expect(try engine.suggest(teacher: "t1", classId: "k3b", day: day, limit: 5, classOnly: true).map(\.text) == ["over 3B"])
        #expect(try Set(engine.suggest(teacher: "t1", classId: "k3b", day: day, limit: 5).map(\.text)) == ["over 3B", "over de leerkracht"])
        #expect(try engine.suggest(teacher: "t1", day: day, limit: 5).count == 3)
    }
}
