import ArgumentParser
import CoachCore
import CoachEngine
import CoachReports
import Foundation

extension Coach {
    /// `coach digest --coach ID --week W`: the coach's weekly prompts.
    struct DigestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest",
            abstract: "A coach's weekly prompts, per teacher, within the attention budget.",
            discussion: """
                At most --per-teacher prompts per teacher (focus-section prompts first, then by \
                priority); the rest are counted as held back. Shadow prompts never appear. \
                --stats prints, per week, the prompts stored, shown and held back, the mean per \
                teacher (never a teacher by name) and the count per rule, instead of a digest (no \
                --coach or --week needed). Without --week: the last week that has ended (the one \
                'coach tick' closes by default).

                Who reads decides what shows (--as): a coach their own digest; a teacher only their \
                part of their coach's digest; a school's team (--as team:SCHOOL, no --coach) the \
                prompts for the team and school figures, each over at least 'smallGroup' people \
                (3 unless the configuration says more), never a teacher's prompts.

                Example:
                  coach digest --coach c-els --week 2026-W44 --format md
                  coach digest --as team:s-linde --week 2026-W44
                  coach digest --stats --school s-linde
                """
        )

        @OptionGroup var store: ReadingStoreOptions
        @OptionGroup var engine: EngineOptions
        @OptionGroup var who: RoleOptions

        @Option(help: "The coach's id.")
        var coach: String?

        @Option(help: "The ISO week, as YYYY-Www (default: the last week that has ended).")
        var week: String?

        @Flag(help: "Prompt volume per week (stored, shown, held back, per teacher, per rule) instead of a digest.")
        var stats = false

        @Option(help: "With --stats: only this school.")
        var school: String?

        @Option(help: "Prompts shown per teacher (default: the configuration's, else 2).")
        var perTeacher: Int?

        @Option(help: "Output: text, md, json or html (one self-contained page with charts).")
        var format: OutputFormat = .text

        func validate() throws {
            if stats { return }
            let role = who.role ?? ProcessInfo.processInfo.environment["COACH_AS"] ?? ""
            guard coach != nil || role.hasPrefix("team:") || role.hasPrefix("coach:") else {
                throw ValidationError(store.lang == .nl ? "geef --coach (de id van de coach), of --stats" : "give --coach (the coach's id), or --stats")
            }
            if let week { _ = try parseWeek(week) }
            if let perTeacher, perTeacher < 1 { throw ValidationError(store.lang == .nl ? "--per-teacher moet minstens 1 zijn, niet \(perTeacher)"
                                                                                     : "--per-teacher must be at least 1, got \(perTeacher)") }
        }

        func run() throws {
            let db = try store.openExisting(readOnly: true, as: who)
            var configuration = try engine.configuration(db)
            if let perTeacher { configuration.promptsPerTeacher = perTeacher }
            let (engine, _) = try engine.engine(db, configuration: configuration, need: .definitions)
            let access = try who.access(db, configuration: configuration)
            if stats {
                try guarded { try access.requireSchoolWide(Phrase("prompt volume", nl: "het aantal gesprekspunten bekijken"), school: school) }
                return try printStats(engine)
            }
            // A coach reading their own digest need not say twice who they are.
            var coach = self.coach
            if coach == nil, case .coach(let id) = access.role { coach = id }
            try guarded { try access.requireDigest(coach: coach) }
            // Without a week: the last one that has ended, the one `coach tick` closes by default.
            let week = try week.map(parseWeek) ?? Coach.SuggestCommand.today().adding(days: -7).isoWeek
            let digest: Digest
            if case .team(let school) = access.role {
                digest = try guarded { try engine.teamDigest(school: school, week: week) }
            } else {
                digest = access.narrow(try guarded { try engine.digest(coach: coach ?? "", week: week) })
            }
            switch format {
            case .json: say(DigestRender.json(digest))
            case .html: say(try guarded { try DigestHTML(digest: digest, store: db, language: store.lang).render() })
            case .md: say(DigestRender.text(digest, language: store.lang, markdown: true))
            default: say(DigestRender.text(digest, language: store.lang, markdown: false))
            }
        }

        private func printStats(_ engine: Engine) throws {
            let volume = try guarded { try engine.promptVolume(school: school) }
            say(VolumeReport.text(volume, language: store.lang))
        }
    }
}

