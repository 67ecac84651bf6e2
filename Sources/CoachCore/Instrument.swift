/// How a kijkwijzer scores its items.
public enum Scale: String, Codable, Sendable, CaseIterable {
    /// ✓ / ✗: present (1) or absent (0). Campus Fenix.
    case presence
    /// "Doe je dit al?" 1 (I rarely do this) to 5 (always). Peter Benoit.
    case frequency
    /// Visible pupil behaviour seen (1) or not seen this time (0). Diepenbeek learning walk.
    case seenNotSeen

    /// The values a score may take.
    public var values: ClosedRange<Int> {
        switch self {
        case .presence, .seenNotSeen: return 0...1
        case .frequency: return 1...5
        }
    }

    /// The rule for a score, as a sentence fragment.
    public var rule: Phrase {
        switch self {
        case .presence: return Phrase("must be 1 (present, ✓) or 0 (absent, ✗)", nl: "moet 1 (aanwezig, ✓) of 0 (afwezig, ✗) zijn")
        case .frequency: return Phrase("must be 1 to 5", nl: "moet 1 tot en met 5 zijn")
        case .seenNotSeen: return Phrase("must be 1 (seen) or 0 (not seen)", nl: "moet 1 (gezien) of 0 (niet gezien) zijn; {got} is geen van beide")
        }
    }
}

/// What a kijkwijzer is for. The engine holds to it: coaching is not appraisal, so a
/// learning-walk kijkwijzer is never recorded against one teacher (seed 000).
public enum InstrumentUse: String, Codable, Sendable, CaseIterable {
    /// A coach or colleagues observe one teacher's lesson, with the teacher.
    case lessonObservation
    /// A teacher looks at their own lesson; it reaches the coach only when shared.
    case selfReflection
    /// A team walks the school and notes what pupils do, never who taught.
    case learningWalk
}

/// A kijkwijzer (observation instrument): numbered sections of observable items.
public struct Instrument: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "instrument"
    public var id: String
    public var version: String
    public var title: String
    public var scale: Scale
    /// What the instrument is for and how to use it, as its authors wrote it.
    public var purpose: String?
    public var sections: [InstrumentSection]
    /// Questions for the end of a reflection (Campus Fenix "Slotreflectie").
    public var closingQuestions: [String]
    /// The plugin it came from.
    public var plugin: String?
    /// The school level its examples are written for (nil: any).
    public var level: SchoolLevel?
    /// What it is for, as its plugin says; nil for a kijkwijzer stored before that was asked
    /// (see ``effectiveUses``).
    public var uses: [InstrumentUse]?

    /// What it may be used for: as given, else what its scale implies (seen / not seen is the
    /// scale of a learning walk, the others of lessons).
    public var effectiveUses: [InstrumentUse] {
        uses ?? (scale == .seenNotSeen ? [.learningWalk] : [.lessonObservation, .selfReflection])
    }

    public init(id: String, version: String, title: String, scale: Scale, purpose: String? = nil,
                sections: [InstrumentSection], closingQuestions: [String] = [], plugin: String? = nil, level: SchoolLevel? = nil,
                uses: [InstrumentUse]? = nil) {
        self.id = id
        self.version = version
        self.title = title
        self.scale = scale
        self.purpose = purpose
        self.sections = sections
        self.closingQuestions = closingQuestions
        self.plugin = plugin
        self.level = level
        self.uses = uses
    }

    /// All items, in order.
    public var items: [InstrumentItem] { sections.flatMap(\.items) }

    /// The item with `key` (`"3.2"`).
    public func item(_ key: String) -> InstrumentItem? { items.first { $0.key == key } }

    public func section(_ number: Int) -> InstrumentSection? { sections.first { $0.number == number } }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("id", id)
        issues.requireID("version", version)
        issues.requireText("title", title)
        if sections.isEmpty { issues.add("sections", Phrase("must not be empty", nl: "mag niet leeg zijn")) }
        if let uses {
            if uses.isEmpty { issues.add("uses", Phrase("must name at least one of lessonObservation, selfReflection, learningWalk",
                                          nl: "moet minstens één van lessonObservation, selfReflection, learningWalk noemen")) }
            if uses.contains(.learningWalk), uses.count > 1 {
                issues.add("uses", Phrase("a learning-walk kijkwijzer is for walks only: a walk is never an evaluation of one teacher (seed 000)",
                                          nl: "een kijkwijzer voor leerwandelingen is alleen voor leerwandelingen: een leerwandeling is nooit een beoordeling van één leerkracht (seed 000)"))
            }
            if uses.contains(.learningWalk) != (scale == .seenNotSeen) {
                issues.add("uses", Phrase("a learning walk notes seen / not seen (scale seenNotSeen), and only a learning walk does",
                                          nl: "een leerwandeling noteert gezien / niet gezien (schaal seenNotSeen), en alleen een leerwandeling doet dat"))
            }
        }
        var numbers = Set<Int>()
        var keys = Set<String>()
        for section in sections {
            if !numbers.insert(section.number).inserted {
                issues.add("sections", Phrase("must have distinct numbers", nl: "hebben elk een eigen nummer; {got} komt meer dan één keer voor"), got: section.number)
            }
            if section.number < 1 { issues.add("section \(section.number)", Phrase("number must be 1 or more", nl: "heeft een nummer kleiner dan 1; een onderdeel begint bij 1")) }
            issues.requireText("section \(section.number).title", section.title)
            if section.items.isEmpty { issues.add("section \(section.number)", Phrase("has no items", nl: "heeft geen kijkpunten")) }
            for item in section.items {
                if !keys.insert(item.key).inserted { issues.add("item \(item.key)", Phrase("appears twice", nl: "staat er twee keer in")) }
                issues.requireText("item \(item.key).text", item.text, maxLength: 1000)
            }
        }
    }
}

/// A numbered section (onderdeel) of a kijkwijzer; for a learning walk, a didactic principle.
public struct InstrumentSection: Codable, Sendable, Hashable {
    public var number: Int
    public var title: String
    public var items: [InstrumentItem]
    /// Tips the authors add under the section.
    public var tips: [String]

    public init(number: Int, title: String, items: [InstrumentItem], tips: [String] = []) {
        self.number = number
        self.title = title
        self.items = items
        self.tips = tips
    }
}

/// One observable behaviour, with an optional example sentence and reflection question.
public struct InstrumentItem: Codable, Sendable, Hashable {
    /// `section.position`, e.g. `3.2`.
    public var key: String
    public var text: String
    public var example: String?
    public var reflectionQuestion: String?

    public init(key: String, text: String, example: String? = nil, reflectionQuestion: String? = nil) {
        self.key = key
        self.text = text
        self.example = example
        self.reflectionQuestion = reflectionQuestion
    }

    /// The section number in the key.
    public var section: Int { Int(key.split(separator: ".").first ?? "") ?? 0 }
}
