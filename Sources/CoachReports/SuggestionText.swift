import CoachCore
import CoachEngine

/// A teacher's next-lesson suggestions, for people.
public enum SuggestionText {
    public static func text(_ lesson: NextLesson, language: Language) -> String {
        let nl = language == .nl
        // Why there are none, or fewer: the rules first, before the records are blamed.
        let failed = lesson.failures.map { "‘\($0.rule)’" }.joined(separator: ", ")
        let unanswered = lesson.failures.isEmpty ? nil
            : nl ? "Niet elke regel kon antwoorden (\(failed)): deze suggesties kunnen onvolledig zijn; wie de regels beheert, ziet de fout met ‘coach rules test’."
                : "Not every rule could answer (\(failed)): these suggestions may be incomplete; whoever keeps the rules sees the error with ‘coach rules test’."
        guard !lesson.suggestions.isEmpty else {
            if lesson.asked.isEmpty {
                return nl ? "Geen suggesties: geen enkele geladen en ingeschakelde regel maakt suggesties."
                    : "No suggestions: no rule that is loaded and switched on makes suggestions."
            }
            if lesson.failures.count == lesson.asked.count {
                return nl ? "Geen suggesties: geen enkele regel kon antwoorden (\(failed)); wie de regels beheert, ziet de fout met ‘coach rules test’."
                    : "No suggestions: no rule could answer (\(failed)); whoever keeps the rules sees the error with ‘coach rules test’."
            }
            let none = nl ? "Nog geen suggesties: er zijn nog te weinig observaties en feedbackmomenten vastgelegd."
                : "No suggestions: too little is recorded about this teacher yet."
            return unanswered.map { none + "\n" + $0 } ?? none
        }
        var lines = [(nl ? "Voor de volgende les van " : "For the next lesson of ") + lesson.teacher.name + " (\(DayWords.day(lesson.day, language: language))):"]
        for (n, s) in lesson.suggestions.enumerated() {
            lines.append("")
            lines.append("\(n + 1). \(s.text)")
            if let next = s.nextStep { lines.append("   " + (nl ? "Volgende stap: " : "Next step: ") + next) }
            if let example = s.example { lines.append("   " + (nl ? "Voorbeeld: " : "Example: ") + example) }
            if let question = s.reflectionQuestion { lines.append("   " + (nl ? "Reflectievraag: " : "Reflection question: ") + question) }
            if let why = s.why ?? lesson.rules[s.ruleId]?.reason(in: language) { lines.append("   " + (nl ? "Waarom: " : "Why: ") + why) }
            if let evidence = EvidenceWords.describe(s.evidence, language: language) {
                lines.append("   " + (nl ? "Op basis van: " : "Based on: ") + evidence)
            }
        }
        if let unanswered { lines += ["", unanswered] }
        return lines.joined(separator: "\n")
    }
}
