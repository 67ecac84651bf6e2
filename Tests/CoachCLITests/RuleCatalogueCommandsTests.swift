import CoachStore
import Foundation
import Testing

/// The catalogue of rule definitions through the command line: a digest or an explanation says
/// the same whether the catalogue is cold or warm, and the catalogue stays its user's.
struct RuleCatalogueCommandsTests {
    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }
    }

    @Test
    func aDigestAndAnExplanationReadTheSameFromAColdAndAWarmCatalogue() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("coach-demo.sqlite").path
        let warm = scratch.url.appendingPathComponent("warm").path
        let cold = scratch.url.appendingPathComponent("cold").path
        let demo = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders, environment: ["COACH_CACHE": warm])
        #expect(demo.status == 0, "\(demo.stderr)")
        // The demo compiled every rule, and remembered each.
        #expect(Self.files(in: warm + "/rules").count == SchoolCommandsTests.shippedRules)
        let mode = try FileManager.default.attributesOfItem(atPath: warm + "/rules")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o700, "the catalogue is its user's alone")

        let digest = ["digest", "--coach", "c-els", "--week", "2026-W43", "--db", db] + SchoolCommandsTests.folders
        let fromWarm = try CoachProcess.run(digest, environment: ["COACH_CACHE": warm])
        let fromCold = try CoachProcess.run(digest, environment: ["COACH_CACHE": cold])
        #expect(fromWarm.status == 0 && fromCold.status == 0, "\(fromWarm.stderr)\(fromCold.stderr)")
        #expect(fromWarm.stdout.contains("Waarom: "))
        #expect(fromWarm.stdout == fromCold.stdout)
        #expect(fromWarm.stderr == fromCold.stderr)
        // A cold catalogue is filled by the first command that had to compile.
        #expect(Self.files(in: cold + "/rules").count == SchoolCommandsTests.shippedRules)

        let prompt = try #require(try CoachStore.open(path: db).prompts(school: "s-linde").first?.id)
        let explain = ["rules", "explain", "\(prompt)", "--db", db] + SchoolCommandsTests.folders
        let explainedWarm = try CoachProcess.run(explain, environment: ["COACH_CACHE": warm])
        let explainedCold = try CoachProcess.run(explain, environment: ["COACH_CACHE": scratch.url.appendingPathComponent("other").path])
        #expect(explainedWarm.status == 0, "\(explainedWarm.stderr)")
        #expect(explainedWarm.stdout == explainedCold.stdout)
    }
}
