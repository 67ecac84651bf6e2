import ArgumentParser

extension Coach.Rules {
    /// `coach rules release RULE`: let a quarantined rule run again.
    struct RulesRelease: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Let a quarantined rule run again (after fixing it and running its specs).",
            discussion: "Example:\n  coach rules test && coach rules release persistent-track3"
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The rule's id.") var rule: String
        @Option(help: "Only in this school (default: every school where it is quarantined).") var school: String?

        func run() throws {
            let db = try store.openExisting()
            let quarantined = try guarded { try db.ruleHealth(rule) }.filter { $0.quarantined && (school == nil || $0.schoolId == school) }
            guard !quarantined.isEmpty else {
                throw fail(store.lang == .nl ? "regel \(rule) staat niet in quarantaine" + (school.map { " voor school \($0)" } ?? "")
                                             : "rule \(rule) is not quarantined" + (school.map { " in school \($0)" } ?? ""))
            }
            try guarded { try db.releaseQuarantine(rule, school: school) }
            let schools = quarantined.map(\.schoolId).joined(separator: ", ")
            say(store.lang == .nl ? "regel \(rule) is weer actief (\(schools))" : "rule \(rule) runs again (\(schools))")
        }
    }
}
