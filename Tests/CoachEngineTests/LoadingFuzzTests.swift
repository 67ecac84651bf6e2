import CoachCore
import CoachEngine
import CoachPlugins
import CoachStore
import Foundation
import Testing

/// Rule files and plugins broken in every way a seeded generator finds: each loads, or fails
/// with one line that names its file; no crash, no hang.
struct LoadingFuzzTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static func mutate(_ bytes: [UInt8], _ random: inout Random) -> [UInt8] {
        var out = bytes
        switch random.next(5) {
        case 0: out = Array(out.prefix(random.next(out.count + 1)))
        case 1: out.insert(contentsOf: (0..<(1 + random.next(20))).map { _ in UInt8(random.next(256)) }, at: random.next(out.count + 1))
        case 2: if !out.isEmpty { out.remove(at: random.next(out.count)) }
        case 3: out = Array(out.prefix(random.next(out.count + 1))) + [0] + Array(out.dropFirst(random.next(out.count + 1)))
        default: if !out.isEmpty { out[random.next(out.count)] = UInt8(random.next(128)) }
        }
        return out
    }

    @Test
    func brokenRulesFailWithOneLineNamingTheFile() throws {
        let folder = EngineFixture.rulesFolder
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_spec.lua") }.sorted()
        let store = try EngineFixture.store()
        var random = Random(state: 11)
        for n in 0..<200 {
            let name = files[random.next(files.count)]
            let source = Self.mutate(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))), &random)
            do {
                _ = try RuleLoader.load(source: source, file: name, store: store)
            } catch {
                #expect(error.description.hasPrefix(name), "case \(n): \(error.description.prefix(200))")
                #expect(!error.description.contains("\n"), "case \(n): one line")
            }
        }
    }

    @Test
    func brokenPluginsFailWithLinesNamingTheirFiles() throws {
        let source = URL(fileURLWithPath: EngineFixture.rulesFolder).deletingLastPathComponent()
            .appendingPathComponent("Plugins/kijkwijzer-peter-benoit")
        let manifest = Array(try Data(contentsOf: source.appendingPathComponent("plugin.json")))
        let instrument = Array(try Data(contentsOf: source.appendingPathComponent("doelgerichte-differentiatie.json")))
        var random = Random(state: 5)
        for n in 0..<100 {
            let folder = NSTemporaryDirectory() + "coach-plugins-\(UInt64.random(in: 0 ... .max))"
            let plugin = folder + "/p"
            try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let breakManifest = random.next(2) == 0
            try Data(breakManifest ? Self.mutate(manifest, &random) : manifest).write(to: URL(fileURLWithPath: plugin + "/plugin.json"))
            try Data(breakManifest ? instrument : Self.mutate(instrument, &random))
                .write(to: URL(fileURLWithPath: plugin + "/doelgerichte-differentiatie.json"))
            let set = PluginLoader.loadAll(from: folder)
            for problem in set.problems {
                #expect(problem.description.hasPrefix(plugin + "/"), "case \(n): \(problem.description.prefix(200))")
                #expect(!problem.description.contains("\n"), "case \(n): one line")
            }
        }
    }
}
