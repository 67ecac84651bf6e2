/// Days as people write them ("26 oktober 2026"), not as records store them: for digests and
/// for the texts rules write (`ctx.day_text`).
public enum DayWords {
    private static let months: [Language: [String]] = [
        .nl: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
              "december"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
              "December"],
    ]

    /// "26 oktober 2026" (nl), "26 October 2026" (en).
    public static func day(_ day: Day, language: Language) -> String {
        "\(day.day) \(months[language]![day.month - 1]) \(day.year)"
    }

    /// One day, "19–23 oktober 2026" within a month, or "31 augustus – 26 oktober 2026" (the
    /// year once when both share it).
    public static func span(_ span: ClosedRange<Day>, language: Language) -> String {
        let (a, b) = (span.lowerBound, span.upperBound)
        if a == b { return day(a, language: language) }
        if a.year == b.year && a.month == b.month { return "\(a.day)–" + day(b, language: language) }
        let first = a.year == b.year ? "\(a.day) \(months[language]![a.month - 1])" : day(a, language: language)
        return first + " – " + day(b, language: language)
    }

    /// "week 44 (26 oktober – 1 november 2026)": a week as a teacher reads it, not as `--week`
    /// takes it.
    public static func week(_ week: IsoWeek, language: Language) -> String {
        "week \(week.week) (" + span(week.monday...week.sunday, language: language) + ")"
    }
}
