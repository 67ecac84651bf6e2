import CoachCore
import CoachStore
import Foundation
import Testing

/// A failing rule is told to the people who own it: tick, rules list, replay and the digest.
struct FailingRuleCommandsTests {
    static func folders(_ scratch: Scratch, rules: [String: String]) throws -> [String] {
        let folder = scratch.url.appendingPathComponent("Rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, source) in rules { _ = try scratch.write("Rules/\(name)", source) }
        return ["--rules", folder.path, "--plugins", SchoolCommandsTests.folders[3]]
    }

    @Test
    func aRuleThatDoesNotLoadMakesTickFailAfterClosingTheWeek() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let folders = try Self.folders(scratch, rules: [
            "broken.lua": "return rule { id = \"broken\", title = { nl = \"B\" }, on = { \"week.ended\" },\n  run = function( end }\n",
            "fine.lua": """
                return rule { id = "fine", title = { nl = "Goed" }, on = { "week.ended" },
                  run = function(ev, ctx) ctx.prompt{ to = "team", key = "w", text = "week " .. ev.week, next_step = "-", evidence = { ev.week } } end }
                """,
        ])
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + folders)
        #expect(tick.status == 1)
        #expect(tick.stderr.contains("broken.lua:2: syntax error"))
        #expect(tick.stdout.hasPrefix("week 2026-W44 afgesloten: "))
        #expect(tick.stderr.hasSuffix("coach: de week is afgesloten en de andere regels zijn uitgevoerd, maar niet alle regels werkten: zie de meldingen hierboven\n"))
        let store = try CoachStore.open(path: db)
        #expect(try store.prompts(school: "s1", week: "2026-W44").map(\.text) == ["week 2026-W44"], "the other rule ran")
        #expect(try store.weekClosed(IsoWeek("2026-W44")!, school: "s1"))
    }

    @Test
    func tickListReplayAndDigestTellOfARuleThatFails() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let folders = try Self.folders(scratch, rules: [
            "flaky.lua": """
                return rule { id = "flaky", title = { nl = "Wankel" }, on = { "week.ended" },
                  run = function(ev, ctx) if ev.week == "2026-W43" then error("kapot in week 43") end end }
                """,
        ])
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W43"] + folders)
        #expect(tick.status == 1)
        #expect(tick.stderr.contains("coach: regel flaky liep fout bij 1 gebeurtenis; de eerste: flaky bij gebeurtenis "), "\(tick.stderr)")
        #expect(tick.stderr.contains("(week.ended van 2026-10-25, school s1): runtime error: "))
        #expect(tick.stdout.contains(", 1 regel met fouten"))

        let list = try CoachProcess.run(["rules", "list", "--db", db] + folders)
        #expect(list.stdout.contains("\t1 recente fout, laatste bij gebeurtenis "))
        // The rule says no reason: its line ends with "-" for it.
        #expect(list.stdout.contains("kapot in week 43\t-\n"))

        let digest = try CoachProcess.run(["digest", "--db", db, "--coach", "c1", "--week", "2026-W43"] + folders)
        #expect(digest.stdout.contains("Regel 'Wankel' (flaky) liep fout op week.ended van 2026-10-25: runtime error: "))

        let replay = try CoachProcess.run(["rules", "replay", "flaky", "--db", db, "--school", "s1",
                                           "--from", "2026-10-12", "--to", "2026-11-01"] + folders)
        #expect(replay.status == 1, "a failure in replay is listed, and the rest is replayed")
        #expect(replay.stderr.contains("coach: fout: flaky on event 0 (week.ended of 2026-10-25, school s1)") == false,
                "a closed week replays its real event")
        #expect(replay.stderr.contains("(week.ended of 2026-10-25, school s1): runtime error: "))
        #expect(replay.stdout == "0 prompts (niets opgeslagen)\n")
    }

    @Test
    func statsCountPromptsPerWeekTeacherAndRule() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        _ = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + SchoolCommandsTests.folders)
        let stats = try CoachProcess.run(["digest", "--stats", "--db", db] + SchoolCommandsTests.folders)
        #expect(stats.status == 0, "\(stats.stderr)")
        let lines = stats.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "week\tprompts\tgem. per leerkracht\tgetoond\tachtergehouden\tper regel")
        let store = try CoachStore.open(path: db)
        let stored = try store.prompts(school: "s1", week: "2026-W44").count
        // Juf An's focus prompts: 2 shown; the class without a teacher of its own: 1 shown; as in the digest.
        // With the Dutch decimal sign.
        #expect(lines.contains { $0.hasPrefix("2026-W44\t\(stored)\t\(stored),0\t3\t\(stored - 3)\t") }, "\(stats.stdout)")
        #expect(lines.last?.hasPrefix("samen: ") == true)
        let unknown = try CoachProcess.run(["digest", "--stats", "--school", "s9", "--db", db] + SchoolCommandsTests.folders)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "coach: school 's9' is niet bekend\n")
    }
}
