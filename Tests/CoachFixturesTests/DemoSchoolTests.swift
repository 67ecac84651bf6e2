import CoachCore
import CoachFixtures
import CoachStore
import Testing

/// The demo school reads as a real one: most pupils in track 1 or 2, no pupil twice, feedback
/// in several words, video reflection on the Campus Fenix kijkwijzer beside the focus kijkwijzer.
struct DemoSchoolTests {
    static func term() -> [NewRecord] {
        var school = DemoSchool(seed: 1)
        return DemoSchool.setup() + (0..<8).flatMap { school.week($0, of: 8) }
    }

    @Test
    func mostPupilsStartInTrackOneOrTwo() {
        let tracks = Self.term().compactMap { record -> Int? in
            guard case .placement(let p) = record, p.from == DemoSchool.start else { return nil }
            return p.track
        }
        #expect(tracks.count > 50)
        let third = Double(tracks.filter { $0 == 3 }.count) / Double(tracks.count)
        #expect(third < 0.3, "track 3 share \(third)")
        #expect(tracks.filter { $0 == 1 }.count > tracks.filter { $0 == 2 }.count)
    }

    @Test
    func everyPupilHasAPseudonymOfTheirOwn() {
        let aliases = Self.term().compactMap { record -> String? in
            guard case .pupil(let p) = record else { return nil }
            return p.alias
        }
        #expect(aliases.count == 48)
        #expect(Set(aliases).count == aliases.count)
    }

    @Test
    func feedbackTextsVaryAndBothTeacherKijkwijzersAreUsed() {
        let records = Self.term()
        let texts = Set(records.compactMap { record -> String? in
            guard case .feedback(let f) = record else { return nil }
            return f.text
        })
        #expect(texts.count >= 8)
        let instruments = Set(records.compactMap { record -> String? in
            guard case .observation(let o) = record else { return nil }
            return o.instrumentId
        })
        #expect(instruments == [DemoSchool.kijkwijzer, DemoSchool.fenix])
        let videos = records.compactMap { record -> VideoFragment? in
            guard case .observation(let o) = record else { return nil }
            return o.video
        }
        #expect(!videos.isEmpty, "video reflection keeps its fragment")
    }
}
