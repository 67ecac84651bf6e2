import CoachCore
import Foundation
import LuaSandbox

/// Rule definitions remembered by their source, so that a command that only shows what rules
/// said (a digest, an explanation, a list) does not compile every rule again.
///
/// One file per source and build of coach in `directory`, holding the source itself and what
/// loading it declared. An entry is used only for the very same bytes and by the same build
/// (another build may check rules differently), so an edited rule is always compiled again
/// (and a broken edit is reported as before); a rule is remembered only after it loaded
/// without a problem. The catalogue is a cache: an entry it cannot read or write is simply
/// compiled, never an error; one it cannot read is removed, so that the next compile writes it
/// again, and entries older than a month are removed when one is written. The folder and its
/// files are the user's alone (0700, 0600).
public struct RuleCatalogue: Sendable {
    /// Raise when the stored form of a definition changes.
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

    /// This build of coach, told apart by its program file (path, size, time): entries of
    /// another build are passed over.
    static let build: String = {
        let program = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        let attributes = (try? FileManager.default.attributesOfItem(atPath: program)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return SourceHash.of(Array("\(program)|\(size)|\(time)|\(format)".utf8))
    }()

    /// What `source` declared when it last loaded, with `file` as its file; nil when it is not
    /// remembered.
    func definition(source: [UInt8], file: String) -> RuleDefinition? {
        let path = path(source)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.format == Self.format,
              entry.build == Self.build, entry.source == Data(source), var definition = entry.definition.definition
        else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
        definition.file = file
        return definition
    }

    /// Whether an entry for `source` is there (not read: a command that compiles every rule
    /// anyway only writes the entries that are missing).
    func holds(_ source: [UInt8]) -> Bool {
        FileManager.default.fileExists(atPath: path(source))
    }

    /// Remembers what `source` declared (written whole under a name of its own, then renamed,
    /// so that a reader never sees half an entry).
    func remember(_ definition: RuleDefinition, source: [UInt8]) {
        guard let stored = StoredDefinition(definition),
              let data = try? JSONEncoder().encode(Entry(format: Self.format, build: Self.build, source: Data(source),
                                                         definition: stored))
        else { return }
        let manager = FileManager.default
        let target = path(source)
        let temporary = directory + "/." + UUID().uuidString + ".tmp"
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                        attributes: [.posixPermissions: 0o700])
            guard manager.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
            if rename(temporary, target) != 0 { try? manager.removeItem(atPath: temporary) }
        } catch {
            try? manager.removeItem(atPath: temporary)
        }
        prune()
    }

    /// Removes entries written more than `days` ago (those of earlier builds and edits pile up
    /// otherwise); one still in use is written again by the next compile.
    func prune(olderThan days: Int = 30) {
        let manager = FileManager.default
        let limit = Date().addingTimeInterval(-Double(days) * 86_400)
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".json") || name.hasSuffix(".tmp") {
            let path = directory + "/" + name
            if let written = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date, written < limit {
                try? manager.removeItem(atPath: path)
            }
        }
    }

    private func path(_ source: [UInt8]) -> String {
        directory + "/" + SourceHash.of(source) + "-\(source.count)-\(Self.build).json"
    }

    private struct Entry: Codable {
        var format: Int
        var build: String
        /// The very bytes (base64 in the file): an entry is never taken for another source.
        var source: Data
        var definition: StoredDefinition
    }
}

/// A ``RuleDefinition`` as the catalogue writes it (its file is where it is found next time).
struct StoredDefinition: Codable {
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
indirect enum StoredValue: Codable {
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
