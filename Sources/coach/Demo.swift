import ArgumentParser
import CoachCore
import CoachEngine
import CoachPlugins
import CoachStore
import Foundation

extension Coach {
    /// `coach demo`: a demo school, a term of records, the rules, and a coach's digest.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a demo school with a term of records, run the rules, and print the coach's digest.",
            discussion: """
                The records are made up and the same for the same --seed. The demo database is
                written to --db (default ./coach-demo.sqlite, replaced on every demo run) so you can
                look further with the other commands.

                Example:
                  coach demo --weeks 8
                  coach rules explain 3 --db coach-demo.sqlite
                """
        )

        @Option(help: "The demo database (replaced if it holds an earlier demo).")
        var db: String = "coach-demo.sqlite"

        @Option(help: "Weeks of the term to make (1 to 16).")
        var weeks: Int = 8

        @Option(help: "Seed for the made-up records.")
        var seed: Int = 1

        @Option(help: "The language of the output: nl or en.")
        var lang: Language = .nl

        @OptionGroup var engine: EngineOptions

        func validate() throws {
            guard (1...16).contains(weeks) else { throw ValidationError("--weeks must be 1 to 16, got \(weeks)") }
        }

        func run() throws {
            try prepareFile()
            let store = try guarded { try CoachStore.open(path: db) }
            let plugins = PluginLoader.loadAll(from: engine.plugins)
            for problem in plugins.problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
            let needed = [DemoSchool.kijkwijzer, DemoSchool.walkInstrument]
            guard needed.allSatisfy({ id in plugins.instruments.contains { $0.id == id } }) else {
                throw fail("the demo needs the kijkwijzers in \(engine.plugins) (\(needed.joined(separator: ", "))); run it from the repository, or give --plugins")
            }
            try guarded { try store.write(plugins.instruments.map(NewRecord.instrument) + DemoSchool.setup()) }
            let (loaded, _) = try engine.engine(store, loaded: plugins)
            var school = DemoSchool(seed: seed)
            var failures = 0
            var lastWeek = DemoSchool.start.isoWeek
            for index in 0..<weeks {
                try guarded { try store.write(school.week(index, of: weeks)) }
                lastWeek = DemoSchool.start.adding(days: 7 * index).isoWeek
                failures += try guarded { try loaded.tick(week: lastWeek) }.dispatch.failures.count
            }
            let digest = try guarded { try loaded.digest(coach: DemoSchool.coachId, week: lastWeek) }
            say(DigestRender.text(digest, language: lang, markdown: false))
            let nl = lang == .nl
            let rules = Set(digest.shown.map(\.ruleId)).sorted()
            var term = Set<String>()
            for index in 0..<weeks {
                let week = DemoSchool.start.adding(days: 7 * index).isoWeek
                for prompt in try guarded({ try store.prompts(school: DemoSchool.schoolId, week: week.description) }) {
                    term.insert(prompt.ruleId)
                }
            }
            say("")
            say(nl ? "Regels in dit overzicht: \(rules.joined(separator: ", ")) (\(rules.count))."
                   : "Rules in this digest: \(rules.joined(separator: ", ")) (\(rules.count)).")
            say(nl ? "Regels die deze periode iets zeiden: \(term.count) van de \(loaded.rules.count)."
                   : "Rules that spoke this term: \(term.count) of \(loaded.rules.count).")
            say(nl ? "De demo staat in \(db). Probeer: coach rules explain \(digest.shown.first?.id ?? 1) --db \(db)"
                   : "The demo is in \(db). Try: coach rules explain \(digest.shown.first?.id ?? 1) --db \(db)")
            if failures > 0 { FileHandleOutput.standardError.write("coach: \(failures) rule failures during the demo\n") }
        }

        /// The demo file is replaced only when it holds an earlier demo: never someone's data.
        private func prepareFile() throws {
            guard FileManager.default.fileExists(atPath: db) else { return }
            let earlier = try? CoachStore.open(path: db).school(DemoSchool.schoolId)
            guard earlier != nil else {
                throw fail("\(db) exists and is not a demo database; give another --db")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        }
    }
}
