/// Who observed a lesson, and how.
public enum ObservationKind: String, Codable, Sendable, CaseIterable {
    /// A teacher on a fragment of their own video.
    case selfReflection
    case coach
    /// In small groups of four colleagues (seed 002).
    case peer
    /// A team walk: recorded as a ``LearningWalk``, never with a teacher or class.
    case learningWalk
}

/// A fragment of a lesson video that the teacher chose to bring in; the teacher keeps the
/// footage, the engine keeps only where it is.
public struct VideoFragment: Codable, Sendable, Hashable {
    public var uri: String
    /// Seconds from the start of the video.
    public var start: Double
    public var end: Double

    public init(uri: String, start: Double, end: Double) {
        self.uri = uri
        self.start = start
        self.end = end
    }
}

/// One item's score in an observation.
public struct ItemScore: Codable, Sendable, Hashable {
    /// The instrument item, `3.2`.
    public var item: String
    /// On the instrument's ``Scale``.
    public var value: Int
    /// A note, or the example from the recording.
    public var note: String?

    public init(item: String, value: Int, note: String? = nil) {
        self.item = item
        self.value = value
        self.note = note
    }
}

/// A lesson seen through a kijkwijzer: self-reflection, coach or peer observation.
public struct Observation: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "observation"
    public var id: Int64?
    public var kind: ObservationKind
    public var schoolId: String
    public var teacherId: String
    public var classId: String?
    public var instrumentId: String
    public var instrumentVersion: String
    public var date: Day
    public var subject: String?
    public var lesson: String?
    public var scores: [ItemScore]
    public var video: VideoFragment?
    /// "Dit zal ik aanpakken": what the teacher will work on.
    public var workOn: String?
    /// Who observed (ids or initials), empty for a self-reflection.
    public var observers: [String]
    /// For a self-reflection: whether the teacher shares it with their coach. It belongs to
    /// the teacher; without `true` no prompt for the coach is built on it.
    public var shared: Bool?

    /// Whether the coach may see it: always for a coach or peer observation, and a
    /// self-reflection only when the teacher shared it.
    public var reachesCoach: Bool { kind != .selfReflection || shared == true }

    public init(id: Int64? = nil, kind: ObservationKind, schoolId: String, teacherId: String,
                classId: String? = nil, instrumentId: String, instrumentVersion: String, date: Day,
                subject: String? = nil, lesson: String? = nil, scores: [ItemScore],
                video: VideoFragment? = nil, workOn: String? = nil, observers: [String] = [], shared: Bool? = nil) {
        self.id = id
        self.kind = kind
        self.schoolId = schoolId
        self.teacherId = teacherId
        self.classId = classId
        self.instrumentId = instrumentId
        self.instrumentVersion = instrumentVersion
        self.date = date
        self.subject = subject
        self.lesson = lesson
        self.scores = scores
        self.video = video
        self.workOn = workOn
        self.observers = observers
        self.shared = shared
    }

    public func validate(into issues: inout IssueCollector) {
        if kind == .learningWalk {
            issues.add("kind", Phrase("learningWalk is recorded as a learning walk, which has no teacher or class",
                                      nl: "learningWalk wordt als leerwandeling vastgelegd, zonder leerkracht of klas"))
        }
        issues.requireID("schoolId", schoolId)
        issues.requireID("teacherId", teacherId)
        issues.optionalID("classId", classId)
        issues.requireID("instrumentId", instrumentId)
        issues.requireID("instrumentVersion", instrumentVersion)
        if scores.isEmpty { issues.add("scores", Phrase("must score at least one item", nl: "moeten minstens één kijkpunt met een score bevatten")) }
        var seen = Set<String>()
        for score in scores where !seen.insert(score.item).inserted {
            issues.add("item \(score.item)", Phrase("is scored twice", nl: "is twee keer gescoord"))
        }
        if let video {
            issues.requireText("video.uri", video.uri, maxLength: 2000)
            if video.start < 0 || video.end <= video.start {
                issues.add("video", Phrase("must end after it starts (start \(video.start), end \(video.end))",
                                           nl: "moet eindigen na het begin (begin \(video.start), einde \(video.end))"))
            }
        }
        if let workOn { issues.requireText("workOn", workOn, maxLength: 2000) }
        if kind != .selfReflection, shared == false {
            issues.add("shared", Phrase("only a self-reflection can be kept from the coach; a \(kind.rawValue) observation is done with the teacher",
                                        nl: "alleen een zelfreflectie kan de leerkracht voor zich houden; \(Self.kindNL[kind] ?? kind.rawValue) "
                                            + "gebeurt samen met de leerkracht"))
        }
        if kind == .selfReflection, !observers.isEmpty {
            issues.add("observers", Phrase("must be empty for a self-reflection", nl: "moet leeg zijn bij een zelfreflectie"),
                       got: observers.joined(separator: ", "))
        }
        if kind == .coach || kind == .peer, observers.isEmpty {
            issues.add("observers", Phrase("must name who observed a \(kind == .coach ? "coach" : "peer") observation",
                                           nl: kind == .coach ? "moet noemen wie het lesbezoek deed" : "moet noemen welke collega observeerde"))
        }
    }

    /// Checks the scores against the instrument they claim (done by the store, which knows it),
    /// and that the instrument is meant for this kind of observation.
    public func scoreIssues(against instrument: Instrument, reference: String) -> [ValidationIssue] {
        var issues = IssueCollector(record: Self.recordName, reference: reference)
        let needed: InstrumentUse = kind == .selfReflection ? .selfReflection : .lessonObservation
        let uses = instrument.effectiveUses
        if uses.contains(.learningWalk) {
            issues.add("instrumentId", Phrase("is a learning-walk kijkwijzer: a walk is never recorded against one teacher (seed 000); "
                                              + "record it with 'coach walk add' or import it as walks",
                                              nl: "is een kijkwijzer voor leerwandelingen: een wandeling wordt nooit op één leerkracht "
                                              + "vastgelegd (seed 000); leg ze vast met 'coach walk add' of importeer ze met --kind walks"))
            return issues.issues
        }
        if !uses.contains(needed) {
            let list = uses.map(\.rawValue).joined(separator: ", ")
            issues.add("instrumentId", Phrase("is not meant for \(kind == .selfReflection ? "a self-reflection" : "observing a lesson") "
                                              + "(it is for: \(list))",
                                              nl: "{got} is niet bedoeld voor \(kind == .selfReflection ? "een zelfreflectie" : "een lesobservatie") "
                                              + "(wel voor: \(list))"), got: instrument.id)
        }
        for score in scores {
            guard instrument.item(score.item) != nil else {
                issues.add("item \(score.item)", Phrase("is not an item of \(instrument.id) \(instrument.version)",
                                                          nl: "is geen kijkpunt van kijkwijzer \(instrument.id) (versie \(instrument.version))"))
                continue
            }
            if !instrument.scale.values.contains(score.value) {
                issues.add("item \(score.item)", instrument.scale.rule, got: score.value)
            }
        }
        return issues.issues
    }
}

/// Whether a learning walk's team saw a behaviour. There is no "absent": an empty field
/// means "not seen this time" (seed 000, Diepenbeek).
public enum WalkStatus: String, Codable, Sendable, CaseIterable {
    case seen, notSeen
}

/// What a walking team reported for one item of the instrument.
public struct WalkFinding: Codable, Sendable, Hashable {
    public var item: String
    public var status: WalkStatus
    /// Examples the whole team recognised as strong practice.
    public var examples: [String]
    /// Only findings the whole walking team agreed on are recorded.
    public var agreedByWholeTeam: Bool

    public init(item: String, status: WalkStatus, examples: [String] = [], agreedByWholeTeam: Bool = true) {
        self.item = item
        self.status = status
        self.examples = examples
        self.agreedByWholeTeam = agreedByWholeTeam
    }
}

/// A learning walk (leerwandeling): a team's view of a school's practice on one day.
///
/// Deliberately anonymous: there is no teacher and no class here, not even optional ones,
/// and the table behind it has no such columns.
public struct LearningWalk: Codable, Sendable, Hashable, ValidatableRecord {
    public static let recordName = "learning walk"
    public var id: Int64?
    public var schoolId: String
    public var instrumentId: String
    public var instrumentVersion: String
    public var date: Day
    /// How many people walked.
    public var walkers: Int
    public var findings: [WalkFinding]

    public init(id: Int64? = nil, schoolId: String, instrumentId: String, instrumentVersion: String,
                date: Day, walkers: Int, findings: [WalkFinding]) {
        self.id = id
        self.schoolId = schoolId
        self.instrumentId = instrumentId
        self.instrumentVersion = instrumentVersion
        self.date = date
        self.walkers = walkers
        self.findings = findings
    }

    public func validate(into issues: inout IssueCollector) {
        issues.requireID("schoolId", schoolId)
        issues.requireID("instrumentId", instrumentId)
        issues.requireID("instrumentVersion", instrumentVersion)
        if walkers < 2 { issues.add("walkers", Phrase("must be 2 or more (a walk is done by a team)", nl: "moet minstens 2 zijn, niet {got} (een leerwandeling doe je met een team)"),
                                      got: walkers) }
        var seen = Set<String>()
        for finding in findings {
            if !seen.insert(finding.item).inserted { issues.add("item \(finding.item)", Phrase("is reported twice", nl: "is twee keer gemeld")) }
            if !finding.agreedByWholeTeam {
                issues.add("item \(finding.item)", Phrase("is recorded only when the whole walking team agrees on it",
                                                            nl: "wordt alleen vastgelegd als het hele wandelteam het erover eens is"))
            }
            if finding.status == .notSeen, !finding.examples.isEmpty {
                issues.add("item \(finding.item)", Phrase("has examples but is marked not seen", nl: "heeft voorbeelden, maar staat op ‘niet gezien’"))
            }
            for example in finding.examples { issues.requireText("item \(finding.item) example", example, maxLength: 2000) }
        }
    }

    public func findingIssues(against instrument: Instrument, reference: String) -> [ValidationIssue] {
        var issues = IssueCollector(record: Self.recordName, reference: reference)
        if !instrument.effectiveUses.contains(.learningWalk) {
            issues.add("instrumentId", Phrase("must be a learning-walk kijkwijzer (visible pupil behaviour, seen / not seen)",
                                              nl: "{got} is geen kijkwijzer voor leerwandelingen (zichtbaar leerlinggedrag, gezien / niet gezien)"),
                       got: instrument.id)
        }
        for finding in findings where instrument.item(finding.item) == nil {
            issues.add("item \(finding.item)", Phrase("is not an item of \(instrument.id) \(instrument.version)",
                                                            nl: "is geen kijkpunt van kijkwijzer \(instrument.id) (versie \(instrument.version))"))
        }
        return issues.issues
    }
}

extension Observation {
    /// Each kind as a Dutch sentence names it, with its article.
    static let kindNL: [ObservationKind: String] = [.coach: "een lesbezoek van de coach", .peer: "een collegiale observatie",
                                                    .selfReflection: "een zelfreflectie", .learningWalk: "een leerwandeling"]
}
