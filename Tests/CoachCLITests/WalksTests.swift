import CoachCore
import CoachStore
import Foundation
import Testing

/// A learning walk entered by command and by import reaches learning-walk-gaps and the team's
/// digest, and no output links it to a teacher.
struct WalksTests {
    @Test
    func walksByCommandAndImportReachTheTeamAndNoTeacher() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        // Item 1.2 is seen on neither walk: a team growth point for principle 1.
        let added = try CoachProcess.run(["walk", "add", "--db", db, "--date", "2026-10-20", "--walkers", "3",
                                          "--seen", "1.1", "--seen", "1.3", "--not-seen", "1.2"])
        #expect(added.status == 0, "\(added.stderr)")
        let file = try scratch.write("wandeling.csv", "school;date;instrument;version;walkers;1.1;1.2;1.3\n"
                                     + "s1;2026-10-22;diepenbeek-leerwandeling;2025;4;gezien;;gezien\n")
        let imported = try CoachProcess.run(["import", file, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try CoachProcess.run(["tick", "--week", "2026-W43", "--db", db] + SchoolCommandsTests.folders).status == 0)

        let prompts = try CoachStore.open(path: db).prompts(school: "s1").filter { $0.ruleId == "learning-walk-gaps" }
        #expect(!prompts.isEmpty)
        for prompt in prompts {
            #expect(prompt.audience == .team && prompt.teacherId == nil && prompt.classId == nil)
            #expect(prompt.evidence.count == 2 && prompt.evidence.allSatisfy { $0.hasPrefix("learningWalk:") })
        }
        let walkText = try #require(prompts.first { $0.key == "walk/1" }?.text)
        #expect(walkText.contains("1.2"))

        let team = try CoachProcess.run(["digest", "--as", "team:s1", "--week", "2026-W43", "--db", db] + SchoolCommandsTests.folders)
        #expect(team.status == 0, "\(team.stderr)")
        #expect(team.stdout.contains(walkText) && !team.stdout.contains("Juf An"))
        // In the coach's digest it stands under Team, never under a teacher.
        let coach = try CoachProcess.run(["digest", "--coach", "c1", "--week", "2026-W43", "--db", db] + SchoolCommandsTests.folders)
        let sections = coach.stdout.components(separatedBy: "\n\n")
        let holding = sections.filter { $0.contains(walkText) }
        #expect(holding.count == 1 && holding[0].hasPrefix("Team\n"), "\(coach.stdout)")
        let explained = try CoachProcess.run(["rules", "explain", "\(prompts[0].id ?? 0)", "--as", "teacher:t1", "--db", db]
                                             + SchoolCommandsTests.folders)
        #expect(explained.status == 1, "a teacher does not read the team's walk prompts")
    }
}
