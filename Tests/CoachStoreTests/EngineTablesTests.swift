import CoachCore
import CoachStore
import Testing

/// Prompts, suggestions and rule state: the tables the engine writes.
struct EngineTablesTests {
    static let week = IsoWeek("2026-W41")!

    func prompt(text: String = "Lage score op 3.1", seq: Int64 = 1) -> Prompt {
        Prompt(schoolId: "s1", ruleId: "focus-section", ruleVersion: "abc123", audience: .coach, teacherId: "t1",
               key: "3.1", week: Self.week.description, priority: 2, text: text, nextStep: "Bekijk samen een fragment.",
               reason: #"{"evidence":[1]}"#, eventSeq: seq)
    }

    /// Before any day is handled only untimed events can be late (read from another index);
    /// after one, records dated up to it that arrived later are too. Log order, up to the limit.
    @Test
    func lateEventsAreUntimedOnesFirstThenRecordsDatedInHandledDays() throws {
        let store = try Fixture.store()
        try store.write([.feedback(Fixture.feedback(0)), .feedback(Fixture.feedback(10))])
        let upTo = try store.lastEventSeq(school: "s1")
        let untimed = try store.lateEvents(school: "s1", after: .start, upTo: upTo, limit: 1000)
        #expect(untimed.count > 3 && untimed.allSatisfy { $0.time == nil })
        #expect(untimed.map(\.seq) == untimed.map(\.seq).sorted())
        let firstTwo = try store.lateEvents(school: "s1", after: .start, upTo: upTo, limit: 2)
        #expect(firstTwo.map(\.seq) == Array(untimed.prefix(2).map(\.seq)))
        // Paging on with no day yet: after the cursor's seq, up to `upTo`, both bounds kept.
        let next = try store.lateEvents(school: "s1", after: SchoolCursor(day: nil, seq: firstTwo[1].seq),
                                        upTo: untimed[3].seq, limit: 1000)
        #expect(next.map(\.seq) == [untimed[2].seq, untimed[3].seq])
        // With day 0 handled, the feedback of day 0 is late too; the one of day 10 is not.
        let late = try store.lateEvents(school: "s1", after: SchoolCursor(day: Fixture.day, seq: 0), upTo: upTo, limit: 1000)
        #expect(late.filter { $0.time != nil }.map(\.time) == [Fixture.day])
        #expect(late.filter { $0.time == nil }.map(\.seq) == untimed.map(\.seq))
        #expect(late.map(\.seq) == late.map(\.seq).sorted())
    }

    @Test
    func aPromptRoundTripsAndTheSameKeyInAWeekIsOnePrompt() throws {
        let store = try Fixture.store()
        let first = try store.savePrompt(prompt())
        #expect(first.id != nil)
        var expected = prompt()
        expected.id = first.id
        #expect(try store.prompt(first.id!) == expected)

        try store.setStatus(prompt: first.id!, to: .acknowledged)
        let again = try store.savePrompt(prompt(text: "Lage score op 3.1 (opnieuw)", seq: 2))
        #expect(again.id == first.id, "updated, not doubled")
        #expect(again.text == "Lage score op 3.1 (opnieuw)")
        #expect(again.status == .acknowledged, "the coach's status is kept")
        #expect(try store.prompts(school: "s1", week: Self.week).count == 1)

        var otherTeacher = prompt()
        otherTeacher.teacherId = "t2"
        try store.savePrompt(otherTeacher)
        var nextWeek = prompt()
        nextWeek.week = "2026-W42"
        try store.savePrompt(nextWeek)
        #expect(try store.count(.prompt) == 3)
        #expect(try store.count(.event) == Fixture.school.count, "prompts append no events")
    }

    @Test
    func snoozingNeedsADateAndUnknownPromptsAreNamed() throws {
        let store = try Fixture.store()
        let saved = try store.savePrompt(prompt())
        #expect(throws: StoreError.self) { try store.setStatus(prompt: saved.id!, to: .snoozed) }
        try store.setStatus(prompt: saved.id!, to: .snoozed, until: Day("2026-10-20"))
        #expect(try store.prompt(saved.id!)?.snoozedUntil == Day("2026-10-20"))
        #expect {
            try store.setStatus(prompt: 999, to: .done)
        } throws: { error in
            (error as? StoreError)?.description == "prompt 999 is not known"
        }
    }

    @Test
    func anInvalidPromptIsRefused() throws {
        let store = try Fixture.store()
        var bad = prompt()
        bad.priority = 0
        #expect {
            try store.savePrompt(bad)
        } throws: { error in
            (error as? StoreError)?.description == "prompt 3.1: priority must be 1 (highest) to 5, got 0"
        }
    }

    @Test
    func suggestionsAndRuleStateRoundTrip() throws {
        let store = try Fixture.store()
        let suggestion = Suggestion(schoolId: "s1", ruleId: "next-lesson", ruleVersion: "v1", teacherId: "t1", classId: "k5a",
                                    goalId: "breuken", day: Fixture.day, text: "Geef p2 verlengde instructie.", reason: "{}")
        let saved = try store.saveSuggestion(suggestion)
        #expect(try store.suggestions(teacher: "t1", day: Fixture.day) == [saved])

        try store.saveRuleState(RuleState(ruleId: "static-groups", schoolId: "s1", value: #"{"seen":1}"#))
        try store.saveRuleState(RuleState(ruleId: "static-groups", schoolId: "s1", value: #"{"seen":2}"#))
        #expect(try store.ruleState(rule: "static-groups", school: "s1")?.value == #"{"seen":2}"#)
        #expect(try store.ruleState(rule: "static-groups", school: "s2") == nil)
    }
}
