import Foundation
import Testing

/// The example files in docs/examples import as the README says, and their week speaks: a
/// newcomer's first import works.
struct ExamplesTests {
    @Test
    func theExampleSchoolImportsAndItsWeekGivesTheCoachADigest() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("example.sqlite").path
        let examples = SchoolCommandsTests.root.appendingPathComponent("docs/examples")
        let week = examples.appendingPathComponent("week-2026-W44")
        func run(_ arguments: [String]) throws -> CoachProcess.Outcome {
            let outcome = try CoachProcess.run(arguments + ["--db", db])
            #expect(outcome.status == 0, "\(arguments.prefix(2)): \(outcome.stderr)")
            return outcome
        }
        _ = try run(["init"] + SchoolCommandsTests.folders)
        #expect(try run(["import", examples.appendingPathComponent("people.csv").path]).stdout == "17 records geïmporteerd (17 gebeurtenissen)\n")
        _ = try run(["period", "start", "Periode 1", "--school", "s-linde", "--from", "2026-09-01", "--to", "2026-12-20",
                     "--focus", "peter-benoit-doelgerichte-differentiatie/3"])
        let files = try FileManager.default.contentsOfDirectory(atPath: week.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files == ["feedback.csv", "observations.csv", "placements.csv", "results.csv"])
        #expect(try run(["import"] + files.map { week.appendingPathComponent($0).path }).stdout == "23 records geïmporteerd (23 gebeurtenissen)\n")
        #expect(try run(["tick", "--week", "2026-W44"] + SchoolCommandsTests.folders).stdout.hasPrefix("week 2026-W44 afgesloten: 41 gebeurtenissen"))
        let digest = try run(["digest", "--coach", "c-els", "--week", "2026-W44"] + SchoolCommandsTests.folders).stdout
        #expect(digest.hasPrefix("Weekoverzicht voor Els — week 44 (26 oktober – 1 november 2026)\n\nJuf An\n"))
        #expect(digest.contains("Meester Bart\n  1. [focus] Kijkpunt 3.2 van het focusonderdeel ‘Flexibel groeperen’"))
    }
}
