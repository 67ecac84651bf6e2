import CoachCore
import CoachPostgres
import CoachStore
import Testing

/// A pupil's classes over time on the shared store: written back from a school's copy,
/// corrected (rows taken away and given again), and read as of a day by the next copy.
struct SharedClassHistoryTests {
    /// People given again, as an import gives them.
    static func give(_ store: CoachStore, _ pupils: [Pupil]) throws {
        let outcome = try store.write(importing: pupils.map(NewRecord.pupil))
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
    }

    /// The shared store of the test network, a reading copy, its first school and that school's first pupil.
    static func sharedNetwork() throws -> (PostgresStore, CoachStore, String, Pupil) {
        let shared = try SharedOneTruthTests.shared(try SharedOneTruthTests.network())
        let reading = try SharedOneTruthTests.reading(shared)
        let school = try #require(try reading.schools().first?.id)
        let pupil = try #require(try reading.pupils(school: school).first)
        return (shared, reading, school, pupil)
    }

    @Test
    func aMoveAndItsCorrectionComeBackFromTheServer() throws {
        guard TestServer.available() else { return }
        let (shared, reading, school, pupil) = try Self.sharedNetwork()
        let other = try #require(try reading.classes(school: school).first { $0.id != pupil.classId }?.id)

        let copy = try shared.copy(.only([school]), writing: true)
        try Self.give(copy.store, [Pupil(id: pupil.id, schoolId: school, classId: other, since: Day("2026-10-12")!)])
        try copy.commit()
        // The school finds the move was a week earlier: the stored stretch is replaced.
        let again = try shared.copy(.only([school]), writing: true)
        try Self.give(again.store, [Pupil(id: pupil.id, schoolId: school, classId: other, since: Day("2026-10-05")!)])
        try again.commit()

        let after = try SharedOneTruthTests.reading(shared)
        #expect(try after.export(pupil: pupil.id).earlierClasses == [EarlierClass(classId: pupil.classId, until: Day("2026-10-05")!)])
        #expect(try after.pupils(school: school, on: Day("2026-10-04")!).first { $0.id == pupil.id }?.classId == pupil.classId)
        #expect(try after.pupils(school: school, on: Day("2026-10-05")!).first { $0.id == pupil.id }?.classId == other)
    }

    @Test
    func aPupilWhoLeftComesBackFromTheServerAsLeft() throws {
        guard TestServer.available() else { return }
        let (shared, _, school, pupil) = try Self.sharedNetwork()

        let copy = try shared.copy(.only([school]), writing: true)
        try Self.give(copy.store, [Pupil(id: pupil.id, schoolId: school, classId: pupil.classId, left: Day("2026-10-12")!)])
        try copy.commit()

        let after = try SharedOneTruthTests.reading(shared)
        #expect(try after.export(pupil: pupil.id).pupil.left == Day("2026-10-12")!)
        #expect(try !after.pupils(school: school).contains { $0.id == pupil.id })
        #expect(try after.pupils(school: school, on: Day("2026-10-11")!).contains { $0.id == pupil.id })
        #expect(try !after.pupils(class: pupil.classId).contains { $0.id == pupil.id })
    }
}
