import CoachStore
import Foundation
import Testing

/// `coach demo`: one command for a newcomer.
struct DemoTests {
    @Test
    func demoPrintsADigestWhereRulesSpeakAndIsRepeatable() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("coach-demo.sqlite").path
        let first = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Weekoverzicht voor Els (pedagogisch begeleider) — week 43 (19–25 oktober 2026)\n"))
        #expect(first.stdout.contains("[focus] Kijkpunt 3."))
        let line = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("Regels in dit weekoverzicht: ") })
        let speaking = Int(line.split(separator: "(").last?.dropLast(2) ?? "") ?? 0
        #expect(speaking >= 4, "at least four rules speak in the digest: \(line)")
        #expect(line.contains("‘Lang in spoor 3’") && !line.contains("persistent-track3"), "titles, not ids: \(line)")
        #expect(first.stdout.contains("Regels die deze periode iets signaleerden: 14 van de 16."))
        #expect(first.stderr == "")
        // Every item says what, why (with its source), on what it rests (in words) and the next
        // step; record ids are for `explain`.
        var items: [String] = []
        for line in first.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  "), line.dropFirst(2).first?.isNumber == true { items.append(String(line)) }
            else if line.hasPrefix("     "), !items.isEmpty { items[items.count - 1] += "\n" + line }
        }
        #expect(items.count >= 8)
        for item in items {
            #expect(item.contains("\n     Waarom: ") && item.contains("(bron: "), "\(item)")
            #expect(item.contains("\n     Op basis van: ") && item.contains("\n     Volgende stap: "), "\(item)")
        }
        for kind in ["placement:", "feedback:", "observation:", "result:", "learningWalk:"] {
            #expect(!first.stdout.contains(kind), "\(kind) in the demo digest")
        }
        // The school's results on the Vlaamse toetsen go through the feedback loop once: one
        // team prompt, about the domain that fell below similar schools.
        let central = try CoachStore.open(path: db).prompts(school: "s-linde").filter { $0.ruleId == "central-feedback-loop" }
        #expect(central.count == 1 && central.first?.audience == .team && central.first?.teacherId == nil)
        #expect(central.first?.text.contains("‘begrijpend lezen’") == true)
        let again = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders)
        #expect(again.stdout == first.stdout, "the same seed makes the same demo, and an earlier demo is replaced")
        let english = try CoachProcess.run(["demo", "--db", db, "--lang", "en", "--weeks", "3"] + SchoolCommandsTests.folders)
        #expect(english.stdout.hasPrefix("Weekly digest for Els (pedagogisch begeleider) — week 38 (14–20 September 2026)\n"))
    }

    @Test
    func demoNeverOverwritesSomeoneElsesDatabase() throws {
        let scratch = try Scratch()
        let db = try #require(try SchoolCommandsTests.school(in: scratch))
        let outcome = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "coach: \(db) exists and is not a demo database; give another --db\n")
        let weeks = try CoachProcess.run(["demo", "--weeks", "40"])
        #expect(weeks.status == 64)
        #expect(weeks.stderr.hasPrefix("Fout: --weeks moet 1 tot en met 16 zijn, niet 40"))
    }
}

/// `coach suggest`: a teacher's question about the next lesson, in the demo school.
struct SuggestCommandTests {
    @Test
    func suggestCitesRecordsAndAnExampleSentence() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("coach-demo.sqlite").path
        _ = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders)
        let outcome = try CoachProcess.run(["suggest", "--db", db, "--teacher", "t-bart", "--day", "2026-10-23"] + SchoolCommandsTests.folders)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("Voor de volgende les van Meester Bart (23 oktober 2026):\n\n1. "))
        // Meester Bart's feedback is mostly person-level praise: that need comes first, with an
        // example of process feedback, the seed's reason and what it rests on in words.
        #expect(outcome.stdout.contains("\n\n1. In de laatste 4 weken ging 56 % van je genoteerde feedback (25 feedbackmomenten in totaal) over de leerling als persoon"))
        // A primary school: the Campus Fenix example (secondary-school maths) is left out, its
        // reflection question stays.
        #expect(outcome.stdout.contains("Probeer meer feedback te geven op de zelfregulatie.\n   Reflectievraag: "))
        #expect(!outcome.stdout.contains("Voorbeeld: "))
        #expect(outcome.stdout.contains("Waarom: Feedback op persoonsniveau verbetert het leren niet; "))
        #expect(outcome.stdout.contains("Op basis van: 25 feedbackmomenten\n"))
        #expect(!outcome.stdout.contains("feedback:") && !outcome.stdout.contains("observation:"), "record ids are for explain")
        #expect(outcome.stdout.components(separatedBy: "\n\n").count == 3, "at most two suggestions")

        let unknown = try CoachProcess.run(["suggest", "--db", db, "--teacher", "t-nobody", "--day", "2026-10-23"] + SchoolCommandsTests.folders)
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "coach: leerkracht 't-nobody' is niet bekend\n")
    }

    @Test
    func noRuleToAskOrAFailingRuleIsToldNotBlamedOnTheRecords() throws {
        let scratch = try Scratch()
        let db = scratch.url.appendingPathComponent("coach-demo.sqlite").path
        _ = try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders)
        let rules = scratch.url.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try """
            return rule { id = "runs-only", title = { nl = "Alleen run" }, on = { "week.ended" }, run = function() end }
            """.write(to: rules.appendingPathComponent("runs-only.lua"), atomically: true, encoding: .utf8)
        let ask = ["suggest", "--db", db, "--teacher", "t-bart", "--day", "2026-10-23", "--rules", rules.path, "--plugins", rules.path]
        let nobody = try CoachProcess.run(ask)
        #expect(nobody.status == 1)
        #expect(nobody.stdout == "Geen suggesties: geen enkele geladen en ingeschakelde regel maakt suggesties.\n", "\(nobody.stdout)")
        #expect(nobody.stderr.contains("coach: geen enkele regel maakt suggesties"), "\(nobody.stderr)")

        try """
            return rule { id = "broken", title = { nl = "Stuk" }, on = { "week.ended" }, run = function() end,
              suggest = function(q, ctx, p) error("geen idee") end }
            """.write(to: rules.appendingPathComponent("broken.lua"), atomically: true, encoding: .utf8)
        let failing = try CoachProcess.run(ask)
        #expect(failing.status == 1)
        #expect(failing.stdout.hasPrefix("Geen suggesties: geen enkele regel kon antwoorden (‘broken’)"), "\(failing.stdout)")
        #expect(!failing.stdout.contains("te weinig"))
        #expect(failing.stderr.contains("regel broken liep fout bij het suggereren: ") && failing.stderr.contains("geen idee"), "\(failing.stderr)")
    }
}
