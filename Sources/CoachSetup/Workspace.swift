import CoachCore
import CoachEngine
import CoachPlugins
import CoachPostgres
import CoachStore
import Foundation

/// Where a school's things are: the database, the rules, the plugins and the configuration.
///
/// Every front end (the command line, a worker, a web view) finds and opens them the same way:
/// what it was given, else the environment (`COACH_DB`, `COACH_WAIT`), else the working folder,
/// else the folders `coach init` recorded in the store, so that a command run from another
/// folder still finds them.
public struct Workspace: Sendable {
    /// The database file as given (nil: `$COACH_DB`, else `./coach.sqlite`).
    public var database: String?
    /// The rules folder as given (nil: `./Rules`, else the recorded one).
    public var rules: String?
    /// The plugins folder as given (nil: `./Plugins`, else the recorded one).
    public var plugins: String?
    /// The configuration file as given (nil: `./coach.json` when it exists).
    public var configurationFile: String?
    /// Seconds a writer waits for another (nil: `$COACH_WAIT`, else 60).
    public var waitSeconds: Int?
    /// Where problems found while loading (a broken plugin or rule) are told, one line each.
    public var report: @Sendable (String) -> Void
    /// The language a plugin's or a rule's problems are told in (Lua's own errors stay English).
    public var language: Language = .nl
    /// Where rules' definitions are remembered between commands (nil: nowhere, every command
    /// compiles every rule). By default `COACH_CACHE`, else the user's cache folder.
    public var catalogue: RuleCatalogue? = RuleCatalogue.standard()

    public init(database: String? = nil, rules: String? = nil, plugins: String? = nil, configurationFile: String? = nil,
                waitSeconds: Int? = nil, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.database = database
        self.rules = rules
        self.plugins = plugins
        self.configurationFile = configurationFile
        self.waitSeconds = waitSeconds
        self.report = report
    }

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The database file to use.
    public var path: String { database ?? Self.environment["COACH_DB"] ?? "coach.sqlite" }

    /// How long a writer waits for another import or tick.
    public var wait: Duration {
        .seconds(max(0, waitSeconds ?? Self.environment["COACH_WAIT"].flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 60))
    }

    /// Opens (creating or migrating) the store. `onWait` is told once when a writer must wait.
    /// On the shared store, a `role` copies only the schools it reads.
    public func open(readOnly: Bool = false, onWait: (@Sendable () -> Void)? = nil, role: Role? = nil) throws(WorkspaceError) -> CoachStore {
        try open(readOnly: readOnly, onWait: onWait, role: role, touching: nil)
    }

    /// ``open(readOnly:onWait:role:)`` for a writer of the records `touching` names: on the
    /// shared store it copies and locks only the schools they touch (nil: every school).
    package func open(readOnly: Bool = false, onWait: (@Sendable () -> Void)? = nil, role: Role? = nil,
                      touching: Mentions?) throws(WorkspaceError) -> CoachStore {
        try refuseMistypedURL()
        // A URL is the shared store: a copy of its schools (never a file named after the URL).
        if isShared { return try openShared(readOnly: readOnly, role: role, touching: touching) }
        do {
            return try CoachStore.open(path: path, wait: wait, readOnly: readOnly, onWait: onWait)
        } catch {
            throw WorkspaceError(error)
        }
    }

    /// Opens the store only if its file exists: reading commands never create a database.
    public func openExisting(readOnly: Bool = false, onWait: (@Sendable () -> Void)? = nil, role: Role? = nil)
        throws(WorkspaceError) -> CoachStore {
        try openExisting(readOnly: readOnly, onWait: onWait, role: role, touching: nil)
    }

    /// ``openExisting(readOnly:onWait:role:)`` for a writer of the records `touching` names (see
    /// ``open(readOnly:onWait:role:touching:)``).
    package func openExisting(readOnly: Bool = false, onWait: (@Sendable () -> Void)? = nil, role: Role? = nil,
                              touching: Mentions?) throws(WorkspaceError) -> CoachStore {
        try refuseMistypedURL()
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &folder) || isShared else {
            throw WorkspaceError(Phrase("no database at \(path) (run 'coach init' first, or give --db)",
                                        nl: "geen databank op \(path) (voer eerst 'coach init' uit, of geef --db)"))
        }
        if folder.boolValue {
            throw WorkspaceError(Phrase("\(path) is a folder, not a database file (give --db the file)",
                                        nl: "\(path) is een map, geen databankbestand (geef bij --db het bestand zelf op)"))
        }
        return try open(readOnly: readOnly, onWait: onWait, role: role, touching: touching)
    }

    /// Runs `attempt` again while it is refused because a closed week of a school it writes
    /// has not had its rules run yet (``StoreError/weekNotRun(school:week:)``; `refused` finds
    /// that school in the attempt's error, nil for any other error): a tick or a worker is at
    /// it. Pauses a fifth of a second, doubling up to 5 s, for at most ``wait`` in all, then
    /// throws the last refusal. `onWait` is told once, at the first pause.
    ///
    /// On the shared store the copies a refused attempt opened are let go at once (it wrote
    /// nothing, and a worker needs the school), and the next attempt waits, looking without a
    /// lock, till the closed weeks of every school that refused it so far have been run, and
    /// while the workers still make progress on other schools' (an import of many schools
    /// after a network's `tick --no-dispatch` would otherwise be refused school by school):
    /// an attempt copies and locks its schools, so trying again and again would keep out the
    /// very workers it waits for.
    ///
    /// `firstRefusal` is asked once, at the first refusal (after its copies were let go of):
    /// what it returns stands instead of waiting (nil: wait). An import uses it to check
    /// every row at once rather than after the wait.
    public func waitingForRules<T>(refused: (any Error) -> String?, onWait: (() -> Void)? = nil,
                                   firstRefusal: (() throws -> T?)? = nil, _ attempt: () throws -> T) throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        var pause = Duration.milliseconds(200)
        var told = false
        var refusing = Set<String>()
        var check = firstRefusal
        func sleep() {
            let (seconds, attoseconds) = min(pause, deadline - clock.now).components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            pause = min(pause * 2, .seconds(5))
        }
        while true {
            let number = Self.newAttempt()
            do {
                return try Self.$attempt.withValue(number) { try attempt() }
            } catch {
                guard let school = refused(error) else { throw error }
                if isShared { Self.abandonShared(attempt: number) }
                if let asking = check {
                    check = nil
                    let other = Self.newAttempt()
                    if let instead = try Self.$attempt.withValue(other, operation: asking) { return instead }
                    if isShared { Self.abandonShared(attempt: other) }
                }
                guard clock.now < deadline else { throw error }
                if !told { onWait?(); told = true }
                guard isShared else { sleep(); continue }
                refusing.insert(school)
                let shared = try? sharedStore()
                var fewest = Int.max, progress = clock.now
                while clock.now < deadline {
                    let (seconds, attoseconds) = min(.milliseconds(500), deadline - clock.now).components
                    Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
                    guard let waiting = try? shared?.schoolsWaitingForRules() else { break }
                    if waiting.count < fewest { fewest = waiting.count; progress = clock.now }
                    // Its schools run, and the others' run too or not moving for a while (a
                    // school takes a worker a while: its history is copied first).
                    if refusing.isDisjoint(with: waiting) && (waiting.isEmpty || clock.now - progress > .seconds(5)) { break }
                }
            }
        }
    }

    /// A database meant as a PostgreSQL URL but not written as one is refused, its password
    /// masked: taken for a file name it would be shown whole and made into a local file.
    func refuseMistypedURL() throws(WorkspaceError) {
        guard PostgresLocation.looksLikeURL(path) else { return }
        throw WorkspaceError("\(PostgresLocation.redacted(path)) is not a PostgreSQL URL as coach reads them "
                             + "(postgres://user[:password]@host[:port]/database, without spaces around it)")
    }

    /// The rules folders to load (none when there is none).
    public func ruleDirectories(_ store: CoachStore? = nil) -> [String] {
        if let rules { return [rules] }
        if FileManager.default.fileExists(atPath: "Rules") { return ["Rules"] }
        if let recorded = try? store?.setting("rulesFolder"), FileManager.default.fileExists(atPath: recorded) { return [recorded] }
        return []
    }

    /// The rules folder that should be there and is not: the one given, or (with no ./Rules)
    /// the one `coach init` recorded. Nil when the rules are where they are looked for.
    public func missingRuleFolder(_ store: CoachStore? = nil) -> String? {
        if let rules { return FileManager.default.fileExists(atPath: rules) ? nil : rules }
        if FileManager.default.fileExists(atPath: "Rules") { return nil }
        if let recorded = try? store?.setting("rulesFolder"), !FileManager.default.fileExists(atPath: recorded) { return recorded }
        return nil
    }

    /// The plugins folder that should be there and is not: the one given, or (with no
    /// ./Plugins) the one `coach init` recorded. Nil when the plugins are where they are looked
    /// for, or none was ever given or recorded.
    public func missingPluginFolder(_ store: CoachStore? = nil) -> String? {
        if let plugins { return FileManager.default.fileExists(atPath: plugins) ? nil : plugins }
        if FileManager.default.fileExists(atPath: "Plugins") { return nil }
        if let recorded = try? store?.setting("pluginsFolder"), !FileManager.default.fileExists(atPath: recorded) { return recorded }
        return nil
    }

    /// The plugins folder.
    public func pluginsFolder(_ store: CoachStore? = nil) -> String {
        if let plugins { return plugins }
        if FileManager.default.fileExists(atPath: "Plugins") { return "Plugins" }
        if let recorded = try? store?.setting("pluginsFolder"), FileManager.default.fileExists(atPath: recorded) { return recorded }
        return "Plugins"
    }

    /// The configuration file's settings, or the defaults: the file given, else `./coach.json`,
    /// else (a store file) the one `coach init` recorded in `store`. A command run from another
    /// folder (a scheduled tick) must not quietly run rules the team switched off there; a
    /// recorded file that is gone is an error for the same reason. A shared store keeps the
    /// configuration itself (``sharedConfiguration(_:)``): its workers run on machines of their
    /// own.
    public func configuration(_ store: CoachStore? = nil) throws(WorkspaceError) -> EngineConfiguration {
        if isShared { return try sharedConfiguration(store) }
        var file = configurationFile
        if file == nil, !isShared, !FileManager.default.fileExists(atPath: "coach.json"),
           let recorded = try? store?.setting("configurationFile"), !recorded.isEmpty {
            guard FileManager.default.fileExists(atPath: recorded) else {
                throw WorkspaceError(Phrase("the configuration 'coach init' recorded is gone: \(recorded) (put it back, or give "
                                            + "--config, also to 'coach init' to record another)",
                                            nl: "de configuratie die 'coach init' bewaarde, is weg: \(recorded) (zet ze terug, of geef "
                                            + "--config, ook aan 'coach init' om een andere te bewaren)"))
            }
            file = recorded
        }
        do { return try ConfigurationFile.load(file) } catch { throw WorkspaceError(telling: error) }
    }

    /// The configuration given here (`--config`, else `./coach.json`), with whether there was one.
    func localConfiguration() throws(WorkspaceError) -> (configuration: EngineConfiguration, text: String?) {
        let file = configurationFile ?? "coach.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            if configurationFile != nil {
                throw WorkspaceError(Phrase("cannot read the configuration \(file)", nl: "kan de configuratie \(file) niet lezen"))
            }
            return (EngineConfiguration(), nil)
        }
        do { return (try ConfigurationFile.load(data: data, file: file), String(decoding: data, as: UTF8.self)) } catch {
            throw WorkspaceError(telling: error)
        }
    }

    /// On the shared store, the team's configuration is the one `coach init` stored there:
    /// workers and readers on other machines, or started from another folder, use it, and one
    /// given here must say the same (else which worker took a school would decide its prompts).
    /// A store initialised before it kept one: the one given here, as before.
    func sharedConfiguration(_ store: CoachStore?) throws(WorkspaceError) -> EngineConfiguration {
        let local = try localConfiguration()
        guard let stored = try? store?.setting(Self.sharedConfigurationKey) else { return local.configuration }
        let team: EngineConfiguration
        do { team = try ConfigurationFile.load(data: Data(stored.utf8), file: "the shared store's configuration") } catch {
            throw WorkspaceError(telling: error)
        }
        guard local.text != nil else { return team }
        guard local.configuration.teamSettings == team.teamSettings else {
            let file = configurationFile ?? "coach.json"
            throw WorkspaceError(Phrase("the configuration \(file) differs from the one 'coach init' stored in the "
                                        + "shared store: run 'coach init' with it to make it the team's, or leave it out here",
                                        nl: "de configuratie \(file) verschilt van die welke 'coach init' in de gedeelde databank "
                                        + "bewaarde: voer 'coach init' ermee uit als ze voor het hele team moet gelden, of laat ze hier weg"))
        }
        return local.configuration
    }

    /// The settings where `coach init` keeps, on the shared store, the team's configuration and
    /// the rules it loaded (each `id@version`).
    static let sharedConfigurationKey = "sharedConfiguration"
    static let sharedRulesKey = "sharedRules"

    /// The rules an engine loaded, one `id@version` a line: what a worker must run.
    static func ruleList(_ engine: Engine) -> String {
        engine.definitions.map { "\($0.id)@\($0.version)" }.sorted().joined(separator: "\n")
    }

    /// The plugins of the plugins folder; problems are reported.
    public func loadPlugins(_ store: CoachStore? = nil, manifestsOnly: Bool = false) -> PluginSet {
        let folder = pluginsFolder(store)
        guard FileManager.default.fileExists(atPath: folder) else {
            // Only a folder given is missed: without --plugins and without ./Plugins there are none.
            guard plugins != nil else { return PluginSet(plugins: [], problems: []) }
            let problem = PluginProblem(file: folder, Phrase("no plugins folder there", nl: "die map bestaat niet"))
            report(problem.text(language))
            return PluginSet(plugins: [], problems: [problem])
        }
        let set = PluginLoader.loadAll(from: folder, manifestsOnly: manifestsOnly)
        for problem in set.problems { report(problem.text(language)) }
        return set
    }

    /// The engine with the rules of the rules folder and of the plugins. Problems (a plugin or
    /// rule that does not load) are reported and returned as `broken`; the rest still loads.
    /// `need` says which rules are compiled: all of them to run rules, none for a command that
    /// only shows what they said (`.definitions`: unless `plugins` are given, only the plugins'
    /// `plugin.json` files are read), those with `suggest` for suggestions.
    public func engine(_ store: CoachStore, configuration given: EngineConfiguration? = nil,
                       plugins loaded: PluginSet? = nil, need: RuleNeed = .all) throws(WorkspaceError) -> (engine: Engine, broken: Bool) {
        let configuration: EngineConfiguration
        if let given { configuration = given } else { configuration = try self.configuration(store) }
        // A command that only shows what rules said needs only the plugins' lists of rules.
        let set = loaded ?? loadPlugins(store, manifestsOnly: need == .definitions)
        let (engine, problems) = Engine.load(store: store, ruleDirectories: ruleDirectories(store), ruleFiles: set.ruleFiles,
                                             configuration: configuration, catalogue: catalogue, need: need)
        for problem in problems { report(problem.text(language)) }
        let unknown = engine.configurationProblems(configuration)
        for line in unknown { report(line.text(language)) }
        return (engine, !set.problems.isEmpty || !problems.isEmpty || !unknown.isEmpty)
    }

    /// What `coach init` did.
    public struct Initialised: Sendable {
        public var migrations: [String]
        public var plugins: Int
        public var instruments: Int
        public var rules: Int
        /// A plugin or rule did not load (each was reported).
        public var broken: Bool
    }

    /// Creates or migrates the store, records where the rules, the plugins and the configuration
    /// are (so that commands run from another folder find them), stores the kijkwijzers and
    /// loads the rules.
    public func initialise() throws(WorkspaceError) -> Initialised {
        if isShared {
            do { try sharedStore().migrate() } catch { throw WorkspaceError(String(describing: error)) }
        }
        // A folder given that is not there is a typo: recorded, every later tick would run without it.
        if let rules, !FileManager.default.fileExists(atPath: rules) {
            throw WorkspaceError(Phrase("no rules folder at \(rules) (give the folder with the rules' .lua files)",
                                        nl: "de map met regels \(rules) bestaat niet (geef de map met de .lua-bestanden van de regels)"))
        }
        if let plugins, !FileManager.default.fileExists(atPath: plugins) {
            throw WorkspaceError(Phrase("no plugins folder at \(plugins) (give the folder that holds the plugins' folders)",
                                        nl: "de map met plugins \(plugins) bestaat niet (geef de map waarin de mappen van de plugins staan)"))
        }
        let store = try open()
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
        do {
            // Read first: a configuration that cannot be read records nothing, no folder either.
            // Like the folders, one is recorded where it is found, and an init run where there
            // is none keeps the one recorded before (an upgrade run from another folder switches
            // no rule on).
            // On the shared store, the one given here becomes the team's (stored below).
            let local = isShared ? try localConfiguration() : nil
            let configuration = try local?.configuration ?? self.configuration(store)
            if let rules = ruleDirectories().first { try store.setSetting("rulesFolder", absolute(rules)) }
            let folder = pluginsFolder()
            if FileManager.default.fileExists(atPath: folder) { try store.setSetting("pluginsFolder", absolute(folder)) }
            let file = configurationFile ?? "coach.json"
            if !isShared, FileManager.default.fileExists(atPath: file) { try store.setSetting("configurationFile", absolute(file)) }
            let set = loadPlugins()
            try store.write(set.instruments.map(NewRecord.instrument))
            for legend in set.legends { try store.saveLegend(id: legend.id, codes: legend.codes.map { ($0.code, $0.meaning) }) }
            let (loaded, broken) = try engine(store, configuration: configuration, plugins: set)
            if let local {
                try store.setSetting(Self.sharedConfigurationKey, local.text ?? "{}")
                try store.setSetting(Self.sharedRulesKey, Self.ruleList(loaded))
            }
            let migrations = isShared ? try sharedStore().appliedMigrations() : try store.appliedMigrations()
            return Initialised(migrations: migrations, plugins: set.plugins.count,
                               instruments: set.instruments.count, rules: loaded.rules.count, broken: broken)
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw WorkspaceError(String(describing: error))
        }
    }
}

/// A workspace that cannot be opened or loaded: one line that says what and why.
public struct WorkspaceError: Error, Sendable, CustomStringConvertible, ReadableError {
    public var description: String
    /// The line in Dutch (nil: said in English only).
    var dutch: String?
    /// The store's own error, told in the reader's language.
    var cause: StoreError?

    public init(_ description: String) { self.description = description }

    init(_ said: Phrase) {
        description = said.en
        dutch = said.nl
    }

    init(_ error: StoreError) {
        description = error.description
        cause = error
    }

    /// Any error, in both languages when it has them.
    init(telling error: any Error) {
        if let error = error as? WorkspaceError {
            self = error
        } else if let error = error as? StoreError {
            self.init(error)
        } else {
            self.init("\(error)")
            dutch = (error as? any ReadableError)?.text(.nl)
        }
    }

    /// `error` with words around it, in both languages: `{error}` stands for it.
    init(_ error: any Error, _ en: String, nl: String) {
        let told = WorkspaceError(telling: error)
        description = en.replacingOccurrences(of: "{error}", with: told.text(.en))
        dutch = nl.replacingOccurrences(of: "{error}", with: told.text(.nl))
    }

    public func text(_ language: Language) -> String {
        cause?.text(language) ?? (language == .nl ? dutch ?? description : description)
    }
}
