import CoachCore
@testable import CoachSetup
import CoachStore
import CoachTestSupport
import Foundation
import Synchronization
import Testing

/// A workspace finds a school's things and opens them the same way for every front end.
struct WorkspaceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh folder with a rules folder holding `rules` (file name → source).
    static func folder(rules: [String: String] = [:]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coach-setup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"), withIntermediateDirectories: true)
        // A plugins folder without plugins (one given that is not there is refused).
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("no-plugins"), withIntermediateDirectories: true)
        for (name, source) in rules {
            try source.write(to: folder.appendingPathComponent("rules/\(name)"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test
    func aPostgreSQLURLIsNeverAFileAndItsPasswordNeverShown() throws {
        let url = "postgres://engine:s3cret@127.0.0.1:1/coach"
        let workspace = Workspace(database: url)
        for open in [{ try workspace.open() }, { try workspace.openExisting() }] as [() throws -> CoachStore] {
            do {
                _ = try open()
                Issue.record("a URL opened as a file")
            } catch {
                #expect("\(error)".contains("postgres://engine:***@127.0.0.1:1/coach") && "\(error)".contains("cannot connect"), "\(error)")
                #expect(!"\(error)".contains("s3cret"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: url) && !FileManager.default.fileExists(atPath: "postgres:"), "no file was made")
    }

    /// A running worker tries a school again after a failed write-back (a server restart),
    /// sooner at first, never more than half an hour later, never at once in a loop.
    @Test
    func aWorkerPausesLongerAfterEachFailureOfASchool() {
        let pauses = (1...9).map { Workspace.pause(afterFailures: $0) }
        #expect(pauses.prefix(7) == [.seconds(30), .seconds(60), .seconds(120), .seconds(240), .seconds(480), .seconds(960), .seconds(1_800)])
        #expect(pauses.dropFirst(6).allSatisfy { $0 == .seconds(1_800) })
    }

    @Test
    func aMistypedURLIsRefusedNotMadeIntoAFile() throws {
        for (typed, shown) in [("postgres:/u:s3cret@h/db", "postgres:/u:***@h/db"),
                               ("postgres:coach:s3cret@db.example:5432", "postgres:coach:***@db.example:5432"),
                               (" postgres://u:s3cret@h/db", " postgres://u:***@h/db"),
                               ("postgresql+psycopg://u:s3cret@h/db", "postgresql+psycopg://u:***@h/db")] {
            let workspace = Workspace(database: typed)
            for open in [{ try workspace.open() }, { try workspace.openExisting() }, { _ = try workspace.initialise(); return nil }]
                as [() throws -> CoachStore?] {
                do {
                    _ = try open()
                    Issue.record("\(shown) opened")
                } catch {
                    #expect("\(error)" == "\(shown) is not a PostgreSQL URL as coach reads them (postgres://user[:password]@host[:port]/database, "
                            + "without spaces around it)", "\(error)")
                    #expect(!"\(error)".contains("s3cret"))
                }
            }
            #expect(!FileManager.default.fileExists(atPath: typed), "no file was made")
        }
    }

    @Test
    func aReadingFrontEndNeverCreatesADatabase() throws {
        let folder = try Self.folder()
        let workspace = Workspace(database: folder.appendingPathComponent("none.sqlite").path)
        #expect(throws: WorkspaceError.self) { try workspace.openExisting(readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: workspace.path))
    }

    @Test
    func initRecordsTheFoldersAndLoadsKijkwijzersAndRules() throws {
        let folder = try Self.folder(rules: ["quiet.lua": """
            return rule { id = "quiet", title = { nl = "Stil" }, seed = "000", on = { "week.ended" }, run = function(ev, ctx) end }
            """])
        let workspace = Workspace(database: folder.appendingPathComponent("school.sqlite").path,
                                  rules: folder.appendingPathComponent("rules").path,
                                  plugins: Self.root.appendingPathComponent("Plugins").path)
        let done = try workspace.initialise()
        #expect(done.rules == 1 + (try workspace.loadPlugins().ruleFiles.count))
        #expect(done.instruments > 0)
        #expect(!done.broken)
        #expect(done.migrations == CoachStore.migrations)
        let store = try workspace.openExisting(readOnly: true)
        #expect(try store.setting("rulesFolder") == folder.appendingPathComponent("rules").path)
        #expect(try store.setting("pluginsFolder") == Self.root.appendingPathComponent("Plugins").path)
    }

    /// A tick scheduled from another folder runs the rules as the team configured them where
    /// `coach init` ran: a rule switched off there stays off.
    @Test
    func initRecordsTheConfigurationForCommandsRunElsewhere() throws {
        let folder = try Self.folder(rules: ["quiet.lua": """
            return rule { id = "quiet", title = { nl = "Stil" }, seed = "000", on = { "week.ended" }, run = function(ev, ctx) end }
            """])
        let file = folder.appendingPathComponent("coach.json")
        try #"{ "disabled": ["quiet"], "promptsPerTeacher": 3 }"#.write(to: file, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("school.sqlite").path
        let plugins = folder.appendingPathComponent("no-plugins").path
        _ = try Workspace(database: database, rules: folder.appendingPathComponent("rules").path, plugins: plugins,
                          configurationFile: file.path).initialise()
        // Elsewhere (the tests run where there is no coach.json), nothing given: the recorded one.
        #expect(!FileManager.default.fileExists(atPath: "coach.json"))
        let elsewhere = Workspace(database: database)
        let store = try elsewhere.openExisting(readOnly: true)
        let configuration = try elsewhere.configuration(store)
        #expect(configuration.disabled == ["quiet"] && configuration.promptsPerTeacher == 3)
        #expect(try elsewhere.configuration().disabled.isEmpty, "without the store: the defaults")
        // Given explicitly, the file given wins.
        let other = folder.appendingPathComponent("other.json")
        try #"{ "disabled": [] }"#.write(to: other, atomically: true, encoding: .utf8)
        #expect(try Workspace(database: database, configurationFile: other.path).configuration(store).disabled.isEmpty)
        // The recorded file gone: an error that names it, never the defaults.
        try FileManager.default.removeItem(at: file)
        do {
            _ = try elsewhere.configuration(store)
            Issue.record("a recorded configuration that is gone was read as the defaults")
        } catch {
            #expect(error.description.contains(file.path) && error.description.contains("coach init"), "\(error)")
        }
        // `coach init` with a file it cannot read fails and records nothing; with one it can,
        // records that one; run where there is none (an upgrade), keeps it.
        let rules = folder.appendingPathComponent("rules").path
        #expect(throws: WorkspaceError.self) {
            try Workspace(database: database, rules: rules, plugins: plugins, configurationFile: folder.appendingPathComponent("coach.jsn").path)
                .initialise()
        }
        #expect(try store.setting("configurationFile") == file.path)
        _ = try Workspace(database: database, rules: rules, plugins: plugins, configurationFile: other.path).initialise()
        _ = try Workspace(database: database, rules: rules, plugins: plugins).initialise()
        #expect(try store.setting("configurationFile") == other.path)
        #expect(try elsewhere.configuration(store).disabled.isEmpty)
    }

    @Test
    func aBrokenRuleIsReportedAndTheOthersStillLoad() throws {
        let folder = try Self.folder(rules: [
            "broken.lua": "return rule { id = ",
            "quiet.lua": """
                return rule { id = "quiet", title = { nl = "Stil" }, seed = "000", on = { "week.ended" }, run = function(ev, ctx) end }
                """,
        ])
        let told = Mutex<[String]>([])
        let workspace = Workspace(database: folder.appendingPathComponent("school.sqlite").path,
                                  rules: folder.appendingPathComponent("rules").path,
                                  plugins: folder.appendingPathComponent("no-plugins").path,
                                  report: { line in told.withLock { $0.append(line) } })
        let (engine, broken) = try workspace.engine(try workspace.open())
        #expect(broken)
        #expect(engine.rules.map(\.definition.id) == ["quiet"])
        let lines = told.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("broken.lua") == true)
    }

    @Test
    func theDemoNeedsItsKijkwijzersAndSaysWhere() throws {
        let folder = try Self.folder()
        let workspace = Workspace(database: folder.appendingPathComponent("demo.sqlite").path,
                                  rules: folder.appendingPathComponent("rules").path,
                                  plugins: folder.appendingPathComponent("no-plugins").path)
        #expect { try workspace.demo(weeks: 1, seed: 1) } throws: { error in
            "\(error)".contains("the demo needs the kijkwijzers in \(folder.appendingPathComponent("no-plugins").path)")
        }
    }

    @Test
    func aBadConfigurationFileNamesItself() throws {
        let workspace = Workspace(configurationFile: "/nonexistent/coach.json")
        #expect { try workspace.configuration() } throws: { "\($0)".contains("/nonexistent/coach.json") }
    }
}

/// A writer refused because a closed week's rules have not run tries again within its wait.
struct WaitingForRulesTests {
    static let refusal = StoreError.weekNotRun(school: "s1", week: "2026-W44")

    @Test
    func aRefusedWriterTriesAgainUntilTheRulesHaveRun() throws {
        var attempts = 0, told = 0
        let value = try Workspace(database: "unused.sqlite", waitSeconds: 30).waitingForRules(
            refused: { ($0 as? StoreError)?.waitingSchool }, onWait: { told += 1 }) { () throws -> Int in
            attempts += 1
            if attempts < 3 { throw Self.refusal }
            return 42
        }
        #expect(value == 42)
        #expect(attempts == 3)
        #expect(told == 1, "told once, at the first pause")
    }

    @Test
    func pastItsWaitTheLastRefusalIsThrownAndOtherErrorsAtOnce() throws {
        var attempts = 0
        #expect(throws: StoreError.self) {
            try Workspace(database: "unused.sqlite", waitSeconds: 0).waitingForRules(refused: { ($0 as? StoreError)?.waitingSchool }) {
                attempts += 1
                throw Self.refusal
            }
        }
        #expect(attempts == 1)
        attempts = 0
        #expect(throws: WorkspaceError.self) {
            try Workspace(database: "unused.sqlite", waitSeconds: 30).waitingForRules(refused: { ($0 as? StoreError)?.waitingSchool }) {
                attempts += 1
                throw WorkspaceError("something else")
            }
        }
        #expect(attempts == 1, "only the closed week's refusal is tried again")
    }

    @Test
    func onTheSharedStoreARefusedAttemptLetsGoOfItsOwnCopiesOnly() throws {
        guard TestPostgres.available() else { return }
        let url = try TestPostgres.freshDatabase()
        let workspace = Workspace(database: url, waitSeconds: 20)
        _ = try workspace.initialise()
        #expect(Workspace.finishShared() == nil) // what init wrote
        var attempts = 0
        let value = try workspace.waitingForRules(refused: { ($0 as? StoreError)?.waitingSchool }) { () throws -> Int in
            attempts += 1
            _ = try workspace.openExisting()
            if attempts == 1 {
                // Another request of the same process (a web view) opens a copy while the first
                // attempt runs, on a thread of its own.
                let opened = DispatchSemaphore(value: 0)
                Thread {
                    _ = try? workspace.openExisting(readOnly: true)
                    opened.signal()
                }.start()
                opened.wait()
                throw Self.refusal
            }
            return 7
        }
        #expect(value == 7 && attempts == 2)
        #expect(Workspace.sharedCopiesOpen == 2, "the other request's copy and the second attempt's")
        #expect(Workspace.finishShared() == nil)
    }
}
