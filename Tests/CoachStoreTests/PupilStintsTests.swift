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
        _ = try store.removeRecords(before: Day("2026-10-11")!, school: "s1", dryRun: false)
        #expect(try Self.stretches(store, "p2").count == 1)
        _ = try store.removeRecords(before: Day("2026-10-12")!, school: "s1", dryRun: false)
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
        // In the people file of now again (no day): back from the first week not yet closed.
        try Self.close(store, "2026-W43")
        try Self.give(store, [.pupil(Pupil(id: "p2", schoolId: "s1", classId: "k5a"))])
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
}
