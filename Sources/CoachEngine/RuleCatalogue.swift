import CoachCore
import Foundation
import LuaSandbox

/// Rule definitions remembered by their source, so that a command that only shows what rules
/// said (a digest, an explanation, a list) does not compile every rule again.
///
/// One file per source in `directory`, holding the source itself and what loading it declared.
/// An entry is used only for the very same bytes, so an edited rule is always compiled again
/// (and a broken edit is reported as before); a rule is remembered only after it loaded
/// without a problem. The catalogue is a cache: an entry it cannot read or write is simply
/// compiled, never an error.
public struct RuleCatalogue: Sendable {
    /// Raise when loading a rule could declare something else from the same source (a new
    /// field in ``RuleDefinition``, a new check in ``RuleLoader``): older entries are then
    /// passed over.
    static let format = 1

    /// Where the entries live.
    public let directory: String

    /// A catalogue in `directory` (made when the first entry is written).
    public init(directory: String) {
        self.directory = directory
    }

    /// The usual place: `COACH_CACHE`, else `$XDG_CACHE_HOME/coach/rules`, else
    /// `~/.cache/coach/rules`; nil when none can be told.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> RuleCatalogue? {
        if let own = environment["COACH_CACHE"], !own.isEmpty { return RuleCatalogue(directory: own + "/rules") }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return RuleCatalogue(directory: xdg + "/coach/rules") }
        if let home = environment["HOME"], home.hasPrefix("/") { return RuleCatalogue(directory: home + "/.cache/coach/rules") }
        return nil
    }

    /// What `source` declared when it last loaded, with `file` as its file; nil when it is not
    /// remembered.
    func definition(source: [UInt8], file: String) -> RuleDefinition? {
        guard let data = FileManager.default.contents(atPath: path(source)),
              let entry = try? JSONDecoder().decode(Entry.self, from: data),
              entry.format == Self.format, entry.source == Data(source), var definition = entry.definition.definition
        else { return nil }
        definition.file = file
        return definition
    }

    /// Whether an entry for `source` is there (not read: a command that compiles every rule
    /// anyway only writes the entries that are missing).
    func holds(_ source: [UInt8]) -> Bool {
        FileManager.default.fileExists(atPath: path(source))
    }

    /// Remembers what `source` declared (written whole under another name, then renamed, so
    /// that a reader never sees half an entry).
    func remember(_ definition: RuleDefinition, source: [UInt8]) {
        guard let stored = StoredDefinition(definition),
              let data = try? JSONEncoder().encode(Entry(format: Self.format, source: Data(source), definition: stored))
        else { return }
        let target = path(source)
        let temporary = target + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, target) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    private func path(_ source: [UInt8]) -> String {
        directory + "/" + SourceHash.of(source) + "-\(source.count)-v\(Self.format).json"
    }

    private struct Entry: Codable {
        var format: Int
        /// The very bytes (base64 in the file): an entry is never taken for another source.
        var source: Data
        var definition: StoredDefinition
    }
}

/// A ``RuleDefinition`` as the catalogue writes it (its file is where it is found next time).
private struct StoredDefinition: Codable {
    var id: String
    var title: [String: String]
    var description: String?
    var seed: String?
    var why: [String: String]
    var source: [String: String]
    var events: [String]
    var params: [String: StoredValue]
    var texts: [String: [String: String]]
    var shadow: Bool
    var hasSuggest: Bool
    var version: String

    /// Nil for a definition with a parameter that is not plain data (a function, text that is
    /// not UTF-8): such a rule is simply compiled each time.
    init?(_ d: RuleDefinition) {
        var params: [String: StoredValue] = [:]
        for (key, value) in d.params {
            guard let stored = StoredValue(value) else { return nil }
            params[key] = stored
        }
        (id, title, description, seed, why, source) = (d.id, d.title, d.description, d.seed, d.why, d.source)
        (events, self.params, texts, shadow, hasSuggest, version) = (d.events.map(\.rawValue), params, d.texts, d.shadow, d.hasSuggest,
                                                                     d.version)
    }

    var definition: RuleDefinition? {
        var d = RuleDefinition(id: id, title: title, description: description, seed: seed,
                               events: events.map(EventKind.init(rawValue:)), params: params.mapValues(\.value), texts: texts,
                               shadow: shadow, hasSuggest: hasSuggest, version: version, file: "")
        d.why = why
        d.source = source
        return d
    }
}

/// A parameter's default, tagged by kind, so that it comes back exactly (an integer stays one,
/// a list stays a list).
private indirect enum StoredValue: Codable {
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([StoredValue])

    init?(_ value: LuaValue) {
        switch value {
        case .boolean(let b): self = .boolean(b)
        case .integer(let i): self = .integer(i)
        case .number(let n):
            guard n.isFinite else { return nil }
            self = .number(n)
        case .string(let s):
            guard let text = s.text else { return nil }
            self = .string(text)
        case .array(let items):
            var out: [StoredValue] = []
            for item in items {
                guard let stored = StoredValue(item) else { return nil }
                out.append(stored)
            }
            self = .array(out)
        // A rule's defaults are never tables of names (the loader refuses them).
        case .nil, .map, .function, .rows: return nil
        }
    }

    var value: LuaValue {
        switch self {
        case .boolean(let b): .boolean(b)
        case .integer(let i): .integer(i)
        case .number(let n): .number(n)
        case .string(let s): .text(s)
        case .array(let items): .array(items.map(\.value))
        }
    }
}
