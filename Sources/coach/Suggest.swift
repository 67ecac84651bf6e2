import ArgumentParser
import CoachCore
import CoachEngine
import CoachReports
import Foundation

extension Coach {
    /// `coach suggest --teacher ID`: up to two suggestions for the next lesson.
    struct SuggestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
            abstract: "One or two suggestions for a teacher's next lesson, the largest need first, each with its reason.",
            discussion: """
                Asks every rule with a suggest function; shows the two most urgent (one or two \
                growth points at a time), each with why it matters, what it rests on and, where \
                the kijkwijzer has them, an example sentence and a reflection question. The \
                suggestions are kept in the database.

                Example:
                  coach suggest --teacher t-an --day 2026-10-23
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions
        @OptionGroup var who: RoleOptions

        @Option(help: "The teacher's id.")
        var teacher: String
        @Option(name: .customLong("class"), help: "Only this class.")
        var classId: String?
        @Option(help: "Only this learning goal.")
        var goal: String?
        @Option(help: "The day of the lesson, YYYY-MM-DD (default: today).")
        var day: String?

        func validate() throws { if let day { _ = try parseDay(day, "--day") } }

        func run() throws {
            // Read-only first: the teacher sees the suggestions at once, even while an import
            // runs; they are stored afterwards, waiting for the write lock if they must.
            let reader = try store.openExisting(readOnly: true, as: who)
            let (loaded, _) = try engine.engine(reader, need: .suggest)
            let access = try who.access(reader, configuration: loaded.configuration)
            try guarded { try access.requireSuggest(teacher: teacher, classId: classId) }
            let when = try day.map { try parseDay($0, "--day") } ?? Self.today()
            let lesson = try guarded {
                try loaded.nextLesson(teacher: teacher, classId: classId, goal: goal, day: when,
                                      ownReflections: access.seesOwnReflections(of: teacher),
                                      classOnly: !access.suggestsWhole(teacher: teacher))
            }
            say(SuggestionText.text(lesson, language: store.lang))
            try guarded { try lesson.save(in: try store.openExisting(as: who)) }
            // A rule that fails, or none to ask, is a fault to fix, as in a tick.
            for failure in lesson.failures { complain(failure.text(store.lang)) }
            if lesson.asked.isEmpty {
                throw fail(store.lang == .nl
                           ? "geen enkele regel maakt suggesties: er is geen regel met een suggest-functie geladen en ingeschakeld (zie --rules, "
                             + "--plugins en de uitgeschakelde regels in de configuratie)"
                           : "no rule makes suggestions: none with a suggest function is loaded and switched on (see --rules, "
                             + "--plugins and the configuration's disabled rules)")
            }
            if !lesson.failures.isEmpty { throw ExitCode(1) }
        }

        /// The calendar day here and now: the person asking lives in time, rules do not.
        static func today() -> Day {
            let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
            return Day(year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day("2026-01-01")!
        }
    }
}
