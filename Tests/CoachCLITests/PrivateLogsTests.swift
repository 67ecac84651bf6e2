import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// Logs and errors carry ids, never a pupil's alias, a teacher's name or what was written.
struct PrivateLogsTests {
    @Test
    func theDemoAtDebugLevelLogsNoAliasNameOrText() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("demo.sqlite").path
        // A rule of the school's own that prints and fails with what it was handed.
        let rules = scratch.url.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let shipped = URL(fileURLWithPath: SchoolCommandsTests.folders[1])
        for file in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where file.hasSuffix(".lua") {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(file), to: rules.appendingPathComponent(file))
        }
        try """
            return rule { id = "talkative", title = { nl = "Praat" }, on = { "week.ended" },
              run = function(ev, ctx)
                local p_alias = "?"
                for _, class in ipairs(ctx.classes()) do
                  for _, p in ipairs(ctx.pupils{ class = class.id }) do print("pupil", p.alias); p_alias = p.alias or p_alias end
                end
                for _, t in ipairs(ctx.teachers()) do
                  ctx.log("teacher " .. t.name)
                  for _, o in ipairs(ctx.observations{ teacher = t.id }) do
                    if o.work_on then error("cannot use " .. o.work_on .. " of " .. t.name .. " for " .. p_alias) end
                  end
                end
              end }
            """.write(to: rules.appendingPathComponent("talkative.lua"), atomically: true, encoding: .utf8)
        // The same questions from a second rule: it gets the batch's cached answers, and what
        // they hand over must stay out of its errors too.
        try """
            return rule { id = "talkative-too", title = { nl = "Praat ook" }, on = { "week.ended" },
              run = function(ev, ctx)
                for _, t in ipairs(ctx.teachers()) do
                  for _, o in ipairs(ctx.observations{ teacher = t.id }) do
                    if o.work_on then error("also cannot use " .. o.work_on) end
                  end
                end
              end }
            """.write(to: rules.appendingPathComponent("talkative-too.lua"), atomically: true, encoding: .utf8)
        let demo = try CoachProcess.run(["demo", "--db", db, "--weeks", "4", "--rules", rules.path,
                                         "--plugins", SchoolCommandsTests.folders[3]], environment: ["COACH_LOG": "debug"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stderr.contains("rule log") && demo.stderr.contains("rule failed"), "the rule's lines are logged: \(demo.stderr.prefix(500))")

        let pool = try DatabaseQueue(path: db)
        let (aliases, names, texts, lastError): ([String], [String], [String], String?) = try pool.read { db in
            (try String.fetchAll(db, sql: "SELECT alias FROM pupil WHERE alias IS NOT NULL"),
             try String.fetchAll(db, sql: "SELECT name FROM teacher"),
             try String.fetchAll(db, sql: "SELECT text FROM feedback WHERE text IS NOT NULL UNION SELECT workOn FROM observation WHERE workOn IS NOT NULL"),
             try String.fetchOne(db, sql: "SELECT lastError FROM ruleHealth WHERE ruleId = 'talkative' AND lastError IS NOT NULL"))
        }
        #expect(aliases.count > 10 && names.count > 2 && texts.count > 3)
        let otherError = try pool.read { db in
            try String.fetchOne(db, sql: "SELECT lastError FROM ruleHealth WHERE ruleId = 'talkative-too' AND lastError IS NOT NULL")
        }
        #expect(otherError?.contains("also cannot use ‹tekst›") == true, "\(otherError ?? "")")
        let failurePrompts = try pool.read { db in try String.fetchAll(db, sql: "SELECT text FROM prompt WHERE ruleId = 'engine'") }
        for output in [demo.stderr, lastError ?? "", otherError ?? "", failurePrompts.joined(separator: "\n")] {
            for alias in aliases { #expect(!output.contains(alias), "alias '\(alias)' in \(output.prefix(300))") }
            for name in names { #expect(!output.contains(name), "teacher name '\(name)' in \(output.prefix(300))") }
            for text in texts { #expect(!output.contains(text), "text '\(text)' in \(output.prefix(300))") }
        }
        // What the rule's owners need is still there: where, and the ids.
        #expect(lastError?.contains("talkative.lua:") == true && lastError?.contains("‹tekst›") == true, "\(lastError ?? "")")
    }
}
