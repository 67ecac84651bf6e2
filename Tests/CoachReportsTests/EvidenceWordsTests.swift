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
