import CoachEngine
import CoachSetup
import CoachStore
import Foundation
import Testing

/// On the shared store the team's configuration and rules are the ones `coach init` stored:
/// a worker or reader elsewhere uses them, and one with other settings or rules is refused,
/// so that which worker takes a school never decides its prompts (review, session 25).
extension SharedCopyUsers {
struct SharedConfigurationTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-shared-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test
    func aWorkerElsewhereUsesTheStoredConfigurationAndOneThatDiffersIsRefused() throws {
        guard TestServer.available() else { return }
        let url = try TestServer.freshDatabase()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let team = folder.appendingPathComponent("coach.json")
        try #"{ "disabled": ["summative-only"], "params": { "persistent-track3": { "weeks": 8 } }, "as": "admin" }"#
            .write(to: team, atomically: true, encoding: .utf8)
        let plugins = SharedOneTruthTests.root.appendingPathComponent("Plugins").path
        _ = try Workspace(database: url, rules: SharedOneTruthTests.rules, plugins: plugins, configurationFile: team.path).initialise()
        #expect(Workspace.finishShared() == nil, "init's copy written back")

        // Elsewhere, with no configuration of its own: the team's.
        let elsewhere = Workspace(database: url, rules: SharedOneTruthTests.rules, plugins: plugins)
        let store = try elsewhere.open(readOnly: true)
        let used = try elsewhere.configuration(store)
        #expect(used.disabled == ["summative-only"] && used.params["persistent-track3"]?["weeks"] == .integer(8))
        // The same settings written otherwise, and another reader: fine.
        let same = folder.appendingPathComponent("same.json")
        try #"{ "as": "team:s0", "params": { "persistent-track3": { "weeks": 8.0 } }, "disabled": ["summative-only"] }"#
            .write(to: same, atomically: true, encoding: .utf8)
        #expect(try Workspace(database: url, configurationFile: same.path).configuration(store).role == "team:s0")
        // Other settings: refused, naming the file.
        let other = folder.appendingPathComponent("other.json")
        try #"{ "disabled": [] }"#.write(to: other, atomically: true, encoding: .utf8)
        #expect { try Workspace(database: url, configurationFile: other.path).configuration(store) } throws: { error in
            "\(error)".contains("the configuration \(other.path) differs from the one 'coach init' stored in the shared store")
        }
        _ = Workspace.finishShared()
    }

    /// A worker runs for weeks: a configuration the team stores meanwhile (`coach init`) counts
    /// from the next school it claims, though it keeps its compiled rules from claim to claim.
    @Test
    func aWorkerReadsTheTeamsConfigurationAgainForEachSchoolItClaims() throws {
        guard TestServer.available() else { return }
        let network = try SharedOneTruthTests.network()
        let store = try SharedOneTruthTests.shared(network)
        let url = store.location.description
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let team = folder.appendingPathComponent("coach.json")
        try "{}".write(to: team, atomically: true, encoding: .utf8)
        let plugins = SharedOneTruthTests.root.appendingPathComponent("Plugins").path
        func initialise() throws {
            _ = try Workspace(database: url, rules: SharedOneTruthTests.rules, plugins: plugins, configurationFile: team.path).initialise()
            #expect(Workspace.finishShared() == nil)
        }
        try initialise()
        let weeks = network.shape.weeks
        try SharedOneTruthTests.writing(store) { s in for w in 0..<weeks { try s.write(network.records(week: w)) } }
        try SharedOneTruthTests.writing(store) { _ = try SharedOneTruthTests.engine($0).tick(through: network.isoWeek(weeks - 1), dispatch: false) }

        // After the first school it claims, the team switches persistent-track3 off.
        var first: String?
        var problems: [String] = []
        let report = try Workspace(database: url, rules: SharedOneTruthTests.rules, plugins: plugins).work(once: true, told: { school, _ in
            guard first == nil else { return }
            first = school
            do {
                try #"{ "disabled": ["persistent-track3"] }"#.write(to: team, atomically: true, encoding: .utf8)
                try initialise()
            } catch { problems.append("\(error)") }
        })
        #expect(problems.isEmpty, "\(problems)")
        #expect(report.schools.count == network.shape.schools)
        let read = try SharedOneTruthTests.reading(store)
        let firstSchool = try #require(first)
        for school in try read.schools().map(\.id) {
            let track3 = try read.prompts(school: school).filter { $0.ruleId == "persistent-track3" }.count
            if school == firstSchool {
                #expect(track3 > 0, "the first school ran with the rule on")
            } else {
                #expect(track3 == 0, "\(school) was claimed after the rule was switched off, yet has \(track3) of its prompts")
            }
        }
    }

    @Test
    func aWorkerWithOtherRulesDispatchesNothing() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        let plugins = SharedOneTruthTests.root.appendingPathComponent("Plugins").path
        _ = try Workspace(database: store.location.description, rules: SharedOneTruthTests.rules, plugins: plugins).initialise()
        _ = Workspace.finishShared()
        let before = try store.unhandledSchools()
        // One rule changed on this worker's machine.
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in try FileManager.default.contentsOfDirectory(atPath: SharedOneTruthTests.rules) where file.hasSuffix(".lua") {
            try FileManager.default.copyItem(atPath: SharedOneTruthTests.rules + "/" + file, toPath: folder.path + "/" + file)
        }
        let changed = folder.appendingPathComponent("static-groups.lua")
        try (try String(contentsOf: changed, encoding: .utf8) + "\n-- changed here\n").write(to: changed, atomically: true, encoding: .utf8)
        #expect { try Workspace(database: store.location.description, rules: folder.path, plugins: plugins).work(once: true) } throws: { error in
            "\(error)".contains("the rules here are not the ones 'coach init' loaded for the shared store (they differ in static-groups)")
        }
        #expect(try store.unhandledSchools() == before)
    }
}
}
