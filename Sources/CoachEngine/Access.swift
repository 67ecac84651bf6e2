import CoachCore
import CoachStore

/// Who is reading: each person sees only what is theirs.
public enum Role: Sendable, Hashable, CustomStringConvertible {
    /// Their own prompts, suggestions and records.
    case teacher(String)
    /// The teachers assigned to the coach (possibly in several schools).
    case coach(String)
    /// A school's team: school-level prompts and figures, and the rules; never one teacher.
    case team(String)
    /// Everything: the person who runs the deployment.
    case administrator

    /// Parses `teacher:ID`, `coach:ID`, `team:SCHOOL` or `admin`.
    public init(parsing text: String) throws(AccessError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first?.lowercased() ?? "", parts.count == 2 ? parts[1] : "") {
        case ("teacher", let id) where !id.isEmpty, ("leerkracht", let id) where !id.isEmpty: self = .teacher(id)
        case ("coach", let id) where !id.isEmpty: self = .coach(id)
        case ("team", let id) where !id.isEmpty: self = .team(id)
        case ("admin", ""), ("administrator", ""), ("beheerder", ""): self = .administrator
        default:
            throw AccessError(Phrase("--as must be teacher:ID, coach:ID, team:SCHOOL or admin, got '\(text)'",
                                     nl: "--as moet teacher:ID, coach:ID, team:SCHOOL of admin zijn, niet '\(text)'"))
        }
    }

    public var description: String {
        switch self {
        case .teacher(let id): return "teacher:\(id)"
        case .coach(let id): return "coach:\(id)"
        case .team(let id): return "team:\(id)"
        case .administrator: return "admin"
        }
    }
}

/// A request outside what the role may see, in one line, in the reader's language.
public struct AccessError: ReadableError, Sendable, CustomStringConvertible {
    public var description: String
    /// ``description`` in Dutch (nil: said in English only).
    public private(set) var dutch: String?

    public init(_ description: String) { self.description = description }

    /// A refusal said in both languages.
    public init(_ said: Phrase) {
        description = said.en
        dutch = said.nl
    }

    public func text(_ language: Language) -> String { language == .nl ? dutch ?? description : description }
}

/// What one role may see in a store: the application's rule (the shared deployment adds the
/// database's own row-level security on top).
public struct Access: Sendable {
    public let role: Role
    /// Whether the role was given, or assumed for a store of one school.
    public let assumed: Bool
    let schools: Set<String>
    let wholeSchools: Set<String>
    let teachers: Set<String>
    /// Of `teachers`, those the coach coaches as a whole (their school or the teacher
    /// assigned), not only in a class assigned.
    var wholeTeachers: Set<String> = []
    /// Of `classes`, those assigned to the coach as a class (not a teacher's classes).
    var assignedClasses: Set<String> = []
    let classes: Set<String>

    /// The access of `role`; without one, a store of one school is read as before (everything),
    /// and a store of several schools asks who is reading.
    public static func resolve(_ role: Role?, store: CoachStore) throws(AccessError) -> Access {
        do {
            return try make(role, store: store)
        } catch let error as AccessError {
            throw error
        } catch {
            throw AccessError(String(describing: error))
        }
    }

    private static func make(_ role: Role?, store: CoachStore) throws -> Access {
        guard let role else {
            let count = try store.schools().count
            guard count <= 1 else {
                throw AccessError(Phrase("this store holds \(count) schools: say who is reading with --as (teacher:ID, coach:ID, "
                                         + "team:SCHOOL or admin) or COACH_AS",
                                         nl: "deze databank bevat \(count) scholen: geef met --as (teacher:ID, coach:ID, "
                                         + "team:SCHOOL of admin) of COACH_AS aan wie er leest"))
            }
            return Access(role: .administrator, assumed: true, schools: [], wholeSchools: [], teachers: [], classes: [])
        }
        switch role {
        case .administrator:
            return Access(role: role, assumed: false, schools: [], wholeSchools: [], teachers: [], classes: [])
        case .team(let school):
            guard try store.school(school) != nil else { throw AccessError(Phrase("--as \(role): school '\(school)' is not known", nl: "--as \(role): '\(school)' is geen bekende school")) }
            return Access(role: role, assumed: false, schools: [school], wholeSchools: [school], teachers: [], classes: [])
        case .teacher(let id):
            guard let teacher = try store.teacher(id) else { throw AccessError(Phrase("--as \(role): teacher '\(id)' is not known", nl: "--as \(role): '\(id)' is geen bekende leerkracht")) }
            let classes = Set(try store.classTeachers(teacher: id).map(\.classId))
            return Access(role: role, assumed: false, schools: [teacher.schoolId], wholeSchools: [], teachers: [id], classes: classes)
        case .coach(let id):
            guard try store.coach(id) != nil else { throw AccessError(Phrase("--as \(role): coach '\(id)' is not known", nl: "--as \(role): '\(id)' is geen bekende coach")) }
            var schools = Set<String>(), whole = Set<String>(), teachers = Set<String>(), classes = Set<String>()
            var wholeTeachers = Set<String>(), assignedClasses = Set<String>()
            for assignment in try store.assignments(coach: id) {
                switch assignment.scope {
                case .school:
                    schools.insert(assignment.scopeId); whole.insert(assignment.scopeId)
                    for t in try store.teachers(school: assignment.scopeId) { teachers.insert(t.id); wholeTeachers.insert(t.id) }
                    for c in try store.classes(school: assignment.scopeId) { classes.insert(c.id) }
                case .class:
                    guard let c = try store.schoolClass(assignment.scopeId) else { continue }
                    schools.insert(c.schoolId); classes.insert(c.id); assignedClasses.insert(c.id)
                    for ct in try store.classTeachers(class: c.id) { teachers.insert(ct.teacherId) }
                case .teacher:
                    guard let t = try store.teacher(assignment.scopeId) else { continue }
                    schools.insert(t.schoolId); teachers.insert(t.id); wholeTeachers.insert(t.id)
                    for ct in try store.classTeachers(teacher: t.id) { classes.insert(ct.classId) }
                }
            }
            var access = Access(role: role, assumed: false, schools: schools, wholeSchools: whole, teachers: teachers, classes: classes)
            access.wholeTeachers = wholeTeachers
            access.assignedClasses = assignedClasses
            return access
        }
    }

    /// Whether the role may read `prompt`.
    public func canSee(_ prompt: Prompt) -> Bool {
        switch role {
        case .administrator: return true
        case .team(let school): return prompt.schoolId == school && prompt.audience == .team
        case .coach:
            guard schools.contains(prompt.schoolId) else { return false }
            if prompt.audience == .team { return true }
            // A coach of one class reads what concerns that class, not its teacher's other lessons.
            // (A co-teacher's prompt about a shared class is not for the coach of the other teacher.)
            if let t = prompt.teacherId { return wholeTeachers.contains(t) || prompt.classId.map(assignedClasses.contains) == true }
            if let c = prompt.classId { return classes.contains(c) }
            return wholeSchools.contains(prompt.schoolId)
        case .teacher(let id):
            guard prompt.audience != .team else { return false }
            if let t = prompt.teacherId { return t == id }
            if let c = prompt.classId { return classes.contains(c) }
            return false
        }
    }

    /// Refuses a digest the role may not read: a coach reads their own; a teacher reads the
    /// part about them in a digest of their coach; the team reads its school's.
    public func requireDigest(coach: String?) throws(AccessError) {
        switch role {
        case .administrator: return
        case .coach(let id):
            if let coach, coach != id {
                throw AccessError(Phrase("as \(role) you read your own digest (--coach \(id)), not \(coach)'s",
                                         nl: "als \(role) lees je je eigen weekoverzicht (--coach \(id)), niet dat van \(coach)"))
            }
        case .teacher:
            // Only their own part is shown (``narrow(_:)``): empty when that coach does not coach them.
            guard coach != nil else {
                throw AccessError(Phrase("as \(role) give --coach: the coach whose digest has your part",
                                         nl: "als \(role) geef je --coach: de coach van wie het weekoverzicht jouw deel bevat"))
            }
        case .team:
            if coach != nil {
                throw AccessError(Phrase("as \(role) you read the team's digest: leave out --coach",
                                         nl: "als \(role) lees je het weekoverzicht van het team: laat --coach weg"))
            }
        }
    }

    /// Narrows a coach's digest to what the role may see: a teacher keeps only their own part
    /// (no colleague, no team figures).
    public func narrow(_ digest: Digest) -> Digest {
        guard case .teacher(let id) = role else { return digest }
        var narrowed = digest
        narrowed.groups = digest.groups.filter { $0.teacherId == id || ($0.classId.map(classes.contains) ?? false) }
        narrowed.team = []
        // The teacher reads their own part, addressed to them; that more about them was held
        // back for the coach reads like a file kept on them (coaching, not appraisal).
        narrowed.reader = digest.groups.first { $0.teacherId == id }?.name ?? id
        for n in narrowed.groups.indices { narrowed.groups[n].heldBack = 0 }
        return narrowed
    }

    /// Whether the role reads all of a teacher's suggestions, or only those about the class
    /// asked for (a coach of one of their classes).
    public func suggestsWhole(teacher: String) -> Bool {
        switch role {
        case .administrator: return true
        case .teacher(let id): return id == teacher
        case .coach: return wholeTeachers.contains(teacher)
        case .team: return false
        }
    }

    /// The schools the role reads about (nil: every school, for the administrator).
    public var readableSchools: Set<String>? {
        if case .administrator = role { return nil }
        return schools
    }

    /// Refuses suggestions for a teacher the role may not ask about (a coach of one of the
    /// teacher's classes asks about that class).
    public func requireSuggest(teacher: String, classId: String? = nil) throws(AccessError) {
        switch role {
        case .administrator: return
        case .teacher(let id) where id == teacher: return
        case .coach where wholeTeachers.contains(teacher): return
        case .coach where teachers.contains(teacher) && classId.map(assignedClasses.contains) == true: return
        case .coach where teachers.contains(teacher):
            let classes = assignedClasses.sorted().joined(separator: ", ")
            throw AccessError(Phrase("as \(role) you coach teacher '\(teacher)' in \(classes) only: give --class",
                                     nl: "als \(role) coach je leerkracht '\(teacher)' alleen in \(classes): geef --class"))
        case .team:
            throw AccessError(Phrase("as \(role) you read school-level prompts; suggestions are for a teacher or their coach",
                                     nl: "als \(role) lees je de gesprekspunten over de school; suggesties zijn voor leerkrachten en hun "
                                     + "coaches"))
        default:
            throw AccessError(Phrase("as \(role) you may not ask for suggestions for teacher '\(teacher)'",
                                     nl: "als \(role) mag je geen suggesties vragen voor leerkracht '\(teacher)'"))
        }
    }

    /// Whether a suggestion may build on the teacher's unshared self-reflections: only when the
    /// teacher asks (or a local store is read as before).
    public func seesOwnReflections(of teacher: String) -> Bool {
        switch role {
        case .teacher(let id): return id == teacher
        case .administrator: return assumed
        default: return false
        }
    }

    /// Refuses reading or changing a prompt outside the role.
    public func require(_ prompt: Prompt) throws(AccessError) {
        if !canSee(prompt) {
            throw AccessError(Phrase("prompt \(prompt.id ?? 0) is not one \(role) may see",
                                     nl: "als \(role) mag je gesprekspunt \(prompt.id ?? 0) niet zien"))
        }
    }

    /// Refuses what only the school's team or the administrator may do (a pupil's export or
    /// erasure, retention, replays): `school` is the school it concerns (nil: every school).
    public func requireSchoolWide(_ what: Phrase, school: String?) throws(AccessError) {
        switch role {
        case .administrator: return
        case .team(let own) where school == own: return
        case .team(let own):
            throw AccessError(Phrase("as \(role) \(what.en) is only for school '\(own)'" + (school == nil ? ": give --school \(own)" : ""),
                                     nl: "als \(role) mag je alleen voor school '\(own)' \(what.nl)" + (school == nil ? ": geef --school \(own)" : "")))
        default:
            throw AccessError(Phrase("\(what.en) is for the school's team or the administrator, not \(role)",
                                     nl: "alleen het team van de school of de beheerder mag \(what.nl), niet \(role)"))
        }
    }
}
