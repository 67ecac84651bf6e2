import CoachCore
import Testing

/// Days in words, as a teacher writes them.
struct DayWordsTests {
    @Test
    func daysAndSpansReadAsWords() {
        let a = Day("2026-08-31")!, b = Day("2026-10-26")!, c = Day("2027-01-04")!
        #expect(DayWords.day(b, language: .nl) == "26 oktober 2026")
        #expect(DayWords.day(b, language: .en) == "26 October 2026")
        #expect(DayWords.span(a...b, language: .nl) == "31 augustus – 26 oktober 2026")
        #expect(DayWords.span(b...c, language: .nl) == "26 oktober 2026 – 4 januari 2027")
        #expect(DayWords.span(b...b, language: .en) == "26 October 2026")
        // Within one month the month is said once; a week as a teacher reads it.
        #expect(DayWords.span(Day("2026-10-19")!...Day("2026-10-23")!, language: .nl) == "19–23 oktober 2026")
        #expect(DayWords.week(IsoWeek("2026-W44")!, language: .nl) == "week 44 (26 oktober – 1 november 2026)")
        #expect(DayWords.week(IsoWeek("2026-W43")!, language: .en) == "week 43 (19–25 October 2026)")
    }
}

/// Evidence references: `kind:id`, and nothing else.
struct RecordReferenceTests {
    @Test
    func kindAndIdAreReadAndAnythingElseIsNone() {
        #expect(RecordReference("feedback:12") == RecordReference("feedback:12"))
        #expect(RecordReference("placement:3")?.kind == "placement")
        #expect(RecordReference("placement:3")?.id == 3)
        #expect(RecordReference("2026-W44") == nil)
        #expect(RecordReference("feedback:x") == nil)
        #expect(RecordReference(":4") == nil)
    }
}
