import CoachCore
import Foundation
import Testing

/// Records travel as JSON (imports, plugins, exports): every kind survives the trip, and
/// enum values are the words the docs use.
struct CodableTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws {
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(T.self, from: data) == value)
    }

    @Test
    func everyRecordKindRoundTripsThroughJSON() throws {
        let day = Day("2026-10-05")!
        try roundTrip(School(id: "s1", name: "De Linde", language: .en))
        try roundTrip(Teacher(id: "t1", schoolId: "s1", name: "Juf An"))
        try roundTrip(Coach(id: "c1", name: "Els", kind: .internal))
        try roundTrip(CoachAssignment(coachId: "c1", scope: .class, scopeId: "k5a"))
        try roundTrip(SchoolClass(id: "k5a", schoolId: "s1", name: "5A"))
        try roundTrip(ClassTeacher(classId: "k5a", teacherId: "t1"))
        try roundTrip(Pupil(id: "p1", schoolId: "s1", classId: "k5a", alias: "N."))
        try roundTrip(LearningGoal(id: "g", schoolId: "s1", title: "T", successCriteria: ["a", "b"], follows: "f"))
        try roundTrip(Period(id: "p", schoolId: "s1", name: "P", start: day, end: day, focus: Focus(instrumentId: "pb", section: 3)))
        try roundTrip(Instrument(id: "pb", version: "1", title: "PB", scale: .presence, sections: [
            InstrumentSection(number: 1, title: "S", items: [InstrumentItem(key: "1.1", text: "x", example: "e", reflectionQuestion: "q")]),
        ], closingQuestions: ["?"]))
        try roundTrip(Observation(kind: .peer, schoolId: "s1", teacherId: "t1", instrumentId: "pb", instrumentVersion: "1", date: day,
                                  scores: [ItemScore(item: "1.1", value: 1, note: "n")],
                                  video: VideoFragment(uri: "u", start: 1, end: 2), observers: ["a"]))
        try roundTrip(LearningWalk(schoolId: "s1", instrumentId: "w", instrumentVersion: "1", date: day, walkers: 2,
                                   findings: [WalkFinding(item: "1.1", status: .notSeen)]))
        try roundTrip(FeedbackRecord(teacherId: "t1", classId: "k", goalId: "g", date: day, level: .selfRegulation,
                                     question: .feedUp, timing: .summative, form: .selfFeedback, growthPoints: 2, codes: ["groen"]))
        try roundTrip(Placement(pupilId: "p", classId: "k", goalId: "g", track: 1, from: day, to: day, decidedBy: "t", pupilInvolved: true))
        try roundTrip(LearningResult(pupilId: "p", goalId: "g", date: day, kind: .observation, mastery: 80))
        try roundTrip(Prompt(schoolId: "s1", ruleId: "r", ruleVersion: "v", audience: .team, key: "k", week: "2026-W41",
                             priority: 1, text: "t", nextStep: "n", reason: "{}", eventSeq: 3))
        try roundTrip(Suggestion(schoolId: "s1", ruleId: "r", ruleVersion: "v", teacherId: "t1", day: day, text: "t", reason: "{}"))
        try roundTrip(RuleState(ruleId: "r", schoolId: "s1", value: "{}"))
    }

    @Test
    func enumsAndDaysAreWrittenAsWords() throws {
        let feedback = FeedbackRecord(teacherId: "t1", classId: "k", goalId: "g", date: Day("2026-10-05")!, level: .selfRegulation,
                                      question: .feedForward, timing: .formative, form: .selfFeedback, growthPoints: 1)
        let json = String(decoding: try JSONEncoder().encode(feedback), as: UTF8.self)
        #expect(json.contains(#""date":"2026-10-05""#))
        #expect(json.contains(#""level":"selfRegulation""#))
        #expect(json.contains(#""form":"self""#))
        let badDay = #"{"teacherId":"t1","classId":"k","goalId":"g","date":"5/10/2026","level":"task","question":"feedback","timing":"formative","form":"peer","growthPoints":1,"codes":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(FeedbackRecord.self, from: Data(badDay.utf8)) }
    }
}
