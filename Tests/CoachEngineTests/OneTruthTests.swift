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

    @Test
    func weeklyBulkAndReplayGiveTheSamePrompts() throws {
        let network = try Self.network(SchoolNetwork.Shape(schools: 2, weeks: 12, classes: 5, pupils: 12, seed: 7))
        let weeks = network.shape.weeks

        // (a) Week by week: import the week, close it.
        let weekly = try Self.store(network)
        let weeklyEngine = try Self.engine(weekly)
        var failures: [RuleFailure] = []
        for w in 0..<weeks {
            try weekly.write(network.records(week: w))
            failures += try weeklyEngine.tick(week: network.isoWeek(w)).dispatch.failures
        }
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        // (b) All history at once, then every week closed in order.
        let bulk = try Self.store(network)
        for w in 0..<weeks { try bulk.write(network.records(week: w)) }
        let bulkEngine = try Self.engine(bulk)
        for w in 0..<weeks { failures += try bulkEngine.tick(week: network.isoWeek(w)).dispatch.failures }
        #expect(failures.isEmpty, "\(failures.prefix(3))")

        // (c) Replay, rule by rule, on a store where no week was ever closed.
        let history = try Self.store(network)
        for w in 0..<weeks { try history.write(network.records(week: w)) }
        let replayEngine = try Self.engine(history)
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
}
