import CoachCore
import CoachStore
import Testing

/// What a pupil's export shows and what their erasure removes: the export names, the erasure
/// also takes what was derived from their records.
struct PupilDataTests {
    /// A prompt of rule `rule` in school s1 with this text, next step and evidence.
    static func prompt(_ rule: String, text: String, next: String = "Bespreek het.", evidence: [String] = []) -> Prompt {
        Prompt(schoolId: "s1", ruleId: rule, ruleVersion: "1", audience: .coach, teacherId: "t1", key: rule, week: "2026-W41",
               priority: 3, text: text, nextStep: next, reason: "{}", eventSeq: 1, evidence: evidence)
    }

    @Test
    func theExportListsWhatNamesThePupilAndTheErasureAlsoWhatRestsOnTheirRecords() throws {
        let store = try Fixture.store()
        let written = try store.write([
            .feedback(FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: "p1", goalId: "breuken", date: Fixture.day,
                                     level: .person, question: .feedback, timing: .formative, form: .individual, growthPoints: 0)),
        ])
        let ref = "feedback:\(written.ids[0])"
        // Named in the text (with p2, who has no alias: named by id), named only in the next
        // step, and only resting on p1's feedback (a teacher's habit, not about p1).
        _ = try store.savePrompt(Self.prompt("a", text: "N. en p2 halen minder dan 60 %."))
        _ = try store.savePrompt(Self.prompt("b", text: "Twee leerlingen blijven lang in spoor 3.", next: "Vraag N. hoe het gaat."))
        _ = try store.savePrompt(Self.prompt("c", text: "Juf An geeft vooral feedback op de persoon.", evidence: [ref]))
        _ = try store.saveSuggestion(Suggestion(schoolId: "s1", ruleId: "d", ruleVersion: "1", teacherId: "t1", day: Fixture.day,
                                                text: "Geef feedback op de taak.", reason: "{\"evidence\":[\"\(ref)\"]}"))

        let export = try store.export(pupil: "p1")
        #expect(export.prompts.map(\.ruleId) == ["a", "b"])
        #expect(export.prompts.first?.text == "N. en ‹leerling› halen minder dan 60 %.", "another pupil's id is masked")
        #expect(export.suggestions.isEmpty)
        #expect(export.feedback.count == 1)

        let removal = try store.erase(pupil: "p1", dryRun: true)
        let counts = Dictionary(uniqueKeysWithValues: removal.rows.map { ($0.table, $0.count) })
        #expect(counts["prompt"] == 3 && counts["suggestion"] == 1, "\(removal.rows)")
    }

    /// A pseudonym may be another child's too: then it names the pupil only in their own
    /// class, or nowhere; their id names them everywhere, also inside a rule's memory.
    @Test
    func anAliasSharedWithAnotherPupilNamesNeitherOutsideTheirClass() throws {
        let store = try Fixture.store()
        // p7 (6A) has p1's alias "N." too; p1 is in 5A.
        try store.write([.pupil(Pupil(id: "p7", schoolId: "s1", classId: "k6a", alias: "N."))])
        func prompt(_ rule: String, _ text: String, classId: String) -> Prompt {
            var prompt = Self.prompt(rule, text: text)
            prompt.classId = classId
            return prompt
        }
        _ = try store.savePrompt(prompt("in5a", "N. haalt minder dan 60 %.", classId: "k5a"))
        _ = try store.savePrompt(prompt("in6a", "N. haalt meer dan 95 %.", classId: "k6a"))
        try store.saveRuleState(RuleState(ruleId: "memory", schoolId: "s1", value: #"{"seen":["p1/breuken","p11/breuken"],"who":"N."}"#))

        #expect(try store.export(pupil: "p1").prompts.map(\.ruleId) == ["in5a"])
        #expect(try store.export(pupil: "p7").prompts.map(\.ruleId) == ["in6a"])

        _ = try store.erase(pupil: "p1", dryRun: false)
        #expect(try store.prompts(school: "s1").map(\.ruleId) == ["in6a"], "p7's prompt stays")
        // The id wherever it stands as a word, not another id that begins with it; the alias
        // stays (it is p7's too).
        #expect(try store.ruleState(rule: "memory", school: "s1")?.value == #"{"seen":["‹gewist›/breuken","p11/breuken"],"who":"N."}"#)
    }
}

/// Erasure keeps a rule's memory readable, and follows a pupil who changed class.
struct ErasureFollowUpTests {
    /// Moves pupils to another class as an import of the people file does (an update).
    static func move(_ store: CoachStore, _ pupils: [Pupil]) throws {
        var done = false
        _ = try store.write(batches: {
            defer { done = true }
            return done ? nil : pupils.map { KeyedRecord(.pupil($0)) }
        })
    }

    /// A coach's prompt of rule "in6a" about `classId`, with `text`.
    static func savePrompt(_ store: CoachStore, class classId: String, _ text: String) throws {
        var prompt = PupilDataTests.prompt("in6a", text: text)
        prompt.classId = classId
        _ = try store.savePrompt(prompt)
    }
    @Test
    func anErasureClearsTheRuleErrorsOfThePupilsSchoolThatNameThemAndNoOthers() throws {
        let store = try Fixture.store()
        try store.write([.pupil(Pupil(id: "p12", schoolId: "s1", classId: "k5a"))])
        for (rule, school, error) in [("a", "s1", "track.lua:3: no placement for p1"), ("b", "s1", "track.lua:3: no placement for p12"),
                                      ("a", "s2", "track.lua:3: no placement for p1")] {
            _ = try store.commit(DispatchCommit(cursor: "test", school: school, position: SchoolCursor(day: nil, seq: 0), prompts: [],
                                                states: [], health: [RuleHealth(ruleId: rule, schoolId: school, failures: 1,
                                                                                quarantined: false, lastError: error)]))
        }
        let removal = try store.erase(pupil: "p1", dryRun: false)
        #expect(removal.rows.first { $0.table == "ruleHealth" }?.count == 1)
        let errors = try (store.ruleHealth(school: "s1") + store.ruleHealth(school: "s2")).map { "\($0.schoolId)/\($0.ruleId): \($0.lastError ?? "-")" }
        #expect(errors.sorted() == ["s1/a: -", "s1/b: track.lua:3: no placement for p12", "s2/a: track.lua:3: no placement for p1"], "\(errors)")
    }

    @Test
    func aNumericIdLeavesNumbersInARulesMemoryAlone() throws {
        let store = try Fixture.store()
        try store.write([.pupil(Pupil(id: "12", schoolId: "s1", classId: "k5a"))])
        try store.saveRuleState(RuleState(ruleId: "memory", schoolId: "s1", value: #"{"weeks":12,"who":["12","p2"]}"#))
        _ = try store.erase(pupil: "12", dryRun: false)
        #expect(try store.ruleState(rule: "memory", school: "s1")?.value == #"{"weeks":12,"who":["‹gewist›","p2"]}"#)
    }

    @Test
    func aSharedAliasFollowsThePupilIntoTheClassTheyLeft() throws {
        let store = try Fixture.store()
        // p8 ("M.") had feedback in 6A and moved to 5A; p7 ("M." too) is in 3B, where p8 never was.
        try store.write([.schoolClass(SchoolClass(id: "k3b", schoolId: "s1", name: "3B")),
                         .pupil(Pupil(id: "p7", schoolId: "s1", classId: "k3b", alias: "M.")),
                         .pupil(Pupil(id: "p8", schoolId: "s1", classId: "k6a", alias: "M.")),
                         .feedback(FeedbackRecord(teacherId: "t1", classId: "k6a", pupilId: "p8", goalId: "breuken", date: Fixture.day,
                                                  level: .task, question: .feedback, timing: .formative, form: .individual, growthPoints: 0))])
        try Self.move(store, [Pupil(id: "p8", schoolId: "s1", classId: "k5a", alias: "M.")])
        #expect(try store.pupils(school: "s1").first { $0.id == "p8" }?.classId == "k5a")
        try Self.savePrompt(store, class: "k6a", "M. kreeg geen feedforward.")
        #expect(try store.export(pupil: "p8").prompts.map(\.ruleId) == ["in6a"])
        #expect(try store.export(pupil: "p7").prompts.isEmpty)
    }

    @Test
    func aNamesakeWhoWasInTheSameClassOnceMakesTheAliasNameNeither() throws {
        let store = try Fixture.store()
        // p7 and p8 ("M." both) were both in 6A once (their feedback says so); now 3B and 5A.
        try store.write([.schoolClass(SchoolClass(id: "k3b", schoolId: "s1", name: "3B")),
                         .pupil(Pupil(id: "p7", schoolId: "s1", classId: "k6a", alias: "M.")),
                         .pupil(Pupil(id: "p8", schoolId: "s1", classId: "k6a", alias: "M.")),
                         .feedback(FeedbackRecord(teacherId: "t1", classId: "k6a", pupilId: "p7", goalId: "breuken", date: Fixture.day,
                                                  level: .task, question: .feedback, timing: .formative, form: .individual, growthPoints: 0)),
                         .feedback(FeedbackRecord(teacherId: "t1", classId: "k6a", pupilId: "p8", goalId: "breuken", date: Fixture.day,
                                                  level: .task, question: .feedback, timing: .formative, form: .individual, growthPoints: 0))])
        try Self.move(store, [Pupil(id: "p7", schoolId: "s1", classId: "k3b", alias: "M."),
                              Pupil(id: "p8", schoolId: "s1", classId: "k5a", alias: "M.")])
        try Self.savePrompt(store, class: "k6a", "M. kreeg geen feedforward.")
        #expect(try store.export(pupil: "p8").prompts.isEmpty, "which M. it was, the alias cannot tell")
        #expect(try store.export(pupil: "p7").prompts.isEmpty)
    }
}
