import ArgumentParser
import CoachCore
import CoachEngine
import CoachPlugins
import CoachStore
import Foundation

extension Language: ExpressibleByArgument {}

/// How output is written, where it is for machines too.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, md, json, html
}

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(help: "The database file (default: $COACH_DB, else ./coach.sqlite).")
    var db: String?

    @Option(help: "The language of the output: nl or en.")
    var lang: Language = .nl

    @Option(help: "Seconds a writer waits for another import or tick to finish (default: $COACH_WAIT, else 60).")
    var wait: Int?

    var path: String { db ?? ProcessInfo.processInfo.environment["COACH_DB"] ?? "coach.sqlite" }

    var waitSeconds: Int { wait ?? ProcessInfo.processInfo.environment["COACH_WAIT"].flatMap(Int.init) ?? 60 }

    /// Opens the store, or exits with one line naming the file and the reason. A writer that
    /// must wait for another says so on a terminal.
    func open(readOnly: Bool = false) throws -> CoachStore {
        let terminal = isatty(2) != 0
        do {
            return try CoachStore.open(path: path, wait: .seconds(max(0, waitSeconds)), readOnly: readOnly) {
                if terminal { FileHandleOutput.standardError.write("coach: waiting for another import or tick to finish…\n") }
            }
        } catch { throw fail(error.description) }
    }

    /// The store if its file exists, for commands that only use it to find recorded folders.
    func openIfPresent() -> CoachStore? {
        FileManager.default.fileExists(atPath: path) ? try? CoachStore.open(path: path) : nil
    }

    /// Opens the store only if the file exists: reading commands never create a database.
    /// `readOnly` for commands that only read: they never wait for a writer.
    func openExisting(readOnly: Bool = false) throws -> CoachStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw fail("no database at \(path) (run 'coach init' first, or give --db)")
        }
        return try open(readOnly: readOnly)
    }
}

/// Where rules and plugins are: given, else `Rules/` and `Plugins/` in the working folder,
/// else the folders `coach init` recorded in the store, so that every command finds them from
/// any folder.
struct EngineOptions: ParsableArguments {
    @Option(help: "The folder of the school's rules (default: ./Rules, else the one 'coach init' recorded).")
    var rules: String?

    @Option(help: "The folder of plugins (default: ./Plugins, else the one 'coach init' recorded).")
    var plugins: String?

    @Option(help: "The configuration file (default: ./coach.json when it exists).")
    var config: String?

    /// The rules folders to load, for a store (or none).
    func ruleDirectories(_ store: CoachStore? = nil) -> [String] {
        if let rules { return [rules] }
        if FileManager.default.fileExists(atPath: "Rules") { return ["Rules"] }
        if let recorded = try? store?.setting("rulesFolder"), FileManager.default.fileExists(atPath: recorded) { return [recorded] }
        return []
    }

    /// The plugins folder, for a store (or none).
    func pluginsFolder(_ store: CoachStore? = nil) -> String {
        plugins ?? Self.defaultPlugins(store)
    }

    /// ./Plugins, else the folder `coach init` recorded, else "Plugins".
    static func defaultPlugins(_ store: CoachStore?) -> String {
        if FileManager.default.fileExists(atPath: "Plugins") { return "Plugins" }
        if let recorded = try? store?.setting("pluginsFolder"), FileManager.default.fileExists(atPath: recorded) { return recorded }
        return "Plugins"
    }

    /// The configuration file's settings (or the defaults).
    func configuration() throws -> EngineConfiguration {
        do { return try ConfigurationFile.load(config) } catch { throw fail(error.description) }
    }

    /// Loads plugins (reporting problems on standard error) and the rules of the folder and
    /// the plugins. Returns the engine and whether anything was broken.
    func engine(_ store: CoachStore, configuration given: EngineConfiguration? = nil,
                loaded: PluginSet? = nil) throws -> (Engine, broken: Bool) {
        let configuration = try given ?? self.configuration()
        let folder = pluginsFolder(store)
        let set = loaded ?? (FileManager.default.fileExists(atPath: folder) ? PluginLoader.loadAll(from: folder)
            : PluginSet(plugins: [], problems: []))
        if loaded == nil {
            for problem in set.problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
        }
        let (engine, problems) = Engine.load(store: store, ruleDirectories: ruleDirectories(store), ruleFiles: set.ruleFiles,
                                             configuration: configuration)
        for problem in problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
        return (engine, !set.problems.isEmpty || !problems.isEmpty)
    }
}

/// Writes `text` to standard output.
func say(_ text: String) {
    FileHandleOutput.standardOutput.write(text.hasSuffix("\n") ? text : text + "\n")
}

/// Runs `body`, turning a store or engine error into one line and exit status 1.
@discardableResult
func guarded<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        throw fail(String(describing: error))
    }
}

/// Parses `--week`, saying what a week looks like when it is wrong.
func parseWeek(_ text: String) throws -> IsoWeek {
    guard let week = IsoWeek(text) else {
        throw ValidationError("--week must be an ISO week like 2026-W44, got '\(text)'")
    }
    return week
}

/// Parses a day option, saying what a day looks like when it is wrong.
func parseDay(_ text: String, _ option: String) throws -> Day {
    guard let day = Day(text) else {
        throw ValidationError("\(option) must be a date like 2026-10-05, got '\(text)'")
    }
    return day
}
