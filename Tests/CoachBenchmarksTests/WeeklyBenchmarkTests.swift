import CoachBenchmarks
import CoachCore
import CoachEngine
import CoachSetup
import CoachStore
import Foundation
import Testing

/// The weekly cycle in one process imports every week's files and closes each week, in order,
/// on one store; a bad folder or a bad row stops it with a line that says which. Nothing here
/// asserts a speed.
struct WeeklyBenchmarkTests {
    /// A folder as `to_coach.py` writes it: one school, one class of three pupils, two weeks.
    static func network(weekNames: [String] = ["00-2026-W37", "01-2026-W38"], badPupil: Bool = false) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("weekly-\(UUID().uuidString)").path
        func write(_ path: String, _ lines: [String]) throws {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        try write("people.csv", [
            "type,id,school,class,teacher,name,coach,scope",
            "school,s0,,,,School s0,,",
            "teacher,s0-t0,s0,,,Teacher s0-t0,,",
            "class,s0-c0,s0,,,Class s0-c0,,",
            "class_teacher,,,s0-c0,s0-t0,,,",
            "goal,s0-breuken,s0,,,breuken,,",
            "pupil,s0-c0-p0,s0,s0-c0,,,,",
            "pupil,s0-c0-p1,s0,s0-c0,,,,",
            "pupil,s0-c0-p2,s0,s0-c0,,,,",
        ])
        let feedback = "class,date,form,goal,growth_points,level,pupil,question,teacher,timing"
        try write("weeks/\(weekNames[0])/feedback.csv", [
            feedback,
            // Four and five growth points at once: too-many-growth-points speaks up for week 37.
            "s0-c0,2026-09-08,individueel,s0-breuken,4,proces,s0-c0-p0,feedback,s0-t0,formative",
            "s0-c0,2026-09-09,individueel,s0-breuken,5,taak,s0-c0-p1,feed-forward,s0-t0,formative",
        ])
        try write("weeks/\(weekNames[1])/feedback.csv", [
            feedback,
            "s0-c0,2026-09-15,individueel,s0-breuken,1,persoon,\(badPupil ? "nobody" : "s0-c0-p2"),feedback,s0-t0,summative",
        ])
        try write("weeks/\(weekNames[1])/results.csv", [
            "date,goal,kind,maximum,pupil,score",
            "2026-09-16,s0-breuken,exit-ticket,10,s0-c0-p0,4",
            "2026-09-17,s0-breuken,exit-ticket,10,s0-c0-p1,9",
        ])
        return root
    }

    static func engine(_ store: CoachStore) -> Engine {
        Engine.load(store: store, ruleDirectories: [BenchmarkReportTests.rules]).0
    }

    @Test
    func importsEveryWeekAndClosesItInOrder() throws {
        let folder = try Self.network()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CoachStore.inMemory()
        let engine = Self.engine(store)
        let outcome = try WeeklyBenchmark(folder: folder).run(store: store, engine: engine)
        #expect(outcome.records == 5)
        #expect(outcome.weeks == 2)
        #expect(try store.count(.feedback) == 3)
        #expect(try store.count(.result) == 2)
        #expect(outcome.prompts > 0)
        #expect(outcome.failures == 0)
        #expect(try store.count(.prompt) == outcome.prompts)
        #expect(try store.prompts(school: "s0").contains { $0.ruleId == "too-many-growth-points" && $0.week == "2026-W37" })
        for week in ["2026-W37", "2026-W38"] {
            let status = try engine.weekStatus(try #require(IsoWeek(week)))
            #expect(status.map(\.complete) == [true], "\(week)")
        }
    }

    @Test
    func aFreshStoreIsSetUpAsCoachInitDoesAndRemovedAfterwards() throws {
        let folder = try Self.network()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let root = URL(fileURLWithPath: BenchmarkReportTests.rules).deletingLastPathComponent().path
        var workspace = Workspace(rules: root + "/Rules", plugins: root + "/Plugins")
        workspace.catalogue = nil
        let before = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("coach-weekly-") }
        let outcome = try WeeklyBenchmark(folder: folder).runOnFreshStore(workspace, workers: 1)
        #expect(outcome.records == 5)
        #expect(outcome.weeks == 2)
        #expect(outcome.prompts > 0)
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("coach-weekly-") }
        #expect(Set(after) == Set(before))
    }

    @Test
    func aRuleThatFailsIsCountedNotHidden() throws {
        let folder = try Self.network()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rules = folder + "/rules"
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        let source = try String(contentsOfFile: BenchmarkReportTests.rules + "/too-many-growth-points.lua", encoding: .utf8)
        let failing = source.replacingOccurrences(of: "run = function(ev, ctx, p)", with: "run = function(ev, ctx, p) error('boom')")
        #expect(failing != source)
        try failing.write(toFile: rules + "/too-many-growth-points.lua", atomically: true, encoding: .utf8)
        let store = try CoachStore.inMemory()
        let outcome = try WeeklyBenchmark(folder: folder).run(store: store, engine: Engine.load(store: store, ruleDirectories: [rules]).0)
        #expect(outcome.weeks == 2)
        #expect(outcome.failures > 0)
        // Its owners hear of it; the rule itself said nothing.
        #expect(try store.prompts(school: "s0").allSatisfy { $0.ruleId != "too-many-growth-points" })
    }

    @Test
    func aFolderThatIsNotAWeekIsNamed() throws {
        let folder = try Self.network(weekNames: ["00-2026-W37", "notes"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CoachStore.inMemory()
        let error = try #require(throws: BenchmarkFailure.self) {
            try WeeklyBenchmark(folder: folder).run(store: store, engine: Self.engine(store))
        }
        #expect(error.description.contains("/weeks/notes: not a week folder"))
        // Checked before anything is written: not even the people.
        #expect(try store.count(.feedback) == 0)
        #expect(try store.count(.pupil) == 0)
    }

    @Test
    func anImportWithProblemsStopsTheRunAndSaysWhere() throws {
        let folder = try Self.network(badPupil: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try CoachStore.inMemory()
        let error = try #require(throws: BenchmarkFailure.self) {
            try WeeklyBenchmark(folder: folder).run(store: store, engine: Self.engine(store))
        }
        #expect(error.description.contains("01-2026-W38/feedback.csv:2"))
        // The first week stays imported and closed; nothing of the second is kept or closed.
        #expect(try store.count(.feedback) == 2)
        #expect(try store.count(.result) == 0)
        let engine = Self.engine(store)
        #expect(try engine.weekStatus(try #require(IsoWeek("2026-W37"))).map(\.complete) == [true])
        #expect(try engine.weekStatus(try #require(IsoWeek("2026-W38"))).map(\.closed) == [false])
    }
}
