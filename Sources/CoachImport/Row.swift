import CoachCore
import CoachStore
import Foundation

/// One CSV row, read field by field; every problem is kept, not just the first.
package struct Row {
    package let values: [String: String]
    let file: String
    let line: Int
    /// Each problem, a line in each language.
    package var problems: [Phrase] = []

    package init(values: [String: String], file: String, line: Int) {
        self.values = values
        self.file = file
        self.line = line
    }

    /// Set for values given as command-line options: problems then name the option.
    package var options = false
    /// The fields of a person this row left out, which keep what is stored (see ``KeyedRecord/keeps``).
    package var keeps: Set<String> = []

    /// `column`'s problem; `got`, the value as given (quoted, cut), goes where the phrase says.
    mutating func problem(_ column: String, _ message: Phrase, got value: String? = nil) {
        // A column's name comes from the file's header: one line, cut, whatever it holds.
        let column = Quoted.shortened(column)
        let said = message.about("", got: value.map { "'\(Quoted.shortened($0))'" })
        let place = options ? "--\(column.replacingOccurrences(of: "_", with: "-")): " : "\(file):\(line): \(column): "
        problems.append(said.at(place))
    }

    mutating func text(_ column: String) -> String {
        guard let value = values[column] else {
            problem(column, Phrase.required)
            return ""
        }
        return value
    }

    func optional(_ column: String) -> String? { values[column] }

    mutating func day(_ column: String, required: Bool = true) -> Day? {
        guard let value = values[column] else {
            if required { problem(column, Phrase.required) }
            return nil
        }
        // Spreadsheets also write days as 23/11/2026 or 23-11-2026.
        if let day = Day(value) { return day }
        let parts = value.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), y > 999,
           let day = Day(year: y, month: m, day: d) {
            return day
        }
        problem(column, Phrase("must be a date like 2026-11-23 or 23/11/2026", nl: "moet een datum zijn zoals 2026-11-23 of 23/11/2026"),
                got: value)
        return nil
    }

    mutating func number(_ column: String, required: Bool) -> Double? {
        guard let value = values[column] else {
            if required { problem(column, Phrase.required) }
            return nil
        }
        // A decimal comma (Dutch spreadsheets) read as a point; Foundation only when there is one.
        let decimal = value.utf8.contains(UInt8(ascii: ",")) ? value.replacingOccurrences(of: ",", with: ".") : value
        guard let number = Double(decimal), number.isFinite else {
            problem(column, Phrase("must be a number", nl: "moet een getal zijn"), got: value)
            return nil
        }
        return number
    }

    mutating func whole(_ column: String, required: Bool = true) -> Int? {
        guard let number = number(column, required: required) else { return nil }
        guard number.isFinite, abs(number) < 1e15, number == number.rounded() else {
            problem(column, Phrase("must be a whole number", nl: "moet een geheel getal zijn"), got: values[column]!)
            return nil
        }
        return Int(number)
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type, synonyms: [String: T] = [:]) -> T?
        where T.RawValue == String
    {
        guard let value = values[column] else {
            problem(column, Phrase.required)
            return nil
        }
        if let exact = T(rawValue: value) { return exact }
        let lowered = value.lowercased()
        if let match = T.allCases.first(where: { $0.rawValue.lowercased() == lowered }) ?? synonyms[lowered] { return match }
        // The accepted values, with the Dutch words a school writes as well.
        let order = Dictionary(uniqueKeysWithValues: T.allCases.map(\.rawValue).enumerated().map { ($1, $0) })
        let words = synonyms.sorted { (order[$0.value.rawValue] ?? 0, $0.key) < (order[$1.value.rawValue] ?? 0, $1.key) }.map(\.key)
        let codes = T.allCases.map(\.rawValue).joined(separator: ", "), also = words.joined(separator: ", ")
        problem(column, Phrase("must be one of \(codes)" + (words.isEmpty ? "" : " (or \(also))"),
                               nl: "moet een van \(codes) zijn" + (words.isEmpty ? "" : " (of \(also))")), got: value)
        return nil
    }

    /// An optional cell under its English or Dutch column name, read by `read` (which knows the
    /// words a school writes); a value it does not know is `message`'s problem, and `refused`.
    mutating func spelled<T>(_ column: String, or dutch: String, _ read: (String) -> T?, _ message: Phrase)
        -> (value: T?, refused: Bool)
    {
        guard let given = values[column] ?? values[dutch], !given.isEmpty else { return (nil, false) }
        guard let known = read(given) else {
            problem(column, message, got: given)
            return (nil, true)
        }
        return (known, false)
    }

    /// A time in a video: seconds (`95`), or minutes and seconds (`1:35`).
    mutating func seconds(_ column: String) -> Double? {
        guard let value = values[column] else {
            problem(column, Phrase("is required with a video (seconds, or minutes:seconds like 1:35)",
                                   nl: "is verplicht bij een video (seconden, of minuten:seconden zoals 1:35)"))
            return nil
        }
        let parts = value.split(separator: ":")
        // Minutes as a Double: a long run of digits must be refused, not overflow.
        if parts.count == 2, let m = Int(parts[0]), let s = Double(parts[1]), m >= 0, s >= 0, s < 60 { return Double(m) * 60 + s }
        if parts.count == 1, let s = Double(value.replacingOccurrences(of: ",", with: ".")), s.isFinite, s >= 0 { return s }
        problem(column, Phrase("must be seconds or minutes:seconds like 1:35", nl: "moet seconden of minuten:seconden zijn zoals 1:35"),
                got: value)
        return nil
    }

    mutating func flag(_ column: String) -> Bool {
        guard let value = values[column]?.lowercased() else { return false }
        if ["ja", "yes", "true", "1", "x", "waar"].contains(value) { return true }
        if ["nee", "no", "false", "0", "onwaar"].contains(value) { return false }
        problem(column, Phrase("must be ja or nee", nl: "moet ja of nee zijn"), got: values[column]!)
        return false
    }

    func list(_ column: String) -> [String] {
        (values[column] ?? "").split(whereSeparator: { $0 == "|" || $0 == " " }).map(String.init)
    }

    // The Dutch words (and spellings) a school writes for our codes; made once, not per row.
    static let levelWords: [String: FeedbackLevel] = ["taak": .task, "proces": .process, "zelfregulatie": .selfRegulation, "persoon": .person]
    static let questionWords: [String: FeedbackQuestion] = ["feed-up": .feedUp, "feed up": .feedUp, "feed-forward": .feedForward,
                                                            "feed forward": .feedForward]
    static let timingWords: [String: FeedbackTiming] = ["formatief": .formative, "summatief": .summative]
    static let formWords: [String: FeedbackForm] = ["klassikaal": .wholeClass, "individueel": .individual, "zelf": .selfFeedback]
    static let resultWords: [String: ResultKind] = ["exit-ticket": .exitTicket, "toets": .test, "observatie": .observation]
    static let observationWords: [String: ObservationKind] = ["zelfreflectie": .selfReflection, "collega": .peer]
    static let coachWords: [String: CoachKind] = ["intern": .internal, "extern": .external]

    /// Why a walk refuses a teacher or class column.
    static let walkHasNoPerson = Phrase("a learning walk has no teacher or class: a walk is never an evaluation of one teacher "
                                        + "(seed 000); leave this column out",
                                        nl: "een leerwandeling heeft geen leerkracht of klas: een wandeling is nooit een beoordeling "
                                        + "van één leerkracht (seed 000); laat deze kolom weg")

    /// Whether a column (or JSON field) names a teacher or a class: `teacher`, `Leerkracht (id)`,
    /// `Naam leerkracht`, `classId`, `klas` — any of its words.
    static func namesPerson(_ column: String) -> Bool {
        column.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" })
            .contains { personWords.contains(String($0)) }
    }
    private static let personWords: Set<String> = [
        "teacher", "teacherid", "teacher_id", "teachers", "leerkracht", "leerkrachten", "leraar", "leraren", "lkr", "class", "classid",
        "class_id", "klas", "klasgroep", "groep", "observed", "geobserveerde"]

    /// A walk's findings: per item column `1.2` seen or not seen (an empty field is "not seen
    /// this time", seed 000), and examples in `1.2 voorbeeld` (or `example`), `|` between them.
    mutating func walk() -> NewRecord? {
        let school = text("school"), instrument = text("instrument"), version = text("version")
        let date = day("date"), walkers = whole("walkers")
        var findings: [WalkFinding] = []
        var examples: [String: [String]] = [:]
        for (column, value) in values.sorted(by: { $0.key < $1.key }) where column.first?.isNumber == true {
            let parts = column.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts[0].contains(".") else { continue }
            if parts.count == 2 {
                guard ["voorbeeld", "voorbeelden", "example", "examples"].contains(parts[1].lowercased()) else { continue }
                examples[parts[0]] = value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                continue
            }
            switch value.lowercased() {
            case "seen", "gezien", "1", "✓", "v", "ja": findings.append(WalkFinding(item: column, status: .seen))
            case "notseen", "not seen", "niet gezien", "0", "✗", "x", "nee", "": findings.append(WalkFinding(item: column, status: .notSeen))
            default: problem(column, Phrase("must be seen or not seen (gezien, niet gezien; empty is not seen)",
                                            nl: "moet gezien of niet gezien zijn, niet {got} (ook: seen, not seen; leeg telt als niet gezien)"), got: value)
            }
        }
        for index in findings.indices { findings[index].examples = examples[findings[index].item] ?? [] }
        for item in examples.keys where !findings.contains(where: { $0.item == item }) {
            problem(item + " voorbeeld", Phrase("has examples, but item \(item) has no column saying whether it was seen",
                                                nl: "heeft voorbeelden, maar kijkpunt \(item) heeft geen kolom die zegt of het gezien werd"))
        }
        if findings.isEmpty { problem("items", Phrase("a walk notes at least one item, as a column like 1.2 with gezien or niet gezien",
                                                          nl: "een leerwandeling noteert minstens één kijkpunt: een kolom zoals 1.2 met gezien of niet gezien")) }
        guard let date, let walkers else { return nil }
        return .learningWalk(LearningWalk(schoolId: school, instrumentId: instrument, instrumentVersion: version, date: date,
                                          walkers: walkers, findings: findings))
    }

    /// A row of a people file: its `type` says which record it is.
    mutating func person() -> NewRecord? {
        guard let type = values["type"]?.lowercased() else {
            problem("type", Phrase("is required (school, teacher, coach, class, pupil, goal, class_teacher or assignment)",
                                   nl: "is verplicht (school, teacher, coach, class, pupil, goal, class_teacher of assignment)"))
            return nil
        }
        // Left out (no column, or an empty cell): a person given again keeps what is stored.
        for (column, field) in [("language", "language"), ("kind", "kind"), ("grade", "grade"), ("alias", "alias"),
                                ("subject", "subject"), ("follows", "follows"), ("success_criteria", "successCriteria")]
        where values[column] == nil { keeps.insert(field) }
        if values["level"] == nil && values["niveau"] == nil { keeps.insert("level") }
        if values["region"] == nil && values["regio"] == nil { keeps.insert("region") }
        switch type {
        case "school", "school_":
            var language = Language.nl
            if let given = values["language"] {
                guard let known = Language(rawValue: given.lowercased()) else {
                    problem("language", Phrase("must be nl or en", nl: "moet nl of en zijn"), got: given)
                    return nil
                }
                language = known
            }
            let level = spelled("level", or: "niveau", SchoolLevel.init(spelled:),
                                Phrase("must be primary or secondary (basisonderwijs, secundair)",
                                       nl: "moet basisonderwijs, secundair of voortgezet zijn (ook: primary, secondary, primair)"))
            let region = spelled("region", or: "regio", Region.init(spelled:),
                                 Phrase("must be flanders or netherlands (vlaanderen, nederland)",
                                        nl: "moet vlaanderen of nederland zijn (ook: flanders, netherlands)"))
            guard !level.refused, !region.refused else { return nil }
            return .school(School(id: text("id"), name: text("name"), language: language, level: level.value, region: region.value))
        case "teacher", "leerkracht":
            return .teacher(Teacher(id: text("id"), schoolId: text("school"), name: text("name")))
        case "coach":
            // Internal unless said; a kind that is neither is refused, never read as internal.
            var kind = CoachKind.internal
            if values["kind"] != nil {
                guard let given = choice("kind", CoachKind.self, synonyms: Self.coachWords) else { return nil }
                kind = given
            }
            return .coach(CoachCore.Coach(id: text("id"), name: text("name"), kind: kind))
        case "class", "klas", "groep":
            return .schoolClass(SchoolClass(id: text("id"), schoolId: text("school"), name: text("name"), grade: optional("grade")))
        case "pupil", "leerling":
            // `since`: the first day in this class (a pupil who changed class, or came later).
            let since = values["since"] != nil ? day("since", required: false) : day("vanaf", required: false)
            // `left`: the first day no longer at the school.
            let leftColumn = ["left", "vertrokken", "uitgeschreven"].first { values[$0] != nil } ?? "left"
            let left = day(leftColumn, required: false)
            if let since, let left, left <= since {
                problem(leftColumn, Phrase("must come after since (\(since)): a pupil leaves after the day they came into the class",
                                           nl: "moet na vanaf (\(since)) liggen: een leerling vertrekt pas na de dag waarop die in de klas kwam"))
                return nil
            }
            return .pupil(Pupil(id: text("id"), schoolId: text("school"), classId: text("class"), alias: optional("alias"), since: since,
                                left: left))
        case "goal", "doel":
            let criteria = (values["success_criteria"] ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return .goal(LearningGoal(id: text("id"), schoolId: text("school"), title: text("name"), subject: optional("subject"),
                                      successCriteria: criteria.filter { !$0.isEmpty }, follows: optional("follows")))
        case "class_teacher":
            return .classTeacher(ClassTeacher(classId: text("class"), teacherId: text("teacher")))
        case "assignment":
            guard let scope = choice("scope", CoachScope.self) else { return nil }
            return .coachAssignment(CoachAssignment(coachId: text("coach"), scope: scope, scopeId: text("id")))
        default:
            problem("type", Phrase("must be school, teacher, coach, class, pupil, goal, class_teacher or assignment",
                                   nl: "moet school, teacher, coach, class, pupil, goal, class_teacher of assignment zijn"), got: values["type"]!)
            return nil
        }
    }

    /// The record for this row, or nil when a field could not be read (the problems say why).
    package mutating func record(_ kind: ImportKind) -> NewRecord? {
        let before = problems.count
        let record: NewRecord?
        switch kind {
        case .people:
            record = person()
        case .walks:
            record = walk()
        case .central:
            // Dutch column names as the dashboard of the Steunpunt Centrale Toetsen writes them, too.
            var values = values
            for (dutch, ours) in [("jaar", "year"), ("leerjaar", "grade"), ("domein", "domain"), ("school_score", "school_score"),
                                  ("schoolscore", "school_score"), ("vlaams_gemiddelde", "flemish_mean"),
                                  ("vergelijkbare_scholen", "similar_mean"), ("leerwinst", "learning_gain")]
            where values[ours] == nil { values[ours] = values[dutch] }
            var row = Row(values: values, file: file, line: line)
            row.options = options
            let school = row.text("school"), grade = row.text("grade"), domain = row.text("domain")
            let year = row.whole("year"), score = row.number("school_score", required: true)
            let flemish = row.number("flemish_mean", required: true), similar = row.number("similar_mean", required: true)
            let gain = row.number("learning_gain", required: false)
            problems += row.problems
            guard let year, let score, let flemish, let similar else { record = nil; break }
            record = .centralResult(CentralResult(schoolId: school, year: year, grade: grade, domain: domain, schoolScore: score,
                                                  flemishMean: flemish, similarMean: similar, learningGain: gain))
        case .feedback:
            let level = choice("level", FeedbackLevel.self, synonyms: Self.levelWords)
            let question = choice("question", FeedbackQuestion.self, synonyms: Self.questionWords)
            let timing = choice("timing", FeedbackTiming.self, synonyms: Self.timingWords)
            let form = choice("form", FeedbackForm.self, synonyms: Self.formWords)
            let teacher = text("teacher"), classId = text("class"), goal = text("goal")
            let date = day("date"), points = whole("growth_points")
            guard let level, let question, let timing, let form, let date, let points else { record = nil; break }
            record = .feedback(FeedbackRecord(teacherId: teacher, classId: classId, pupilId: optional("pupil"), goalId: goal,
                                              date: date, level: level, question: question, timing: timing, form: form,
                                              growthPoints: points, text: optional("text"), codes: list("codes")))
        case .placements:
            let pupil = text("pupil"), classId = text("class"), goal = text("goal"), decided = text("decided_by")
            let track = whole("track"), from = day("from"), to = day("to", required: false), involved = flag("pupil_involved")
            guard let track, let from else { record = nil; break }
            record = .placement(Placement(pupilId: pupil, classId: classId, goalId: goal, track: track, from: from, to: to,
                                          decidedBy: decided, pupilInvolved: involved))
        case .results:
            let pupil = text("pupil"), goal = text("goal"), date = day("date")
            let kind = choice("kind", ResultKind.self, synonyms: Self.resultWords)
            let score = number("score", required: false), maximum = number("maximum", required: false)
            let mastery = number("mastery", required: false)
            guard let date, let kind else { record = nil; break }
            record = .result(LearningResult(pupilId: pupil, goalId: goal, date: date, kind: kind, score: score, maximum: maximum,
                                            mastery: mastery))
        case .observations:
            let kind = choice("kind", ObservationKind.self, synonyms: Self.observationWords)
            let school = text("school"), teacher = text("teacher"), instrument = text("instrument"), version = text("version")
            let date = day("date")
            var scores: [ItemScore] = []
            for (column, value) in values.sorted(by: { $0.key < $1.key }) where column.first?.isNumber == true && column.contains(".") {
                if let score = Int(value) { scores.append(ItemScore(item: column, value: score)) }
                else if ["✓", "v", "x✓"].contains(value) { scores.append(ItemScore(item: column, value: 1)) }
                else if ["✗", "x"].contains(value.lowercased()) { scores.append(ItemScore(item: column, value: 0)) }
                else { problem(column, Phrase("must be a score (a whole number, ✓ or ✗)", nl: "moet een score zijn (een geheel getal, ✓ of ✗)"), got: value) }
            }
            var video: VideoFragment?
            if let uri = optional("video") {
                let start = seconds("video_start"), end = seconds("video_end")
                if let start, let end { video = VideoFragment(uri: uri, start: start, end: end) }
            }
            let shared = values["shared"] == nil ? nil : flag("shared")
            guard let kind, let date else { record = nil; break }
            record = .observation(Observation(kind: kind, schoolId: school, teacherId: teacher, classId: optional("class"),
                                              instrumentId: instrument, instrumentVersion: version, date: date,
                                              subject: optional("subject"), lesson: optional("lesson"), scores: scores,
                                              video: video, workOn: optional("work_on"), observers: list("observers"),
                                              shared: shared))
        }
        return problems.count == before ? record : nil
    }
}
