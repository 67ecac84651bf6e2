import CoachCore
import CoachStore

/// A small school built in code: two teachers, two classes, pupils, goals, an instrument of
/// each scale, a coach. Tests add the records they are about on top.
enum Fixture {
    static let day = Day("2026-10-05")!

    static let frequency = Instrument(id: "pb", version: "2025", title: "Doelgerichte differentiatie", scale: .frequency, sections: [
        InstrumentSection(number: 1, title: "Hoge verwachtingen", items: [
            InstrumentItem(key: "1.1", text: "Growth mindset"), InstrumentItem(key: "1.2", text: "Ambitieuze doelen"),
        ]),
        InstrumentSection(number: 3, title: "Flexibel groeperen", items: [
            InstrumentItem(key: "3.1", text: "Drie sporen"), InstrumentItem(key: "3.2", text: "Leerlingen betrekken"),
        ], tips: ["Begeleid het zelf inschatten."]),
    ])

    static let presence = Instrument(id: "fenix", version: "2025", title: "Feedback en zelfregulatie", scale: .presence, sections: [
        InstrumentSection(number: 1, title: "Leerdoel helder", items: [
            InstrumentItem(key: "1.1", text: "Ik benoem het leerdoel.", example: "“Vandaag leren we…”", reflectionQuestion: "Was het duidelijk?"),
        ]),
    ], closingQuestions: ["Wat werkte goed?"])

    static let walk = Instrument(id: "walk", version: "2025", title: "Leerwandeling", scale: .seenNotSeen, sections: [
        InstrumentSection(number: 1, title: "Leerdoelen", items: [
            InstrumentItem(key: "1.1", text: "Leerlingen zeggen wat ze leren."), InstrumentItem(key: "1.2", text: "Leerlingen kennen het waarom."),
        ]),
    ])

    static var school: [NewRecord] {
        var records: [NewRecord] = [
            .school(School(id: "s1", name: "Basisschool De Linde")),
            .school(School(id: "s2", name: "Andere school", language: .en)),
            .teacher(Teacher(id: "t1", schoolId: "s1", name: "Juf An")),
            .teacher(Teacher(id: "t2", schoolId: "s1", name: "Meester Bart")),
            .teacher(Teacher(id: "x1", schoolId: "s2", name: "Other teacher")),
            .coach(Coach(id: "c1", name: "Coach Els", kind: .external)),
            .schoolClass(SchoolClass(id: "k5a", schoolId: "s1", name: "5A", grade: "5")),
            .schoolClass(SchoolClass(id: "k6a", schoolId: "s1", name: "6A")),
            .schoolClass(SchoolClass(id: "xk", schoolId: "s2", name: "X")),
            .coachAssignment(CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1")),
            .classTeacher(ClassTeacher(classId: "k5a", teacherId: "t1")),
            .goal(LearningGoal(id: "breuken", schoolId: "s1", title: "Breuken vereenvoudigen", subject: "wiskunde",
                               successCriteria: ["Ik deel teller en noemer door hetzelfde getal."])),
            .goal(LearningGoal(id: "breuken2", schoolId: "s1", title: "Breuken optellen", follows: "breuken")),
            .goal(LearningGoal(id: "xg", schoolId: "s2", title: "Other goal")),
            .instrument(frequency), .instrument(presence), .instrument(walk),
        ]
        for n in 1...6 {
            records.append(.pupil(Pupil(id: "p\(n)", schoolId: "s1", classId: n <= 4 ? "k5a" : "k6a", alias: n == 1 ? "N." : nil)))
        }
        records.append(.pupil(Pupil(id: "xp", schoolId: "s2", classId: "xk")))
        return records
    }

    static func store() throws -> CoachStore {
        let store = try CoachStore.inMemory()
        try store.write(school)
        return store
    }

    static func feedback(_ n: Int = 0, teacher: String = "t1", pupil: String? = "p1", growthPoints: Int = 1) -> FeedbackRecord {
        FeedbackRecord(teacherId: teacher, classId: "k5a", pupilId: pupil, goalId: "breuken", date: day.adding(days: n % 30),
                       level: .process, question: .feedForward, timing: .formative, form: pupil == nil ? .wholeClass : .individual,
                       growthPoints: growthPoints, text: "Probeer eerst de noemer.")
    }
}
