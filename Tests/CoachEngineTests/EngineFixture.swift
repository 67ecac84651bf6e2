import CoachCore
import CoachEngine
import CoachStore
import Foundation
import LuaSandbox

/// A school in code for engine tests: one kijkwijzer, a focus period, two teachers, pupils,
/// goals; and a second school whose records no rule of the first may see.
enum EngineFixture {
    static let rulesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules").path

    static func d(_ text: String) -> Day { Day(text)! }

    /// A day after every fixture record: `dispatch(through: end)` handles them all without
    /// closing weeks.
    static let end = Day("2026-12-31")!

    static let kijkwijzer = Instrument(id: "pb", version: "2025", title: "Doelgerichte differentiatie", scale: .frequency, sections: [
        InstrumentSection(number: 1, title: "Hoge verwachtingen", items: [InstrumentItem(key: "1.1", text: "Growth mindset")]),
        InstrumentSection(number: 3, title: "Flexibel groeperen", items: [
            InstrumentItem(key: "3.1", text: "De leerkracht groepeert volgens 3 sporen."),
            InstrumentItem(key: "3.2", text: "De leerkracht betrekt leerlingen bij het verdelen in groepen."),
        ]),
        InstrumentSection(number: 5, title: "Output = input", items: [InstrumentItem(key: "5.1", text: "Informatie verzamelen")]),
    ])

    static var school: [NewRecord] {
        var records: [NewRecord] = [
            .school(School(id: "s1", name: "De Linde")),
            .school(School(id: "s2", name: "Elders", language: .en)),
            .teacher(Teacher(id: "t1", schoolId: "s1", name: "Juf An")),
            .teacher(Teacher(id: "t2", schoolId: "s1", name: "Meester Bart")),
            .teacher(Teacher(id: "x1", schoolId: "s2", name: "Other")),
            .coach(Coach(id: "c1", name: "Els", kind: .external)),
            .schoolClass(SchoolClass(id: "k5a", schoolId: "s1", name: "5A")),
            .schoolClass(SchoolClass(id: "xk", schoolId: "s2", name: "X")),
            .coachAssignment(CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1")),
            .goal(LearningGoal(id: "breuken", schoolId: "s1", title: "Breuken vereenvoudigen")),
            .goal(LearningGoal(id: "meten", schoolId: "s1", title: "Meten")),
            .goal(LearningGoal(id: "lezen", schoolId: "s1", title: "Begrijpend lezen")),
            .goal(LearningGoal(id: "xg", schoolId: "s2", title: "Other goal")),
            .instrument(kijkwijzer),
            .period(Period(id: "per1", schoolId: "s1", name: "Periode 1", start: d("2026-09-01"), end: d("2026-12-20"),
                           focus: Focus(instrumentId: "pb", section: 3))),
        ]
        for n in 1...4 { records.append(.pupil(Pupil(id: "p\(n)", schoolId: "s1", classId: "k5a", alias: n == 1 ? "Noor" : nil))) }
        records.append(.pupil(Pupil(id: "xp", schoolId: "s2", classId: "xk")))
        return records
    }

    static func store() throws -> CoachStore {
        let store = try CoachStore.inMemory()
        try store.write(school)
        return store
    }

    static func observation(teacher: String = "t1", date: String = "2026-10-06", scores: [String: Int]) -> NewRecord {
        .observation(Observation(kind: .coach, schoolId: "s1", teacherId: teacher, classId: "k5a", instrumentId: "pb",
                                 instrumentVersion: "2025", date: d(date),
                                 scores: scores.sorted { $0.key < $1.key }.map { ItemScore(item: $0.key, value: $0.value) },
                                 observers: ["c1"]))
    }

    static func placement(_ pupil: String, _ goal: String, track: Int, from: String) -> NewRecord {
        .placement(Placement(pupilId: pupil, classId: "k5a", goalId: goal, track: track, from: d(from), decidedBy: "t1",
                             pupilInvolved: false))
    }

    static func engine(_ store: CoachStore, extra: [(String, String)] = [], configuration: EngineConfiguration = EngineConfiguration())
        throws -> Engine
    {
        var rules = RuleLoader.loadAll(directories: [rulesFolder], store: store, limits: configuration.limits).rules
            .filter { ["focus-section", "persistent-track3"].contains($0.definition.id) }
        for (name, source) in extra {
            rules.append(try RuleLoader.load(source: Array(source.utf8), file: name, store: store, limits: configuration.limits))
        }
        return Engine(store: store, rules: rules, configuration: configuration)
    }
}
