import CoachCore
import CoachEngine

/// A teacher's next-lesson suggestions, for people.
public enum SuggestionText {
    public static func text(_ lesson: NextLesson, language: Language) -> String {
        let nl = language == .nl
        guard !lesson.suggestions.isEmpty else {
            return nl ? "Nog geen suggesties: er zijn nog te weinig observaties en feedbackmomenten vastgelegd."
                : "No suggestions: too little is recorded about this teacher yet."
        }
        var lines = [(nl ? "Voor de volgende les van " : "For the next lesson of ") + lesson.teacher.name + " (\(lesson.day)):"]
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
        return lines.joined(separator: "\n")
    }
}
