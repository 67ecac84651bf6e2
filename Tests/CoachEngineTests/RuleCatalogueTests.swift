import CoachCore
import CoachStore
import Foundation
import Testing

@testable import CoachEngine

/// The catalogue of rule definitions: a command that only shows what rules said compiles
/// none of them, and never shows an outdated or broken rule as loaded.
@Suite struct RuleCatalogueTests {
    /// A fresh folder of its own for each test.
    static func folder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coach-catalogue-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func rule(_ id: String, title: String = "Titel", params: String = "weeks = 6", suggest: Bool = false) -> String {
        """
        return rule {
          id = "\(id)", title = { nl = "\(title)", en = "Title" }, on = { "week.ended" },
          why = { nl = "Omdat.", en = "Because." }, source = { nl = "Bron" },
          params = { \(params) },
          texts = { nl = { one = "Eén {x}." }, en = { one = "One {x}." } },
          run = function(ev, ctx, p) local _ = ctx.t("one", { x = 1 }) end,
          \(suggest ? "suggest = function(q, ctx, p) end," : "")
        }
        """
    }

    @Test func definitionsFromTheCatalogueAreTheCompiledOnesForEveryShippedRule() throws {
        let store = try EngineFixture.store()
        let catalogue = RuleCatalogue(directory: try Self.folder("shipped"))
        let compiled = RuleLoader.load(directories: [EngineFixture.rulesFolder], store: store, catalogue: catalogue, need: .all)
        #expect(compiled.problems.isEmpty)
        #expect(compiled.compiled.count == compiled.definitions.count)
        #expect(compiled.definitions.count >= 16)

        let described = RuleLoader.load(directories: [EngineFixture.rulesFolder], store: store, catalogue: catalogue, need: .definitions)
        #expect(described.problems.isEmpty)
        #expect(described.compiled.isEmpty, "a warm catalogue compiles nothing for a digest")
        #expect(described.definitions == compiled.definitions)
    }

    @Test func aWarmCatalogueStillCompilesEveryRuleForACommandThatRunsThem() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("warm-rules")
        try Self.rule("a").write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("warm"))
        _ = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)
        let set = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)
        #expect(set.compiled.map(\.definition.id) == ["a"])
        let (engine, _) = Engine.load(store: store, ruleDirectories: [rules], catalogue: catalogue, need: .all)
        #expect(engine.rules.count == engine.definitions.count)
    }

    @Test func theSameSourceElsewhereIsToldWithItsOwnFile() throws {
        let store = try EngineFixture.store()
        let first = try Self.folder("here")
        let second = try Self.folder("there")
        try Self.rule("a").write(toFile: first + "/a.lua", atomically: true, encoding: .utf8)
        try Self.rule("a").write(toFile: second + "/b.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("elsewhere"))
        _ = RuleLoader.load(directories: [first], store: store, catalogue: catalogue, need: .all)
        let set = RuleLoader.load(directories: [second], store: store, catalogue: catalogue, need: .definitions)
        #expect(set.compiled.isEmpty)
        #expect(set.definitions.map(\.file) == [second + "/b.lua"])
    }

    /// A field added to `RuleDefinition` must be stored too, or a digest would show its
    /// default for every remembered rule.
    @Test func theStoredFormHasEveryFieldOfADefinition() throws {
        let definition = RuleDefinition(id: "a", title: ["nl": "A"], description: nil, seed: nil, events: ["week.ended"], params: [:],
                                        texts: [:], shadow: false, hasSuggest: false, version: "v", file: "f")
        let stored = try #require(StoredDefinition(definition))
        let fields = Set(Mirror(reflecting: definition).children.compactMap(\.label)).subtracting(["file"])
        #expect(Set(Mirror(reflecting: stored).children.compactMap(\.label)) == fields)
    }

    @Test func oldEntriesAreRemovedWhenOneIsWritten() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("old-rules")
        try Self.rule("a").write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("old"))
        let stale = catalogue.directory + "/0000000000000000-10-0000000000000000.json"
        try "{}".write(toFile: stale, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-40 * 86_400)], ofItemAtPath: stale)
        _ = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)
        let left = try FileManager.default.contentsOfDirectory(atPath: catalogue.directory)
        #expect(!left.contains { stale.hasSuffix($0) })
        #expect(left.count == 1, "the new entry stays: \(left)")
    }

    @Test func aColdCatalogueCompilesAndRemembers() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("cold-rules")
        try Self.rule("a").write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("cold") + "/not/yet/made")
        let first = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
        #expect(first.compiled.map(\.definition.id) == ["a"], "not remembered yet: compiled")
        let second = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
        #expect(second.compiled.isEmpty)
        #expect(second.definitions == first.definitions)
        #expect(second.definitions.first?.params["weeks"] == .integer(6))
    }

    @Test func anEditedRuleIsCompiledAgainAndABrokenEditIsReported() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("edit-rules")
        let file = rules + "/a.lua"
        let catalogue = RuleCatalogue(directory: try Self.folder("edit"))
        try Self.rule("a", title: "Oud").write(toFile: file, atomically: true, encoding: .utf8)
        _ = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)

        try Self.rule("a", title: "Nieuw").write(toFile: file, atomically: true, encoding: .utf8)
        let edited = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
        #expect(edited.definitions.first?.title["nl"] == "Nieuw")
        #expect(edited.compiled.count == 1)

        try "return rule { id = \"a\", on = { \"week.ended\" }, run = 1 }".write(toFile: file, atomically: true, encoding: .utf8)
        let broken = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
        #expect(broken.definitions.isEmpty)
        #expect(broken.problems.count == 1)
        #expect(broken.problems.first?.file == file)
    }

    @Test func suggestionsCompileOnlyTheRulesThatSuggest() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("suggest-rules")
        try Self.rule("a").write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        try Self.rule("b", suggest: true).write(toFile: rules + "/b.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("suggest"))
        _ = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)
        let set = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .suggest)
        #expect(set.compiled.map(\.definition.id) == ["b"])
        #expect(set.definitions.map(\.id) == ["a", "b"])
        let (engine, _) = Engine.load(store: store, ruleDirectories: [rules], catalogue: catalogue, need: .suggest)
        #expect(engine.definition("a")?.title["nl"] == "Titel")
        #expect(engine.rule("a") == nil)
    }

    @Test func twoRulesWithOneIdAreRefusedAlsoFromTheCatalogue() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("twice-rules")
        try Self.rule("same", title: "Een").write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        try Self.rule("same", title: "Twee").write(toFile: rules + "/b.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("twice"))
        _ = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)
        let set = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
        #expect(set.definitions.isEmpty)
        #expect(set.problems.map(\.message) == ["rule id 'same' is used by 2 files; neither is loaded (give each rule its own id)"])
    }

    @Test func aCatalogueThatCannotBeWrittenOrReadOnlyCostsACompile() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("blocked-rules")
        try Self.rule("a").write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        // A file where the catalogue's folder should be: nothing can be written there.
        let blocked = try Self.folder("blocked") + "/file"
        try "x".write(toFile: blocked, atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: blocked)
        for _ in 0..<2 {
            let set = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
            #expect(set.problems.isEmpty)
            #expect(set.compiled.map(\.definition.id) == ["a"])
        }
        // An entry that is not what the catalogue writes is passed over.
        let spoiled = RuleCatalogue(directory: try Self.folder("spoiled"))
        _ = RuleLoader.load(directories: [rules], store: store, catalogue: spoiled, need: .all)
        for entry in try FileManager.default.contentsOfDirectory(atPath: spoiled.directory) {
            try "{ not json".write(toFile: spoiled.directory + "/" + entry, atomically: true, encoding: .utf8)
        }
        let set = RuleLoader.load(directories: [rules], store: store, catalogue: spoiled, need: .definitions)
        #expect(set.compiled.map(\.definition.id) == ["a"])
        #expect(set.definitions.first?.title["nl"] == "Titel")
    }

    @Test func parametersComeBackExactlyAndOthersAreNotRemembered() throws {
        let store = try EngineFixture.store()
        let rules = try Self.folder("params-rules")
        let params = #"weeks = 6, share = 0.5, on = true, name = "x", list = { 1, 2, "drie" }, big = 9007199254740993"#
        try Self.rule("a", params: params).write(toFile: rules + "/a.lua", atomically: true, encoding: .utf8)
        try Self.rule("f", params: #"bytes = "\255\254""#).write(toFile: rules + "/f.lua", atomically: true, encoding: .utf8)
        let catalogue = RuleCatalogue(directory: try Self.folder("params"))
        let compiled = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .all)
        let described = RuleLoader.load(directories: [rules], store: store, catalogue: catalogue, need: .definitions)
        #expect(compiled.problems.isEmpty)
        #expect(described.definitions.first { $0.id == "a" } == compiled.definitions.first { $0.id == "a" })
        // Text that is not UTF-8 would not come back as the same bytes: that rule is compiled each time.
        #expect(described.compiled.map(\.definition.id) == ["f"])
    }
}
