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

    /// Dispatch reads only the kinds some rule listens to; the count of what it passes over
    /// still takes in every event, heard or not.
    @Test
    func eventsOfOtherKindsStayUnreadButAreCounted() throws {
        let store = try Fixture.store()
        try store.write([.feedback(Fixture.feedback(0)), .feedback(Fixture.feedback(1)), .feedback(Fixture.feedback(10))])
        _ = try store.endWeek(Self.week, school: "s1")
        // As if a tick had run the week's rules (records for the school wait until then).
        try store.skipDispatch(CoachStore.engineCursor)
        // A heard and an unheard event on the week's Sunday, logged after its end.
        try store.write([.feedback(Fixture.feedback(6))])
        let upTo = try store.lastEventSeq(school: "s1")
        let through = Fixture.day.adding(days: 13)
        let all = try store.dueEvents(school: "s1", after: nil, through: through, upTo: upTo, limit: 1000)
        #expect(Set(all.map(\.kind)) == ["feedback.recorded", "week.ended"])

        let ended = try store.dueEvents(school: "s1", after: nil, through: through, upTo: upTo, limit: 1000, kinds: ["week.ended"])
        #expect(ended.map(\.kind) == ["week.ended"] && ended.first?.time == Self.week.sunday)
        #expect(!ended[0].payload.isEmpty)
        let feedback = try store.dueEvents(school: "s1", after: nil, through: through, upTo: upTo, limit: 1000,
                                           kinds: ["feedback.recorded", "observation.recorded"])
        #expect(feedback.map(\.seq) == all.filter { $0.kind == "feedback.recorded" }.map(\.seq))
        #expect(try store.dueEvents(school: "s1", after: nil, through: through, upTo: upTo, limit: 1000, kinds: []).isEmpty)
        // Whole days stay whole with the filter: a batch of one ends with its day's heard events.
        let firstDay = try store.dueEvents(school: "s1", after: nil, through: through, upTo: upTo, limit: 1,
                                           kinds: ["feedback.recorded", "week.ended"])
        #expect(firstDay.map(\.time) == [Fixture.day])
        let sunday = try store.dueEvents(school: "s1", after: Fixture.day.adding(days: 1), through: through, upTo: upTo, limit: 1,
                                         kinds: ["week.ended"])
        #expect(sunday.map(\.kind) == ["week.ended"], "the Sunday's feedback is not heard")
        let sundayBoth = try store.dueEvents(school: "s1", after: Fixture.day.adding(days: 1), through: through, upTo: upTo,
                                             limit: 1, kinds: ["week.ended", "feedback.recorded"])
        #expect(sundayBoth.map(\.kind) == ["week.ended", "feedback.recorded"])
        // Late: with day 10 handled, the three feedback events, and none of the untimed people.
        let late = try store.lateEvents(school: "s1", after: SchoolCursor(day: Fixture.day.adding(days: 10), seq: 0), upTo: upTo,
                                        limit: 1000, kinds: ["feedback.recorded"])
        #expect(late.count == 4 && late.allSatisfy { $0.kind == "feedback.recorded" })
        #expect(try store.lateEvents(school: "s1", after: .start, upTo: upTo, limit: 1000, kinds: ["week.ended"]).isEmpty)

        let untimed = try store.lateEvents(school: "s1", after: .start, upTo: upTo, limit: 1000)
        #expect(try store.pendingEventCount(school: "s1", after: .start, through: through, upTo: upTo) == untimed.count + all.count)
        #expect(try store.pendingEventCount(school: "s1", after: .start, through: nil, upTo: upTo) == untimed.count)
        // From a cursor that has handled day 0 and every event logged before day 0's feedback:
        // that feedback is late, the rest due.
        let dayZero = try #require(all.first { $0.time == Fixture.day })
        let cursor = SchoolCursor(day: Fixture.day, seq: dayZero.seq - 1)
        #expect(try store.pendingEventCount(school: "s1", after: cursor, through: through, upTo: upTo) == all.count)
        #expect(try store.pendingEventCount(school: "s1", after: SchoolCursor(day: Fixture.day, seq: upTo), through: through,
                                            upTo: upTo) == all.count - 1)
        #expect(try store.newestEventDay(school: "s1", through: through, upTo: upTo) == Fixture.day.adding(days: 10))
        #expect(try store.newestEventDay(school: "s1", through: Fixture.day.adding(days: 5), upTo: upTo) == Fixture.day.adding(days: 1))
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
