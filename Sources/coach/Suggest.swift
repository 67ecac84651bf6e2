import ArgumentParser
import CoachCore
import CoachEngine
import Foundation

extension Coach {
    /// `coach suggest --teacher ID`: up to three suggestions for the next lesson.
    struct SuggestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
            abstract: "Up to three suggestions for a teacher's next lesson, each with its reason.",
            discussion: """
                Asks every rule with a suggest function; shows the three most urgent, with the
                records they rest on and, where the kijkwijzer has them, an example sentence and a
                reflection question. The suggestions are kept in the database.

                Example:
                  coach suggest --teacher t-an --day 2026-10-23
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var engine: EngineOptions

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
            let db = try store.openExisting()
            let (loaded, _) = try engine.engine(db)
            let when = try day.map { try parseDay($0, "--day") } ?? Self.today()
            let suggestions = try guarded {
                try loaded.suggest(teacher: teacher, classId: classId, goal: goal, day: when)
            }
            let nl = store.lang == .nl
            guard !suggestions.isEmpty else {
                say(nl ? "Geen suggesties: er zijn nog te weinig gegevens over deze leerkracht." : "No suggestions: too little is recorded about this teacher yet.")
                return
            }
            let teacherRecord = try guarded { try db.teacher(teacher) }
            say((nl ? "Voor de volgende les van " : "For the next lesson of ") + (teacherRecord?.name ?? teacher) + " (\(when)):")
            for (n, s) in suggestions.enumerated() {
                say("")
                say("\(n + 1). \(s.text)")
                if let next = s.nextStep { say("   " + (nl ? "Volgende stap: " : "Next step: ") + next) }
                if let example = s.example { say("   " + (nl ? "Voorbeeld: " : "Example: ") + example) }
                if let question = s.reflectionQuestion { say("   " + (nl ? "Reflectievraag: " : "Reflection question: ") + question) }
                let evidence = s.evidence.isEmpty ? "-" : s.evidence.prefix(5).joined(separator: ", ") + (s.evidence.count > 5 ? " …" : "")
                say("   " + (nl ? "Waarom: regel \(s.ruleId), op basis van " : "Why: rule \(s.ruleId), based on ") + evidence)
                if let school = teacherRecord?.schoolId {
                    var reason: [String: Any] = ["rule": s.ruleId, "evidence": s.evidence]
                    reason["example"] = s.example
                    let json = (try? JSONSerialization.data(withJSONObject: reason, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                    _ = try? db.saveSuggestion(Suggestion(schoolId: school, ruleId: s.ruleId,
                                                          ruleVersion: loaded.rule(s.ruleId)?.definition.version ?? "?",
                                                          teacherId: teacher, classId: s.classId, goalId: s.goalId, day: when,
                                                          text: s.text, reason: json))
                }
            }
        }

        /// The calendar day here and now: the person asking lives in time, rules do not.
        static func today() -> Day {
            let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
            return Day(year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day("2026-01-01")!
        }
    }
}
