import CoachCore
import CoachStore
import Testing

/// Written feedback carries codes of the school's feedback legend, and only those.
struct LegendCodeTests {
    static func feedback(codes: [String]) -> NewRecord {
        var record = Fixture.feedback()
        record.codes = codes
        return .feedback(record)
    }

    @Test
    func aKnownCodeIsKeptAndAnUnknownOneIsRefusedWithTheKnownOnes() throws {
        let store = try Fixture.store()
        try store.saveLegend(id: "feedbacklegenda", codes: [("rood", "Lijkt niet op het juiste antwoord."), ("blauw", "Er mist iets.")])
        try store.write([Self.feedback(codes: ["rood", "blauw"])])
        #expect(try store.legendCodes() == ["blauw", "rood"])
        #expect { try store.write([Self.feedback(codes: ["paars"])]) } throws: { error in
            "\(error)".contains("codes holds a code that is not in the school's feedback legend (known: blauw, rood), got 'paars'")
                && (error as? StoreError)?.text(.nl).contains("codes 'paars' is geen code van de feedbacklegenda van de school (bekend: blauw, rood)") == true
        }
    }

    @Test
    func withoutALegendACodeSaysWhatToInstall() throws {
        let store = try Fixture.store()
        #expect { try store.write([Self.feedback(codes: ["rood"])]) } throws: { error in
            "\(error)".contains("no feedback legend is installed") && "\(error)".contains("feedbacklegenda plugin")
        }
        // Feedback without codes needs no legend.
        try store.write([Self.feedback(codes: [])])
    }

    @Test
    func savingALegendTwiceChangesNothing() throws {
        let store = try Fixture.store()
        try store.saveLegend(id: "l", codes: [("rood", "a")])
        try store.saveLegend(id: "l", codes: [("rood", "b"), ("blauw", "c")])
        #expect(try store.legendCodes() == ["blauw", "rood"])
    }
}
