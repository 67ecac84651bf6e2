import CoachCore
import CoachEngine
import CoachFixtures
import CoachPlugins
import CoachStore
import Foundation
import Testing

/// One truth: the same records give the same prompts however they arrive — week by week,
/// all history at once, or replayed rule by rule — on a generated network with regroupings,
/// results, observations and learning walks, with every shipped rule.
struct OneTruthTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let plugins = PluginLoader.loadAll(from: root.appendingPathComponent("Plugins").path)

    static func network(_ shape: SchoolNetwork.Shape) throws -> SchoolNetwork {
        let kijkwijzer = try #require(plugins.instruments.first { $0.id == "peter-benoit-doelgerichte-differentiatie" })
        let walk = try #require(plugins.instruments.first { $0.scale == .seenNotSeen })
        return SchoolNetwork(shape: shape, observationInstrument: kijkwijzer, walkInstrument: walk)
    }

    static func store(_ network: SchoolNetwork) throws -> CoachStore {
        let store = try CoachStore.inMemory()
        try store.write(plugins.instruments.map(NewRecord.instrument))
        try store.write(network.setup())
        return store
    }

    static func engine(_ store: CoachStore) throws -> Engine {
        let (engine, problems) = Engine.load(store: store, ruleDirectories: [root.appendingPathComponent("Rules").path])
        #expect(problems.isEmpty, "\(problems)")
        return engine
    }

    /// What must be equal: rule, audience, teacher, class, key, week, text.
    static func shape(_ p: Prompt) -> String {
        [p.ruleId, p.audience.rawValue, p.teacherId ?? "-", p.classId ?? "-", p.key, p.week, p.text].joined(separator: " | ")
    }

    static func stored(_ store: CoachStore, _ network: SchoolNetwork) throws -> [String: [String]] {
        var perRule: [String: [String]] = [:]
        for s in 0..<network.shape.schools {
            for w in 0..<network.shape.weeks {
                for prompt in try store.prompts(school: network.schoolId(s), week: network.isoWeek(w)) {
                    perRule[prompt.ruleId, default: []].append(shape(prompt))
                }
            }
        }
        return perRule.mapValues { $0.sorted() }
    }

    /// Says which prompts one way has and the other has not, a few of each.
    static func difference(_ a: [String], _ b: [String]) -> String {
        let (sa, sb) = (Set(a), Set(b))
        return "only in the first: \(sa.subtracting(sb).sorted().prefix(3)); only in the second: \(sb.subtracting(sa).sorted().prefix(3))"
    }

    /// Pupils who change class: each from its week on (its Monday), in another class.
    struct Move {
        var pupil: Pupil
        var week: Int
    }

    /// The network's records of week `w`, without feedback naming a moved pupil in the class
    /// it left, nor any record of a pupil who left (the network's teachers do not know of it).
    static func records(_ network: SchoolNetwork, week w: Int, _ moves: [Move]) -> [NewRecord] {
        let done = moves.filter { $0.week <= w }
        let gone = Dictionary(uniqueKeysWithValues: done.filter { $0.pupil.left == nil }.map { ($0.pupil.id, $0.pupil.classId) })
        let away = Set(done.filter { $0.pupil.left != nil }.map(\.pupil.id))
        return network.records(week: w).filter { record in
            switch record {
            case .result(let r): return !away.contains(r.pupilId)
            case .placement(let p): return !away.contains(p.pupilId)
            case .feedback(let f):
                guard let pupil = f.pupilId else { return true }
                if away.contains(pupil) { return false }
                return gone[pupil].map { $0 == f.classId } ?? true
            default: return true
            }
        }
    }

    /// People given again, as an import gives them (their aliases kept).
    static func give(_ store: CoachStore, _ pupils: [Pupil]) throws {
        let outcome = try store.write(importing: pupils.map(NewRecord.pupil), keeping: ["alias"])
        #expect(outcome.issues.isEmpty, "\(outcome.issues.prefix(3))")
    }

    /// Checks that week by week (each move in the people file of its week, without a day), all
    /// history at once (the moves with their days) and replayed give the same prompts.
    static func threeWays(_ network: SchoolNetwork, moves: [Move] = []) throws {
        let weeks = network.shape.weeks

        // (a) Week by week: import the week, close it.
        let weekly = try Self.store(network)
        let weeklyEngine = try Self.engine(weekly)
        var failures: [RuleFailure] = []
        for w in 0..<weeks {
            try give(weekly, moves.filter { $0.week == w }.map(\.pupil))
            try weekly.write(records(network, week: w, moves))
            failures += try weeklyEngine.tick(week: network.isoWeek(w)).dispatch.failures
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        // (b) All history at once, then every week closed in order.
        func history() throws -> CoachStore {
            let store = try Self.store(network)
            try give(store, moves.map { move in
                var dated = move.pupil
                // A leaving says its own day.
                if dated.left == nil { dated.since = network.isoWeek(move.week).monday }
                return dated
            })
            for w in 0..<weeks { try store.write(records(network, week: w, moves)) }
            return store
        }
        let bulk = try history()
        let bulkEngine = try Self.engine(bulk)
        for w in 0..<weeks { failures += try bulkEngine.tick(week: network.isoWeek(w)).dispatch.failures }
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        // (c) Replay, rule by rule, on a store where no week was ever closed.
        let replayEngine = try Self.engine(try history())
        var replayed: [String: [String]] = [:]
        for rule in replayEngine.rules.map(\.definition.id) {
            for s in 0..<network.shape.schools {
                let report = try replayEngine.replay(rule: rule, school: network.schoolId(s), from: network.start,
                                                     to: network.isoWeek(weeks - 1).sunday)
                #expect(report.failures.isEmpty, "\(report.failures.prefix(3))")
                replayed[rule, default: []] += report.prompts.map(Self.shape)
            }
        }
        replayed = replayed.filter { !$0.value.isEmpty }.mapValues { $0.sorted() }

        let live = try Self.stored(weekly, network)
        let fromBulk = try Self.stored(bulk, network)
        #expect(live.keys.sorted() == fromBulk.keys.sorted())
        #expect(live.keys.sorted() == replayed.keys.sorted())
        for rule in live.keys.sorted() {
            let (a, b, c) = (live[rule] ?? [], fromBulk[rule] ?? [], replayed[rule] ?? [])
            #expect(a == b, "\(rule), weekly vs bulk: \(Self.difference(a, b))")
            #expect(a == c, "\(rule), weekly vs replay: \(Self.difference(a, c))")
        }
        // The network is rich enough to make most rules speak.
        #expect(live.count >= 7, "rules that made prompts: \(live.keys.sorted())")
    }

    @Test
    func weeklyBulkAndReplayGiveTheSamePrompts() throws {
        try Self.threeWays(try Self.network(SchoolNetwork.Shape(schools: 2, weeks: 12, classes: 5, pupils: 12, seed: 7)))
    }

    @Test
    func pupilsWhoChangeClassGiveTheSamePromptsEveryWay() throws {
        let network = try Self.network(SchoolNetwork.Shape(schools: 2, weeks: 12, classes: 5, pupils: 12, seed: 7))
        // In each school, a third of class 0 goes to class 1 in week 6, and two pupils of class 2
        // to class 3 in week 3.
        var moves: [Move] = []
        for s in 0..<network.shape.schools {
            for p in 0..<4 { moves.append(Move(pupil: Pupil(id: "s\(s)-c0-p\(p)", schoolId: "s\(s)", classId: "s\(s)-c1"), week: 6)) }
            for p in 0..<2 { moves.append(Move(pupil: Pupil(id: "s\(s)-c2-p\(p)", schoolId: "s\(s)", classId: "s\(s)-c3"), week: 3)) }
        }
        try Self.threeWays(network, moves: moves)
    }

    @Test
    func pupilsWhoLeaveGiveTheSamePromptsEveryWay() throws {
        let network = try Self.network(SchoolNetwork.Shape(schools: 2, weeks: 12, classes: 5, pupils: 12, seed: 7))
        // In each school, three pupils of class 1 leave in week 5, one of class 4 in week 8;
        // and two pupils of class 2 move to class 3 in week 3.
        var moves: [Move] = []
        func leaving(_ pupil: String, _ classId: String, _ week: Int) -> Move {
            Move(pupil: Pupil(id: pupil, schoolId: String(pupil.prefix(2)), classId: classId, left: network.isoWeek(week).monday), week: week)
        }
        for s in 0..<network.shape.schools {
            for p in 0..<3 { moves.append(leaving("s\(s)-c1-p\(p)", "s\(s)-c1", 5)) }
            moves.append(leaving("s\(s)-c4-p0", "s\(s)-c4", 8))
            for p in 0..<2 { moves.append(Move(pupil: Pupil(id: "s\(s)-c2-p\(p)", schoolId: "s\(s)", classId: "s\(s)-c3"), week: 3)) }
        }
        try Self.threeWays(network, moves: moves)
    }
}
