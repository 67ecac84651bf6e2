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
}
