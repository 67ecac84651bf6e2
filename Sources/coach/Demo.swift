import ArgumentParser
import CoachCore
import CoachReports
import CoachSetup

extension Coach {
    /// `coach demo`: a demo school, a term of records, the rules, and a coach's digest.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Make a demo school with a term of records, run the rules, and print the coach's digest.",
            discussion: """
                The records are made up and the same for the same --seed. The demo database is \
                written to --db (default ./coach-demo.sqlite, replaced on every demo run) so you can \
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
            readerLanguage.withLock { $0 = lang }
            guard (1...16).contains(weeks) else { throw ValidationError(lang == .nl ? "--weeks moet 1 tot en met 16 zijn, niet \(weeks)" : "--weeks must be 1 to 16, got \(weeks)") }
            // The demo replaces its database: never a shared one.
            guard !Workspace(database: db).isShared else { throw ValidationError(lang == .nl ? "de demo maakt een eigen SQLite-bestand: geef bij --db een bestand"
                                                                          : "the demo makes its own SQLite file: give --db a file") }
        }

        func run() throws {
            var workspace = engine.workspace
            workspace.database = db
            let demo = try guarded { try workspace.demo(weeks: weeks, seed: seed) }
            let (term, nl) = (demo.term, lang == .nl)
            say(DigestRender.text(term.digest, language: lang, markdown: false))
            // Titles, as the coach knows them: an id is for the policy team.
            let rules = term.rulesInDigest.map { id in term.digest.rules[id].map { "‘\($0.title(in: lang))’" } ?? id }
                .joined(separator: ", ")
            say(nl ? "\nRegels in dit weekoverzicht: \(rules) (\(term.rulesInDigest.count))."
                   : "\nRules in this digest: \(rules) (\(term.rulesInDigest.count)).")
            say(nl ? "Regels die deze periode iets signaleerden: \(term.rulesThatSpoke.count) van de \(demo.rules)."
                   : "Rules that spoke this term: \(term.rulesThatSpoke.count) of \(demo.rules).")
            let first = term.digest.shown.first?.id ?? 1
            say(nl ? "De demodatabank staat in \(db). Probeer eens: coach rules explain \(first) --db \(db)"
                   : "The demo is in \(db). Try: coach rules explain \(first) --db \(db)")
            if !term.failures.isEmpty { complain(nl ? "\(term.failures.count) keer liep een regel fout tijdens de demo" : "\(term.failures.count) rule failures during the demo") }
        }
    }
}
