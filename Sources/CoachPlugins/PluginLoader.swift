import CoachCore
import Foundation

/// A plugin folder's manifest (`plugin.json`).
///
/// ```json
/// { "id": "kijkwijzer-peter-benoit", "name": "...", "version": "1.0.0",
///   "description": "...", "source": "seed 002, bijlage Kijkwijzer",
///   "instruments": ["doelgerichte-differentiatie.json"] }
/// ```
public struct PluginManifest: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var version: String
    public var description: String?
    /// Where the content comes from, for the people who use it.
    public var source: String?
    /// Instrument files, relative to the plugin folder.
    public var instruments: [String]?
    /// Rule files (Lua), relative to the plugin folder; specs sit beside them.
    public var rules: [String]?
    /// Feedback legend files (codes for written feedback), relative to the plugin folder.
    public var legends: [String]?
    /// Import mapping files, relative to the plugin folder.
    public var mappings: [String]?
}

/// How to read someone else's CSV export (an online form, another tool) as records: which
/// column is which field, fixed values for fields the export lacks, and which columns hold
/// kijkwijzer item scores.
public struct ImportMapping: Codable, Sendable, Hashable {
    public var id: String
    public var description: String?
    /// observations, feedback, placements, results or walks.
    public var kind: String
    /// Export column title → field (as in the import's own CSV columns).
    public var columns: [String: String]
    /// Fields with one value for every row (e.g. the instrument and its version).
    public var defaults: [String: String]?
    /// Export column title → kijkwijzer item key, for observations.
    public var items: [String: String]?
    /// Cell text → score, for forms that answer in words ("Altijd" → 5).
    public var answers: [String: String]?

    public init(id: String, description: String? = nil, kind: String, columns: [String: String], defaults: [String: String]? = nil,
                items: [String: String]? = nil, answers: [String: String]? = nil) {
        self.id = id
        self.description = description
        self.kind = kind
        self.columns = columns
        self.defaults = defaults
        self.items = items
        self.answers = answers
    }
}

/// A feedback legend: codes a teacher puts on written work instead of the answer (seed 003's
/// coloured dots), usable as `codes` on feedback records.
public struct FeedbackLegend: Codable, Sendable, Hashable {
    public struct Code: Codable, Sendable, Hashable {
        public var code: String
        /// The colour, where the source names one.
        public var colour: String?
        public var meaning: String
    }
    public var id: String
    public var title: String
    public var purpose: String?
    public var codes: [Code]
}

/// A loaded plugin and what it contributes.
public struct Plugin: Sendable, Hashable {
    public var manifest: PluginManifest
    /// The folder it was loaded from.
    public var folder: String
    public var instruments: [Instrument]
    public var legends: [FeedbackLegend] = []
    public var mappings: [ImportMapping] = []

    /// The rule files the plugin contributes, as paths.
    public var ruleFiles: [String] { (manifest.rules ?? []).map { folder + "/" + $0 } }
}

/// Something wrong in a plugin, pointing at the file and the place in it:
/// `Plugins/x/kijkwijzer.json: sections[2].items[1].text: is required`, or in Dutch
/// `…: sections[2].items[1].text: is verplicht`.
public struct PluginProblem: ReadableError, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// A path into the JSON (`sections[2].title`), when the problem is inside the file.
    public var place: String?
    /// What is wrong, in English.
    public var message: String
    /// ``message`` in Dutch (nil: said in English only, as a message of Foundation's is).
    public internal(set) var dutch: String?

    public init(file: String, place: String? = nil, message: String) {
        self.file = file
        self.place = place
        self.message = message
    }

    /// A problem said in both languages.
    public init(file: String, place: String? = nil, _ said: Phrase) {
        self.init(file: file, place: place, message: said.en)
        dutch = said.nl
    }

    public var description: String {
        [file, place, message].compactMap { $0 }.joined(separator: ": ")
    }

    /// ``description`` in `language`: the file and the place as they are, what is wrong in the
    /// reader's language.
    public func text(_ language: Language) -> String {
        [file, place, language == .nl ? dutch ?? message : message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// Every plugin found in a folder, and every problem; a broken plugin never stops the others.
public struct PluginSet: Sendable {
    public var plugins: [Plugin]
    public var problems: [PluginProblem]

    public init(plugins: [Plugin], problems: [PluginProblem]) {
        self.plugins = plugins
        self.problems = problems
    }

    /// All instruments of all plugins that loaded.
    public var instruments: [Instrument] { plugins.flatMap(\.instruments) }

    /// All feedback legends of all plugins that loaded.
    public var legends: [FeedbackLegend] { plugins.flatMap(\.legends) }

    /// All import mappings of all plugins that loaded.
    public var mappings: [ImportMapping] { plugins.flatMap(\.mappings) }

    /// All rule files of all plugins that loaded.
    public var ruleFiles: [String] { plugins.flatMap(\.ruleFiles) }
}

/// Reads plugin folders.
public enum PluginLoader {
    /// Loads every plugin folder directly inside `directory` (folders with a `plugin.json`).
    /// `manifestsOnly`: only each `plugin.json` is read and checked, not the kijkwijzers,
    /// legends and mappings it names (for a command that needs no more than the plugins' rules).
    public static func loadAll(from directory: String, manifestsOnly: Bool = false) -> PluginSet {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return PluginSet(plugins: [], problems: [PluginProblem(file: directory, Phrase("is not a folder", nl: "is geen map"))])
        }
        let entries = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var set = PluginSet(plugins: [], problems: [])
        var ids: [String: String] = [:]
        let folders = entries.filter { !$0.hasPrefix(".") }.map { directory + "/" + $0 }
            .filter { manager.fileExists(atPath: $0 + "/plugin.json") }
        // Each folder is read on its own (every command that runs rules waits for them all).
        let outcomes = mapSideBySide(folders.count) { index -> Result<Plugin, Problems> in
            do throws(Problems) { return .success(try load(folder: folders[index], manifestOnly: manifestsOnly)) } catch {
                return .failure(error)
            }
        }
        for (folder, outcome) in zip(folders, outcomes) {
            switch outcome {
            case .success(let plugin):
                if let other = ids[plugin.manifest.id] {
                    set.problems.append(PluginProblem(file: folder + "/plugin.json", place: "id",
                                                      Phrase("'\(plugin.manifest.id)' is also the id of \(other)",
                                                             nl: "'\(plugin.manifest.id)' is ook de id van \(other)")))
                    continue
                }
                ids[plugin.manifest.id] = folder
                set.plugins.append(plugin)
            case .failure(let error):
                set.problems += error.problems
            }
        }
        return set
    }

    /// Several problems at once.
    public struct Problems: Error, Sendable {
        public var problems: [PluginProblem]
    }

    /// Loads one plugin folder (`manifestOnly`: its `plugin.json` alone).
    public static func load(folder: String, manifestOnly: Bool = false) throws(Problems) -> Plugin {
        let manifestFile = folder + "/plugin.json"
        let (object, data) = try readObject(manifestFile)
        var problems = StrictKeys.check(object, allowed: StrictKeys.manifest, file: manifestFile, place: nil)
        let manifest: PluginManifest
        do {
            manifest = try JSONDecoder().decode(PluginManifest.self, from: data)
        } catch {
            throw Problems(problems: problems + [DecodingProblem.describe(error, file: manifestFile)])
        }
        if !IssueCollector.isID(manifest.id) {
            problems.append(PluginProblem(file: manifestFile, place: "id",
                                          Phrase("must be 1 to 64 letters, digits, '-', '_', '.' or '/', got '\(manifest.id)'",
                                                 nl: "moet uit 1 tot en met 64 tekens bestaan (letters, cijfers, '-', '_', '.' of '/'), niet '\(manifest.id)'")))
        }
        for (n, name) in (manifest.rules ?? []).enumerated() {
            if name.contains("..") || name.hasPrefix("/") || !name.hasSuffix(".lua") {
                problems.append(PluginProblem(file: manifestFile, place: "rules[\(n)]",
                                              Phrase("'\(name)' must be a .lua file inside the plugin folder",
                                                     nl: "'\(name)' moet een .lua-bestand in de map van de plugin zijn")))
            } else if !FileManager.default.fileExists(atPath: folder + "/" + name) {
                problems.append(PluginProblem(file: manifestFile, place: "rules[\(n)]",
                                              Phrase("'\(name)' does not exist", nl: "'\(name)' bestaat niet")))
            }
        }
        if manifestOnly {
            guard problems.isEmpty else { throw Problems(problems: problems) }
            return Plugin(manifest: manifest, folder: folder, instruments: [], legends: [], mappings: [])
        }
        var instruments: [Instrument] = []
        for (n, name) in (manifest.instruments ?? []).enumerated() {
            guard !name.contains(".."), !name.hasPrefix("/") else {
                problems.append(PluginProblem(file: manifestFile, place: "instruments[\(n)]",
                                              Phrase("'\(name)' must be a file inside the plugin folder",
                                                     nl: "'\(name)' moet een bestand in de map van de plugin zijn")))
                continue
            }
            do {
                instruments.append(try loadInstrument(file: folder + "/" + name, plugin: manifest.id))
            } catch {
                problems += error.problems
            }
        }
        var legends: [FeedbackLegend] = []
        for (n, name) in (manifest.legends ?? []).enumerated() {
            guard !name.contains(".."), !name.hasPrefix("/") else {
                problems.append(PluginProblem(file: manifestFile, place: "legends[\(n)]",
                                              Phrase("'\(name)' must be a file inside the plugin folder",
                                                     nl: "'\(name)' moet een bestand in de map van de plugin zijn")))
                continue
            }
            do {
                legends.append(try loadLegend(file: folder + "/" + name))
            } catch {
                problems += error.problems
            }
        }
        var mappings: [ImportMapping] = []
        for (n, name) in (manifest.mappings ?? []).enumerated() {
            guard !name.contains(".."), !name.hasPrefix("/") else {
                problems.append(PluginProblem(file: manifestFile, place: "mappings[\(n)]",
                                              Phrase("'\(name)' must be a file inside the plugin folder",
                                                     nl: "'\(name)' moet een bestand in de map van de plugin zijn")))
                continue
            }
            let file = folder + "/" + name
            do {
                let (object, data) = try readObject(file)
                let found = StrictKeys.check(object, allowed: StrictKeys.mapping, file: file, place: nil)
                if !found.isEmpty { problems += found; continue }
                let mapping = try JSONDecoder().decode(ImportMapping.self, from: data)
                // Column titles and answers are matched without regard to case: two keys that
                // differ only in case would be one, and which one wins would be chance.
                let clashes = [("columns", mapping.columns), ("items", mapping.items ?? [:]), ("answers", mapping.answers ?? [:])]
                    .compactMap { place, table -> PluginProblem? in
                        let keys = table.keys.sorted()
                        guard let clash = keys.first(where: { key in keys.contains { $0 != key && $0.lowercased() == key.lowercased() } })
                        else { return nil }
                        let other = keys.first { $0 != clash && $0.lowercased() == clash.lowercased() }!
                        return PluginProblem(file: file, place: place, Phrase(
                            "'\(clash)' and '\(other)' differ only in case, and an export's columns and answers are read "
                            + "without regard to case; keep one",
                            nl: "'\(clash)' en '\(other)' verschillen alleen in hoofdletters, en bij het lezen van een export "
                            + "telt dat verschil niet; verwijder er één"))
                    }
                if !["observations", "feedback", "placements", "results", "walks"].contains(mapping.kind) {
                    problems.append(PluginProblem(file: file, place: "kind",
                                                  Phrase("must be observations, feedback, placements, results or walks, got '\(mapping.kind)'",
                                                         nl: "moet observations, feedback, placements, results of walks zijn, niet "
                                                         + "'\(mapping.kind)'")))
                } else if !clashes.isEmpty {
                    problems += clashes
                } else {
                    mappings.append(mapping)
                }
            } catch let error as Problems {
                problems += error.problems
            } catch {
                problems.append(DecodingProblem.describe(error, file: file))
            }
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return Plugin(manifest: manifest, folder: folder, instruments: instruments, legends: legends, mappings: mappings)
    }

    /// Loads one instrument file, checking keys, types and the instrument's own rules.
    public static func loadInstrument(file: String, plugin: String?) throws(Problems) -> Instrument {
        let (object, data) = try readObject(file)
        var problems = StrictKeys.check(object, allowed: StrictKeys.instrument, file: file, place: nil)
        let decoded: InstrumentFile
        do {
            decoded = try JSONDecoder().decode(InstrumentFile.self, from: data)
        } catch {
            throw Problems(problems: problems + [DecodingProblem.describe(error, file: file)])
        }
        guard let scale = Scale(rawValue: decoded.scale) else {
            let names = Scale.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problems(problems: problems + [PluginProblem(file: file, place: "scale",
                                                               Phrase("must be one of \(names), got '\(decoded.scale)'",
                                                                      nl: "moet een van \(names) zijn, niet '\(decoded.scale)'"))])
        }
        var level: SchoolLevel?
        if let given = decoded.level {
            guard let known = SchoolLevel(spelled: given) else {
                throw Problems(problems: problems + [PluginProblem(file: file, place: "level",
                                                                   Phrase("must be primary or secondary, got '\(given)'",
                                                                          nl: "moet primary of secondary zijn, niet '\(given)'"))])
            }
            level = known
        }
        var uses: [InstrumentUse]?
        if let given = decoded.uses {
            var known: [InstrumentUse] = []
            for word in given {
                guard let use = InstrumentUse(rawValue: word) else {
                    let names = InstrumentUse.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Problems(problems: problems + [PluginProblem(file: file, place: "uses",
                                                                       Phrase("must be some of \(names), got '\(word)'",
                                                                              nl: "mag alleen \(names) bevatten, niet '\(word)'"))])
                }
                known.append(use)
            }
            uses = known
        }
        let instrument = Instrument(
            id: decoded.id, version: decoded.version, title: decoded.title, scale: scale, purpose: decoded.purpose,
            sections: decoded.sections.map { section in
                InstrumentSection(
                    number: section.number, title: section.title,
                    items: section.items.enumerated().map { position, item in
                        InstrumentItem(key: item.key ?? "\(section.number).\(position + 1)", text: item.text,
                                       example: item.example, reflectionQuestion: item.reflectionQuestion)
                    },
                    tips: section.tips ?? [])
            },
            closingQuestions: decoded.closingQuestions ?? [], plugin: plugin, level: level, uses: uses)
        problems += instrument.issues(reference: "\(instrument.id) \(instrument.version)").map { issue -> PluginProblem in
            // The issue's text starts with its field, which is the place here.
            let skip = issue.field.isEmpty ? 0 : issue.field.count + 1
            return PluginProblem(file: file, place: issue.field.isEmpty ? nil : issue.field,
                                 Phrase(String(issue.problem.dropFirst(skip)), nl: String(issue.problem(.nl).dropFirst(skip))))
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return instrument
    }

    /// Loads a feedback legend file: codes must be short and distinct, each with a meaning.
    public static func loadLegend(file: String) throws(Problems) -> FeedbackLegend {
        let (object, data) = try readObject(file)
        var problems = StrictKeys.check(object, allowed: StrictKeys.legend, file: file, place: nil)
        let legend: FeedbackLegend
        do {
            legend = try JSONDecoder().decode(FeedbackLegend.self, from: data)
        } catch {
            throw Problems(problems: problems + [DecodingProblem.describe(error, file: file)])
        }
        var seen = Set<String>()
        for (n, code) in legend.codes.enumerated() {
            if !IssueCollector.isID(code.code) {
                problems.append(PluginProblem(file: file, place: "codes[\(n)].code", Phrase("must be a short code, got '\(code.code)'",
                                                                                             nl: "moet een korte code zijn, niet '\(code.code)'")))
            }
            if !seen.insert(code.code).inserted {
                problems.append(PluginProblem(file: file, place: "codes[\(n)].code", Phrase("'\(code.code)' appears twice",
                                                                                             nl: "'\(code.code)' komt twee keer voor")))
            }
            if code.meaning.allSatisfy(\.isWhitespace) {
                problems.append(PluginProblem(file: file, place: "codes[\(n)].meaning", .required))
            }
        }
        if legend.codes.isEmpty { problems.append(PluginProblem(file: file, place: "codes", Phrase("must not be empty", nl: "mag niet leeg zijn"))) }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return legend
    }

    /// The file's JSON object, for checking its keys, and its bytes, for decoding: decoded from
    /// the bytes themselves, not from the object written out again (which cost a tick about
    /// 4 ms; docs/performance-log.md, session 33). A key given twice in one object is refused:
    /// the object and the decoder would each keep another one.
    private static func readObject(_ file: String) throws(Problems) -> (object: [String: Any], data: Data) {
        guard let given = FileManager.default.contents(atPath: file) else {
            throw Problems(problems: [PluginProblem(file: file, Phrase("cannot be read (missing?)", nl: "kan niet gelezen worden (ontbreekt het?)"))])
        }
        // Read, checked and decoded as UTF-8, whatever encoding the file came in.
        let data = DuplicateKeys.utf8(given)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Problems(problems: [PluginProblem(file: file, JSONPosition.describe(error, data: data))])
        }
        guard let dictionary = object as? [String: Any] else {
            throw Problems(problems: [PluginProblem(file: file, Phrase("must hold a JSON object", nl: "moet een JSON-object bevatten"))])
        }
        let twice = DuplicateKeys.places(in: data)
        guard twice.isEmpty else {
            throw Problems(problems: twice.map {
                PluginProblem(file: file, place: $0, Phrase("is given twice in the same object; keep one",
                                                             nl: "staat twee keer in hetzelfde object; verwijder er één"))
            })
        }
        return (dictionary, data)
    }
}

/// The instrument file format, as authors write it: item keys are optional (`3.2` is derived
/// from the section number and the item's place).
struct InstrumentFile: Decodable {
    struct Section: Decodable {
        var number: Int
        var title: String
        var items: [Item]
        var tips: [String]?
    }
    struct Item: Decodable {
        var key: String?
        var text: String
        var example: String?
        var reflectionQuestion: String?
    }
    var id: String
    var version: String
    var title: String
    var scale: String
    var purpose: String?
    var level: String?
    var uses: [String]?
    var sections: [Section]
    var closingQuestions: [String]?
}
