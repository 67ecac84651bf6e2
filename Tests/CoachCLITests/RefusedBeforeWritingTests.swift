import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// A mistake that would cost a week's prompts, another program's data or a year of records is
/// refused before anything is written, with one line.
struct RefusedBeforeWritingTests {
    @Test
    func aTickWithoutItsRulesLeavesTheWeekOpen() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let typo = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--rules", "/no/such/rules"])
        #expect(typo.status == 1)
        #expect(typo.stderr == "coach: de map met regels /no/such/rules bestaat niet; de week is niet afgesloten (geef --rules, of voer "
                + "'coach init' uit in de map waar de regels staan)\n", "\(typo.stderr)")
        let english = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--rules", "/no/such/rules", "--lang", "en"])
        #expect(english.stderr == "coach: the rules folder /no/such/rules is not there; the week was not closed (give --rules, or run "
                + "'coach init' where the rules are)\n", "\(english.stderr)")
        let empty = scratch.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--rules", empty.path, "--plugins", empty.path])
        #expect(none.status == 1 && none.stderr.contains("er is geen enkele regel geladen"), "\(none.stderr)")
        #expect(try !CoachStore.open(path: db).weekClosed(IsoWeek("2026-W44")!, school: "s1"))
        // Nor only closed: nothing would ever run the week, and every write would wait for it.
        let closeOnly = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--no-dispatch", "--rules", empty.path,
                                              "--plugins", empty.path])
        #expect(closeOnly.status == 1 && closeOnly.stderr.contains("er is geen enkele regel geladen"), "\(closeOnly.stderr)")
        #expect(try !CoachStore.open(path: db).weekClosed(IsoWeek("2026-W44")!, school: "s1"))
        // init records no folder that is not there.
        let initialised = try CoachProcess.run(["init", "--db", db, "--rules", "/no/such/rules"])
        #expect(initialised.status == 1 && initialised.stderr.contains("de map met regels /no/such/rules bestaat niet"), "\(initialised.stderr)")
        #expect(try CoachStore.open(path: db).setting("rulesFolder") != "/no/such/rules")
    }

    @Test
    func aWeekThatHasNotBegunIsRefusedUnlessAheadSaysItIsMeant() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        // A typo in the year: refused, nothing closed.
        let typo = try CoachProcess.run(["tick", "--db", db, "--week", "2099-W44"] + SchoolCommandsTests.folders)
        #expect(typo.status == 1 && typo.stderr.hasPrefix("coach: --week 2099-W44 is nog niet begonnen (vandaag is het 20")
                && typo.stderr.hasSuffix("); een tikfout in het jaartal? Voor een simulatie of een test met komende weken: --ahead\n"),
                "\(typo.stderr)")
        let through = try CoachProcess.run(["tick", "--db", db, "--through", "2099-W44", "--lang", "en"] + SchoolCommandsTests.folders)
        #expect(through.status == 1 && through.stderr.contains("--through 2099-W44 has not begun yet"), "\(through.stderr)")
        #expect(try !CoachStore.open(path: db).weekClosed(IsoWeek("2099-W44")!, school: "s1"))
        // The week that did end closes as ever, not as a late one.
        let week = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44"] + SchoolCommandsTests.folders)
        #expect(week.status == 0 && week.stdout.hasPrefix("week 2026-W44 afgesloten"), "\(week.stdout)\(week.stderr)")
        // Meant (a simulation): closed.
        let ahead = try CoachProcess.run(["tick", "--db", db, "--week", "2099-W44", "--ahead"] + SchoolCommandsTests.folders)
        #expect(ahead.status == 0, "\(ahead.stderr)")
        #expect(try CoachStore.open(path: db).weekClosed(IsoWeek("2099-W44")!, school: "s1"))
    }

    @Test
    func aMisspeltPluginsFolderIsRefused() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        // A tick would close the week without the plugins' rules and kijkwijzers.
        let tick = try CoachProcess.run(["tick", "--db", db, "--week", "2026-W44", "--plugins", "/no/such/plugins"])
        #expect(tick.status == 1)
        #expect(tick.stderr == "coach: de map met plugins /no/such/plugins bestaat niet; de week is niet afgesloten (geef --plugins, "
                + "of voer 'coach init' uit in de map waar de plugins staan)\n", "\(tick.stderr)")
        #expect(try !CoachStore.open(path: db).weekClosed(IsoWeek("2026-W44")!, school: "s1"))
        // init would record it for every later tick.
        let before = try CoachStore.open(path: db).setting("pluginsFolder")
        let initialised = try CoachProcess.run(["init", "--db", db, "--plugins", "/no/such/plugins"])
        #expect(initialised.status == 1 && initialised.stderr.contains("de map met plugins /no/such/plugins bestaat niet"), "\(initialised.stderr)")
        #expect(try CoachStore.open(path: db).setting("pluginsFolder") == before)
        // Commands that only show rules say so, and say the list is incomplete.
        let list = try CoachProcess.run(["rules", "list", "--db", db, "--plugins", "/no/such/plugins"])
        #expect(list.stderr.contains("/no/such/plugins: die map bestaat niet"), "\(list.stderr)")
        // An import with a mapping names the folder it could not find.
        let file = scratch.url.appendingPathComponent("form.csv")
        try "a,b\n1,2\n".write(to: file, atomically: true, encoding: .utf8)
        let mapped = try CoachProcess.run(["import", file.path, "--kind", "observations", "--mapping", "m", "--db", db,
                                           "--plugins", "/no/such/plugins"])
        #expect(mapped.status == 1 && mapped.stderr == "coach: geen map met plugins op /no/such/plugins (geef --plugins)\n", "\(mapped.stderr)")
    }

    @Test
    func anotherProgramsDatabaseIsNotMigrated() throws {
        let scratch = try Scratch()
        let path = scratch.url.appendingPathComponent("other.sqlite").path
        let other = try DatabaseQueue(path: path)
        try other.write { db in try db.execute(sql: "CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL)") }
        let before = try other.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name") }
        for command in [["prompt", "done", "1"], ["import", "x.csv", "--kind", "people"]] {
            let outcome = try CoachProcess.run(command + ["--db", path])
            #expect(outcome.status != 0)
        }
        let run = try CoachProcess.run(["prompt", "done", "1", "--db", path])
        #expect(run.stderr.contains("it is not a coach database"), "\(run.stderr)")
        #expect(try other.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master ORDER BY name") } == before)
    }

    @Test
    func retentionRefusesADayAfterToday() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let outcome = try CoachProcess.run(["retention", "--before", "2999-06-01", "--yes", "--db", db])
        #expect(outcome.status == 1 && outcome.stderr.contains("--before 2999-06-01 ligt na vandaag"), "\(outcome.stderr)")
    }

    @Test
    func aMisspelledSettingOrRuleInTheConfigurationIsTold() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let config = scratch.url.appendingPathComponent("coach.json")
        try #"{"disabeld": ["static-groups"]}"#.write(to: config, atomically: true, encoding: .utf8)
        let key = try CoachProcess.run(["rules", "list", "--db", db, "--config", config.path] + SchoolCommandsTests.folders)
        #expect(key.status == 1 && key.stderr.contains("'disabeld' is geen instelling"), "\(key.stderr)")
        try #"{"disabled": ["static-grups"]}"#.write(to: config, atomically: true, encoding: .utf8)
        let rule = try CoachProcess.run(["rules", "list", "--db", db, "--config", config.path] + SchoolCommandsTests.folders)
        #expect(rule.status == 1 && rule.stderr.contains("disabled: 'static-grups' is geen regel"), "\(rule.stderr)")
        // A parameter the rule does not have, or of another kind than its default.
        try #"{"params": {"persistent-track3": {"week": 2, "share": "0.5"}}, "schools": {"s1": {"params": {"success-band": {"low": true}}}}}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let params = try CoachProcess.run(["rules", "list", "--db", db, "--config", config.path] + SchoolCommandsTests.folders)
        #expect(params.status == 1)
        #expect(params.stderr.contains("configuratie: params.persistent-track3: 'week' is geen parameter van de regel (de parameters: "
                                       + "listed, min_goals, share, weeks)"), "\(params.stderr)")
        #expect(params.stderr.contains("configuratie: params.persistent-track3.share: een tekst, maar de regel verwacht een getal, zoals de "
                                       + "standaardwaarde 0.5"), "\(params.stderr)")
        #expect(params.stderr.contains("configuratie: schools.s1.params.success-band.low: true of false, maar de regel verwacht een getal, "
                                       + "zoals de standaardwaarde 60"), "\(params.stderr)")
        let english = try CoachProcess.run(["rules", "list", "--db", db, "--config", config.path, "--lang", "en"] + SchoolCommandsTests.folders)
        #expect(english.stderr.contains("configuration: params.persistent-track3: 'week' is not a parameter of the rule (its parameters: "
                                        + "listed, min_goals, share, weeks)"), "\(english.stderr)")
        #expect(english.stderr.contains("configuration: params.persistent-track3.share: a text where the rule expects a number, like its "
                                        + "default 0.5"), "\(english.stderr)")
        #expect(english.stderr.contains("configuration: schools.s1.params.success-band.low: true or false where the rule expects a number, "
                                        + "like its default 60"), "\(english.stderr)")
    }
}
