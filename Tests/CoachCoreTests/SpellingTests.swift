import CoachCore
import Testing

struct SpellingTests {
    @Test(arguments: [("digets", "digest"), ("tik", "tick"), ("imprt", "import"), ("rul", "rules")])
    func aTypoFindsTheCommandItMeant(typo: String, meant: String) {
        #expect(Spelling.nearest(typo, among: ["demo", "digest", "import", "tick", "rules", "suggest"]) == meant)
    }

    @Test
    func aWordFarFromEveryCommandFindsNone() {
        #expect(Spelling.nearest("zzzzzzzz", among: ["demo", "digest"]) == nil)
    }

    @Test
    func distanceCountsEdits() {
        #expect(Spelling.distance("kitten", "sitting") == 3)
        #expect(Spelling.distance("", "abc") == 3)
        #expect(Spelling.distance("abc", "") == 3)
        #expect(Spelling.distance("same", "same") == 0)
    }
}
