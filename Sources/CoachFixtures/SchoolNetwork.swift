import CoachCore
import CoachStore

/// A generated network of schools and a term of records per week, the same for the same
/// seed: for tests that need realistic volume (the one-truth property test), for benchmarks
/// and for sizing a deployment. Every school has its classes (one teacher each), pupils with a
/// placement per goal from the first day, a focus period, and per week: feedback moments,
/// regroupings, exit tickets, coach observations every other week and now and then a learning
/// walk.
public struct SchoolNetwork: Sendable {
    /// The size and shape of the network.
    public struct Shape: Sendable, Hashable {
        public var schools: Int
        public var weeks: Int
        public var classes: Int
        public var pupils: Int
        public var seed: UInt64
        /// Feedback moments logged per teacher per week.
        public var feedbackPerWeek: Int

        public init(schools: Int, weeks: Int, classes: Int, pupils: Int, seed: UInt64 = 42, feedbackPerWeek: Int = 15) {
            self.schools = schools
            self.weeks = weeks
            self.classes = classes
            self.pupils = pupils
            self.seed = seed
            self.feedbackPerWeek = feedbackPerWeek
        }
    }

    public let shape: Shape
    /// The instrument coach observations use (its items are scored 1-5).
    public let observationInstrument: Instrument
    /// The instrument of learning walks, if any.
    public let walkInstrument: Instrument?
    /// Monday of the first week.
    public let start: Day

    public static let goals = [("breuken", "Breuken"), ("kommagetallen", "Kommagetallen"),
                               ("begrijpend-lezen", "Begrijpend lezen"), ("spelling", "Spelling")]

    public init(shape: Shape, observationInstrument: Instrument = SchoolNetwork.kijkwijzer,
                walkInstrument: Instrument? = nil, start: Day = Day("2026-09-07")!) {
        self.shape = shape
        self.observationInstrument = observationInstrument
        self.walkInstrument = walkInstrument
        self.start = start
    }

    /// A small stand-in for the Peter Benoit kijkwijzer, for tests that load no plugins.
    public static let kijkwijzer = Instrument(
        id: "network-kijkwijzer", version: "1", title: "Doelgerichte differentiatie", scale: .frequency,
        sections: [(1, "Hoge verwachtingen", 3), (2, "Doelgericht werken", 3), (3, "Flexibel groeperen", 4)].map { number, title, items in
            InstrumentSection(number: number, title: title, items: (1...items).map {
                InstrumentItem(key: "\(number).\($0)", text: "Kijkpunt \(number).\($0)")
            })
        })

    public func schoolId(_ s: Int) -> String { "s\(s)" }
    func teacherId(_ s: Int, _ c: Int) -> String { "s\(s)-t\(c)" }
    func classId(_ s: Int, _ c: Int) -> String { "s\(s)-c\(c)" }
    func pupilId(_ s: Int, _ c: Int, _ p: Int) -> String { "s\(s)-c\(c)-p\(p)" }
    func goalId(_ s: Int, _ g: Int) -> String { "s\(s)-\(Self.goals[g].0)" }
    public func coachId(_ s: Int) -> String { "coach-s\(s)" }

    /// The week of `index` (0 for the first).
    public func isoWeek(_ index: Int) -> IsoWeek { start.adding(days: 7 * index).isoWeek }

    /// Schools, people, goals, the instruments, a focus period, and every pupil's first
    /// placement per goal (most in track 1 or 2, as the seeds describe it).
    public func setup() -> [NewRecord] {
        var random = SplitMix64(seed: shape.seed)
        var records: [NewRecord] = [.instrument(observationInstrument)]
        if let walkInstrument { records.append(.instrument(walkInstrument)) }
        for s in 0..<shape.schools {
            let school = schoolId(s)
            records.append(.school(School(id: school, name: "School \(s)")))
            records.append(.coach(Coach(id: coachId(s), name: "Coach \(s)", kind: .internal)))
            records.append(.coachAssignment(CoachAssignment(coachId: coachId(s), scope: .school, scopeId: school)))
            for (g, goal) in Self.goals.enumerated() {
                records.append(.goal(LearningGoal(id: goalId(s, g), schoolId: school, title: goal.1,
                                                  follows: g == 1 ? goalId(s, 0) : nil)))
            }
            let focusSection = observationInstrument.sections.count > 2 ? observationInstrument.sections[2].number
                : observationInstrument.sections[0].number
            records.append(.period(Period(id: "\(school)-p1", schoolId: school, name: "Periode 1", start: start,
                                          end: start.adding(days: 7 * shape.weeks - 1),
                                          focus: Focus(instrumentId: observationInstrument.id, section: focusSection))))
            for c in 0..<shape.classes {
                records.append(.teacher(Teacher(id: teacherId(s, c), schoolId: school, name: "Teacher \(s)-\(c)")))
                records.append(.schoolClass(SchoolClass(id: classId(s, c), schoolId: school, name: "\(c + 1)A", grade: "\(c % 6 + 1)")))
                records.append(.classTeacher(ClassTeacher(classId: classId(s, c), teacherId: teacherId(s, c))))
                for p in 0..<shape.pupils {
                    records.append(.pupil(Pupil(id: pupilId(s, c, p), schoolId: school, classId: classId(s, c),
                                                alias: Self.aliases[(p + c) % Self.aliases.count])))
                }
            }
            for c in 0..<shape.classes {
                for p in 0..<shape.pupils {
                    // Track 1 or 2 for most, 3 for about one in six; goal 1 only after goal 0.
                    for g in [0, 2, 3] {
                        records.append(.placement(Placement(pupilId: pupilId(s, c, p), classId: classId(s, c), goalId: goalId(s, g),
                                                            track: random.pick([1, 1, 2, 2, 2, 3]), from: start,
                                                            decidedBy: teacherId(s, c), pupilInvolved: random.chance(50))))
                    }
                }
            }
        }
        return records
    }

    /// The records of week `index`, dated within that week, the same for the same seed
    /// whatever else was asked before.
    public func records(week index: Int) -> [NewRecord] {
        var random = SplitMix64(seed: shape.seed &+ 0x9E37_79B9 &* UInt64(index + 1))
        let monday = start.adding(days: 7 * index)
        var out: [NewRecord] = []
        for s in 0..<shape.schools {
            for c in 0..<shape.classes {
                let teacher = teacherId(s, c), schoolClass = classId(s, c)
                // Each teacher has a habit: some praise the person, some give mostly summative feedback.
                let personWeight = c % 5 == 0 ? 6 : 1
                let summativeWeight = c % 7 == 3 ? 8 : 1
                for _ in 0..<shape.feedbackPerWeek {
                    let individual = random.chance(60)
                    out.append(.feedback(FeedbackRecord(
                        teacherId: teacher, classId: schoolClass,
                        pupilId: individual ? pupilId(s, c, random.below(shape.pupils)) : nil,
                        goalId: goalId(s, random.below(Self.goals.count)), date: monday.adding(days: random.below(5)),
                        level: random.weighted([(.task, 3), (.process, 3), (.selfRegulation, 1), (.person, personWeight)]),
                        question: random.pick([.feedUp, .feedback, .feedForward, .feedForward]),
                        timing: random.weighted([(.formative, 3), (.summative, summativeWeight)]),
                        form: individual ? .individual : random.pick([.wholeClass, .peer]),
                        growthPoints: random.pick([1, 1, 2, 2, 3]))))
                }
                for p in 0..<shape.pupils {
                    let pupil = pupilId(s, c, p)
                    if random.chance(8), index > 0 {
                        // A regrouping for one goal; goal 1 (which follows goal 0) is a move on.
                        let g = random.pick([0, 1, 2, 3])
                        out.append(.placement(Placement(pupilId: pupil, classId: schoolClass, goalId: goalId(s, g),
                                                        track: random.pick([1, 2, 2, 3]), from: monday,
                                                        decidedBy: teacher, pupilInvolved: random.chance(50))))
                    }
                    if random.chance(30) {
                        out.append(.result(LearningResult(pupilId: pupil, goalId: goalId(s, random.pick([0, 1, 2, 3])),
                                                          date: monday.adding(days: 4), kind: .exitTicket,
                                                          score: Double(random.below(11)), maximum: 10)))
                    }
                }
                if (index + c) % 2 == 0, random.chance(70) {
                    var scores: [ItemScore] = []
                    for section in observationInstrument.sections {
                        for item in section.items where random.chance(80) {
                            scores.append(ItemScore(item: item.key, value: 1 + random.below(5)))
                        }
                    }
                    out.append(.observation(Observation(
                        kind: .coach, schoolId: schoolId(s), teacherId: teacher, classId: schoolClass,
                        instrumentId: observationInstrument.id, instrumentVersion: observationInstrument.version,
                        date: monday.adding(days: 2), scores: scores, observers: [coachId(s)])))
                }
            }
            if let walkInstrument, index % 4 == 3 {
                var findings: [WalkFinding] = []
                for section in walkInstrument.sections {
                    for item in section.items {
                        findings.append(WalkFinding(item: item.key, status: random.chance(60) ? .seen : .notSeen))
                    }
                }
                out.append(.learningWalk(LearningWalk(schoolId: schoolId(s), instrumentId: walkInstrument.id,
                                                      instrumentVersion: walkInstrument.version, date: monday.adding(days: 3),
                                                      walkers: 3, findings: findings)))
            }
        }
        return out
    }

    static let aliases = ["Noor", "Lucas", "Emma", "Finn", "Mila", "Daan", "Lina", "Sem", "Yara", "Noah", "Elif", "Adam",
                          "Amira", "Jules", "Lotte", "Milan", "Sara", "Wout", "Zoë", "Bram"]
}

/// A small, fast, seeded generator (SplitMix64): the same numbers on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// True in about `percent` of 100 calls.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    public mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    public mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        var roll = below(choices.reduce(0) { $0 + $1.1 })
        for (value, weight) in choices {
            if roll < weight { return value }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }
}
