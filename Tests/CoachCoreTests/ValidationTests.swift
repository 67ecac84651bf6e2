import CoachCore
import Testing

/// Every record kind: a valid one has no issues; each invalid field is named in a sentence.
struct ValidationTests {
    static let day = Day("2026-10-05")!

    func problems(_ record: some ValidatableRecord) -> [String] {
        record.issues(reference: "r1").map(\.description)
    }

    @Test
    func validRecordsHaveNoIssues() {
        let records: [any ValidatableRecord] = [
            School(id: "s1", name: "Basisschool De Linde"),
            Teacher(id: "t1", schoolId: "s1", name: "Juf An"),
            Coach(id: "c1", name: "Coach Els", kind: .external),
            CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1"),
            SchoolClass(id: "k5a", schoolId: "s1", name: "5A", grade: "5"),
            ClassTeacher(classId: "k5a", teacherId: "t1"),
            Pupil(id: "p01", schoolId: "s1", classId: "k5a", alias: "N."),
            LearningGoal(id: "breuken", schoolId: "s1", title: "Breuken vereenvoudigen", successCriteria: ["Ik deel teller en noemer door hetzelfde getal."]),
            Period(id: "p1", schoolId: "s1", name: "Periode 1", start: Self.day, end: Self.day.adding(days: 40),
                   focus: Focus(instrumentId: "pb", section: 3)),
            Observation(kind: .coach, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "2025",
                        date: Self.day, scores: [ItemScore(item: "3.1", value: 2)], observers: ["c1"]),
            LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025", date: Self.day, walkers: 3,
                         findings: [WalkFinding(item: "1.1", status: .seen, examples: ["Leerlingen zeggen wat ze leren."])]),
            FeedbackRecord(teacherId: "t1", classId: "k5a", pupilId: "p01", goalId: "breuken", date: Self.day, level: .process,
                           question: .feedForward, timing: .formative, form: .individual, growthPoints: 1),
            Placement(pupilId: "p01", classId: "k5a", goalId: "breuken", track: 3, from: Self.day, decidedBy: "t1", pupilInvolved: true),
            LearningResult(pupilId: "p01", goalId: "breuken", date: Self.day, kind: .exitTicket, score: 4, maximum: 5),
            LearningResult(pupilId: "p01", goalId: "breuken", date: Self.day, kind: .test, mastery: 85),
            Prompt(schoolId: "s1", ruleId: "focus-section", ruleVersion: "abc", audience: .coach, key: "t1/3.1", week: "2026-W41",
                   priority: 2, text: "Lage score op 3.1", nextStep: "Bespreek een fragment.", reason: "{}", eventSeq: 1),
            Suggestion(schoolId: "s1", ruleId: "next-lesson", ruleVersion: "abc", teacherId: "t1", day: Self.day, text: "Probeer...", reason: "{}"),
            RuleState(ruleId: "focus-section", schoolId: "s1", value: "{}"),
        ]
        for record in records {
            #expect(record.issues(reference: "x").isEmpty, "\(type(of: record)): \(record.issues(reference: "x"))")
        }
    }

    @Test
    func placementTrackOutOfRange() {
        let placement = Placement(pupilId: "p01", classId: "k5a", goalId: "breuken", track: 4, from: Self.day,
                                  decidedBy: "t1", pupilInvolved: false)
        #expect(placement.issues(reference: "12").map(\.description) == ["placement 12: track must be 1, 2 or 3, got 4"])
    }

    @Test
    func eachInvalidFieldHasItsMessage() {
        #expect(problems(School(id: "bad id!", name: " ")) == [
            "school r1: id must be 1 to 64 letters, digits, '-', '_', '.' or '/', got 'bad id!'",
            "school r1: name is required",
        ])
        #expect(problems(Teacher(id: "t1", schoolId: "", name: "An")) == ["teacher r1: schoolId is required"])
        #expect(problems(Coach(id: "c1", name: "", kind: .internal)) == ["coach r1: name is required"])
        #expect(problems(CoachAssignment(coachId: "c1", scope: .teacher, scopeId: "")) == ["coach assignment r1: scopeId is required"])
        #expect(problems(SchoolClass(id: "k", schoolId: "s1", name: "5A", grade: String(repeating: "x", count: 21)))
                == ["class r1: grade must be at most 20 characters, got 21"])
        #expect(problems(ClassTeacher(classId: "k", teacherId: "t 1"))
                == ["class teacher r1: teacherId must be 1 to 64 letters, digits, '-', '_', '.' or '/', got 't 1'"])
        #expect(problems(Pupil(id: "p1", schoolId: "s1", classId: "k", alias: "")) == ["pupil r1: alias is required"])
        #expect(problems(LearningGoal(id: "g", schoolId: "s1", title: "T", successCriteria: [""], follows: "g")) == [
            "goal r1: successCriteria[1] is required", "goal r1: follows cannot be the goal itself, got 'g'",
        ])
        #expect(problems(Period(id: "p", schoolId: "s1", name: "P", start: Self.day, end: Self.day.adding(days: -1),
                                focus: Focus(instrumentId: "pb", section: 0))) == [
            "period r1: end must not be before start (2026-10-05), got '2026-10-04'",
            "period r1: focus.section must be 1 or more, got 0",
        ])
        #expect(problems(Observation(kind: .selfReflection, schoolId: "s1", teacherId: "t1", instrumentId: "pb",
                                     instrumentVersion: "2025", date: Self.day,
                                     scores: [ItemScore(item: "1.1", value: 3), ItemScore(item: "1.1", value: 4)],
                                     video: VideoFragment(uri: "file:///x.mp4", start: 30, end: 10), observers: ["c1"])) == [
            "observation r1: item 1.1 is scored twice",
            "observation r1: video must end after it starts (start 30.0, end 10.0)",
            "observation r1: observers must be empty for a self-reflection, got 'c1'",
        ])
        #expect(problems(Observation(kind: .peer, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "2025",
                                     date: Self.day, scores: [])) == [
            "observation r1: scores must score at least one item",
            "observation r1: observers must name who observed a peer observation",
        ])
        #expect(problems(FeedbackRecord(teacherId: "t1", classId: "k", goalId: "g", date: Self.day, level: .person,
                                        question: .feedback, timing: .summative, form: .individual, growthPoints: -1)) == [
            "feedback r1: growthPoints must be 0 to 20, got -1",
            "feedback r1: pupilId is required for individual feedback",
        ])
        #expect(problems(Placement(pupilId: "p", classId: "k", goalId: "g", track: 2, from: Self.day, to: Self.day.adding(days: -3),
                                   decidedBy: "", pupilInvolved: false)) == [
            "placement r1: to must not be before from (2026-10-05), got '2026-10-02'",
            "placement r1: decidedBy is required",
        ])
        #expect(problems(LearningResult(pupilId: "p", goalId: "g", date: Self.day, kind: .test, score: 6, maximum: 5))
                == ["result r1: score must be 0 to the maximum 5.0, got 6.0"])
        #expect(problems(LearningResult(pupilId: "p", goalId: "g", date: Self.day, kind: .test, score: 3, mastery: 50))
                == ["result r1: needs either a score with its maximum, or a mastery percentage"])
        #expect(problems(LearningResult(pupilId: "p", goalId: "g", date: Self.day, kind: .test, mastery: 120))
                == ["result r1: mastery must be 0 to 100, got 120.0"])
        #expect(problems(Prompt(schoolId: "s1", ruleId: "r", ruleVersion: "v", audience: .coach, key: "k", week: "2026-48",
                                priority: 9, text: "t", nextStep: "n", reason: "{}", status: .snoozed, eventSeq: 1)) == [
            "prompt r1: week must be a week as YYYY-Www, got '2026-48'",
            "prompt r1: priority must be 1 (highest) to 5, got 9",
            "prompt r1: snoozedUntil is required when snoozed",
        ])
        #expect(problems(Suggestion(schoolId: "s1", ruleId: "r", ruleVersion: "v", teacherId: "t1", day: Self.day, text: "", reason: "{}"))
                == ["suggestion r1: text is required"])
        #expect(problems(RuleState(ruleId: "", schoolId: "s1", value: "{}")) == ["rule state r1: ruleId is required"])
    }

    /// The same problems in Dutch, for a school that reads Dutch: every one of them, with the
    /// value given where Dutch puts it.
    @Test
    func everyIssueIsSaidInDutchToo() {
        #expect(Placement(pupilId: "p01", classId: "k5a", goalId: "breuken", track: 4, from: Self.day, decidedBy: "t1",
                          pupilInvolved: false).issues(reference: "12").map { $0.text(.nl) } == ["spoorindeling 12: track moet 1, 2 of 3 zijn, niet 4"])
        #expect(School(id: "s1", name: " ").issues(reference: "r1").map { $0.text(.nl) } == ["school r1: name is verplicht"])
        #expect(SchoolClass(id: "k", schoolId: "s1", name: "5A", grade: String(repeating: "x", count: 21)).issues(reference: "r1")
                    .map { $0.text(.nl) } == ["klas r1: grade mag hoogstens 20 tekens lang zijn (nu 21)"])
        #expect(Placement(pupilId: "p", classId: "k", goalId: "g", track: 2, from: Self.day, decidedBy: "t1", pupilInvolved: false)
                    .issues(reference: "r1").isEmpty)
        // Whatever a record gets wrong, none of it stays English in a Dutch run.
        let invalid: [any ValidatableRecord] = [
            School(id: "bad id!", name: " "),
            LearningGoal(id: "g", schoolId: "s1", title: "T", successCriteria: [""], follows: "g"),
            Period(id: "p", schoolId: "s1", name: "P", start: Self.day, end: Self.day.adding(days: -1), focus: Focus(instrumentId: "pb", section: 0)),
            Observation(kind: .selfReflection, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "2025", date: Self.day,
                        scores: [ItemScore(item: "1.1", value: 3), ItemScore(item: "1.1", value: 4)],
                        video: VideoFragment(uri: "file:///x.mp4", start: 30, end: 10), observers: ["c1"]),
            Observation(kind: .peer, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "2025", date: Self.day, scores: []),
            FeedbackRecord(teacherId: "t1", classId: "k", goalId: "g", date: Self.day, level: .person, question: .feedback, timing: .summative,
                           form: .individual, growthPoints: -1),
            LearningResult(pupilId: "p", goalId: "g", date: Self.day, kind: .test, score: 6, maximum: 5),
            LearningResult(pupilId: "p", goalId: "g", date: Self.day, kind: .test, score: 3, mastery: 50),
            Prompt(schoolId: "s1", ruleId: "r", ruleVersion: "v", audience: .coach, key: "k", week: "2026-48", priority: 9, text: "t",
                   nextStep: "n", reason: "{}", status: .snoozed, eventSeq: 1),
            LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025", date: Self.day, walkers: 1,
                         findings: [WalkFinding(item: "1.1", status: .seen, examples: ["x"], agreedByWholeTeam: false),
                                    WalkFinding(item: "1.2", status: .notSeen, examples: ["y"])]),
        ]
        let issues = invalid.flatMap { $0.issues(reference: "r1") }
        #expect(issues.count == 21)
        for issue in issues {
            let dutch = issue.text(.nl)
            #expect(issue.dutch != nil && dutch != issue.description, "\(issue)")
            for english in [" must ", " got ", " is required", " not ", " twice"] { #expect(!dutch.contains(english), "\(dutch)") }
            #expect(issue.text(.en) == issue.description)
        }
    }

    /// Every record kind has its Dutch name (a new one would otherwise be named in English in
    /// a Dutch line); only the words Dutch shares with English stay as they are.
    @Test
    func everyRecordKindHasADutchName() {
        let kinds: [any ValidatableRecord.Type] = [CentralResult.self, LearningGoal.self, Period.self, Prompt.self, Suggestion.self,
                                                   RuleState.self, FeedbackRecord.self, Instrument.self, LearningResult.self,
                                                   Observation.self, LearningWalk.self, School.self, Teacher.self, Coach.self,
                                                   CoachAssignment.self, SchoolClass.self, ClassTeacher.self, Pupil.self, Placement.self]
        let same: Set = ["school", "feedback", "coach"]
        for kind in kinds where !same.contains(kind.recordName) {
            #expect(RecordNames.dutch(kind.recordName) != kind.recordName, "\(kind.recordName)")
        }
        #expect(RecordNames.dutch("placement") == "spoorindeling")
    }

    @Test
    func aPhraseTakesTheValueWhereItsLanguagePutsIt() {
        let must = Phrase("must be 1 to 5", nl: "moet 1 tot 5 zijn").about("score", got: "7")
        #expect(must == Phrase("score must be 1 to 5, got 7", nl: "score moet 1 tot 5 zijn, niet 7"))
        let known = Phrase("is not a known pupil", nl: "{got} is geen bekende leerling").about("pupil", got: "'p9'")
        #expect(known == Phrase("pupil is not a known pupil, got 'p9'", nl: "pupil 'p9' is geen bekende leerling"))
        #expect(Phrase.required.about("", got: nil) == Phrase.required)
    }

    @Test
    func learningWalksKeepTheirPromises() {
        let walk = LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025", date: Self.day, walkers: 1,
                                findings: [
                                    WalkFinding(item: "1.1", status: .seen, examples: ["x"], agreedByWholeTeam: false),
                                    WalkFinding(item: "1.2", status: .notSeen, examples: ["y"]),
                                ])
        #expect(problems(walk) == [
            "learning walk r1: walkers must be 2 or more (a walk is done by a team), got 1",
            "learning walk r1: item 1.1 is recorded only when the whole walking team agrees on it",
            "learning walk r1: item 1.2 has examples but is marked not seen",
        ])
        // There is no way to say "absent" on a walk: the status has two values only.
        #expect(WalkStatus.allCases == [.seen, .notSeen])
        let asObservation = Observation(kind: .learningWalk, schoolId: "s1", teacherId: "t1", instrumentId: "walk",
                                        instrumentVersion: "2025", date: Self.day, scores: [ItemScore(item: "1.1", value: 1)],
                                        observers: ["a", "b"])
        #expect(problems(asObservation).first == "observation r1: kind learningWalk is recorded as a learning walk, which has no teacher or class")
    }

    @Test
    func scoresAreCheckedAgainstTheInstrumentScale() {
        let instrument = Instrument(id: "pb", version: "2025", title: "PB", scale: .frequency, sections: [
            InstrumentSection(number: 1, title: "S", items: [InstrumentItem(key: "1.1", text: "x")]),
        ])
        let observation = Observation(kind: .coach, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "2025",
                                      date: Self.day, scores: [ItemScore(item: "1.1", value: 0), ItemScore(item: "9.9", value: 3)],
                                      observers: ["c1"])
        #expect(observation.scoreIssues(against: instrument, reference: "7").map(\.description) == [
            "observation 7: item 1.1 must be 1 to 5, got 0",
            "observation 7: item 9.9 is not an item of pb 2025",
        ])
    }

    @Test
    func payloadsAreValidJSON() {
        var object = JSONObject()
        object.add("teacher", "t\"1\n")
        object.add("count", 3)
        object.add("mastery", 82.5)
        object.add("whole", 80.0)
        object.add("absent", nil as String?)
        object.add("codes", ["groen", "oranje"])
        object.add("involved", true)
        #expect(object.json == #"{"teacher":"t\"1\n","count":3,"mastery":82.5,"whole":80,"codes":["groen","oranje"],"involved":true}"#)
    }

    /// An id is 1 to 64 ASCII letters, digits, '-', '_', '.' or '/'; nothing else.
    @Test(arguments: [
        ("p01", true), ("s0-c0-p19", true), ("a/b_c.d-E9", true), (String(repeating: "x", count: 64), true),
        ("", false), (String(repeating: "x", count: 65), false), ("één", false), ("a b", false), ("a\u{301}", false),
        ("tab\t", false), ("x;y", false), ("A:1", false),
    ])
    func anIdIsShortAndPlain(id: String, valid: Bool) {
        #expect(IssueCollector.isID(id) == valid)
    }
}
