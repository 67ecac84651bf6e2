import CoachCore
import CoachPostgres
import CoachSetup
import CoachStore
import Foundation
import Testing

extension SharedCopyUsers {
/// An import on the shared store copies and locks the schools its records touch, not the
/// whole network: one school's week neither waits for nor holds up the other schools.
struct ImportScopeTests {
    /// The week records of the small network (schools s0 and s1) that belong to `school`.
    static func records(of school: String) -> [NewRecord] {
        PostgresStoreTests.records().weeks.filter { record in
            switch record {
            case .feedback(let r): r.teacherId.hasPrefix(school + "-")
            case .placement(let r): r.pupilId.hasPrefix(school + "-")
            case .result(let r): r.pupilId.hasPrefix(school + "-")
            case .observation(let r): r.schoolId == school
            default: false
            }
        }
    }

    @Test
    func theSchoolsOfAnImportAreThoseItsRecordsNameOrReferTo() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        let s0 = Self.records(of: "s0")
        try #require(!s0.isEmpty && !Self.records(of: "s1").isEmpty)
        #expect(try store.schools(touchedBy: Mentions(s0)) == .only(["s0"]))
        #expect(try store.schools(touchedBy: Mentions()) == .only([]))
        // A record of s0 that names a pupil of s1: both (the copy must see the pupil to say whose it is).
        guard case .feedback(var crossing) = s0.first(where: { if case .feedback(let f) = $0 { f.pupilId != nil } else { false } }) else {
            Issue.record("the network has feedback to a pupil"); return
        }
        crossing.pupilId = crossing.pupilId?.replacingOccurrences(of: "s0-", with: "s1-")
        #expect(try store.schools(touchedBy: Mentions(s0 + [.feedback(crossing)])) == .only(["s0", "s1"]))
        // A pupil given anew under s0 with the id of one of s1's: s1 too, so that the copy refuses it.
        #expect(try store.schools(touchedBy: Mentions([.pupil(Pupil(id: "s1-c0-p0", schoolId: "s0", classId: "s0-c0"))]))
                == .only(["s0", "s1"]))
        // Rows every school shares, or a school not stored yet: every school (only a writer of
        // all of them adds a school or a coach) — but a people file naming its coaches as
        // stored writes no such row.
        #expect(try store.schools(touchedBy: Mentions([.coach(Coach(id: "coach-x", name: "X", kind: .external))])) == .all)
        let coach = try #require(PostgresStoreTests.records().people.lazy.compactMap { if case .coach(let c) = $0 { c } else { nil } }.first)
        #expect(try store.schools(touchedBy: Mentions([.coach(coach)] + s0)) == .only(["s0"]))
        var renamed = coach
        renamed.name += " (nieuw)"
        #expect(try store.schools(touchedBy: Mentions([.coach(renamed)] + s0)) == .all)
        // A row without the coach's kind keeps the stored one: nothing shared is written.
        var kindless = KeyedRecord(.coach(Coach(id: coach.id, name: coach.name, kind: coach.kind == .external ? .internal : .external)))
        #expect(try store.schools(touchedBy: { var m = Mentions(); m.add(kindless); return m }()) == .all)
        kindless.keeps = ["kind"]
        #expect(try store.schools(touchedBy: { var m = Mentions(); m.add(kindless); return m }()) == .only([]))
        #expect(try store.schools(touchedBy: Mentions([.school(School(id: "s9", name: "Nieuw"))])) == .all)
    }

    @Test
    func anImportOfOneSchoolNeitherWaitsForNorHoldsUpAnother() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        let feedback = try store.count("feedback")
        let workspace = Workspace(database: store.location.description, waitSeconds: 0)
        // Another writer holds s1 (a worker at its rules).
        let holder = try store.copy(.only(["s1"]), writing: true)
        defer { holder.abandon() }

        let s0 = Self.records(of: "s0")
        let copy = try workspace.openExisting(touching: Mentions(s0))
        #expect(try copy.schools().map(\.id) == ["s0"], "the import's copy holds its school only")
        try copy.write(s0)
        #expect(Workspace.finishShared() == nil)
        #expect(try store.count("feedback") > feedback, "written back while s1 was held")

        // s1's records wait for its writer: with a wait of nothing, the import fails in one line.
        do {
            _ = try workspace.openExisting(touching: Mentions(Self.records(of: "s1")))
            Issue.record("an import of s1 did not wait for the writer holding s1")
        } catch {
            #expect(error.description.contains("held the schools for longer than the wait"), "\(error)")
        }
        #expect(Workspace.finishShared() == nil)
    }

    @Test
    func anIdGivenWhileTheImportWaitedForItsSchoolIsSeenOnceItHoldsIt() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        let workspace = Workspace(database: store.location.description, waitSeconds: 30)
        // An import of a pupil for s0 looks up whose its ids are, then waits for s0's writer...
        let holder = try store.copy(.only(["s0"]), writing: true)
        let opened = PostgresStoreTests.Box()
        let done = DispatchSemaphore(value: 0)
        let mentions = Mentions([.pupil(Pupil(id: "given-meanwhile", schoolId: "s0", classId: "s0-c0"))])
        #expect(try store.schools(touchedBy: mentions) == .only(["s0"]))
        DispatchQueue.global().async {
            defer { done.signal() }
            opened.schools = (try? workspace.openExisting(touching: mentions).schools().map(\.id)) ?? ["failed"]
        }
        Thread.sleep(forTimeInterval: 0.5)
        // ... while another import gives that id to s1.
        let other = try store.copy(.only(["s1"]), writing: true)
        try other.store.write([.pupil(Pupil(id: "given-meanwhile", schoolId: "s1", classId: "s1-c0"))])
        try other.commit()
        holder.abandon()
        done.wait()
        #expect(opened.schools == ["s0", "s1"], "the copy holds s1 too, to say whose the pupil is")
        #expect(Workspace.finishShared() == nil)
    }

    @Test
    func aRowGivenMeanwhileForAnotherSchoolIsNeverTakenOver() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        // Two imports at once, of s0 and of s1, each giving a new pupil the same id: neither
        // copy can see the other's, so the second to write back must fail.
        let first = try store.copy(.only(["s0"]), writing: true)
        let second = try store.copy(.only(["s1"]), writing: true)
        try first.store.write([.pupil(Pupil(id: "new-pupil", schoolId: "s0", classId: "s0-c0"))])
        try second.store.write([.pupil(Pupil(id: "new-pupil", schoolId: "s1", classId: "s1-c0"))])
        try second.commit()
        #expect { try first.commit() } throws: { error in
            "\(error)".contains("pupil new-pupil is stored for school s1 (given there meanwhile); nothing was written")
        }
        let after = try store.copy(.all, writing: false)
        #expect(try after.store.pupil("new-pupil")?.schoolId == "s1", "the pupil stays s1's")
        try after.commit()
    }
}
}
