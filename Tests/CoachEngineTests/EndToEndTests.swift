import CoachCore
import CoachEngine
import CoachStore
import Foundation
import Testing

/// Records in, events dispatched, the mission's two rules speak with their evidence; a rerun
/// adds nothing.
struct EndToEndTests {
    @Test
    func focusSectionAndPersistentTrack3MakeTheirPromptsOnceEach() throws {
        let store = try EngineFixture.store()
        let written = try store.write([
            EngineFixture.observation(scores: ["3.1": 2, "3.2": 4, "5.1": 1, "1.1": 2]),
            EngineFixture.placement("p1", "breuken", track: 3, from: "2026-09-07"),
            EngineFixture.placement("p2", "breuken", track: 3, from: "2026-10-19"),
            EngineFixture.placement("p3", "breuken", track: 2, from: "2026-09-07"),
        ])
        let observationRef = "observation:\(written.ids[0])"
        let engine = try EngineFixture.engine(store)
        #expect(engine.rules.map(\.definition.id) == ["focus-section", "persistent-track3"])

        let first = try engine.dispatch(through: EngineFixture.end)
        #expect(first.failures == [])
        var prompts = try store.prompts(school: "s1", week: "2026-W41")
        // Only the focus section's low item speaks; 5.1 (scored 1) is outside the focus.
        #expect(prompts.map(\.key) == ["item/3.1"])
        let focus = try #require(prompts.first)
        #expect(focus.ruleId == "focus-section")
        #expect(focus.audience == .coach && focus.teacherId == "t1" && focus.focus)
        #expect(focus.text == "Kijkpunt 3.1 van het focusonderdeel ‘Flexibel groeperen’ kwam soms voor (2 op 5, van zelden tot altijd): "
                + "‘De leerkracht groepeert volgens 3 sporen.’")
        let reason = try JSONSerialization.jsonObject(with: Data(focus.reason.utf8)) as! [String: Any]
        #expect(reason["evidence"] as? [String] == [observationRef])
        #expect(reason["rule"] as? String == "focus-section")
        #expect((reason["params"] as? [String: Any])?["low"] as? Int == 2)

        // The placements themselves: p1 has been in track 3 since 7 September, but only for 0 weeks then.
        #expect(try store.prompts(school: "s1", week: "2026-W37").isEmpty)

        // Close week 44: p1 is in track 3 for 7 whole weeks by 1 November (55 days), p2 for 1 week.
        let tick = try engine.tick(week: IsoWeek("2026-W44")!)
        #expect(tick.dispatch.failures == [])
        prompts = try store.prompts(school: "s1", week: "2026-W44")
        #expect(prompts.map(\.key) == ["track3"])
        let track3 = try #require(prompts.first)
        #expect(track3.text == "In klas 5A zit één leerling langer dan 6 weken of voor de meeste doelen in spoor 3: "
                + "Noor (7 weken voor ‘Breuken vereenvoudigen’, sinds 7 september 2026).")
        #expect(track3.classId == "k5a")
        let placementId = try #require(written.ids.dropFirst().first)
        let reason3 = try JSONSerialization.jsonObject(with: Data(track3.reason.utf8)) as! [String: Any]
        #expect(reason3["evidence"] as? [String] == ["placement:\(placementId)"])
        #expect((reason3["event"] as? [String: Any])?["kind"] as? String == "week.ended")

        // A rerun of the same events, and a second tick of the same week, add nothing.
        let before = try store.count(.prompt)
        let again = try engine.dispatch(through: EngineFixture.end)
        #expect(again.events == 0)
        try engine.tick(week: IsoWeek("2026-W44")!)
        #expect(try store.count(.prompt) == before)

        // Even an engine starting from scratch (a new cursor) replays into the same prompts.
        var fresh = EngineConfiguration()
        fresh.cursor = "rerun"
        let rerun = try EngineFixture.engine(store, configuration: fresh)
        let report = try rerun.dispatch(through: EngineFixture.end)
        #expect(report.events > 0)
        #expect(try store.count(.prompt) == before, "same rule, subject, key and week: updated, not doubled")
    }
}
