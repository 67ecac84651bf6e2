import CoachCore
import CoachPlugins
import Foundation
import Testing

/// The shipped kijkwijzers load completely, and broken plugins say where they are broken.
struct PluginLoaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let plugins = root.appendingPathComponent("Plugins").path
    static let seeds = root.deletingLastPathComponent().appendingPathComponent("shared/seeds").path
    static var seedsPresent: Bool { FileManager.default.fileExists(atPath: seeds) }

    @Test
    func theThreeKijkwijzersOfTheSeedsLoadWithEverySectionAndItem() throws {
        let set = PluginLoader.loadAll(from: Self.plugins)
        #expect(set.problems.isEmpty, "\(set.problems)")
        let byId = Dictionary(uniqueKeysWithValues: set.instruments.map { ($0.id, $0) })

        // Counted in the seeds: seed 002's bijlage, seed 000's two kijkwijzers.
        let benoit = try #require(byId["peter-benoit-doelgerichte-differentiatie"])
        #expect(benoit.scale == .frequency)
        #expect(benoit.sections.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(benoit.sections.map(\.title) == ["Hoge verwachtingen", "Principes van effectieve directe instructie",
                                                 "Flexibel groeperen", "Maximaal leren", "Output = input", "Feedback"])
        #expect(benoit.sections.map(\.items.count) == [3, 7, 5, 3, 2, 8])
        #expect(benoit.sections.map(\.tips.count) == [2, 1, 1, 0, 0, 0])
        #expect(benoit.item("6.1")?.example?.hasPrefix("Bv. Concreet maken") == true)

        let fenix = try #require(byId["campus-fenix-feedback-zelfregulatie"])
        #expect(fenix.scale == .presence)
        #expect(fenix.sections.map(\.items.count) == [2, 3, 5, 2, 3])
        #expect(fenix.items.allSatisfy { $0.example != nil && $0.reflectionQuestion != nil },
                "every Campus Fenix item has an example and a reflection question")
        #expect(fenix.closingQuestions.count == 6)

        let walk = try #require(byId["diepenbeek-leerwandeling"])
        #expect(walk.scale == .seenNotSeen)
        #expect(walk.sections.map(\.items.count) == [7, 9])
        #expect(set.plugins.count == 5)
        #expect(set.mappings.map(\.id) == ["google-forms-peter-benoit-3", "google-forms-diepenbeek-leerwandeling"])
    }

    @Test(.enabled(if: PluginLoaderTests.seedsPresent, "needs ../shared/seeds beside the checkout"))
    func everyTextIsWordForWordFromTheSeeds() throws {
        let seedText = try FileManager.default.contentsOfDirectory(atPath: Self.seeds).sorted().map {
            try String(contentsOfFile: Self.seeds + "/" + $0, encoding: .utf8)
        }.joined(separator: " ")
        let normalized = Self.normalize(seedText)
        var missing: [String] = []
        for instrument in PluginLoader.loadAll(from: Self.plugins).instruments {
            var texts = instrument.closingQuestions
            for section in instrument.sections {
                texts += [section.title] + section.tips
                texts += section.items.flatMap { [$0.text, $0.example, $0.reflectionQuestion].compactMap { $0 } }
            }
            missing += texts.filter { !normalized.contains(Self.normalize($0)) }
        }
        #expect(missing.isEmpty, "not in the seeds: \(missing)")
    }

    @Test
    func theFeedbackLegendOfSeed003LoadsWithItsSixMeanings() throws {
        let legend = try #require(PluginLoader.loadAll(from: Self.plugins).legends.first)
        #expect(legend.codes.count == 6)
        #expect(legend.codes.filter { $0.colour != nil }.map(\.code) == ["rood", "blauw"], "the seed names two colours")
        if Self.seedsPresent {
            let seed = Self.normalize(try String(contentsOfFile: Self.seeds + "/003_803da7f0557e7a55.txt", encoding: .utf8))
            for code in legend.codes { #expect(seed.contains(Self.normalize(code.meaning)), "\(code.meaning)") }
        }
    }

    static func normalize(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: - Broken plugins

    func scratchPlugin(_ files: [String: String]) throws -> String {
        let folder = NSTemporaryDirectory() + "coach-plugin-\(UInt64.random(in: 0 ... .max))/broken"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let manifest = #"{"id": "broken", "name": "Broken", "version": "1.0.0", "instruments": ["k.json"]}"#

    /// The problems of a plugin made of `files`, each as told in `language`, its folder left out.
    func problems(_ files: [String: String], in language: Language = .en) throws -> [String] {
        let folder = try scratchPlugin(files)
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        do {
            _ = try PluginLoader.load(folder: folder)
            return []
        } catch {
            return error.problems.map { $0.text(language).replacingOccurrences(of: folder + "/", with: "") }
        }
    }

    @Test
    func malformedJSONSaysWhere() throws {
        let found = try problems(["plugin.json": Self.manifest, "k.json": "{\n  \"id\": \"k\",\n  \"title\": oops\n}"])
        #expect(found == ["k.json: is not valid JSON (line 3, column 12)"])
    }

    /// Each problem in the reader's language: a policy team reading Dutch gets the same file and
    /// place with Dutch words.
    @Test
    func problemsAreToldInDutchWithTheSameFileAndPlace() throws {
        func told(_ files: [String: String]) throws -> [(en: String, nl: String)] {
            Array(zip(try problems(files), try problems(files, in: .nl)))
        }
        let fields = try told(["plugin.json": Self.manifest, "k.json": #"""
            {"id": "k", "version": "1", "title": "K", "scale": "presence", "colour": "red",
             "sections": [{"number": 1, "title": 7, "items": []}]}
            """#])
        #expect(fields.map(\.nl) == ["k.json: colour: is geen bekend veld (bekend: closingQuestions, id, level, purpose, scale, sections, "
                                     + "title, uses, version)",
                                     "k.json: sections[0].title: moet tekst zijn"])
        #expect(fields.map(\.en) == ["k.json: colour: is not a known field (known: closingQuestions, id, level, purpose, scale, sections, "
                                     + "title, uses, version)",
                                     "k.json: sections[0].title: must be text"])
        #expect(try told(["plugin.json": Self.manifest, "k.json": "{\n  \"id\": oops\n}"]).map(\.nl)
                == ["k.json: is geen geldige JSON (regel 2, kolom 9)"])
        #expect(try told(["plugin.json": Self.manifest]).map(\.nl) == ["k.json: kan niet gelezen worden (ontbreekt het?)"])
        let scale = try told(["plugin.json": Self.manifest, "k.json": #"""
            {"id": "k", "version": "1", "title": "K", "scale": "often", "sections": [{"number": 1, "title": "S", "items": [{"text": "a"}]}]}
            """#])
        #expect(scale.map(\.nl) == ["k.json: scale: moet een van presence, frequency, seenNotSeen zijn, niet 'often'"], "\(scale)")
        // The instrument's own checks are told in Dutch too (they come from the record's checks).
        let empty = try told(["plugin.json": Self.manifest, "k.json": #"""
            {"id": "k", "version": "1", "title": "K", "scale": "presence", "sections": []}
            """#])
        #expect(empty.map(\.nl) == ["k.json: sections: mag niet leeg zijn"])
        #expect(empty.map(\.en) == ["k.json: sections: must not be empty"])
    }

    @Test
    func missingFilesAndUnknownFieldsAreNamed() throws {
        #expect(try problems(["plugin.json": Self.manifest]) == ["k.json: cannot be read (missing?)"])
        let instrument = #"""
            {"id": "k", "version": "1", "title": "K", "scale": "frequency",
             "sections": [{"number": 1, "title": "S", "items": [{"text": "x", "reflectieVraag": "y"}]}]}
            """#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": instrument])
                == ["k.json: sections[0].items[0].reflectieVraag: is not a known field (known: example, key, reflectionQuestion, text)"])
    }

    @Test
    func wrongTypesAndValuesAreNamed() throws {
        let badType = #"{"id": "k", "version": "1", "title": "K", "scale": "frequency", "sections": [{"number": "one", "title": "S", "items": []}]}"#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": badType]) == ["k.json: sections[0].number: must be a whole number"])
        let badScale = #"{"id": "k", "version": "1", "title": "K", "scale": "1-10", "sections": []}"#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": badScale])
                == ["k.json: scale: must be one of presence, frequency, seenNotSeen, got '1-10'"])
        let missing = #"{"id": "k", "version": "1", "scale": "presence", "sections": []}"#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": missing]) == ["k.json: title: is required"])
        let duplicate = #"""
            {"id": "k", "version": "1", "title": "K", "scale": "presence",
             "sections": [{"number": 1, "title": "S", "items": [{"key": "1.1", "text": "a"}, {"key": "1.1", "text": "b"}]},
                          {"number": 1, "title": "T", "items": []}]}
            """#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": duplicate]) == [
            "k.json: item 1.1: appears twice",
            "k.json: sections: must have distinct numbers, got 1",
            "k.json: section 1: has no items",
        ])
    }

    @Test
    func aKeyGivenTwiceInOneObjectIsRefusedWithItsPlace() throws {
        // Parsers keep one of the two silently, each another one: the author must choose.
        let twice = #"""
            {"id": "k", "version": "1", "title": "K", "scale": "presence", "title": "K2",
             "sections": [{"number": 1, "title": "S", "items": [{"text": "a"}, {"text": "b", "example": "x", "ex\u0061mple": "y"}]}]}
            """#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": twice]) == [
            "k.json: title: is given twice in the same object; keep one",
            "k.json: sections[0].items[1].example: is given twice in the same object; keep one",
        ])
        // The same key in different objects, and a key's name as a value, are fine.
        let once = #"""
            {"id": "k", "version": "1", "title": "title", "scale": "presence",
             "sections": [{"number": 1, "title": "S", "items": [{"text": "a, \"text\": b"}, {"text": "b"}]}]}
            """#
        #expect(try problems(["plugin.json": Self.manifest, "k.json": once]) == [])
    }

    @Test
    func aKijkwijzerSavedAsUTF16IsReadAndCheckedLikeUTF8() throws {
        // "•" is 22 20 in UTF-16LE: a byte that is a quote in UTF-8.
        let text = #"{"id": "k", "version": "1", "title": "• K", "scale": "presence", "sections": [{"number": 1, "title": "S", "items": [{"text": "a"}]}]}"#
        let folder = try scratchPlugin(["plugin.json": Self.manifest])
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        for encoding: String.Encoding in [.utf16, .utf16LittleEndian, .utf16BigEndian, .utf32LittleEndian] {
            try #require(text.data(using: encoding)).write(to: URL(fileURLWithPath: folder + "/k.json"))
            let plugin = try PluginLoader.load(folder: folder)
            #expect(plugin.instruments.map(\.title) == ["• K"], "\(encoding)")
        }
        let twice = text.replacingOccurrences(of: #""scale": "presence""#, with: #""scale": "presence", "scale": "frequency""#)
        try #require(twice.data(using: .utf16LittleEndian)).write(to: URL(fileURLWithPath: folder + "/k.json"))
        #expect(throws: PluginLoader.Problems.self) { try PluginLoader.load(folder: folder) }
        do {
            _ = try PluginLoader.load(folder: folder)
        } catch {
            #expect(error.problems.map(\.description) == [folder + "/k.json: scale: is given twice in the same object; keep one"])
        }
    }

    @Test
    func aBrokenPluginDoesNotStopTheOthers() throws {
        let folder = try scratchPlugin(["plugin.json": #"{"id": "broken", "name": "B", "version": "1"#])
        let parent = (folder as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let good = parent + "/good"
        try FileManager.default.createDirectory(atPath: good, withIntermediateDirectories: true)
        try #"{"id": "good", "name": "Good", "version": "1.0.0"}"#.write(toFile: good + "/plugin.json", atomically: true, encoding: .utf8)
        let set = PluginLoader.loadAll(from: parent)
        #expect(set.plugins.map(\.manifest.id) == ["good"])
        #expect(set.problems.count == 1)
        #expect(set.problems.first?.file == folder + "/plugin.json")
    }

    @Test
    func manifestsOnlyReadsThePluginJSONAlone() throws {
        let manifest = #"{"id": "broken", "name": "B", "version": "1", "instruments": ["k.json"], "rules": ["r.lua"]}"#
        let folder = try scratchPlugin(["plugin.json": manifest, "k.json": "{ oops", "r.lua": "return 1"])
        let parent = (folder as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: parent) }
        // In full, the broken kijkwijzer keeps the whole plugin (and its rule) out.
        let full = PluginLoader.loadAll(from: parent)
        #expect(full.plugins.isEmpty)
        #expect(full.problems.map(\.file) == [folder + "/k.json"])
        // Manifests only: its list of rules, and no kijkwijzer read.
        let manifests = PluginLoader.loadAll(from: parent, manifestsOnly: true)
        #expect(manifests.problems.isEmpty)
        #expect(manifests.ruleFiles == [folder + "/r.lua"])
        #expect(manifests.instruments.isEmpty)
        // A manifest's own problems are still told.
        try #"{"id": "broken", "name": "B", "version": "1", "rules": ["gone.lua"]}"#.write(toFile: folder + "/plugin.json", atomically: true,
                                                                                              encoding: .utf8)
        #expect(PluginLoader.loadAll(from: parent, manifestsOnly: true).problems.map(\.description)
                == [folder + "/plugin.json: rules[0]: 'gone.lua' does not exist"])
    }

    @Test
    func pluginFilesStayInsideTheirFolder() throws {
        let manifest = #"{"id": "sneaky", "name": "S", "version": "1", "instruments": ["../../etc/passwd"]}"#
        #expect(try problems(["plugin.json": manifest])
                == ["plugin.json: instruments[0]: '../../etc/passwd' must be a file inside the plugin folder"])
    }
}

/// A kijkwijzer says which school level its examples are for; anything else is named with its file.
struct InstrumentLevelTests {
    static func instrument(level: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-level-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("k.json").path
        try """
            { "id": "k", "version": "1", "title": "K", "scale": "presence", "level": "\(level)",
              "sections": [ { "number": 1, "title": "S", "items": [ { "text": "Item", "example": "Voorbeeld" } ] } ] }
            """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test
    func theShippedCampusFenixKijkwijzerIsForSecondarySchools() {
        let set = PluginLoader.loadAll(from: PluginLoaderTests.plugins)
        #expect(set.instruments.first { $0.id == "campus-fenix-feedback-zelfregulatie" }?.level == .secondary)
    }

    @Test
    func aLevelInDutchIsReadAndAnUnknownOneIsNamedWithItsFile() throws {
        #expect(try PluginLoader.loadInstrument(file: try Self.instrument(level: "basisonderwijs"), plugin: nil).level == .primary)
        let file = try Self.instrument(level: "kleuter")
        #expect { try PluginLoader.loadInstrument(file: file, plugin: nil) } throws: { error in
            "\(error)".contains(file) && "\(error)".contains("level") && "\(error)".contains("must be primary or secondary, got 'kleuter'")
        }
    }
}
