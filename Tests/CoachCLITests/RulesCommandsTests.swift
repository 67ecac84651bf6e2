import Foundation
import Testing

/// rules list|check|test|replay and plugins list|check: the policy team's tools.
struct RulesCommandsTests {
    @Test
    func testRunsEverySpecWithTheClosingLine() throws {
        let outcome = try CoachProcess.run(["rules", "test"] + SchoolCommandsTests.folders)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasSuffix(" passed, 0 failed\n"))
        #expect(!outcome.stdout.contains("FAIL"))
        #expect(outcome.stdout.contains("ok   persistent-track3: flags a pupil in track 3 for more than 6 weeks, in a prompt about the class\n"))
        // No spec at all, or no folder, is no pass.
        let typo = try CoachProcess.run(["rules", "test", "--rules", "/no/such/rules"])
        #expect(typo.status == 1 && typo.stderr == "coach: de map met regels /no/such/rules bestaat niet\n", "\(typo.stderr)")
        let scratch = try Scratch()
        let empty = try CoachProcess.run(["rules", "test", "--rules", scratch.url.path])
        #expect(empty.status == 1 && empty.stderr == "coach: geen specs (*_spec.lua) in \(scratch.url.path)\n", "\(empty.stderr)")
        let english = try CoachProcess.run(["rules", "test", "--rules", scratch.url.path, "--lang", "en"])
        #expect(english.stderr == "coach: no specs (*_spec.lua) in \(scratch.url.path)\n", "\(english.stderr)")
    }

    @Test
    func testRunsThePluginsRulesSpecsToo() throws {
        let scratch = try Scratch()
        let folder = scratch.url.appendingPathComponent("plugins/eigen")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try #"{ "id": "eigen", "name": "Eigen", "version": "1.0.0", "rules": ["stuk.lua"] }"#
            .write(to: folder.appendingPathComponent("plugin.json"), atomically: true, encoding: .utf8)
        try """
            return rule { id = "stuk", title = { nl = "Stuk" }, on = { "week.ended" },
              run = function(ev, ctx) error("altijd") end }
            """.write(to: folder.appendingPathComponent("stuk.lua"), atomically: true, encoding: .utf8)
        try """
            case "is stil" {
              given = {},
              when = { event = "week.ended", week = "2026-W44" },
              expect = {},
            }
            """.write(to: folder.appendingPathComponent("stuk_spec.lua"), atomically: true, encoding: .utf8)
        let outcome = try CoachProcess.run(["rules", "test", "--rules", scratch.url.appendingPathComponent("rules").path,
                                            "--plugins", scratch.url.appendingPathComponent("plugins").path])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("stuk: is stil") && outcome.stdout.contains("altijd"), "\(outcome.stdout)")
        #expect(outcome.stdout.hasSuffix("0 passed, 1 failed\n"), "\(outcome.stdout)")
    }

    @Test
    func checkLoadsWithTheLimitsOfATick() throws {
        let scratch = try Scratch()
        // About 24 million instructions at load: over a tick's 20 million, under the sandbox's 50.
        let heavy = try scratch.write("heavy.lua", """
            local s = 0
            for i = 1, 12000000 do s = s + i end
            return rule { id = "heavy", title = { nl = "Zwaar" }, on = { "week.ended" }, run = function() end }
            """)
        let outcome = try CoachProcess.run(["rules", "check", heavy])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("time limit: used more than 20000000 instructions"), "\(outcome.stdout)")
    }

    @Test
    func checkNamesFileAndLine() throws {
        let scratch = try Scratch()
        let bad = try scratch.write("bad.lua", "return rule {\n  id = \"bad\", title = { nl = \"B\" },\n  on = {},\n  run = function() end }\n")
        let outcome = try CoachProcess.run(["rules", "check", bad])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "\(bad):1: rule: on moet minstens één gebeurtenis noemen, zoals on = { \"placement.changed\", \"week.ended\" }\n"
                + "0 in orde, 1 met problemen\n")
        let english = try CoachProcess.run(["rules", "check", bad, "--lang", "en"])
        #expect(english.stdout == "\(bad):1: rule: on must list at least one event, like on = { \"placement.changed\", \"week.ended\" }\n"
                + "0 ok, 1 with problems\n")
        let good = try CoachProcess.run(["rules", "check"] + SchoolCommandsTests.folders.prefix(2))
        #expect(good.stdout == "\(SchoolCommandsTests.shippedRules) in orde, 0 met problemen\n")
        let englishGood = try CoachProcess.run(["rules", "check", "--lang", "en"] + SchoolCommandsTests.folders.prefix(2))
        #expect(englishGood.stdout == "\(SchoolCommandsTests.shippedRules) ok, 0 with problems\n")
    }

    @Test
    func listAndReplay() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let list = try CoachProcess.run(["rules", "list", "--db", db] + SchoolCommandsTests.folders)
        #expect(list.stdout.contains("persistent-track3\ton\tLang in spoor 3\tweek.ended\t"))
        let replay = try CoachProcess.run(["rules", "replay", "persistent-track3", "--db", db, "--school", "s1",
                                           "--from", "2026-09-01", "--to", "2026-11-08"] + SchoolCommandsTests.folders)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("2026-W44\tcoach\tk5a\tIn klas 5A zit één leerling langer dan 6 weken of voor de meeste doelen in spoor 3: Noor (7 weken"))
        #expect(replay.stdout.hasSuffix("1 prompt (niets opgeslagen)\n"))
    }

    @Test
    func pluginsListAndCheck() throws {
        let plugins = SchoolCommandsTests.folders[3]
        let list = try CoachProcess.run(["plugins", "list", plugins])
        #expect(list.status == 0)
        #expect(list.stdout.contains("kijkwijzer-peter-benoit\t1.0.0\t"))
        #expect(list.stdout.contains("\tmappings: google-forms-peter-benoit-3 (--kind observations), "
                                     + "google-forms-diepenbeek-leerwandeling (--kind walks)\n"), "\(list.stdout)")
        #expect(!list.stdout.contains("    3.2\t"), "items only when asked")
        let items = try CoachProcess.run(["plugins", "list", plugins, "--items"])
        #expect(items.stdout.contains("  peter-benoit-doelgerichte-differentiatie 3\tFlexibel groeperen\n    3.1\t"))
        #expect(items.stdout.contains("\n    3.2\tDe leerkracht betrekt leerlingen bij het verdelen in groepen."))
        let check = try CoachProcess.run(["plugins", "check", plugins])
        #expect(check.stdout == "5 in orde, 0 problemen\n")
        #expect(try CoachProcess.run(["plugins", "check", plugins, "--lang", "en"]).stdout == "5 ok, 0 problems\n")
    }

    /// A policy team's broken plugin, told in the reader's language: the file and the place
    /// as they are, the words Dutch by default.
    @Test
    func aBrokenPluginIsToldInTheReadersLanguage() throws {
        let scratch = try Scratch()
        let folder = scratch.url.appendingPathComponent("plugins/mine").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try scratch.write("plugins/mine/plugin.json", #"{"id": "mine", "name": "Mine", "version": "1", "legends": ["l.json"]}"#)
        _ = try scratch.write("plugins/mine/l.json", #"{"id": "l", "title": "L", "codes": [{"code": "A", "meaning": "x"}, {"code": "A", "meaning": " "}]}"#)
        let plugins = scratch.url.appendingPathComponent("plugins").path
        let dutch = try CoachProcess.run(["plugins", "check", plugins])
        #expect(dutch.status == 1)
        #expect(dutch.stdout == "\(folder)/l.json: codes[1].code: 'A' komt twee keer voor\n\(folder)/l.json: codes[1].meaning: is verplicht\n"
                + "0 in orde, 2 problemen\n", "\(dutch.stdout)")
        let english = try CoachProcess.run(["plugins", "check", plugins, "--lang", "en"])
        #expect(english.stdout == "\(folder)/l.json: codes[1].code: 'A' appears twice\n\(folder)/l.json: codes[1].meaning: is required\n"
                + "0 ok, 2 problems\n", "\(english.stdout)")
        // A command that loads the plugins tells them in its language too.
        let listed = try CoachProcess.run(["plugins", "list", plugins])
        #expect(listed.status == 1)
        #expect(listed.stderr.contains("l.json: codes[1].meaning: is verplicht\n"), "\(listed.stderr)")
        // ... also where the workspace loads them for the rules (its language is the reader's).
        let db = scratch.url.appendingPathComponent("c.sqlite").path
        _ = try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders.prefix(2))
        for (lang, line) in [("nl", "l.json: codes[1].meaning: is verplicht\n"), ("en", "l.json: codes[1].meaning: is required\n")] {
            let rules = try CoachProcess.run(["rules", "list", "--db", db, "--plugins", plugins, "--lang", lang])
            #expect(rules.status == 1)
            #expect(rules.stderr.contains(line), "\(rules.stderr)")
        }
        // One problem is one.
        _ = try scratch.write("plugins/mine/l.json", #"{"id": "l", "title": "L", "codes": [{"code": "A", "meaning": " "}]}"#)
        #expect(try CoachProcess.run(["plugins", "check", plugins]).stdout.hasSuffix("0 in orde, 1 probleem\n"))
        #expect(try CoachProcess.run(["plugins", "check", plugins, "--lang", "en"]).stdout.hasSuffix("0 ok, 1 problem\n"))
    }

    @Test
    func everyCommandsHelpShowsAnExample() throws {
        for command in [[], ["rules"], ["prompt"], ["plugins"], ["feedback"], ["result"], ["period"], ["sandbox"], ["bench"], ["demo"], ["import"], ["suggest"], ["observe"], ["feedback", "add"], ["place"], ["result", "add"],
                        ["period", "start"], ["init"], ["tick"], ["digest"], ["rules", "list"], ["rules", "check"], ["rules", "test"],
                        ["rules", "replay"], ["rules", "explain"], ["rules", "release"], ["prompt", "ack"], ["prompt", "done"], ["prompt", "snooze"],
                        ["plugins", "list"], ["plugins", "check"], ["sandbox", "run"], ["bench", "network"], ["bench", "rules"],
                        ] {
            let outcome = try CoachProcess.run(command + ["--help"])
            #expect(outcome.status == 0)
            #expect(outcome.stdout.contains("Example:"), "\(command)")
        }
    }
}

/// The front door as a new user meets it: typos, global options, folders found from anywhere.
struct FrontDoorTests {
    @Test
    func aMistypedCommandNamesTheWordAndTheNearestCommand() throws {
        let top = try CoachProcess.run(["digets", "--coach", "c-els"])
        #expect(top.status == 64)
        #expect(top.stderr.hasPrefix("coach: 'digets' is geen opdracht van 'coach'; bedoel je 'digest'? (opdrachten: demo, init, "),
                "\(top.stderr)")
        let nested = try CoachProcess.run(["rules", "chek"])
        #expect(nested.stderr.hasPrefix("coach: 'chek' is geen opdracht van 'coach rules'; bedoel je 'rules check'?"))
        let english = try CoachProcess.run(["rules", "chek", "--lang", "en"])
        #expect(english.stderr.hasPrefix("coach: 'chek' is not a command of 'coach rules'; did you mean 'rules check'?"))
        #expect(try CoachProcess.run(["help", "digest"]).status == 0)
    }

    @Test
    func everyCommandTakesTheGlobalOptions() throws {
        for command in [["rules", "check"], ["rules", "test"], ["plugins", "list"], ["plugins", "check"], ["sandbox", "run"],
                        ["tick"], ["digest"], ["suggest"], ["import"], ["prompt", "ack"], ["bench", "network"]] {
            let help = try CoachProcess.run(command + ["--help"])
            #expect(help.stdout.contains("--lang <lang>") && help.stdout.contains("--db <db>"), "\(command)")
        }
    }

    @Test
    func rulesAndPluginsAreFoundFromTheStoreInAnyFolder() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("school.sqlite").path
        #expect(try CoachProcess.run(["init", "--db", db] + SchoolCommandsTests.folders).status == 0)
        // From a folder without Rules/ or Plugins/, the folders init recorded are used.
        let list = try CoachProcess.run(["rules", "list", "--db", db], in: scratch.url)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("persistent-track3\ton\t"))
        let plugins = try CoachProcess.run(["plugins", "list", "--db", db], in: scratch.url)
        #expect(plugins.stdout.contains("kijkwijzer-peter-benoit"))
    }
}
