import Foundation
/// The language a school reads its prompts in.
public enum Language: String, Codable, Sendable, CaseIterable {
    case nl, en
}

/// A school: the boundary no rule's data ever crosses.
public struct School: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "school"
    public var id: String
    public var name: String
    public var language: Language
    /// Primary or secondary: which kijkwijzer examples fit its classes (nil: not said).
    public var level: SchoolLevel?
    /// Flanders or the Netherlands: what its Dutch calls a class (nil: not said, Flemish).
    public var region: Region?

    public init(id: String, name: String, language: Language = .nl, level: SchoolLevel? = nil, region: Region? = nil) {
        self.id = id
        self.name = name
        self.language = language
        self.level = level
        self.region = region
    }

    /// What the school's texts call a class, and classes: a primary school in the Netherlands
    /// has groups (`groep 5`), others have classes (`klas 5A`, `class 5A`).
    ///
    /// With a class's `name`: the heading for it (`Klas 5A`; `Groep 5` for a class the school
    /// calls "Groep 5" itself, not "Groep Groep 5").
    public func classHeading(_ name: String, _ language: Language) -> String {
        let word = classWords(language).one
        if name.lowercased().hasPrefix(word + " ") { return name }
        return word.prefix(1).uppercased() + word.dropFirst() + " " + name
    }

    public func classWords(_ language: Language) -> (one: String, many: String) {
        guard language == .nl else { return ("class", "classes") }
        return region == .netherlands && level == .primary ? ("groep", "groepen") : ("klas", "klassen")
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireText("name", name)
    }
}

/// A teacher (leerkracht) of one school.
public struct Teacher: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "teacher"
    public var id: String
    public var schoolId: String
    /// How coaches address the teacher; teachers are staff, not pupils.
    public var name: String

    public init(id: String, schoolId: String, name: String) {
        self.id = id
        self.schoolId = schoolId
        self.name = name
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireID("schoolId", schoolId)
        issues.requireText("name", name)
    }
}

/// Whether a coach works inside the school or comes from outside (seed 004).
public enum CoachKind: String, Codable, Sendable, CaseIterable {
    case `internal`, external
}

/// A coach (VideoKLuB-coach, pedagogisch begeleider); may serve several schools.
public struct Coach: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "coach"
    public var id: String
    public var name: String
    public var kind: CoachKind

    public init(id: String, name: String, kind: CoachKind) {
        self.id = id
        self.name = name
        self.kind = kind
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireText("name", name)
    }
}

/// What a coach assignment covers.
public enum CoachScope: String, Codable, Sendable, CaseIterable {
    case school, `class`, teacher
}

/// A coach follows a whole school, a class, or one teacher.
public struct CoachAssignment: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "coach assignment"
    public var coachId: String
    public var scope: CoachScope
    /// The school, class or teacher id, after `scope`.
    public var scopeId: String

    public init(coachId: String, scope: CoachScope, scopeId: String) {
        self.coachId = coachId
        self.scope = scope
        self.scopeId = scopeId
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("coachId", coachId)
        issues.requireID("scopeId", scopeId)
    }
}

/// A class (klas) of one school.
public struct SchoolClass: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "class"
    public var id: String
    public var schoolId: String
    public var name: String
    /// Year or grade as the school names it (`3K`, `1L`, `5`), optional.
    public var grade: String?

    public init(id: String, schoolId: String, name: String, grade: String? = nil) {
        self.id = id
        self.schoolId = schoolId
        self.name = name
        self.grade = grade
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireID("schoolId", schoolId)
        issues.requireText("name", name)
        if let grade { issues.requireText("grade", grade, maxLength: 20) }
    }
}

/// A teacher teaches a class.
public struct ClassTeacher: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "class teacher"
    public var classId: String
    public var teacherId: String

    public init(classId: String, teacherId: String) {
        self.classId = classId
        self.teacherId = teacherId
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("classId", classId)
        issues.requireID("teacherId", teacherId)
    }
}

/// A pupil, pseudonymous: an id and an optional alias. A real name is never asked for.
public struct Pupil: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "pupil"
    public var id: String
    public var schoolId: String
    public var classId: String
    /// What the class calls the pupil in prompts (a first name or initials), if anything.
    public var alias: String?
    /// The day the pupil came into `classId`, when a people file says it (`since`): from then
    /// on, until a later class, rules see the pupil in that class, and before a pupil's first
    /// such day not at the school. Nil: the class of now — for a pupil new or in another class
    /// after some weeks were closed, from the first week not yet closed (from the start before).
    public var since: Day?
    /// The first day the pupil is no longer at the school, when a people file says it
    /// (`left`): rules do not see the pupil from then on, and the placements current before it
    /// end. `classId` stays the class the pupil left.
    public var left: Day?

    public init(id: String, schoolId: String, classId: String, alias: String? = nil, since: Day? = nil, left: Day? = nil) {
        self.id = id
        self.schoolId = schoolId
        self.classId = classId
        self.alias = alias
        self.since = since
        self.left = left
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireID("schoolId", schoolId)
        issues.requireID("classId", classId)
        if let alias { issues.requireText("alias", alias, maxLength: 40) }
        if let since, let left, left <= since {
            issues.add("left", Phrase("must come after since (\(since)): a pupil leaves after the day they came into the class",
                                      nl: "{got} moet na vanaf (\(since)) liggen: een leerling vertrekt pas na de dag waarop die in de klas kwam"),
                       got: left.description)
        }
    }
}

/// Where a school is: Dutch in Flanders and in the Netherlands names some things differently.
public enum Region: String, Codable, Sendable, CaseIterable {
    case flanders, netherlands

    /// The region a person writes: `flanders`/`netherlands`, or the Dutch words for them.
    public init?(spelled text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        // Not `nl` or `be`: `nl` is also a language, which a Flemish school speaks.
        case "flanders", "vlaanderen", "belgië", "belgie", "belgium": self = .flanders
        case "netherlands", "nederland", "the netherlands": self = .netherlands
        default: return nil
        }
    }
}

/// Which school a class is in: what a kijkwijzer's examples are written for.
public enum SchoolLevel: String, Codable, Sendable, CaseIterable {
    case primary, secondary

    /// The level a person writes: `primary`/`secondary`, or the Flemish and Dutch words for them.
    public init?(spelled text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "primary", "basis", "basisonderwijs", "basisschool", "lager", "lager onderwijs", "primair": self = .primary
        case "secondary", "secundair", "secundair onderwijs", "middelbaar", "voortgezet", "vo": self = .secondary
        default: return nil
        }
    }
}
