import ArgumentParser

extension Coach {
    /// `coach walk`: learning walks.
    struct WalkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "walk", abstract: "Record a learning walk (leerwandeling).",
                                                        discussion: "Example:\n  coach walk add --help",
                                                        subcommands: [WalkAdd.self])
    }
}

extension Coach.WalkCommand {
    /// `coach walk add`: record one learning walk, with no teacher and no class.
    struct WalkAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record one learning walk: per item seen or not seen, as the whole walking team agreed.",
            discussion: """
                A walk is never linked to a teacher or a class (seed 000): there is no option for either. \
                Items not given count as not seen this time. With one school and one learning-walk \
                kijkwijzer in the store, --school, --instrument and --version may be left out.

                Example:
                  coach walk add --date 2026-11-24 --walkers 4 --seen 1.1 --seen 1.3 --not-seen 1.2 \\
                    --example "1.1=Leerlingen lezen het doel voor aan elkaar"
                """
        )
        @OptionGroup var store: StoreOptions
        @OptionGroup var ahead: AheadOption
        @Option(help: "The day of the walk, YYYY-MM-DD.") var date: String
        @Option(help: "How many people walked (2 or more).") var walkers: String
        @Option(help: "An item the whole team saw, like 1.1 (repeat).") var seen: [String] = []
        @Option(help: "An item the team did not see this time (repeat).") var notSeen: [String] = []
        @Option(help: "A strong example of an item seen, as KEY=TEXT (repeat).") var example: [String] = []
        @Option(help: "The school.") var school: String?
        @Option(help: "The learning-walk kijkwijzer's id.") var instrument: String?
        @Option(help: "The kijkwijzer's version.") var version: String?

        func run() throws {
            var values: [String: String?] = ["date": date, "walkers": walkers, "school": school, "instrument": instrument,
                                             "version": version]
            if let both = seen.first(where: notSeen.contains) {
                throw fail(store.lang == .nl ? "--seen en --not-seen noemen allebei \(both); het team heeft een kijkpunt gezien of niet gezien, niet allebei"
                                             : "--seen and --not-seen both name \(both); the team saw an item or did not")
            }
            for item in notSeen { values[item] = "notSeen" }
            for item in seen { values[item] = "seen" }
            var examples: [String: [String]] = [:]
            for pair in example {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    throw fail(store.lang == .nl ? "--example moet KIJKPUNT=TEKST zijn zoals 1.1=\"...\", niet '\(pair)'"
                                                 : "--example must be KEY=TEXT like 1.1=\"...\", got '\(pair)'")
                }
                examples[parts[0], default: []].append(parts[1])
            }
            for (item, texts) in examples { values[item + " voorbeeld"] = texts.joined(separator: "|") }
            try recordOne(.walks, values, store: store, ahead: ahead)
        }
    }
}
