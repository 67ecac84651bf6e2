import CoachCore
@testable import CoachReports
import Testing

/// What a prompt rests on, said in words instead of record ids.
struct EvidenceWordsTests {
    @Test
    func countsPerKindWithSingularAndPlural() {
        let refs = ["feedback:1", "feedback:2", "observation:7", "placement:3"]
        #expect(EvidenceWords.describe(refs, language: .nl) == "1 observatie, 2 feedbackmomenten en 1 spoorindeling")
        #expect(EvidenceWords.describe(refs, language: .en) == "1 observation, 2 feedback moments and 1 track placement")
        #expect(EvidenceWords.describe(["result:1"], language: .nl) == "1 resultaat")
        #expect(EvidenceWords.describe(["result:1", "result:2"], language: .nl) == "2 resultaten")
    }

    @Test
    func nothingToSayIsNoLine() {
        #expect(EvidenceWords.describe([], language: .nl) == nil)
        #expect(EvidenceWords.describe(["2026-W44"], language: .nl) == nil)
    }
}

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
    }
}
