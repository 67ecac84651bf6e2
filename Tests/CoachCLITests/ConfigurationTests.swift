import CoachStore
import Foundation
import Testing

/// The configuration file, quarantine and release, from the command line.
struct ConfigurationTests {
    @Test
    func theConfigurationSetsShadowOffAndParameters() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let config = try scratch.write("coach.json", """
            { "promptsPerTeacher": 1, "shadow": ["static-groups"], "disabled": ["not-seen-lately"],
              "schools": { "s1": { "params": { "persistent-track3": { "weeks": 20 } } } } }
            """)
        let list = try CoachProcess.run(["rules", "list", "--db", db, "--config", config] + SchoolCommandsTests.folders)
        #expect(list.stdout.contains("static-groups\tshadow\t"))
        #expect(list.stdout.contains("not-seen-lately\toff\t"))
        _ = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--config", config] + SchoolCommandsTests.folders)
        let store = try CoachStore.open(path: db)
        let prompts = try store.prompts(school: "s1", week: "2026-W44")
        #expect(!prompts.contains { $0.ruleId == "persistent-track3" }, "7 weeks is not more than the school's 20")
        #expect(!prompts.contains { $0.ruleId == "not-seen-lately" })
        let digest = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W44", "--config", config]
                                          + SchoolCommandsTests.folders)
        #expect(digest.stdout.contains("  1. [focus]") && !digest.stdout.contains("  2. "), "one prompt per teacher")

        let broken = try scratch.write("broken.json", #"{ "promptsPerTeacher": "two" }"#)
        let outcome = try CoachProcess.run(["rules", "list", "--db", db, "--config", broken] + SchoolCommandsTests.folders)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "coach: \(broken): promptsPerTeacher: heeft het verkeerde type\n")
        let english = try CoachProcess.run(["rules", "list", "--db", db, "--config", broken, "--lang", "en"] + SchoolCommandsTests.folders)
        #expect(english.stderr == "coach: \(broken): promptsPerTeacher: has the wrong type\n")
    }

    /// `coach init` run where the school's coach.json is records it: a command run from
    /// another folder (a scheduled tick) keeps a rule switched off there, and reads as the
    /// role the file names.
    @Test
    func aCommandRunElsewhereUsesTheConfigurationInitFound() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        _ = try scratch.write("coach.json", #"{ "disabled": ["not-seen-lately"], "as": "teacher:t1" }"#)
        let initialised = try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders, in: scratch.url)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        // The tests run where there is no coach.json.
        #expect(!FileManager.default.fileExists(atPath: "coach.json"))
        let list = try CoachProcess.run(["rules", "list", "--db", db] + SchoolCommandsTests.folders)
        #expect(list.stdout.contains("not-seen-lately\toff\t"), "\(list.stdout)")
        let export = try CoachProcess.run(["export", "--pupil", "p1", "--db", db])
        #expect(export.status == 1 && export.stderr.contains("niet teacher:t1"), "\(export.stderr)")
        // The file gone: one line that names it, never the defaults.
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent("coach.json"))
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(tick.status == 1 && tick.stderr.contains("coach.json") && tick.stderr.contains("bewaarde, is weg"), "\(tick.stderr)")
    }

    @Test
    func aFailingRuleIsQuarantinedAndCanBeReleased() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let rules = scratch.url.appendingPathComponent("Rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        _ = try scratch.write("Rules/flaky.lua", """
            return rule { id = "flaky", title = { nl = "Wankel" }, on = { "week.ended" },
              run = function(ev, ctx) error("kapot") end }
            """)
        let folders = ["--rules", rules.path, "--plugins", SchoolCommandsTests.folders[3]]
        for week in ["2026-W42", "2026-W43", "2026-W44"] {
            let tick = try CoachProcess.run(["tick", "--db", db, "--week", week] + folders)
            #expect(tick.stderr.contains("coach: regel flaky liep fout bij 1 gebeurtenis; de eerste: flaky bij gebeurtenis"), "\(tick.stderr)")
        }
        let list = try CoachProcess.run(["rules", "list", "--db", db] + folders)
        #expect(list.stdout.hasPrefix("flaky\tquarantined (s1)\t"), "\(list.stdout)")
        let store = try CoachStore.open(path: db)
        #expect(try store.prompts(school: "s1", week: "2026-W44").contains { $0.audience == .team && $0.key == "quarantine/flaky" })

        let release = try CoachProcess.run(["rules", "release", "flaky", "--db", db])
        #expect(release.stdout == "regel flaky is weer actief (s1)\n")
        #expect(try CoachProcess.run(["rules", "list", "--db", db] + folders).stdout.hasPrefix("flaky\ton\t"))
        let again = try CoachProcess.run(["rules", "release", "flaky", "--db", db])
        #expect(again.stderr == "coach: regel flaky staat niet in quarantaine\n")
    }
}
