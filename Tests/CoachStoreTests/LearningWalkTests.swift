import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// A learning walk is never linked to a teacher or a class: not in the type, not in the
/// table, not through the back door.
struct LearningWalkTests {
    @Test
    func aWalkCannotBeStoredAsAnObservationWithATeacher() throws {
        let store = try Fixture.store()
        let disguised = Observation(kind: .learningWalk, schoolId: "s1", teacherId: "t1", classId: "k5a", instrumentId: "walk",
                                    instrumentVersion: "2025", date: Fixture.day, scores: [ItemScore(item: "1.1", value: 1)],
                                    observers: ["a", "b"])
        #expect {
            try store.write([.observation(disguised)])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.first?.description
                == "observation #1: kind learningWalk is recorded as a learning walk, which has no teacher or class"
        }
        #expect(try store.count(.observation) == 0)
    }

    @Test
    func aLearningWalkKijkwijzerIsNeverRecordedAgainstOneTeacher() throws {
        let store = try Fixture.store()
        for kind in [ObservationKind.coach, .peer, .selfReflection] {
            let observed = Observation(kind: kind, schoolId: "s1", teacherId: "t1", instrumentId: "walk", instrumentVersion: "2025",
                                       date: Fixture.day, scores: [ItemScore(item: "1.1", value: 1)],
                                       observers: kind == .selfReflection ? [] : ["c1"])
            #expect {
                try store.write([.observation(observed)])
            } throws: { error in
                guard case StoreError.invalid(let invalid) = error else { return false }
                return invalid.issues.map(\.description) == ["observation #1: instrumentId is a learning-walk kijkwijzer: a walk is "
                    + "never recorded against one teacher (seed 000); record it with 'coach walk add' or import it as walks"]
            }
        }
        #expect(try store.count(.observation) == 0)
    }

    @Test
    func aSelfReflectionIsTheTeachersOwnUntilShared() throws {
        let store = try Fixture.store()
        func reflection(_ shared: Bool?) -> NewRecord {
            .observation(Observation(kind: .selfReflection, schoolId: "s1", teacherId: "t1", instrumentId: "fenix",
                                     instrumentVersion: "2025", date: Fixture.day, scores: [ItemScore(item: "1.1", value: 1)],
                                     shared: shared))
        }
        let ids = try store.write([reflection(nil), reflection(true)]).ids.compactMap { Int64($0) }
        #expect(try store.observation(ids[0])?.reachesCoach == false)
        #expect(try store.observation(ids[1])?.reachesCoach == true)
        // Read back as written: unshared is false (not nil), and each under its own id.
        #expect(try store.observation(ids[0])?.shared == false)
        #expect(try store.observation(ids[1])?.shared == true)
        #expect(try store.observation(ids[1])?.id == ids[1])
        // The event says so too, with ids only: the engine runs no rule on the unshared one.
        let events = try store.events(after: 0, limit: 1000).filter { $0.kind == .observationRecorded }.suffix(2)
        #expect(events.map(\.isTeachersOwn) == [true, false])
        // Only a self-reflection can be kept from the coach.
        let hidden = Observation(kind: .coach, schoolId: "s1", teacherId: "t1", instrumentId: "fenix", instrumentVersion: "2025",
                                 date: Fixture.day, scores: [ItemScore(item: "1.1", value: 1)], observers: ["c1"], shared: false)
        #expect(throws: StoreError.self) { try store.write([.observation(hidden)]) }
    }

    @Test
    func theWalkTableHasNoTeacherOrClassColumnAndRefusesOne() throws {
        // The real schema, in a file we can also open directly.
        let path = NSTemporaryDirectory() + "/coach-walk-\(UInt64.random(in: 0 ... .max)).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fileStore = try CoachStore.open(path: path)
        try fileStore.write(Fixture.school)
        let walk = LearningWalk(schoolId: "s1", instrumentId: "walk", instrumentVersion: "2025", date: Fixture.day, walkers: 2,
                                findings: [WalkFinding(item: "1.1", status: .seen, examples: ["x"])])
        let id = try #require(Int64(try fileStore.write([.learningWalk(walk)]).ids[0]))
        let pool = try DatabasePool(path: path)
        try pool.read { db in
            let columns = try db.columns(in: "learningWalk").map(\.name) + db.columns(in: "learningWalkFinding").map(\.name)
            #expect(!columns.contains { $0.lowercased().contains("teacher") || $0.lowercased().contains("class") })
        }
        #expect(throws: DatabaseError.self) {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO learningWalk (schoolId, instrumentId, instrumentVersion, date, walkers, teacherId) VALUES ('s1', 'walk', '2025', '2026-10-05', 2, 't1')")
            }
        }
        let stored = try #require(try fileStore.learningWalk(id))
        #expect(stored.findings.map(\.status) == [.seen])
    }

    @Test
    func aWalkRecordsSeenOrNotSeenNeverAbsent() throws {
        let store = try Fixture.store()
        let notAWalkInstrument = LearningWalk(schoolId: "s1", instrumentId: "fenix", instrumentVersion: "2025", date: Fixture.day,
                                              walkers: 2, findings: [WalkFinding(item: "1.1", status: .seen)])
        #expect {
            try store.write([.learningWalk(notAWalkInstrument)])
        } throws: { error in
            guard case StoreError.invalid(let invalid) = error else { return false }
            return invalid.issues.map(\.description)
                == ["learning walk #1: instrumentId must be a learning-walk kijkwijzer (visible pupil behaviour, seen / not seen), got 'fenix'"]
        }
        // "absent" cannot even be decoded into a finding.
        let json = #"{"item": "1.1", "status": "absent", "examples": [], "agreedByWholeTeam": true}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WalkFinding.self, from: Data(json.utf8)) }
    }
}
