import ArgumentParser
import CoachCore
import CoachEngine
import CoachFixtures
import CoachReports
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
            do { try DemoTerm.prepare(path: db) } catch { throw fail(error.description) }
            let store = try guarded { try CoachStore.open(path: db) }
            let plugins = PluginLoader.loadAll(from: engine.pluginsFolder())
            for problem in plugins.problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
            guard DemoTerm.instruments.allSatisfy({ id in plugins.instruments.contains { $0.id == id } }) else {
                throw fail("the demo needs the kijkwijzers in \(engine.pluginsFolder()) (\(DemoTerm.instruments.joined(separator: ", "))); "
                           + "run it from the repository, or give --plugins")
            }
            try guarded { try store.write(plugins.instruments.map(NewRecord.instrument)) }
            let (loaded, _) = try engine.engine(store, loaded: plugins)
            let term = try guarded { try DemoTerm.run(store: store, engine: loaded, weeks: weeks, seed: seed) }
            say(DigestRender.text(term.digest, language: lang, markdown: false))
            let nl = lang == .nl
            let rules = term.rulesInDigest
            say("")
            say(nl ? "Regels in dit overzicht: \(rules.joined(separator: ", ")) (\(rules.count))."
                   : "Rules in this digest: \(rules.joined(separator: ", ")) (\(rules.count)).")
            say(nl ? "Regels die deze periode iets zeiden: \(term.rulesThatSpoke.count) van de \(loaded.rules.count)."
                   : "Rules that spoke this term: \(term.rulesThatSpoke.count) of \(loaded.rules.count).")
            let first = term.digest.shown.first?.id ?? 1
            say(nl ? "De demo staat in \(db). Probeer: coach rules explain \(first) --db \(db)"
                   : "The demo is in \(db). Try: coach rules explain \(first) --db \(db)")
            if !term.failures.isEmpty {
                FileHandleOutput.standardError.write("coach: \(term.failures.count) rule failures during the demo\n")
            }
        }
    }
}
