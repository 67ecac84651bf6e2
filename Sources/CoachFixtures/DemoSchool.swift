import CoachCore
import CoachStore

/// A made-up school and a term of records, the same for the same seed: teachers with
/// different feedback habits, a focus period on "Flexibel groeperen", pupils in three tracks
/// (some of them stuck in track 3), exit tickets, coach observations and a learning walk.
public struct DemoSchool: Sendable {
    public static let schoolId = "s-linde"
    public static let coachId = "c-els"
    public static let kijkwijzer = "peter-benoit-doelgerichte-differentiatie"
    public static let walkInstrument = "diepenbeek-leerwandeling"
    /// The Campus Fenix kijkwijzer for video reflection on feedback (✓/✗ per item).
    public static let fenix = "campus-fenix-feedback-zelfregulatie"
    public static let start = Day("2026-08-31")! // Monday of 2026-W36

    struct Teacher {
        let id: String, name: String, classId: String, className: String
        /// Habits: share of person-level feedback, of summative feedback, usual growth points.
        let person: Int, summative: Int, growthPoints: Int, feedForward: Int
    }

    static let teachers = [
        Teacher(id: "t-an", name: "Juf An", classId: "k3a", className: "3A", person: 5, summative: 10, growthPoints: 1, feedForward: 60),
        Teacher(id: "t-bart", name: "Meester Bart", classId: "k4a", className: "4A", person: 70, summative: 20, growthPoints: 1, feedForward: 30),
        Teacher(id: "t-chloe", name: "Juf Chloé", classId: "k5a", className: "5A", person: 10, summative: 100, growthPoints: 2, feedForward: 40),
        Teacher(id: "t-daan", name: "Meester Daan", classId: "k6a", className: "6A", person: 15, summative: 30, growthPoints: 4, feedForward: 0),
    ]
    static let goals = [("breuken", "Breuken vereenvoudigen"), ("meten", "Meten en metend rekenen"),
                        ("lezen", "Begrijpend lezen: hoofdgedachte"), ("spelling", "Spelling: werkwoorden")]
    /// Pseudonyms, twelve per class and none twice in the school.
    static let aliases = ["Noor", "Lucas", "Emma", "Finn", "Mila", "Daan", "Lina", "Sem", "Yara", "Noah", "Elif", "Adam",
                          "Lotte", "Milan", "Julia", "Bram", "Amira", "Jules", "Fien", "Rayan", "Lore", "Vic", "Zoë", "Ilias",
                          "Hanne", "Wout", "Sara", "Mohamed", "Ella", "Seppe", "Nina", "Kobe", "Liv", "Arthur", "Aya", "Lars",
                          "Marie", "Tuur", "Ines", "Ayoub", "Jana", "Warre", "Lien", "Senne", "Roos", "Matteo", "Febe", "Nour"]

    /// Feedback as teachers write it, per level: a few of each, so that the records read as real.
    /// What each teacher said they will work on after an observation ("Dit zal ik aanpakken").
    static let workOn: [String: String] = [
        "t-bart": "De groepjes per doel opnieuw samenstellen na de exit ticket",
        "t-chloe": "Leerlingen zelf laten kiezen wanneer ze de instructietafel verlaten",
        "t-daan": "Het succescriterium samen met de klas op het bord formuleren",
    ]

    static let feedbackTexts: [FeedbackLevel: [String]] = [
        .task: ["De noemer klopt nog niet: deel teller en noemer door hetzelfde getal.", "Je eenheid ontbreekt: cm of m?",
                "Twee werkwoorden staan in de verkeerde tijd."],
        .process: ["Je hebt eerst alles omgezet naar cm; goed dat je die stap niet oversloeg.",
                   "Onderstreep eerst de kernzin van elke alinea, dan vind je de hoofdgedachte sneller."],
        .selfRegulation: ["Hoe kan je zelf nagaan of je breuk nog kleiner kan?", "Welke stap van het stappenplan sla je nog over?"],
        .person: ["Knap gedaan, je bent echt een rekenknobbel!", "Super, jij bent slim!", "Goed zo, flinke meid!"],
    ]

    private var state: UInt64

    public init(seed: Int) { state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    private mutating func random(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(max(bound, 1)))
    }

    private mutating func chance(_ percent: Int) -> Bool { random(100) < percent }

    /// The school, its people, goals and the period.
    public static func setup() -> [NewRecord] {
        var records: [NewRecord] = [
            .school(School(id: schoolId, name: "Basisschool De Linde (demo)", level: .primary)),
            .coach(CoachCore.Coach(id: coachId, name: "Els (pedagogisch begeleider)", kind: .external)),
            .coachAssignment(CoachAssignment(coachId: coachId, scope: .school, scopeId: schoolId)),
        ]
        for t in teachers {
            records.append(.teacher(CoachCore.Teacher(id: t.id, schoolId: schoolId, name: t.name)))
            records.append(.schoolClass(SchoolClass(id: t.classId, schoolId: schoolId, name: t.className)))
            records.append(.classTeacher(ClassTeacher(classId: t.classId, teacherId: t.id)))
            let classIndex = teachers.firstIndex { $0.id == t.id }!
            for n in 1...12 {
                records.append(.pupil(Pupil(id: pupil(t, n), schoolId: schoolId, classId: t.classId,
                                            alias: aliases[(classIndex * 12 + n - 1) % aliases.count])))
            }
        }
        var previous: String?
        for (id, title) in goals {
            records.append(.goal(LearningGoal(id: id, schoolId: schoolId, title: title, subject: id == "lezen" || id == "spelling" ? "taal" : "wiskunde",
                                              successCriteria: ["Ik kan uitleggen hoe ik het aanpak.", "Ik maak 4 van de 5 oefeningen juist."],
                                              follows: id == "meten" ? previous : nil)))
            previous = id
        }
        records.append(.period(Period(id: "periode-1", schoolId: schoolId, name: "Periode 1: flexibel groeperen",
                                      start: start, end: Day("2026-12-20")!, focus: Focus(instrumentId: kijkwijzer, section: 3))))
        records += centralResults.map(NewRecord.centralResult)
        return records
    }

    /// The school's feedback on the Vlaamse toetsen of the fourth grade: reading comprehension
    /// fell below similar schools in 2026; mathematics holds (seed 004).
    public static var centralResults: [CentralResult] {
        [(2025, "begrijpend lezen", 55.0, 55.5, 54.5), (2026, "begrijpend lezen", 50.5, 55.0, 54.0),
         (2025, "wiskunde", 57.0, 56.0, 56.5), (2026, "wiskunde", 58.0, 56.5, 57.0)].map { year, domain, school, flemish, similar in
            CentralResult(schoolId: schoolId, year: year, grade: "4", domain: domain, schoolScore: school, flemishMean: flemish,
                          similarMean: similar)
        }
    }

    /// Track 1 for half of the pupils, 2 for three in ten, 3 for two in ten.
    static func track(_ tenth: Int) -> Int { tenth < 5 ? 1 : tenth < 8 ? 2 : 3 }

    static func pupil(_ t: Teacher, _ n: Int) -> String { "\(t.classId)-p\(n < 10 ? "0" : "")\(n)" }

    /// The records of one week of the term (week 0 is the first).
    public mutating func week(_ index: Int, of weeks: Int) -> [NewRecord] {
        var records: [NewRecord] = []
        let monday = Self.start.adding(days: 7 * index)
        for t in Self.teachers {
            // Placements: at the start of the term, then a few changes (but not for everyone in track 3).
            for n in 1...12 {
                let pupil = Self.pupil(t, n)
                for (g, (goal, _)) in Self.goals.enumerated() where g < 2 || index > 0 {
                    let stuck = n == 1 // one pupil per class stays in track 3
                    if index == (g < 2 ? 0 : 1) {
                        // Most pupils in track 1 or 2, as the 3-track policy intends (seed 002).
                        let track = stuck ? 3 : Self.track((n * 7 + g * 3) % 10)
                        records.append(.placement(Placement(pupilId: pupil, classId: t.classId, goalId: goal, track: track,
                                                            from: monday, decidedBy: t.id, pupilInvolved: chance(40))))
                    } else if !stuck, t.id != "t-chloe", index % 3 == 0, chance(15) {
                        records.append(.placement(Placement(pupilId: pupil, classId: t.classId, goalId: goal, track: Self.track(random(10)),
                                                            from: monday.adding(days: 1), decidedBy: t.id, pupilInvolved: chance(60))))
                    }
                }
                // Exit tickets: most pupils near 80 %, a few far below or above.
                let goal = Self.goals[index % 2].0
                let base = n == 3 ? 2 : n == 4 ? 10 : 6 + random(4)
                records.append(.result(LearningResult(pupilId: pupil, goalId: goal, date: monday.adding(days: 3), kind: .exitTicket,
                                                      score: Double(min(10, base)), maximum: 10)))
            }
            // Feedback moments during the week, after the teacher's habits.
            for m in 0..<6 {
                let day = monday.adding(days: m % 5)
                let pupilN = random(12) + 1
                let level: FeedbackLevel = chance(t.person) ? .person : [.task, .process, .selfRegulation][random(3)]
                let question: FeedbackQuestion = chance(t.feedForward) ? .feedForward : (chance(50) ? .feedback : .feedUp)
                let summative = chance(t.summative)
                records.append(.feedback(FeedbackRecord(
                    teacherId: t.id, classId: t.classId, pupilId: Self.pupil(t, pupilN), goalId: Self.goals[(index + m) % 4].0,
                    date: day, level: level, question: question, timing: summative ? .summative : .formative,
                    form: .individual, growthPoints: max(0, t.growthPoints + random(2) - (t.growthPoints > 2 ? 0 : 1)),
                    text: Self.feedbackTexts[level].map { $0[random($0.count)] },
                    // Written task feedback with the dots of the feedback legend (seed 003).
                    codes: level == .task && chance(50) ? [["rood", "blauw", "stip-3"][random(3)]] : [])))
            }
            // The coach observes each teacher every other week with the focus kijkwijzer.
            if (index + Self.teachers.firstIndex { $0.id == t.id }!) % 2 == 0 && t.id != "t-an" {
                var scores = (1...5).map { ItemScore(item: "3.\($0)", value: 2 + random(3)) }
                if t.id == "t-chloe" { scores[2] = ItemScore(item: "3.3", value: 1, note: "Dezelfde groepjes als vorige week.") }
                scores.append(ItemScore(item: "6.3", value: t.summative > 50 ? 1 : 4))
                records.append(.observation(Observation(
                    kind: .coach, schoolId: Self.schoolId, teacherId: t.id, classId: t.classId, instrumentId: Self.kijkwijzer,
                    instrumentVersion: "2025", date: monday.adding(days: 2), subject: "wiskunde", lesson: "breuken",
                    scores: scores, workOn: Self.workOn[t.id], observers: [Self.coachId])))
            }
        }
        // Video reflection with a coach on the Campus Fenix kijkwijzer: An and Bart in turn, a
        // fragment of a recorded lesson each time (✓ = 1, ✗ = 0).
        if index % 4 == 3 {
            for t in Self.teachers where t.id == "t-an" || t.id == "t-bart" {
                let persons = t.person > 50
                let scores = ["1.1", "1.2", "2.1", "2.2", "3.1", "4.1", "5.2"].map { item in
                    ItemScore(item: item, value: item.hasPrefix("2.") || item.hasPrefix("3.") ? (persons ? 0 : 1) : (chance(70) ? 1 : 0))
                }
                records.append(.observation(Observation(
                    kind: .coach, schoolId: Self.schoolId, teacherId: t.id, classId: t.classId, instrumentId: Self.fenix,
                    instrumentVersion: "2025", date: monday.adding(days: 1), subject: "wiskunde", lesson: "breuken",
                    scores: scores, video: VideoFragment(uri: "video/\(t.id)-week\(index + 1).mp4", start: 300, end: 420),
                    observers: [Self.coachId])))
            }
        }
        // Two learning walks, in week 3 and in the last week; nobody agreed on examples for 1.4 or 2.3.
        if index == min(2, weeks - 2) || index == weeks - 1 {
            let seen = ["1.1", "1.3", "2.1", "2.5"]
            let findings = seen.map { WalkFinding(item: $0, status: .seen, examples: ["Leerlingen vertellen wat ze vandaag leren."]) }
                + ["1.4", "2.3"].map { WalkFinding(item: $0, status: .notSeen) }
            records.append(.learningWalk(LearningWalk(schoolId: Self.schoolId, instrumentId: Self.walkInstrument, instrumentVersion: "2025",
                                                      date: monday.adding(days: 3), walkers: 3, findings: findings)))
        }
        return records
    }
}
