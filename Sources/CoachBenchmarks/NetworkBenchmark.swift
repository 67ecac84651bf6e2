import CoachCore
import CoachEngine
import CoachStore
import Foundation

/// The shared benchmark's school network (the neutral JSON lines of `gen_events.py`) in one
/// process: records written in batches as they come, then every week closed with the rules.
/// Prints events per second for writing, for dispatch, and for both, to set beside the peer
/// (`peer_lupa.py`) run on the same file (`scripts/bench-network` does both).
public struct NetworkBenchmark: Sendable {
    public init() {}

    /// The neutral events file.
    public var path = ""
    /// The folders of the rules to run.
    public var ruleDirectories: [String] = ["Rules"]
    /// Schools dispatched side by side (default: one per core).
    public var workers: Int?

    /// The kijkwijzer the generator scores: six sections of three items.
    static let kijkwijzer = Instrument(
        id: "network-kijkwijzer", version: "1", title: "Doelgerichte differentiatie", scale: .frequency,
        sections: (1...6).map { section in
            InstrumentSection(number: section, title: "Onderdeel \(section)",
                              items: (1...3).map { InstrumentItem(key: "\(section).\($0)", text: "Kijkpunt \(section).\($0)") })
        })

    public func run(_ print: (String) -> Void) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw BenchmarkFailure("cannot read \(path)") }
        let lines = text.split(separator: "\n")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-network-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CoachStore.open(path: folder.appendingPathComponent("network.sqlite").path)
        try store.write([.instrument(Self.kijkwijzer)])

        // People first, as a school would have them before its records.
        var people: [NewRecord] = []
        var seen = Set<String>()
        var lastWeek: IsoWeek?
        func add(_ id: String, _ record: @autoclosure () -> NewRecord) { if seen.insert(id).inserted { people.append(record()) } }
        var events: [[String: Any]] = []
        for line in lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let school = object["school"] as? String else { continue }
            events.append(object)
            add("school/" + school, .school(School(id: school, name: "School \(school)")))
            if let teacher = object["teacher"] as? String, let schoolClass = object["class"] as? String {
                add("teacher/" + teacher, .teacher(Teacher(id: teacher, schoolId: school, name: "Teacher \(teacher)")))
                add("class/" + schoolClass, .schoolClass(SchoolClass(id: schoolClass, schoolId: school, name: schoolClass)))
                add("classTeacher/" + schoolClass, .classTeacher(ClassTeacher(classId: schoolClass, teacherId: teacher)))
                if let pupil = object["pupil"] as? String {
                    add("pupil/" + pupil, .pupil(Pupil(id: pupil, schoolId: school, classId: schoolClass)))
                }
            }
            if let goal = object["goal"] as? String {
                add("goal/\(school)-\(goal)", .goal(LearningGoal(id: "\(school)-\(goal)", schoolId: school, title: goal)))
            }
            if let week = (object["week"] as? String).flatMap(IsoWeek.init), lastWeek.map({ week > $0 }) ?? true { lastWeek = week }
        }
        try store.write(people)

        let clock = ContinuousClock()
        var records = 0
        let writing = try clock.measure {
            var batch: [NewRecord] = []
            for object in events {
                if let record = Self.record(object) { batch.append(record); records += 1 }
                if batch.count == 2_000 { try store.write(batch); batch = [] }
            }
            try store.write(batch)
        }
        var configuration = EngineConfiguration()
        if let workers { configuration.dispatchWorkers = workers }
        let (engine, problems) = Engine.load(store: store, ruleDirectories: ruleDirectories, configuration: configuration)
        for problem in problems { print("rule problem: \(problem)") }
        var dispatched = DispatchReport()
        let dispatching = try clock.measure {
            for report in try engine.tick(through: lastWeek ?? Day("2026-09-07")!.isoWeek) {
                dispatched.events += report.dispatch.events
                dispatched.prompts += report.dispatch.prompts
                dispatched.failures += report.dispatch.failures
            }
        }
        let (w, d) = (StoreBenchmark.seconds(writing), StoreBenchmark.seconds(dispatching))
        print("coach in-process: \(lines.count) events (\(records) records) of \(path)")
        print("writing:   \(LuaCallBenchmark.format(Double(records) / w)) records/s (\(String(format: "%.2f", w)) s)")
        print("dispatch:  \(LuaCallBenchmark.format(Double(dispatched.events) / d)) events/s (\(dispatched.events) events, "
              + "\(String(format: "%.2f", d)) s, \(dispatched.prompts) prompts, \(dispatched.failures.count) failures, "
              + "\(configuration.dispatchWorkers) \(configuration.dispatchWorkers == 1 ? "worker" : "workers"))")
        print("both:      \(LuaCallBenchmark.format(Double(lines.count) / (w + d))) events/s")
        // Where dispatch goes: each rule's calls and their time (the rest is the engine's own).
        let costs = engine.costs.sorted { $0.value.totalDuration > $1.value.totalDuration }
        let inRules = costs.reduce(0.0) { $0 + StoreBenchmark.seconds($1.value.totalDuration) }
        // With several workers this is time on all cores together, more than the wall clock.
        print("in rules:  \(String(format: "%.2f", inRules)) s (on all workers) in the \(String(format: "%.2f", d)) s of dispatch")
        for (rule, cost) in costs.prefix(8) {
            print("  \(rule): \(cost.calls) calls, \(String(format: "%.2f", StoreBenchmark.seconds(cost.totalDuration))) s")
        }
    }

    /// The record of one neutral event (nil for week.ended: closing weeks is dispatch's part).
    static func record(_ o: [String: Any]) -> NewRecord? {
        guard let kind = o["kind"] as? String, let school = o["school"] as? String, let date = (o["date"] as? String).flatMap(Day.init)
        else { return nil }
        let teacher = o["teacher"] as? String ?? "", schoolClass = o["class"] as? String ?? ""
        let goal = "\(school)-\(o["goal"] as? String ?? "")"
        switch kind {
        case "feedback":
            let level: FeedbackLevel = ["task": .task, "process": .process, "self-regulation": .selfRegulation, "person": .person][o["level"] as? String ?? ""] ?? .task
            let question: FeedbackQuestion = ["feed-up": .feedUp, "feed-forward": .feedForward][o["question"] as? String ?? ""] ?? .feedback
            let form: FeedbackForm = ["class": .wholeClass, "peer": .peer, "self": .selfFeedback][o["form"] as? String ?? ""] ?? .individual
            return .feedback(FeedbackRecord(teacherId: teacher, classId: schoolClass, pupilId: o["pupil"] as? String, goalId: goal,
                                            date: date, level: level, question: question,
                                            timing: o["timing"] as? String == "summative" ? .summative : .formative, form: form,
                                            growthPoints: o["growth_points"] as? Int ?? 1))
        case "placement":
            return .placement(Placement(pupilId: o["pupil"] as? String ?? "", classId: schoolClass, goalId: goal,
                                        track: o["track"] as? Int ?? 2, from: date, decidedBy: teacher, pupilInvolved: false))
        case "result":
            return .result(LearningResult(pupilId: o["pupil"] as? String ?? "", goalId: goal, date: date, kind: .exitTicket,
                                          score: (o["score"] as? Double) ?? Double(o["score"] as? Int ?? 0),
                                          maximum: (o["max"] as? Double) ?? Double(o["max"] as? Int ?? 10)))
        case "observation":
            let scores = ((o["scores"] as? [String: Any]) ?? [:]).compactMap { key, value in
                (value as? Int).map { ItemScore(item: key, value: $0) }
            }.sorted { $0.item < $1.item }
            return .observation(Observation(kind: .coach, schoolId: school, teacherId: teacher, classId: schoolClass,
                                            instrumentId: kijkwijzer.id, instrumentVersion: kijkwijzer.version, date: date,
                                            scores: scores, observers: ["coach-\(school)"]))
        default:
            return nil
        }
    }
}
