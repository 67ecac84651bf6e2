import CoachCore
import CoachStore
import GRDB
import Testing

/// A pupil's classes over time, as imports give them: the day a move counts from, the same
/// history given twice, records checked against the class of their day, and erasure.
struct PupilStintsTests {
    /// Writes `records` as an import does (people given again are updates).
    @discardableResult
    static func give(_ store: CoachStore, _ records: [NewRecord]) throws -> CoachStore.BatchesOutcome {
        try store.write(importing: records)
    }

    /// Closes `week` for s1 as a tick that ran its rules would.
    static func close(_ store: CoachStore, _ week: String) throws {
        _ = try store.endWeek(IsoWeek(week)!, school: "s1")
        try store.skipDispatch(CoachStore.engineCursor)
    }

    static func stretches(_ store: CoachStore, _ pupil: String) throws -> [EarlierClass] {
        try store.export(pupil: pupil).earlierClasses
    }

    @Test
    func aPupilGivenInAnotherClassMovesFromTheFirstWeekNotYetClosed() throws {
        let store = try Fixture.store()
        // Before any week is closed, no rule saw the old class: the new one is from the start.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a"))])
        #expect(try Self.stretches(store, "p2").isEmpty)
        try Self.close(store, "2026-W41")
        let outcome = try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a"))])
        #expect(outcome.updated == 1 && outcome.events == 1)
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k6a", until: Day("2026-10-12")!)])
        #expect(try store.pupils(class: "k5a").map(\.id).contains("p2"))
        // The same row again: nothing changes, no event.
        let again = try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a"))])
        #expect(again.updated == 0 && again.events == 0)
    }

    @Test
    func theSameHistoryGivenTwiceWritesNothingTheSecondTime() throws {
        let store = try Fixture.store()
        try Self.close(store, "2026-W45")
        let history: [NewRecord] = [
            .pupil(Pupil(id: "p3", schoolId: "s1", classId: "k5a", since: Day("2026-09-01")!)),
            .pupil(Pupil(id: "p3", schoolId: "s1", classId: "k6a", since: Day("2026-10-12")!)),
            .pupil(Pupil(id: "p3", schoolId: "s1", classId: "k5a", since: Day("2026-11-02")!)),
        ]
        try Self.give(store, history)
        // Not at the school before 1 September (the day the file says p3 came into 5A).
        let expected = [EarlierClass(classId: nil, until: Day("2026-09-01")!), EarlierClass(classId: "k5a", until: Day("2026-10-12")!),
                        EarlierClass(classId: "k6a", until: Day("2026-11-02")!)]
        #expect(try Self.stretches(store, "p3") == expected)
        // Weeks closed since change nothing: each row says its own day.
        let again = try Self.give(store, history)
        #expect(again.updated == 0 && again.events == 0)
        #expect(try Self.stretches(store, "p3") == expected)
        #expect(try store.pupils(school: "s1", on: Day("2026-10-20")!).first { $0.id == "p3" }?.classId == "k6a")
    }

    @Test
    func aLaterDayCorrectsTheMoveAndAnEarlierOneToo() throws {
        let store = try Fixture.store()
        try Self.close(store, "2026-W41")
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a"))])
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k5a", until: Day("2026-10-12")!)])
        // The school knows the day: two days later than the Monday coach took.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", since: Day("2026-10-14")!))])
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k5a", until: Day("2026-10-14")!)])
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", since: Day("2026-10-07")!))])
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k5a", until: Day("2026-10-07")!)])
        #expect(try store.pupils(class: "k6a").map(\.id) == ["p2", "p5", "p6"])
    }

    @Test
    func aNewPupilAfterClosedWeeksCountsFromTheFirstOpenOne() throws {
        let store = try Fixture.store()
        try Self.close(store, "2026-W41")
        let outcome = try Self.give(store, [.pupil(Pupil(id: "p7", schoolId: "s1", classId: "k5a"))])
        #expect(outcome.arrivedFrom == [Day("2026-10-12")!: 1])
        #expect(try Self.stretches(store, "p7") == [EarlierClass(classId: nil, until: Day("2026-10-12")!)])
        #expect(try !store.pupils(school: "s1", on: Day("2026-10-11")!).contains { $0.id == "p7" })
    }

    @Test
    func retentionTakesTheClassesBeforeItsDay() throws {
        let store = try Fixture.store()
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", since: Day("2026-10-12")!))])
        _ = try store.removeRecords(before: Day("2026-10-12")!, school: "s1", dryRun: false)
        #expect(try Self.stretches(store, "p2").count == 1)
        _ = try store.removeRecords(before: Day("2026-10-13")!, school: "s1", dryRun: false)
        #expect(try Self.stretches(store, "p2").isEmpty)
    }

    @Test
    func aRecordIsCheckedAgainstThePupilsClassOfItsDay() throws {
        let store = try Fixture.store()
        try Self.give(store, [.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k6a", since: Day("2026-10-12")!))])
        var before = Fixture.feedback()
        before.date = Day("2026-10-06")!
        // In 5A on 6 October: feedback there is p1's; in 6A it was not yet.
        #expect(try Self.give(store, [.feedback(before)]).issues.isEmpty)
        before.classId = "k6a"
        let refused = try Self.give(store, [.feedback(before)]).issues.map(\.problem)
        #expect(refused.contains { $0.contains("was not in class k6a on 2026-10-06") }, "\(refused)")
        var after = before
        after.date = Day("2026-10-13")!
        #expect(try Self.give(store, [.feedback(after)]).issues.isEmpty)
    }

    @Test
    func aPupilWhoCameLaterIsNotThereBeforeAndErasureTakesTheHistory() throws {
        let store = try Fixture.store()
        try Self.give(store, [.pupil(Pupil(id: "p9", schoolId: "s1", classId: "k5a", since: Day("2026-10-12")!))])
        #expect(try !store.pupils(school: "s1", on: Day("2026-10-11")!).contains { $0.id == "p9" })
        #expect(try store.pupils(school: "s1", on: Day("2026-10-12")!).contains { $0.id == "p9" })
        #expect(try store.pupils(class: "k5a", school: "s1", on: Day("2026-10-11")!).map(\.id) == ["p1", "p2", "p3", "p4"])
        #expect(try Self.stretches(store, "p9") == [EarlierClass(classId: nil, until: Day("2026-10-12")!)])
        var early = Fixture.feedback(pupil: "p9")
        early.date = Day("2026-10-06")!
        #expect(try Self.give(store, [.feedback(early)]).issues.map(\.problem).contains { $0.contains("was not at the school yet on 2026-10-06") })
        let removal = try store.erase(pupil: "p9", dryRun: false)
        #expect(removal.rows.contains { $0.table == "pupilStint" && $0.count == 1 })
        #expect(try !store.pupils(school: "s1", on: Day("2026-10-11")!).contains { $0.id == "p9" })
    }

    @Test
    func aPupilWhoLeftIsNotThereFromThatDayOnAndMayComeBack() throws {
        let store = try Fixture.store()
        try Self.close(store, "2026-W41")
        // p2 (5A) left on 19 October.
        let leaving = Pupil(id: "p2", schoolId: "s1", classId: "k5a", left: Day("2026-10-19")!)
        let outcome = try Self.give(store, [.pupil(leaving)])
        #expect(outcome.updated == 1 && outcome.events == 1)
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k5a", until: Day("2026-10-19")!)])
        #expect(try store.export(pupil: "p2").pupil.left == Day("2026-10-19")!)
        #expect(try store.pupils(class: "k5a").map(\.id) == ["p1", "p3", "p4"])
        #expect(try !store.pupils(school: "s1").contains { $0.id == "p2" })
        #expect(try store.pupils(school: "s1", on: Day("2026-10-18")!).contains { $0.id == "p2" && $0.classId == "k5a" })
        #expect(try store.pupils(class: "k5a", school: "s1", on: Day("2026-10-18")!).map(\.id) == ["p1", "p2", "p3", "p4"])
        #expect(try !store.pupils(school: "s1", on: Day("2026-10-19")!).contains { $0.id == "p2" })
        // Given again, with the class they left: nothing changes.
        let again = try Self.give(store, [.pupil(leaving)])
        #expect(again.updated == 0 && again.events == 0)
        // Feedback naming p2 after they left is refused, with the day; before, it is p2's.
        var late = Fixture.feedback(pupil: "p2")
        late.date = Day("2026-10-20")!
        let refused = try Self.give(store, [.feedback(late)]).issues.map(\.problem)
        #expect(refused.contains { $0.contains("was no longer at the school on 2026-10-20") }, "\(refused)")
        late.date = Day("2026-10-16")!
        #expect(try Self.give(store, [.feedback(late)]).issues.isEmpty)
        // So are a result and a placement.
        let result = LearningResult(pupilId: "p2", goalId: "breuken", date: Day("2026-10-21")!, kind: .exitTicket, mastery: 50)
        let placement = Placement(pupilId: "p2", classId: "k5a", goalId: "breuken", track: 2, from: Day("2026-10-19")!,
                                  decidedBy: "t1", pupilInvolved: false)
        let records = try Self.give(store, [.result(result), .placement(placement)]).issues.map(\.problem)
        #expect(records.filter { $0.contains("was no longer at the school on 2026-10-") }.count == 2, "\(records)")
        // In a list of now without the column (no day): still away, nothing written.
        try Self.close(store, "2026-W43")
        let listed = try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a"))])
        #expect(listed.updated == 0 && listed.events == 0)
        #expect(try store.export(pupil: "p2").pupil.left == Day("2026-10-19")!)
        // With the day they came back: back from then.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a", since: Day("2026-10-26")!))])
        #expect(try store.export(pupil: "p2").pupil.left == nil)
        #expect(try store.pupils(class: "k5a").map(\.id) == ["p1", "p2", "p3", "p4"])
        #expect(try !store.pupils(school: "s1", on: Day("2026-10-20")!).contains { $0.id == "p2" })
        #expect(try store.pupils(school: "s1", on: Day("2026-10-26")!).contains { $0.id == "p2" })
    }

    @Test
    func aWholeYearWithALeavingAtItsEnd() throws {
        let store = try Fixture.store()
        try Self.give(store, [
            .pupil(Pupil(id: "p8", schoolId: "s1", classId: "k5a", since: Day("2026-09-01")!)),
            .pupil(Pupil(id: "p8", schoolId: "s1", classId: "k6a", since: Day("2026-10-12")!, left: Day("2026-11-02")!)),
        ])
        let expected = [EarlierClass(classId: nil, until: Day("2026-09-01")!), EarlierClass(classId: "k5a", until: Day("2026-10-12")!),
                        EarlierClass(classId: "k6a", until: Day("2026-11-02")!)]
        #expect(try Self.stretches(store, "p8") == expected)
        #expect(try store.export(pupil: "p8").pupil.classId == "k6a")
        #expect(try !store.pupils(class: "k6a").contains { $0.id == "p8" })
        #expect(try store.pupils(class: "k6a", school: "s1", on: Day("2026-10-20")!).contains { $0.id == "p8" })
    }

    @Test
    func aLeavingBeforeThePupilCameIsRefused() throws {
        let store = try Fixture.store()
        try Self.close(store, "2026-W41")
        // Coming on 12 October and leaving on the 5th cannot be.
        let refused = try Self.give(store, [.pupil(Pupil(id: "p7", schoolId: "s1", classId: "k5a", since: Day("2026-10-12")!,
                                                         left: Day("2026-10-05")!))])
        #expect(refused.issues.map(\.problem).contains { $0.contains("left must come after since (2026-10-12)") }, "\(refused.issues)")
        #expect(try store.pupil("p7") == nil)
        // Without a since, a pupil coach does not know who left before the first open week (a
        // people file that still lists a pupil retention removed) is not taken in, and said.
        let gone = try Self.give(store, [.pupil(Pupil(id: "p8", schoolId: "s1", classId: "k5a", left: Day("2026-10-05")!))])
        #expect(gone.issues.isEmpty && gone.goneBefore == 1 && gone.added == 0, "\(gone.issues)")
        #expect(try store.pupil("p8") == nil)
        // Nor a leaving before a pupil's later move, which would bring them back.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", since: Day("2026-10-19")!))])
        let before = try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", left: Day("2026-10-14")!))])
        #expect(!before.issues.isEmpty)
        #expect(try store.export(pupil: "p2").pupil.left == nil)
        // Nor, once p2 left 6A, a leaving before that move.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", left: Day("2026-11-02")!))])
        let earlier = try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", left: Day("2026-10-14")!))])
        #expect(!earlier.issues.isEmpty)
        #expect(try store.export(pupil: "p2").pupil.left == Day("2026-11-02")!)
    }

    @Test
    func retentionRemovesThePlacementsAMoveEndedAndKeepsTheRestAsTheyAre() throws {
        let store = try Fixture.store()
        for pupil in ["p1", "p2"] {
            try store.write([.placement(Placement(pupilId: pupil, classId: "k5a", goalId: "breuken", track: 3, from: Day("2026-09-07")!,
                                                  decidedBy: "t1", pupilInvolved: false))])
        }
        // p1 moves on 12 October, p2 on 19 October.
        try Self.give(store, [.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k6a", since: Day("2026-10-12")!)),
                              .pupil(Pupil(id: "p2", schoolId: "s1", classId: "k6a", since: Day("2026-10-19")!))])
        try store.skipDispatch(CoachStore.engineCursor)
        _ = try store.removeRecords(before: Day("2026-10-19")!, school: "s1", dryRun: false)
        // p1's placement (ended on the 12th) is gone; p2's, ending on the 19th, stays ended.
        var q = RecordQuery(classId: "k5a")
        q.currentOn = Day("2026-10-20")!
        #expect(try store.placements(school: "s1", q).isEmpty)
        q.currentOn = Day("2026-10-18")!
        #expect(try store.placements(school: "s1", q).map(\.placement.pupilId) == ["p2"])
        #expect(try store.placements(school: "s1", RecordQuery()).map(\.placement.pupilId) == ["p2"])
    }

    @Test
    func aPlacementBeforeAPupilCameIsNotEndedByTheirComingAndNewOnesAreRefused() throws {
        let store = try Fixture.store()
        try store.write([.placement(Placement(pupilId: "p1", classId: "k5a", goalId: "breuken", track: 2, from: Day("2026-10-05")!,
                                              decidedBy: "t1", pupilInvolved: false))])
        // The school says p1 came on 12 October: the placement stored before stays current.
        try Self.give(store, [.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k5a", since: Day("2026-10-12")!))])
        #expect(try Self.stretches(store, "p1") == [EarlierClass(classId: nil, until: Day("2026-10-12")!)])
        var q = RecordQuery(pupil: "p1")
        q.currentOn = Day("2026-10-20")!
        #expect(try store.placements(school: "s1", q).map(\.placement.track) == [2])
        // A result or placement dated before the 12th is refused now, as feedback is.
        let result = LearningResult(pupilId: "p1", goalId: "breuken", date: Day("2026-10-08")!, kind: .exitTicket, mastery: 50)
        let placement = Placement(pupilId: "p1", classId: "k5a", goalId: "breuken2", track: 1, from: Day("2026-10-06")!,
                                  decidedBy: "t1", pupilInvolved: false)
        let refused = try Self.give(store, [.result(result), .placement(placement)]).issues.map(\.problem)
        #expect(refused.count == 2 && refused.allSatisfy { $0.contains("was not at the school yet on 2026-10-0") }, "\(refused)")
    }

    @Test
    func aPupilWhoLeftStaysAwayOnADayReadAsOfThen() throws {
        let store = try Fixture.store()
        // p2 left on 19 October; p3 moves on 2 November, so the days before read through the
        // pupils' stretches.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a", left: Day("2026-10-19")!)),
                              .pupil(Pupil(id: "p3", schoolId: "s1", classId: "k6a", since: Day("2026-11-02")!))])
        let day = Day("2026-10-20")!
        #expect(try store.pupilsDiffer(school: "s1", on: day))
        #expect(try store.pupils(school: "s1", on: day).map { "\($0.id)@\($0.classId)" } == ["p1@k5a", "p3@k5a", "p4@k5a", "p5@k6a", "p6@k6a"])
        #expect(try store.pupils(class: "k5a", school: "s1", on: day).map(\.id) == ["p1", "p3", "p4"])
    }

    @Test
    func retentionRemovesThePupilsWhoLeftOnOrBeforeItsDayWithWhatStillNamesThem() throws {
        let store = try Fixture.store()
        // p1 (alias N.) left on 19 October, the first day to keep; p3 on 20 October, after it.
        try Self.give(store, [.pupil(Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "N.", left: Day("2026-10-19")!)),
                              .pupil(Pupil(id: "p3", schoolId: "s1", classId: "k5a", left: Day("2026-10-20")!))])
        // Their feedback from before, and a later note about another pupil that names p1's alias.
        var note = Fixture.feedback(pupil: "p2")
        note.date = Day("2026-10-21")!
        note.text = "Werkt samen met N. aan de noemer."
        // And feedback in the other school: one line per table for both.
        let other = FeedbackRecord(teacherId: "x1", classId: "xk", pupilId: "xp", goalId: "xg", date: Fixture.day, level: .task,
                                   question: .feedback, timing: .formative, form: .individual, growthPoints: 0)
        try Self.give(store, [.feedback(Fixture.feedback(pupil: "p1")), .feedback(Fixture.feedback(pupil: "p3")), .feedback(note),
                              .feedback(other)])
        try store.skipDispatch(CoachStore.engineCursor)
        // Prompts of a week after the day, one naming p1, one resting on p1's feedback without
        // naming them: retention by week would keep both.
        var prompt = PupilDataTests.prompt("track", text: "p1 zit lang in spoor 3.")
        prompt.week = "2026-W44"
        _ = try store.savePrompt(prompt)
        let feedbackOfP1 = try #require(try store.export(pupil: "p1").feedback.first?.id)
        var resting = PupilDataTests.prompt("praise", text: "Veel feedback op de persoon in 5A.", evidence: ["feedback:\(feedbackOfP1)"])
        resting.week = "2026-W44"
        _ = try store.savePrompt(resting)
        let day = Day("2026-10-19")!

        let dry = try store.removeRecords(before: day, school: nil, dryRun: true)
        #expect(dry.rows.first { $0.table == "pupil (left)" }?.count == 1 && dry.leavers == ["p1"], "\(dry.rows)")
        #expect(try store.export(pupil: "p1").pupil.left == day, "a dry run removes nothing")

        let done = try store.removeRecords(before: day, school: nil, dryRun: false)
        #expect(done.rows.first { $0.table == "pupil (left)" }?.count == 1)
        #expect(done.rows.filter { $0.table == "feedback" }.map(\.count) == [3], "one line per table: \(done.rows)")
        do {
            _ = try store.export(pupil: "p1")
            Issue.record("p1 is still in the store")
        } catch {
            guard case .notFound(let what) = error else { throw error }
            #expect(what == "pupil 'p1'")
        }
        #expect(try store.prompts(school: "s1").isEmpty, "a prompt naming p1 or resting on their feedback stayed")
        let kept = try store.export(pupil: "p2").feedback
        #expect(kept.map(\.text) == ["Werkt samen met ‹leerling› aan de noemer."], "\(kept)")
        // p3 left after the day: still listed, with the day, and still refused records after it.
        #expect(try store.export(pupil: "p3").pupil.left == Day("2026-10-20")!)
        var late = Fixture.feedback(pupil: "p3")
        late.date = Day("2026-10-27")!
        let refused = try Self.give(store, [.feedback(late)]).issues.map(\.problem)
        #expect(refused.count == 1 && refused[0].contains("was no longer at the school on 2026-10-27"), "\(refused)")
        // The day is remembered, and a run with an earlier one does not move it back: a record
        // of before it, given again, stays out (counted); one written alone is refused.
        _ = try store.removeRecords(before: Day("2026-10-12")!, school: nil, dryRun: false)
        var again = Fixture.feedback(pupil: "p2")
        again.date = Day("2026-10-15")!
        let given = try Self.give(store, [.feedback(again)])
        #expect(given.added == 0 && given.issues.isEmpty && given.beforeKept == [day: 1], "\(given.issues)")
        do {
            _ = try store.write([.feedback(again)])
            Issue.record("a record of before the retention day was written")
        } catch {
            guard case .invalid(let invalid) = error else { throw error }
            #expect(invalid.issues.map(\.problem).contains { $0.contains("is before 2026-10-19: the school keeps data from that day on") }, "\(invalid)")
        }
        #expect(try store.check([.feedback(again)]).map(\.problem).contains { $0.contains("is before 2026-10-19") }, "a dry run's check says so too")
        // A pupil who came before the day is there from it, as far as coach knows now.
        try Self.give(store, [.pupil(Pupil(id: "p9", schoolId: "s1", classId: "k5a", since: Day("2026-09-01")!))])
        #expect(try Self.stretches(store, "p9") == [EarlierClass(classId: nil, until: day)])
    }

    @Test
    func aLeavingIsCorrectedByTheRightDayAndUndoneBySinceThatDay() throws {
        let store = try Fixture.store()
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a", left: Day("2026-10-19")!))])
        // The right day, later and then earlier.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a", left: Day("2026-10-26")!))])
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k5a", until: Day("2026-10-26")!)])
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a", left: Day("2026-10-12")!))])
        #expect(try Self.stretches(store, "p2") == [EarlierClass(classId: "k5a", until: Day("2026-10-12")!)])
        #expect(try store.export(pupil: "p2").pupil.left == Day("2026-10-12")!)
        // Given by mistake: the class with that day as since undoes it.
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a", since: Day("2026-10-12")!))])
        #expect(try Self.stretches(store, "p2").isEmpty)
        #expect(try store.export(pupil: "p2").pupil.left == nil)
        #expect(try store.pupils(class: "k5a").map(\.id) == ["p1", "p2", "p3", "p4"])
    }
}
