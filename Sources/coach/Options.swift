import ArgumentParser
import CoachCore
import CoachEngine
import CoachImport
import CoachPlugins
import CoachSetup
import CoachStore
import Foundation

extension Language: ExpressibleByArgument {}

/// The language of the command's reader (`--lang`), for errors told where no option is at
/// hand (``guarded(_:)``); set when the options are checked (an option group is checked as the
/// command is read, before the command's own `validate()`).
let readerLanguage = ReaderLanguage()

/// One language, set once a command's options are read and asked from anywhere after.
final class ReaderLanguage: @unchecked Sendable {
    // @unchecked: `value` is read and written with the lock held.
    private let lock = NSLock()
    private var value = Language.nl

    func withLock<T>(_ body: (inout Language) -> T) -> T { lock.withLock { body(&value) } }
}

/// How output is written, where it is for machines too.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, md, json, html
}

/// Where the store is and in which language to speak: what commands that read share with
/// those that write (``ReadingStoreOptions``, ``StoreOptions``).
protocol StoreChoice {
    var db: String? { get }
    var lang: Language { get }
    /// Seconds to wait for another writer (nil: `$COACH_WAIT`, else 60).
    var waitSeconds: Int? { get }
}

extension StoreChoice {
    var workspace: Workspace {
        var workspace = Workspace(database: db, waitSeconds: waitSeconds, report: complain)
        workspace.language = lang
        return workspace
    }
    var path: String { workspace.path }

    /// Opens the store (creating it), or exits with one line. A waiting writer says so on a terminal.
    func open(readOnly: Bool = false) throws -> CoachStore {
        try guarded { try workspace.open(readOnly: readOnly, onWait: StoreOptions.waiting) }
    }

    /// Opens the store only if the file exists; `readOnly` readers never wait for a writer. On
    /// the shared store, `who` reads only their schools.
    func openExisting(readOnly: Bool = false, as who: RoleOptions? = nil, touching: Mentions? = nil) throws -> CoachStore {
        let role = who?.given().flatMap { try? Role(parsing: $0) }
        return try guarded { try workspace.openExisting(readOnly: readOnly, onWait: StoreOptions.waiting, role: role, touching: touching) }
    }

    /// The store if its file exists, for commands that only use it to find recorded folders.
    func openIfPresent() -> CoachStore? { try? workspace.openExisting(readOnly: true) }
}

/// The store options of a command that only reads: it never waits, so it has no `--wait`.
struct ReadingStoreOptions: ParsableArguments, StoreChoice {
    @Option(help: "The database: a SQLite file, or postgres://user@host:port/name (default: $COACH_DB, else ./coach.sqlite).")
    var db: String?

    @Option(help: "The language of the output: nl or en.")
    var lang: Language = .nl

    var waitSeconds: Int? { nil }

    func validate() throws {
        readerLanguage.withLock { $0 = lang }
    }
}

/// Options every command that writes to the store shares.
struct StoreOptions: ParsableArguments, StoreChoice {
    @Option(help: "The database: a SQLite file, or postgres://user@host:port/name (default: $COACH_DB, else ./coach.sqlite).")
    var db: String?

    @Option(help: "The language of the output: nl or en.")
    var lang: Language = .nl

    @Option(help: "Seconds this command waits for another import or tick to finish (default: $COACH_WAIT, else 60); one that writes records, or erases or removes them, waits as long again for the rules of a closed week to run.")
    var wait: Int?

    var waitSeconds: Int? { wait }

    func validate() throws {
        readerLanguage.withLock { $0 = lang }
        if let wait, wait < 0 {
            throw ValidationError(lang == .nl ? "--wait moet 0 of meer seconden zijn, niet \(wait)" : "--wait must be 0 or more seconds, got \(wait)")
        }
        // As --wait abc is refused: a mistyped $COACH_WAIT would otherwise wait the default.
        // (Empty, as templates leave it, is unset.)
        if wait == nil, let text = ProcessInfo.processInfo.environment["COACH_WAIT"]?.trimmingCharacters(in: .whitespacesAndNewlines),
           !text.isEmpty, Int(text).map({ $0 < 0 }) ?? true {
            throw ValidationError(lang == .nl ? "$COACH_WAIT moet een geheel aantal seconden zijn, 0 of meer, niet '\(text)'"
                                              : "$COACH_WAIT must be a whole number of seconds, 0 or more, got '\(text)'")
        }
    }

    /// Runs `attempt` (which opens the store itself) again while a closed week of a school it
    /// writes waits for its rules, up to --wait; a waiting writer says so on a terminal.
    /// `rereadable`: false when the attempt reads a pipe, which a second attempt would find
    /// empty: then it is refused at once, saying so. `firstRefusal` is asked once, at the
    /// first refusal: what it returns is the outcome instead of waiting (nil: wait).
    func waitingForRules<T>(rereadable: Bool = true, firstRefusal: (() throws -> T?)? = nil, _ attempt: () throws -> T) throws -> T {
        func waitingSchool(_ error: any Error) -> String? {
            (error as? StoreError)?.waitingSchool ?? (error as? OneRecordProblems)?.waitingSchool
        }
        do {
            return try workspace.waitingForRules(refused: { error in
                rereadable ? waitingSchool(error) : nil
            }, onWait: {
                if isatty(2) != 0 { complain(lang == .nl ? "wachten tot de regels voor een afgesloten week gelopen zijn…"
                                                         : "waiting for the rules of a closed week to run…") }
            }, firstRefusal: firstRefusal, attempt)
        } catch let error as StoreError where error.isWeekNotRun {
            guard rereadable else {
                throw fail(error.text(lang) + (lang == .nl ? " (er is niet gewacht: invoer via een pipe kan maar één keer gelezen worden; bewaar ze eerst in een bestand)"
                                                           : " (it did not wait: input from a pipe can be read only once; save it to a file first)"))
            }
            throw fail(error.text(lang))
        }
    }

    static let waiting: @Sendable () -> Void = {
        if isatty(2) != 0 {
            complain(readerLanguage.withLock { $0 } == .nl ? "wachten tot een andere import of tick klaar is…"
                                                           : "waiting for another import or tick to finish…")
        }
    }
}

/// Where rules, plugins and the configuration are (see `Workspace` for the defaults).
struct EngineOptions: ParsableArguments {
    @Option(help: "The folder of the school's rules (default: ./Rules, else the one 'coach init' recorded).")
    var rules: String?

    @Option(help: "The folder of plugins (default: ./Plugins, else the one 'coach init' recorded).")
    var plugins: String?

    @Option(help: "The configuration file (default: ./coach.json when it exists, else the one 'coach init' recorded).")
    var config: String?

    var workspace: Workspace {
        var workspace = Workspace(rules: rules, plugins: plugins, configurationFile: config, report: complain)
        workspace.language = readerLanguage.withLock { $0 }
        return workspace
    }

    func ruleDirectories(_ store: CoachStore? = nil) -> [String] { workspace.ruleDirectories(store) }

    func pluginsFolder(_ store: CoachStore? = nil) -> String { workspace.pluginsFolder(store) }

    /// The configuration (given, `./coach.json`, else the one `coach init` recorded in `store`).
    func configuration(_ store: CoachStore? = nil) throws -> EngineConfiguration {
        try guarded { try workspace.configuration(store) }
    }

    /// The engine with every rule that loads (compiled as `need` says); `broken` when a plugin
    /// or rule did not (reported).
    func engine(_ store: CoachStore, configuration: EngineConfiguration? = nil,
                loaded: PluginSet? = nil, need: RuleNeed = .all) throws -> (engine: Engine, broken: Bool) {
        try guarded { try workspace.engine(store, configuration: configuration, plugins: loaded, need: need) }
    }
}

/// Who is reading (`--as`, else `COACH_AS`, else the configuration's `as`): each role sees
/// only what is theirs. Without one, a store of one school is read as before.
struct RoleOptions: ParsableArguments {
    @Option(name: .customLong("as"),
            help: "Who reads: teacher:ID, coach:ID, team:SCHOOL or admin (default: COACH_AS, else the configuration's \"as\"; without one, a database of one school shows everything, one of several refuses).")
    var role: String?

    /// The access of the role asked for, checked against the store. A command without a
    /// configuration of its own reads as the one it would run with (`./coach.json`, else the one
    /// `coach init` recorded), so that no folder it runs from widens what it shows.
    func access(_ store: CoachStore, configuration: EngineConfiguration? = nil) throws -> Access {
        var configuration = configuration
        if configuration == nil, asked == nil { configuration = try guarded { try Workspace().configuration(store) } }
        let given = given(configuration)
        return try guarded { try Access.resolve(try given.map { text throws(AccessError) in try Role(parsing: text) }, store: store) }
    }

    /// `--as`, else `COACH_AS`.
    private var asked: String? { role ?? ProcessInfo.processInfo.environment["COACH_AS"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The role asked for: `--as`, else `COACH_AS`, else the configuration the command was
    /// given, else the default file's (./coach.json).
    func given(_ configuration: EngineConfiguration? = nil) -> String? {
        asked ?? configuration?.role ?? (try? ConfigurationFile.load(nil))?.role
    }
}

/// Writes `text` to standard output.
func say(_ text: String) {
    let line = text.hasSuffix("\n") ? text : text + "\n"
    if Workspace.holdsSharedCopies { HeldOutput.hold(line) } else { FileHandleOutput.standardOutput.write(line) }
}

/// Writes one line `coach: text` to standard error.
@Sendable func complain(_ text: String) {
    FileHandleOutput.standardError.write("coach: " + text + "\n")
}

/// Runs `body`, turning a store or engine error into one line and exit status 1 (a store's
/// error in the reader's language).
@discardableResult
func guarded<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as any ReadableError {
        throw fail(error.text(readerLanguage.withLock { $0 }))
    } catch {
        throw fail(String(describing: error))
    }
}

/// Parses `--week`, saying what a week looks like when it is wrong (in the reader's language:
/// the store options, which set it, are checked before the command's own options).
func parseWeek(_ text: String) throws -> IsoWeek {
    guard let week = IsoWeek(text) else {
        throw ValidationError(readerLanguage.withLock { $0 } == .nl ? "--week moet een ISO-week zijn zoals 2026-W44, niet '\(text)'"
                                                                    : "--week must be an ISO week like 2026-W44, got '\(text)'")
    }
    return week
}

/// Parses a day option, saying what a day looks like when it is wrong.
func parseDay(_ text: String, _ option: String) throws -> Day {
    guard let day = Day(text) else {
        throw ValidationError(readerLanguage.withLock { $0 } == .nl ? "\(option) moet een datum zijn zoals 2026-10-05, niet '\(text)'"
                                                                    : "\(option) must be a date like 2026-10-05, got '\(text)'")
    }
    return day
}
