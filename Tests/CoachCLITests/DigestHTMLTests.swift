import CoachCore
import Foundation
import Testing

/// `coach digest --format html`: one self-contained page with charts.
struct DigestHTMLTests {
    @Test
    func theHTMLDigestIsSelfContainedWithChartsPerTeacher() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("coach-demo.sqlite").path
        _ = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders)
        let outcome = try CoachProcess.run(["digest", "--db", db, "--coach", "c-els", "--week", "2026-W43", "--format", "html"]
                                           + SchoolCommandsTests.folders)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let page = outcome.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<script"), "no scripts")
        #expect(!page.contains("src=") && !page.contains("href="), "no external files")
        #expect(page.components(separatedBy: "<svg").count - 1 == 12, "three charts for each of four teachers")
        #expect(page.components(separatedBy: "<figcaption>Feedbackniveaus per week</figcaption>").count - 1 == 4)
        #expect(page.contains("Sporen in klas 5A"))
        #expect(page.contains("Focus ‘Flexibel groeperen’: ‘Doe je dit al?’, gemiddeld van 1 (zelden) tot 5 (altijd)"))
        // The focus chart in one neutral colour: no red, yellow or green verdict on a teacher's items.
        let focusCharts = page.components(separatedBy: "<figure>").filter { $0.contains("<figcaption>Focus ‘Flexibel groeperen’") }
        #expect(focusCharts.count == 4 && focusCharts.contains { $0.contains("fill=\"#4e79a7\"") })
        #expect(!focusCharts.contains { chart in ["#e15759", "#edc948", "#59a14f"].contains { chart.contains($0) } })
        #expect(page.contains("<span class=\"focus\">focus</span>"))
        #expect(page.contains("achtergehouden"))
    }

    @Test
    func aFocusOnAPresenceKijkwijzerIsChartedAsHowOftenSeen() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("fenix.sqlite").path
        _ = try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders)
        let d = { (text: String) in Day(text)! }
        let fenix = "campus-fenix-feedback-zelfregulatie"
        try Backend.writing(db) { store in try store.write([
            .school(School(id: "s1", name: "Campus")),
            .teacher(Teacher(id: "t1", schoolId: "s1", name: "Meneer Tom")),
            .coach(Coach(id: "c1", name: "Els", kind: .external)),
            .coachAssignment(CoachAssignment(coachId: "c1", scope: .school, scopeId: "s1")),
            .schoolClass(SchoolClass(id: "k3", schoolId: "s1", name: "3B")),
            .period(Period(id: "per1", schoolId: "s1", name: "Periode 1", start: d("2026-09-01"), end: d("2026-12-20"),
                           focus: Focus(instrumentId: fenix, section: 1))),
            .observation(Observation(kind: .coach, schoolId: "s1", teacherId: "t1", classId: "k3", instrumentId: fenix,
                                     instrumentVersion: "2025", date: d("2026-10-27"),
                                     scores: [ItemScore(item: "1.1", value: 0), ItemScore(item: "1.2", value: 1)], observers: ["c1"])),
            .observation(Observation(kind: .coach, schoolId: "s1", teacherId: "t1", classId: "k3", instrumentId: fenix,
                                     instrumentVersion: "2025", date: d("2026-10-29"),
                                     scores: [ItemScore(item: "1.1", value: 0), ItemScore(item: "1.2", value: 1)], observers: ["c1"])),
        ]) }
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(tick.status == 0, "\(tick.stderr)")
        let page = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44", "--format", "html"]
                                        + SchoolCommandsTests.folders).stdout
        let chart = try #require(page.components(separatedBy: "<figure>").first { $0.contains("<figcaption>Focus ‘") }, "\(page)")
        // ✓/✗ is no 1-to-5 scale: the bar is the share of observations the item was there.
        #expect(chart.contains("’: in hoeveel observaties het kijkpunt aanwezig was</figcaption>"), "\(chart)")
        #expect(!chart.contains("Doe je dit al"))
        #expect(chart.contains(">0 van 2</text>") && chart.contains(">2 van 2</text>"), "\(chart)")
        #expect(chart.contains("width=\"200\""), "item 1.2, seen every time: a full bar")
    }
}
