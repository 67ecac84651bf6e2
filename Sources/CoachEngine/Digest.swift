import CoachCore
import CoachStore

/// A coach's weekly set of prompts, within the attention budget.
public struct Digest: Sendable {
    /// Prompts about one teacher (or one class, when no teacher is named).
    public struct Group: Sendable {
        public var teacherId: String?
        public var classId: String?
        public var name: String
        /// The school of a class's group: what its texts call a class (``School/classWords(_:)``).
        public var school: School?
        /// One per rule first (focus-section prompts first, then by priority), then the rest;
        /// at most the budget.
        public var shown: [Prompt]
        /// How many more there are this week: held back, never lost.
        public var heldBack: Int
    }

    public var week: IsoWeek
    public var coach: Coach
    public var groups: [Group]
    /// Prompts for the whole team (learning walks, quarantined rules).
    public var team: [Prompt]
    /// Schools whose week is not closed yet, or whose rules have not run over all of its
    /// events: the digest is not complete for them.
    public var gaps: [Engine.WeekStatus] = []
    /// The teacher who reads it, when a teacher reads their part of their coach's digest.
    public var reader: String?
    /// The rules of the prompts, by id: why each matters, and its source.
    public var rules: [String: RuleDefinition] = [:]
    /// The days each shown prompt's evidence spans, by prompt id.
    public var spans: [Int64: ClosedRange<Day>] = [:]
    /// School-level figures, in the team's digest.
    public var figures: TeamFigures?
    /// Charts over fewer pupils than this are not drawn (the configuration's `smallGroup`).
    public var smallGroup = 3
}

/// School-level figures for the team, each shown only over at least `smallGroup` teachers,
/// pupils or walks: below that it would point at one person ("too few to show").
public struct TeamFigures: Sendable, Hashable {
    public var smallGroup: Int
    /// The week's feedback moments per level; nil when fewer than `smallGroup` teachers gave them.
    public var feedback: [FeedbackLevel: Int]?
    public var feedbackMoments: Int
    public var feedbackTeachers: Int
    /// Pupils per track on the week's last day; nil when fewer than `smallGroup` pupils.
    public var tracks: [Int: Int]?
    public var trackPupils: Int
    /// Learning walks of the last eight weeks, and the share of their items seen; the share is
    /// nil when there were fewer than `smallGroup` walks.
    public var walks: Int
    public var walkSeenShare: Double?
}

extension Digest {

    public var heldBack: Int { groups.reduce(0) { $0 + $1.heldBack } }
    public var shown: [Prompt] { groups.flatMap(\.shown) + team }
}

extension Engine {
    /// The prompts of a school a digest of `week` may show: the week's open ones, and those
    /// of earlier weeks snoozed until a day of it (``CoachStore/promptsBack(school:week:)``).
    /// Shadow prompts never.
    func showing(school: String, week: IsoWeek) throws(StoreError) -> [Prompt] {
        try (store.prompts(school: school, week: week.description) + store.promptsBack(school: school, week: week)).filter { prompt in
            guard !prompt.shadow else { return false }
            switch prompt.status {
            case .open: return true
            case .snoozed: return (prompt.snoozedUntil ?? week.sunday) <= week.sunday
            default: return false
            }
        }
    }

    /// The digest of `coach` for `week`: open prompts (and snoozed ones whose date has come)
    /// for coaches and teams in the coach's schools, classes and teachers, shadow prompts left
    /// out, at most `promptsPerTeacher` per teacher.
    public func digest(coach coachId: String, week: IsoWeek) throws(StoreError) -> Digest {
        guard let coach = try store.coach(coachId) else { throw .notFound("coach '\(coachId)'") }
        let assignments = try store.assignments(coach: coachId)
        var schoolIds = Set<String>()
        var classes = Set<String>(), teachers = Set<String>()
        var wholeSchools = Set<String>()
        for assignment in assignments {
            switch assignment.scope {
            case .school:
                schoolIds.insert(assignment.scopeId)
                wholeSchools.insert(assignment.scopeId)
            case .class:
                if let c = try store.schoolClass(assignment.scopeId) { schoolIds.insert(c.schoolId); classes.insert(c.id) }
            case .teacher:
                if let t = try store.teacher(assignment.scopeId) { schoolIds.insert(t.schoolId); teachers.insert(t.id) }
            }
        }
        var prompts: [Prompt] = []
        for school in schoolIds.sorted() {
            for prompt in try showing(school: school, week: week) {
                guard prompt.audience != .teacher else { continue }
                let inScope = wholeSchools.contains(school)
                    || prompt.teacherId.map(teachers.contains) == true
                    || prompt.classId.map(classes.contains) == true
                if inScope { prompts.append(prompt) }
            }
        }
        var grouped: [String: [Prompt]] = [:]
        var team: [Prompt] = []
        var classTeacher: [String: String?] = [:]
        for prompt in prompts {
            // A prompt about a class counts against the budget of the class's teacher.
            var teacher = prompt.teacherId
            if teacher == nil, let c = prompt.classId {
                if classTeacher[c] == nil { classTeacher[c] = .some(try store.classTeachers(class: c).first?.teacherId) }
                teacher = classTeacher[c] ?? nil
            }
            if let teacher { grouped["t:" + teacher, default: []].append(prompt) }
            else if let c = prompt.classId { grouped["c:" + c, default: []].append(prompt) }
            else { team.append(prompt) }
        }
        let budget = max(0, configuration.promptsPerTeacher)
        var groups: [Digest.Group] = []
        for (key, list) in grouped {
            let sorted = list.sorted { a, b in
                if a.focus != b.focus { return a.focus }
                if a.priority != b.priority { return a.priority < b.priority }
                return (a.id ?? 0) < (b.id ?? 0)
            }
            // One prompt per rule first, in that order, then the rest: two slots go to two
            // different concerns before one rule gets a second.
            var seenRules = Set<String>()
            let firsts = sorted.filter { seenRules.insert($0.ruleId).inserted }
            let firstIds = Set(firsts.map { $0.id ?? 0 })
            let ordered = firsts + sorted.filter { !firstIds.contains($0.id ?? 0) }
            let id = String(key.dropFirst(2))
            let isTeacher = key.hasPrefix("t:")
            let schoolClass = isTeacher ? nil : try store.schoolClass(id)
            let name = isTeacher ? (try store.teacher(id)?.name ?? id) : (schoolClass?.name ?? id)
            var school: School?
            if let schoolClass { school = try store.school(schoolClass.schoolId) }
            groups.append(Digest.Group(teacherId: isTeacher ? id : nil, classId: isTeacher ? nil : id, name: name, school: school,
                                       shown: Array(ordered.prefix(budget)), heldBack: max(0, ordered.count - budget)))
        }
        groups.sort { ($0.teacherId == nil ? 1 : 0, $0.name) < ($1.teacherId == nil ? 1 : 0, $1.name) }
        let gaps = try weekStatus(week, schools: schoolIds.sorted()).filter { !$0.complete }
        var digest = Digest(week: week, coach: coach, groups: groups, team: team.sorted { $0.priority < $1.priority }, gaps: gaps)
        digest.smallGroup = max(2, configuration.smallGroup)
        for prompt in digest.shown {
            digest.rules[prompt.ruleId] = definition(prompt.ruleId)
            if let id = prompt.id, let span = try store.evidenceSpan(prompt.evidence, school: prompt.schoolId) { digest.spans[id] = span }
        }
        return digest
    }
}

extension Engine {
    /// The team's digest of `school` for `week`: the prompts for the team, and school-level
    /// figures that name nobody. Never a teacher's prompts, never a ranking of teachers.
    public func teamDigest(school schoolId: String, week: IsoWeek) throws(StoreError) -> Digest {
        guard let school = try store.school(schoolId) else { throw .notFound("school '\(schoolId)'") }
        let team = try showing(school: schoolId, week: week).filter { $0.audience == .team }
        let k = max(2, configuration.smallGroup)
        let counts = try store.schoolCounts(school: schoolId, from: week.monday, to: week.sunday,
                                            walksFrom: week.monday.adding(days: -49))
        let moments = counts.feedback.values.reduce(0, +)
        let figures = TeamFigures(
            smallGroup: k, feedback: counts.feedbackTeachers >= k ? counts.feedback : nil, feedbackMoments: moments,
            feedbackTeachers: counts.feedbackTeachers, tracks: counts.trackPupils >= k ? counts.tracks : nil,
            trackPupils: counts.trackPupils, walks: counts.walks,
            walkSeenShare: counts.walks >= k && counts.walkItems > 0 ? Double(counts.walkItemsSeen) / Double(counts.walkItems) : nil)
        let name = (school.language == .nl ? "het team van " : "the team of ") + school.name
        var digest = Digest(week: week, coach: Coach(id: "team:" + schoolId, name: name, kind: .internal), groups: [],
                            team: team.sorted { ($0.priority, $0.id ?? 0) < ($1.priority, $1.id ?? 0) },
                            gaps: try weekStatus(week, schools: [schoolId]).filter { !$0.complete })
        digest.figures = figures
        digest.smallGroup = k
        for prompt in digest.team {
            digest.rules[prompt.ruleId] = definition(prompt.ruleId)
            if let id = prompt.id, let span = try store.evidenceSpan(prompt.evidence, school: prompt.schoolId) { digest.spans[id] = span }
        }
        return digest
    }
}

/// How many prompts one week stored, and how many of them a digest can show within the
/// attention budget: to see whether rules speak few and relevant, or flood.
public struct PromptVolume: Sendable, Hashable {
    public var week: String
    /// Prompts stored for the week (shadow ones left out).
    public var stored: Int
    /// Of those, within the budget of their teacher (team prompts always count as shown).
    public var shown: Int
    public var heldBack: Int
    /// Teachers in the schools counted, for the average per teacher.
    public var teachers: Int
    /// Prompts per rule.
    public var perRule: [String: Int]

    public var perTeacher: Double { teachers == 0 ? 0 : Double(stored) / Double(teachers) }
}

extension Engine {
    /// Prompt volume per week for one school (or all), oldest week first.
    public func promptVolume(school: String? = nil) throws(StoreError) -> [PromptVolume] {
        var schools = [String]()
        if let school {
            guard try store.school(school) != nil else { throw .notFound("school '\(school)'") }
            schools = [school]
        } else {
            schools = try store.schools().map(\.id)
        }
        var teachers = 0
        var classTeacher: [String: String] = [:]
        for id in schools {
            teachers += try store.teachers(school: id).count
            for schoolClass in try store.classes(school: id) {
                if let teacher = try store.classTeachers(class: schoolClass.id).first?.teacherId {
                    classTeacher[schoolClass.id] = teacher
                }
            }
        }
        var perWeek: [String: [Prompt]] = [:]
        for id in schools {
            for prompt in try store.prompts(school: id) where !prompt.shadow { perWeek[prompt.week, default: []].append(prompt) }
        }
        let budget = max(0, configuration.promptsPerTeacher)
        return perWeek.keys.sorted().map { week in
            let prompts = perWeek[week]!
            var perOwner: [String: Int] = [:]
            var team = 0
            var perRule: [String: Int] = [:]
            for prompt in prompts {
                perRule[prompt.ruleId, default: 0] += 1
                if let owner = prompt.teacherId ?? prompt.classId.flatMap({ classTeacher[$0] ?? "class:" + $0 }) {
                    perOwner[owner, default: 0] += 1
                } else {
                    team += 1
                }
            }
            let shown = perOwner.values.reduce(team) { $0 + min($1, budget) }
            return PromptVolume(week: week, stored: prompts.count, shown: shown, heldBack: prompts.count - shown,
                                teachers: teachers, perRule: perRule)
        }
    }
}
