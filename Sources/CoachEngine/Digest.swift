import CoachCore
import CoachStore

/// A coach's weekly set of prompts, within the attention budget.
public struct Digest: Sendable {
    /// Prompts about one teacher (or one class, when no teacher is named).
    public struct Group: Sendable {
        public var teacherId: String?
        public var classId: String?
        public var name: String
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

    public var heldBack: Int { groups.reduce(0) { $0 + $1.heldBack } }
    public var shown: [Prompt] { groups.flatMap(\.shown) + team }
}

extension Engine {
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
            for prompt in try store.prompts(school: school, week: week.description) {
                guard !prompt.shadow, prompt.audience != .teacher else { continue }
                switch prompt.status {
                case .open: break
                case .snoozed where (prompt.snoozedUntil ?? week.sunday) <= week.sunday: break
                default: continue
                }
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
            let name = isTeacher ? (try store.teacher(id)?.name ?? id) : (try store.schoolClass(id)?.name ?? id)
            groups.append(Digest.Group(teacherId: isTeacher ? id : nil, classId: isTeacher ? nil : id, name: name,
                                       shown: Array(ordered.prefix(budget)), heldBack: max(0, ordered.count - budget)))
        }
        groups.sort { ($0.teacherId == nil ? 1 : 0, $0.name) < ($1.teacherId == nil ? 1 : 0, $1.name) }
        return Digest(week: week, coach: coach, groups: groups, team: team.sorted { $0.priority < $1.priority })
    }
}
