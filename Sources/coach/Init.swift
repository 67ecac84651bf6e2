import ArgumentParser
import CoachCore
import CoachPlugins
import CoachStore
import Foundation

extension Coach {
    /// `coach init`: create or migrate the store, load plugins and rules.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or migrate the database and load Plugins/ and Rules/.",
            discussion: """
                Safe to run again: migrations that are done are skipped, kijkwijzers already stored
                are left as they are. Broken plugins and rules are listed with file and line, and
                the command exits with status 1 after loading everything else.

                Example:
                  coach init --db school.sqlite
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

        func run() throws {
            let db = try store.open()
            // Recorded with the data, so that commands run from another folder find them.
            let cwd = FileManager.default.currentDirectoryPath
            func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }
            if let rules = engine.ruleDirectories().first { try guarded { try db.setSetting("rulesFolder", absolute(rules)) } }
            let pluginsFolder = engine.pluginsFolder()
            if FileManager.default.fileExists(atPath: pluginsFolder) {
                try guarded { try db.setSetting("pluginsFolder", absolute(pluginsFolder)) }
            }
            let set = PluginLoader.loadAll(from: pluginsFolder)
            for problem in set.problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
            try guarded { try db.write(set.instruments.map(NewRecord.instrument)) }
            let (loaded, broken) = try engine.engine(db, loaded: set)
            say("\(store.path): ready (\(try guarded { try db.appliedMigrations() }.joined(separator: ", ")))")
            say("plugins: \(set.plugins.count), kijkwijzers: \(set.instruments.count), rules: \(loaded.rules.count)")
            if broken || !set.problems.isEmpty { throw ExitCode(1) }
        }
    }
}
