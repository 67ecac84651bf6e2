import CoachCore
import CoachStore
import Foundation
import GRDB
import Testing

/// Per role, each reading command shows exactly what that role may see, and a request
/// outside it is refused with one line.
struct RolesTests {
    static let week = "2026-W43"

    /// The demo school, plus a second coach who coaches only Meester Bart.
    static func demo(_ scratch: Scratch) throws -> String {
        let db = scratch.url.appendingPathComponent("demo.sqlite").path
        #expect(try CoachProcess.run(["demo", "--db", db] + SchoolCommandsTests.folders).status == 0)
        try CoachStore.open(path: db).write([.coach(Coach(id: "c-two", name: "Wout", kind: .internal)),
                                             .coachAssignment(CoachAssignment(coachId: "c-two", scope: .teacher, scopeId: "t-bart"))])
        return db
    }

    /// Runs a command on `db`; those that load rules get the shipped ones.
    static func run(_ arguments: [String], _ db: String) throws -> CoachProcess.Outcome {
        let rules = ["digest", "suggest", "rules"].contains(arguments.first ?? "") ? SchoolCommandsTests.folders : []
        return try CoachProcess.run(arguments + ["--db", db] + rules)
    }

    /// The prompt ids of the week, by what they are about.
    static func prompts(_ db: String) throws -> [Prompt] {
        try CoachStore.open(path: db).prompts(school: "s-linde", week: IsoWeek(week)!)
    }

    @Test
    func digestShowsEachRoleItsOwnPart() throws {
        let scratch = try Scratch()
        let db = try Self.demo(scratch)
        let digest = ["digest", "--week", Self.week]
        let everything = try Self.run(digest + ["--coach", "c-els"], db)
        #expect(everything.status == 0, "\(everything.stderr)")
        for heading in ["\nJuf An\n", "\nMeester Bart\n", "\nTeam\n"] { #expect(everything.stdout.contains(heading)) }
        #expect(try Self.run(digest + ["--coach", "c-els", "--as", "coach:c-els"], db).stdout == everything.stdout)

        let other = try Self.run(digest + ["--coach", "c-els", "--as", "coach:c-two"], db)
        #expect(other.status == 1 && other.stderr == "coach: als coach:c-two lees je je eigen weekoverzicht (--coach c-two), niet dat van c-els\n",
                "\(other.stderr)")
        let own = try Self.run(digest + ["--coach", "c-two", "--as", "coach:c-two"], db)
        #expect(own.stdout.contains("\nMeester Bart\n") && !own.stdout.contains("Juf An") && !own.stdout.contains("Juf Chloé"), "\(own.stdout)")

        let teacher = try Self.run(digest + ["--coach", "c-els", "--as", "teacher:t-an"], db)
        #expect(teacher.status == 0, "\(teacher.stderr)")
        #expect(teacher.stdout.contains("\nJuf An\n"))
        // Addressed to the teacher; what was held back for the coach is not counted to them.
        #expect(teacher.stdout.hasPrefix("Jouw weekoverzicht, Juf An (coach: "), "\(teacher.stdout)")
        #expect(everything.stdout.contains("achtergehouden") && !teacher.stdout.contains("achtergehouden"), "\(teacher.stdout)")
        for hidden in ["Meester Bart", "Juf Chloé", "Meester Daan", "\nTeam\n", "Klas 4A"] {
            #expect(!teacher.stdout.contains(hidden), "a teacher sees \(hidden)")
        }

        let team = try Self.run(digest + ["--as", "team:s-linde"], db)
        #expect(team.status == 0, "\(team.stderr)")
        #expect(team.stdout.hasPrefix("Weekoverzicht voor het team van Basisschool De Linde (demo) — week 43 (19–25 oktober 2026)\n"))
        #expect(team.stdout.contains("\nTeam\n") && team.stdout.contains("\nSchoolcijfers\n"))
        for name in ["Juf An", "Meester Bart", "Juf Chloé", "Meester Daan", "t-an", "t-bart"] {
            #expect(!team.stdout.contains(name), "the team's digest names \(name)")
        }
        // Two walks are fewer than the small group of three: not shown.
        #expect(team.stdout.contains("Leerwandelingen (voorbije 8 weken): 2; wat gezien werd, wordt niet getoond (minder dan 3 leerwandelingen)"))
        let teamWithCoach = try Self.run(digest + ["--as", "team:s-linde", "--coach", "c-els"], db)
        #expect(teamWithCoach.stderr == "coach: als team:s-linde lees je het weekoverzicht van het team: laat --coach weg\n")
    }

    @Test
    func suggestExplainAndPromptStatusFollowTheRole() throws {
        let scratch = try Scratch()
        let db = try Self.demo(scratch)
        let prompts = try Self.prompts(db)
        let aboutBart = try #require(prompts.first { $0.teacherId == "t-bart" }?.id)
        let forTeam = try #require(prompts.first { $0.audience == .team }?.id)

        let suggest = ["suggest", "--day", "2026-10-23", "--teacher"]
        #expect(try Self.run(suggest + ["t-an", "--as", "teacher:t-an"], db).status == 0)
        #expect(try Self.run(suggest + ["t-bart", "--as", "teacher:t-an"], db).stderr
                == "coach: als teacher:t-an mag je geen suggesties vragen voor leerkracht 't-bart'\n")
        #expect(try Self.run(suggest + ["t-bart", "--as", "coach:c-two"], db).status == 0)
        #expect(try Self.run(suggest + ["t-an", "--as", "coach:c-two"], db).status == 1)
        #expect(try Self.run(suggest + ["t-an", "--as", "team:s-linde"], db).status == 1)

        let explain = ["rules", "explain"]
        #expect(try Self.run(explain + ["\(aboutBart)", "--as", "teacher:t-an"], db).stderr
                == "coach: als teacher:t-an mag je gesprekspunt \(aboutBart) niet zien\n")
        #expect(try Self.run(explain + ["\(aboutBart)", "--as", "teacher:t-bart"], db).status == 0)
        #expect(try Self.run(explain + ["\(aboutBart)", "--as", "coach:c-two"], db).status == 0)
        #expect(try Self.run(explain + ["\(aboutBart)", "--as", "team:s-linde"], db).status == 1)
        #expect(try Self.run(explain + ["\(forTeam)", "--as", "team:s-linde"], db).status == 0)
        #expect(try Self.run(explain + ["\(forTeam)", "--as", "teacher:t-an"], db).status == 1)

        let refused = try Self.run(["prompt", "done", "\(aboutBart)", "--as", "teacher:t-an"], db)
        #expect(refused.status == 1)
        #expect(try CoachStore.open(path: db).prompt(aboutBart)?.status == .open, "a refused request changes nothing")
        #expect(try Self.run(["prompt", "done", "\(aboutBart)", "--as", "coach:c-two"], db).status == 0)
        #expect(try CoachStore.open(path: db).prompt(aboutBart)?.status == .done)
    }

    @Test
    func exportsAndReplaysAreForTheTeamOrTheAdministrator() throws {
        let scratch = try Scratch()
        let db = try Self.demo(scratch)
        let export = ["export", "--pupil", "k3a-p01"]
        #expect(try Self.run(export + ["--as", "team:s-linde"], db).status == 0)
        #expect(try Self.run(export + ["--as", "admin"], db).status == 0)
        #expect(try Self.run(export + ["--as", "teacher:t-an"], db).stderr
                == "coach: alleen het team van de school of de beheerder mag de gegevens van een leerling exporteren, niet teacher:t-an\n")
        #expect(try Self.run(export + ["--as", "teacher:t-an", "--lang", "en"], db).stderr
                == "coach: a pupil's export is for the school's team or the administrator, not teacher:t-an\n")
        #expect(try Self.run(export + ["--as", "coach:c-els"], db).status == 1)
        #expect(try Self.run(["erase", "--pupil", "k3a-p01", "--as", "coach:c-els"], db).status == 1)

        let replay = ["rules", "replay", "persistent-track3", "--school", "s-linde", "--from", "2026-10-01", "--to", "2026-10-25"]
        let asAdmin = try Self.run(replay, db)
        #expect(asAdmin.status == 0 && asAdmin.stdout.contains("coach\t"), "\(asAdmin.stdout)")
        let asTeam = try Self.run(replay + ["--as", "team:s-linde"], db)
        #expect(asTeam.status == 0 && !asTeam.stdout.contains("coach\t"), "the team sees no prompt for a coach: \(asTeam.stdout)")
        #expect(try Self.run(replay + ["--as", "coach:c-els"], db).status == 1)
    }

    @Test
    func aStoreOfSeveralSchoolsAsksWhoIsReading() throws {
        let scratch = try Scratch()
        let db = try Self.demo(scratch)
        try CoachStore.open(path: db).write([.school(School(id: "s-other", name: "Elders"))])
        let unsaid = try Self.run(["digest", "--coach", "c-els", "--week", Self.week], db)
        #expect(unsaid.status == 1)
        #expect(unsaid.stderr == "coach: deze databank bevat 2 scholen: geef met --as (teacher:ID, coach:ID, "
                + "team:SCHOOL of admin) of COACH_AS aan wie er leest\n")
        let said = try CoachProcess.run(["digest", "--coach", "c-els", "--week", Self.week, "--db", db] + SchoolCommandsTests.folders,
                                        environment: ["COACH_AS": "coach:c-els"])
        #expect(said.status == 0, "\(said.stderr)")
        #expect(try Self.run(["digest", "--coach", "c-els", "--week", Self.week, "--as", "boss"], db).stderr
                == "coach: --as moet teacher:ID, coach:ID, team:SCHOOL of admin zijn, niet 'boss'\n")
    }
}
