import CoachCore
import CoachStore
import Foundation
import Testing

/// The school's feedback on the central tests comes in by import and, through the shipped
/// team rule, gives one prompt for the team that names no teacher.
struct CentralResultsTests {
    @Test
    func importedCentralResultsGiveOneTeamPromptThroughTheLoop() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let csv = try scratch.write("vlaamse-toetsen.csv", """
            school;jaar;leerjaar;domein;school_score;vlaams_gemiddelde;vergelijkbare_scholen;leerwinst
            s1;2025;4;begrijpend lezen;55;55,5;54,5;
            s1;2026;4;begrijpend lezen;50,5;55;54;1,5
            s1;2026;4;wiskunde;58;56,5;57;
            s1;2026;4;wiskunde probleemoplossen;49,5;56;55,5;
            """)
        let imported = try CoachProcess.run(["import", csv, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("4 records geïmporteerd"), "\(imported.stdout)")
        let again = try CoachProcess.run(["import", csv, "--db", db])
        #expect(again.stdout.contains("0 nieuw, 4 al aanwezig"), "\(again.stdout)")

        let ticked = try CoachProcess.run(["tick", "--week", "2026-W44", "--db", db] + SchoolCommandsTests.folders)
        #expect(ticked.status == 0, "\(ticked.stderr)")
        let prompts = try CoachStore.open(path: db).prompts(school: "s1").filter { $0.ruleId == "central-feedback-loop" }
        // One domain at most: the one furthest below similar schools (problem solving, 6 points against 4.5 for reading).
        #expect(prompts.count == 1)
        let prompt = try #require(prompts.first)
        #expect(prompt.audience == .team && prompt.teacherId == nil && prompt.classId == nil)
        #expect(prompt.text.hasPrefix("Vlaamse toetsen 2026, leerjaar 4, ‘wiskunde probleemoplossen’: de school haalt 49,5, "
                                      + "vergelijkbare scholen 55,5, heel Vlaanderen 56."), "\(prompt.text)")
        #expect(prompt.evidence.count == 1 && prompt.evidence[0].hasPrefix("centralResult:"))
        #expect(!prompt.text.contains("Juf An") && !prompt.text.contains("t1"))

        let bad = try scratch.write("fout.csv", "school,year,grade,domain,school_score,flemish_mean,similar_mean\ns1,twintig,4,lezen,50,55,54\n")
        let refused = try CoachProcess.run(["import", bad, "--db", db])
        #expect(refused.status != 0 && refused.stderr.contains("fout.csv:2: year: moet een getal zijn, niet 'twintig'"), "\(refused.stderr)")
    }
}
