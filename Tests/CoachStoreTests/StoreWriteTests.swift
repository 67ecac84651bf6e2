import CoachCore
import CoachStore
import Foundation
import Testing

/// Writing: every record kind round-trips, invalid batches write nothing, events go with records.
struct StoreWriteTests {
    @Test
    func everyRecordKindRoundTrips() throws {
        let store = try Fixture.store()
        #expect(try store.school("s1") == School(id: "s1", name: "Basisschool De Linde"))
        #expect(try store.teacher("t1") == Teacher(id: "t1", schoolId: "s1", name: "Juf An"))
        #expect(try store.coach("c1") == Coach(id: "c1", name: "Coach Els", kind: .external))
        #expect(try store.assignments(coach: "c1") == [CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1")])
        #expect(try store.schoolClass("k5a") == SchoolClass(id: "k5a", schoolId: "s1", name: "5A", grade: "5"))
        #expect(try store.classTeachers(teacher: "t1") == [ClassTeacher(classId: "k5a", teacherId: "t1")])
        #expect(try store.pupil("p1") == Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "N."))
        #expect(try store.pupils(class: "k6a").map(\.id) == ["p5", "p6"])
        #expect(try store.goal("breuken2")?.follows == "breuken")
        #expect(try store.goal("breuken")?.successCriteria == ["Ik deel teller en noemer door hetzelfde getal."])
        #expect(try store.instrument("pb", version: "2025") == Fixture.frequency)
        #expect(try store.instrument("fenix", version: "2025") == Fixture.presence)

        let period = Period(id: "p1", schoolId: "s1", name: "Periode 1", start: Fixture.day, end: Fixture.day.adding(days: 49),
                            focus: Focus(instrumentId: "pb", section: 3))
        let observation = Observation(kind: .coach, schoolId: "s1", teacherId: "t1", classId: "k5a", instrumentId: "pb",
                                      instrumentVersion: "2025", date: Fixture.day, subject: "wiskunde", lesson: "breuken",
                                      scores: [ItemScore(item: "3.1", value: 2, note: "sporen niet zichtbaar"), ItemScore(item: "1.1", value: 4)],
                                      video: VideoFragment(uri: "https://video.example/abc", start: 12.5, end: 80),
                                      workOn: "Sporen visualiseren", observers: ["c1"])
        let walk = LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025", date: Fixture.day, walkers: 3,
                                findings: [WalkFinding(item: "1.1", status: .seen, examples: ["Leerlingen noemen het doel."]),
                                           WalkFinding(item: "1.2", status: .notSeen)])
        let feedback = Fixture.feedback()
        let placement = Placement(pupilId: "p1", classId: "k5a", goalId: "breuken", track: 3, from: Fixture.day,
                                  decidedBy: "t1", pupilInvolved: true)
        let result = LearningResult(pupilId: "p1", goalId: "breuken", date: Fixture.day, kind: .exitTicket, score: 3, maximum: 5)
        let written = try store.write([.period(period), .observation(observation), .learningWalk(walk), .feedback(feedback),
                                       .placement(placement), .result(result)])
        #expect(written.ids.count == 6)
        #expect(try store.period("p1") == period)
        #expect(try store.period(school: "s1", on: Fixture.day.adding(days: 10)) == period)
        var stored = try #require(try store.observation(Int64(written.ids[1])!))
        #expect(stored.id != nil)
        stored.id = nil
        stored.scores.sort { $0.item < $1.item }
        var expected = observation
        expected.scores.sort { $0.item < $1.item }
        #expect(stored == expected)
        var storedWalk = try #require(try store.learningWalk(Int64(written.ids[2])!))
        storedWalk.id = nil
        #expect(storedWalk == walk)
        var storedFeedback = try #require(try store.feedback(Int64(written.ids[3])!))
        storedFeedback.id = nil
        #expect(storedFeedback == feedback)
        var storedPlacement = try #require(try store.placement(Int64(written.ids[4])!))
        storedPlacement.id = nil
        #expect(storedPlacement == placement)
        var storedResult = try #require(try store.result(Int64(written.ids[5])!))
        storedResult.id = nil
        #expect(storedResult == result)
        #expect(storedResult.masteryPercent == 60)
    }

    @Test
    func everyWriteAppendsItsEventInOrder() throws {
        let store = try CoachStore.inMemory()
        let result = try store.write(Fixture.school)
        #expect(result.events.count == Fixture.school.count)
        let events = try store.events(after: 0, limit: 10_000)
        #expect(events.map(\.seq) == result.events)
        #expect(events.first?.kind == .schoolAdded)
        #expect(events.filter { $0.kind == .pupilAdded }.count == 7)
        #expect(try store.count(.event) == Fixture.school.count)

        let more = try store.write([.feedback(Fixture.feedback())])
        let feedbackEvent = try #require(try store.events(after: result.events.last!).first)
        #expect(feedbackEvent.seq == more.events.first)
        #expect(feedbackEvent.kind == .feedbackRecorded)
        #expect(feedbackEvent.schoolId == "s1")
        #expect(feedbackEvent.time == Fixture.day)
        #expect(feedbackEvent.recordId == more.ids.first)
        #expect(feedbackEvent.payload.contains(#""teacher":"t1""#))
        #expect(!feedbackEvent.payload.contains("Probeer"), "no free text in events")
    }

    @Test
    func anInvalidRowInABatchOfAThousandLeavesTheStoreUnchanged() throws {
        let store = try Fixture.store()
        let before = try StoredTable.allCases.map { try store.count($0) }
        var batch = (0..<1000).map { NewRecord.feedback(Fixture.feedback($0)) }
        batch[617] = .placement(Placement(pupilId: "p2", classId: "k5a", goalId: "breuken", track: 4, from: Fixture.day,
                                          decidedBy: "t1", pupilInvolved: false))
        #expect {
            try store.write(batch)
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description) == ["placement #618: track must be 1, 2 or 3, got 4"]
                && invalid.issues.first?.position == 617
        }
        #expect(try StoredTable.allCases.map { try store.count($0) } == before)
    }

    @Test
    func aReferenceProblemAlsoLeavesTheStoreUnchangedAndListsEveryBadRow() throws {
        let store = try Fixture.store()
        let before = try store.count(.feedback)
        let lastEvent = try store.lastEventSeq()
        var batch = (0..<1000).map { NewRecord.feedback(Fixture.feedback($0)) }
        batch[10] = .feedback(Fixture.feedback(teacher: "t99"))
        batch[900] = .result(LearningResult(pupilId: "xp", goalId: "breuken", date: Fixture.day, kind: .test, mastery: 50))
        #expect {
            try store.write(batch)
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description) == [
                "feedback #11: teacherId is not a known teacher, got 't99'",
                "result #901: goalId belongs to another school than the pupil, got 'breuken'",
            ]
        }
        #expect(try store.count(.feedback) == before)
        #expect(try store.lastEventSeq() == lastEvent)
    }

    @Test
    func schoolsNeverMix() throws {
        let store = try Fixture.store()
        let observation = Observation(kind: .coach, schoolId: "s1", teacherId: "x1", classId: "xk", instrumentId: "pb",
                                      instrumentVersion: "2025", date: Fixture.day, scores: [ItemScore(item: "1.1", value: 3)],
                                      observers: ["c1"])
        let feedback = FeedbackRecord(teacherId: "t1", classId: "xk", goalId: "xg", date: Fixture.day, level: .task,
                                      question: .feedback, timing: .formative, form: .wholeClass, growthPoints: 1)
        #expect {
            try store.write([.observation(observation), .feedback(feedback)])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description) == [
                "observation #1: teacherId belongs to another school than the observation, got 'x1'",
                "observation #1: classId belongs to another school than the observation, got 'xk'",
                "feedback #2: classId belongs to another school than the teacher, got 'xk'",
                "feedback #2: goalId belongs to another school than the teacher, got 'xg'",
            ]
        }
    }

    @Test
    func scoresMustFitTheInstrument() throws {
        let store = try Fixture.store()
        let observation = Observation(kind: .selfReflection, schoolId: "s1", teacherId: "t1", instrumentId: "fenix",
                                      instrumentVersion: "2025", date: Fixture.day,
                                      scores: [ItemScore(item: "1.1", value: 3), ItemScore(item: "4.4", value: 1)])
        #expect {
            try store.write([.observation(observation)])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description) == [
                "observation #1: item 1.1 must be 1 (present, ✓) or 0 (absent, ✗), got 3",
                "observation #1: item 4.4 is not an item of fenix 2025",
            ]
        }
    }

    @Test
    func duplicateIdsAreRefused() throws {
        let store = try Fixture.store()
        #expect {
            try store.write([.teacher(Teacher(id: "t1", schoolId: "s1", name: "Another An"))])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description) == ["teacher t1: id is already taken, got 't1'"]
        }
    }

    @Test
    func aNewPlacementEndsTheCurrentOne() throws {
        let store = try Fixture.store()
        let first = Placement(pupilId: "p2", classId: "k5a", goalId: "breuken", track: 3, from: Fixture.day, decidedBy: "t1",
                              pupilInvolved: false)
        var second = first
        second.track = 2
        second.from = Fixture.day.adding(days: 21)
        second.pupilInvolved = true
        let written = try store.write([.placement(first), .placement(second)])
        let history = try store.placements(pupil: "p2", goal: "breuken")
        #expect(history.map(\.track) == [3, 2])
        #expect(history.map(\.to) == [second.from, nil])
        #expect(try store.currentPlacements(class: "k5a", goal: "breuken").map(\.track) == [2])
        let event = try #require(try store.events(after: written.events[0]).first)
        #expect(event.kind == .placementChanged)
        #expect(event.payload.contains(#""track":2"#) && event.payload.contains(#""previousTrack":3"#))

        // A placement that starts before the current one is refused, and nothing changes.
        var early = first
        early.from = Fixture.day.adding(days: -7)
        #expect(throws: StoreError.self) { try store.write([.placement(early)]) }
        #expect(try store.placements(pupil: "p2", goal: "breuken").count == 2)
    }

    @Test
    func instrumentsLoadAgainWithoutChangeButNeverChangeInPlace() throws {
        let store = try Fixture.store()
        let events = try store.lastEventSeq()
        try store.write([.instrument(Fixture.frequency)])
        #expect(try store.lastEventSeq() == events, "the same instrument again is a no-op")
        var changed = Fixture.frequency
        changed.title = "Changed"
        #expect {
            try store.write([.instrument(changed)])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description)
                == ["instrument pb 2025: version is already stored with other content; give the changed instrument a new version, got '2025'"]
        }
        changed.version = "2026"
        try store.write([.instrument(changed)])
        #expect(try store.instruments().map(\.version) == ["2025", "2025", "2026", "2025"])
    }

    @Test
    func periodsNeedAKnownFocusSection() throws {
        let store = try Fixture.store()
        let period = Period(id: "p9", schoolId: "s1", name: "P", start: Fixture.day, end: Fixture.day,
                            focus: Focus(instrumentId: "pb", section: 2))
        #expect {
            try store.write([.period(period)])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description) == ["period p9: focus.section is not a section of pb, got 2"]
        }
    }
}
