import ArgumentParser
import CoachCore
import CoachPlugins
import CoachStore
import Foundation

extension Coach {
    /// `coach import FILE --kind K`: records from a spreadsheet export or JSON lines.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import observations, feedback, placements or results from CSV or JSON lines.",
            discussion: """
                CSV as Excel writes it in Flanders and the Netherlands: comma or semicolon, with or
                without a byte order mark, quoted fields with newlines; the first row names the
                columns (see docs/import.md). JSON lines: one record per line, as in docs/records.md.
                All or nothing: a file with errors writes nothing and lists every bad row as
                FILE:LINE: field: problem. --dry-run checks everything and writes nothing.

                Example:
                  coach import feedback-week44.csv --kind feedback --dry-run
                """
        )

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case people, observations, feedback, placements, results
        }

        @OptionGroup var store: StoreOptions

        @Argument(help: "The file: .csv, or .jsonl for JSON lines.")
        var file: String

        @Option(help: "What the file holds: people, observations, feedback, placements or results.")
        var kind: Kind

        @Flag(help: "Check the file and report, but write nothing.")
        var dryRun = false

        @Option(help: "An import mapping from a plugin, for another tool's export (e.g. an online form).")
        var mapping: String?

        @Option(help: "The folder of plugins (for --mapping).")
        var plugins: String = "Plugins"

        func run() throws {
            let bytes: [UInt8]
            do { bytes = try readFile(file) } catch { throw fail(error.description) }
            let text = String(decoding: bytes, as: UTF8.self)
            let jsonLines = file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson")
                || text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{"
            var reader = RowReader(file: file, kind: kind)
            reader.progress = isatty(2) != 0
            if let mapping {
                let set = PluginLoader.loadAll(from: plugins)
                guard let found = set.mappings.first(where: { $0.id == mapping }) else {
                    let known = set.mappings.map(\.id).joined(separator: ", ")
                    throw fail("no import mapping '\(mapping)' in \(plugins) (known: \(known.isEmpty ? "none" : known))")
                }
                guard found.kind == kind.rawValue else {
                    throw fail("the mapping '\(mapping)' reads \(found.kind), not \(kind.rawValue)")
                }
                reader.mapping = found
            }
            if jsonLines { reader.readJSONLines(text) } else { reader.readCSV(text) }
            let db = try store.openExisting()
            let nl = store.lang == .nl
            // Every bad row, whether it could not be read or refers to something unknown.
            var problems = reader.problems
            if !problems.isEmpty || dryRun {
                let issues = try guarded { try db.check(reader.records) }
                problems += issues.map { describe($0, reader.lines) }
            }
            if !problems.isEmpty { throw failWith(problems) }
            if dryRun {
                say(nl ? "\(reader.records.count) records in orde (droogzwemmen: niets geschreven)"
                       : "\(reader.records.count) records valid (dry run: nothing written)")
                return
            }
            do {
                let result = try db.write(reader.records)
                say(nl ? "\(reader.records.count) records geïmporteerd (\(result.events.count) gebeurtenissen)"
                       : "imported \(reader.records.count) records (\(result.events.count) events)")
            } catch {
                if case .invalid(let invalid) = error { throw failWith(invalid.issues.map { describe($0, reader.lines) }) }
                throw fail(error.description)
            }
        }

        /// Prints every problem, in file order, and the closing line.
        private func failWith(_ problems: [(line: Int, text: String)]) -> ExitCode {
            for problem in problems.sorted(by: { $0.line < $1.line }) { FileHandleOutput.standardError.write(problem.text + "\n") }
            return fail("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(file); nothing was imported")
        }

        private func describe(_ issue: ValidationIssue, _ lines: [Int]) -> (line: Int, text: String) {
            let line = issue.position.flatMap { $0 < lines.count ? lines[$0] : nil } ?? 0
            var problem = issue.problem
            if !issue.field.isEmpty, problem.hasPrefix(issue.field + " ") { problem.removeFirst(issue.field.count + 1) }
            let field = issue.field.isEmpty ? "" : RowReader.column(for: issue.field) + ": "
            return (line, "\(file):\(line): \(field)\(problem)")
        }
    }
}
/// Turns rows into records, collecting every problem as `FILE:LINE: field: problem`.
struct RowReader {
    let file: String
    let kind: Coach.Import.Kind
    var records: [NewRecord] = []
    /// Another tool's columns, read as ours.
    var mapping: ImportMapping?
    /// Shows how far reading got, on a terminal, for long files.
    var progress = false
    /// The line each record came from.
    var lines: [Int] = []
    var problems: [(line: Int, text: String)] = []

    init(file: String, kind: Coach.Import.Kind) {
        self.file = file
        self.kind = kind
    }

    /// Record fields as CSV columns name them.
    static func column(for field: String) -> String {
        let names = ["teacherId": "teacher", "classId": "class", "pupilId": "pupil", "goalId": "goal", "schoolId": "school",
                     "instrumentId": "instrument", "instrumentVersion": "version", "growthPoints": "growth_points",
                     "decidedBy": "decided_by", "pupilInvolved": "pupil_involved", "workOn": "work_on"]
        return names[field] ?? field
    }

    mutating func readCSV(_ text: String) {
        let table: CSVTable
        do { table = try CSVTable(parsing: text) } catch {
            problems.append((error.line, "\(file):\(error.line): \(error.message)"))
            return
        }
        let showProgress = progress && table.rows.count >= 2_000
        for (n, (line, fields)) in table.rows.enumerated() {
            if showProgress && n % 1_000 == 0 {
                FileHandleOutput.standardError.write("\rcoach: \(n) / \(table.rows.count) rows read")
            }
            var row = Row(values: mapped(table.values(fields)), file: file, line: line)
            if let record = row.record(kind) {
                records.append(record)
                lines.append(line)
            }
            problems += row.problems.map { (line, $0) }
        }
        if showProgress { FileHandleOutput.standardError.write("\rcoach: \(table.rows.count) / \(table.rows.count) rows read\n") }
    }

    /// A row of the export as our columns: renamed, defaults added, item scores translated.
    func mapped(_ values: [String: String]) -> [String: String] {
        guard let mapping else { return values }
        var out = mapping.defaults ?? [:]
        let columns = Dictionary(uniqueKeysWithValues: mapping.columns.map { ($0.key.lowercased(), $0.value) })
        let items = Dictionary(uniqueKeysWithValues: (mapping.items ?? [:]).map { ($0.key.lowercased(), $0.value) })
        let answers = Dictionary(uniqueKeysWithValues: (mapping.answers ?? [:]).map { ($0.key.lowercased(), $0.value) })
        for (column, value) in values {
            if let field = columns[column] {
                // A form's timestamp ("24/11/2026 10:15:33") counts as its day.
                out[field] = field == "date" ? String(value.split(separator: " ").first ?? "") : value
            } else if let item = items[column] {
                out[item] = answers[value.lowercased()] ?? value
            }
        }
        return out
    }

    mutating func readJSONLines(_ text: String) {
        guard kind != .people else {
            problems.append((1, "\(file):1: people are imported from CSV (a type column and the columns of docs/import.md)"))
            return
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if line.isEmpty { continue }
            let data = Data(line.utf8)
            do {
                let decoder = JSONDecoder()
                let record: NewRecord
                switch kind {
                case .people: return
                case .observations: record = .observation(try decoder.decode(Observation.self, from: data))
                case .feedback: record = .feedback(try decoder.decode(FeedbackRecord.self, from: data))
                case .placements: record = .placement(try decoder.decode(Placement.self, from: data))
                case .results: record = .result(try decoder.decode(LearningResult.self, from: data))
                }
                records.append(record)
                lines.append(index + 1)
            } catch let error as DecodingError {
                problems.append((index + 1, "\(file):\(index + 1): " + Self.describe(error)))
            } catch {
                problems.append((index + 1, "\(file):\(index + 1): not a JSON object"))
            }
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String { keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return path(context.codingPath + [key]) + ": is required"
        case .valueNotFound(_, let context): return path(context.codingPath) + ": is required"
        case .typeMismatch(_, let context): return path(context.codingPath) + ": has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : path(context.codingPath) + ": " + context.debugDescription
        @unknown default: return "cannot be read"
        }
    }
}

/// One CSV row, read field by field; every problem is kept, not just the first.
struct Row {
    let values: [String: String]
    let file: String
    let line: Int
    var problems: [String] = []

    init(values: [String: String], file: String, line: Int) {
        self.values = values
        self.file = file
        self.line = line
    }

    /// Set for values given as command-line options: problems then name the option.
    var options = false

    mutating func problem(_ column: String, _ message: String) {
        if options {
            problems.append("--\(column.replacingOccurrences(of: "_", with: "-")): \(message)")
        } else {
            problems.append("\(file):\(line): \(column): \(message)")
        }
    }

    mutating func text(_ column: String) -> String {
        guard let value = values[column] else {
            problem(column, "is required")
            return ""
        }
        return value
    }

    func optional(_ column: String) -> String? { values[column] }

    mutating func day(_ column: String, required: Bool = true) -> Day? {
        guard let value = values[column] else {
            if required { problem(column, "is required") }
            return nil
        }
        // Spreadsheets also write days as 23/11/2026 or 23-11-2026.
        if let day = Day(value) { return day }
        let parts = value.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
        if parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), y > 999,
           let day = Day(year: y, month: m, day: d) {
            return day
        }
        problem(column, "must be a date like 2026-11-23 or 23/11/2026, got '\(value)'")
        return nil
    }

    mutating func number(_ column: String, required: Bool) -> Double? {
        guard let value = values[column] else {
            if required { problem(column, "is required") }
            return nil
        }
        guard let number = Double(value.replacingOccurrences(of: ",", with: ".")) else {
            problem(column, "must be a number, got '\(value)'")
            return nil
        }
        return number
    }

    mutating func whole(_ column: String, required: Bool = true) -> Int? {
        guard let number = number(column, required: required) else { return nil }
        guard number == number.rounded() else {
            problem(column, "must be a whole number, got '\(values[column]!)'")
            return nil
        }
        return Int(number)
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type, synonyms: [String: T] = [:]) -> T?
        where T.RawValue == String
    {
        guard let value = values[column] else {
            problem(column, "is required")
            return nil
        }
        let lowered = value.lowercased()
        if let match = T.allCases.first(where: { $0.rawValue.lowercased() == lowered }) ?? synonyms[lowered] { return match }
        problem(column, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
        return nil
    }

    mutating func flag(_ column: String) -> Bool {
        guard let value = values[column]?.lowercased() else { return false }
        if ["ja", "yes", "true", "1", "x", "waar"].contains(value) { return true }
        if ["nee", "no", "false", "0", "onwaar"].contains(value) { return false }
        problem(column, "must be ja or nee, got '\(values[column]!)'")
        return false
    }

    func list(_ column: String) -> [String] {
        (values[column] ?? "").split(whereSeparator: { $0 == "|" || $0 == " " }).map(String.init)
    }

    /// A row of a people file: its `type` says which record it is.
    mutating func person() -> NewRecord? {
        guard let type = values["type"]?.lowercased() else {
            problem("type", "is required (school, teacher, coach, class, pupil, goal, class_teacher or assignment)")
            return nil
        }
        switch type {
        case "school", "school_":
            let language = values["language"].flatMap { Language(rawValue: $0.lowercased()) } ?? .nl
            return .school(School(id: text("id"), name: text("name"), language: language))
        case "teacher", "leerkracht":
            return .teacher(Teacher(id: text("id"), schoolId: text("school"), name: text("name")))
        case "coach":
            let kind = values["kind"].flatMap { CoachKind(rawValue: $0.lowercased()) } ?? .internal
            return .coach(CoachCore.Coach(id: text("id"), name: text("name"), kind: kind))
        case "class", "klas":
            return .schoolClass(SchoolClass(id: text("id"), schoolId: text("school"), name: text("name"), grade: optional("grade")))
        case "pupil", "leerling":
            return .pupil(Pupil(id: text("id"), schoolId: text("school"), classId: text("class"), alias: optional("alias")))
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
            problem("type", "must be school, teacher, coach, class, pupil, goal, class_teacher or assignment, got '\(values["type"]!)'")
            return nil
        }
    }

    /// The record for this row, or nil when a field could not be read (the problems say why).
    mutating func record(_ kind: Coach.Import.Kind) -> NewRecord? {
        let before = problems.count
        let record: NewRecord?
        switch kind {
        case .people:
            record = person()
        case .feedback:
            let level = choice("level", FeedbackLevel.self, synonyms: ["taak": .task, "proces": .process, "zelfregulatie": .selfRegulation, "persoon": .person])
            let question = choice("question", FeedbackQuestion.self, synonyms: ["feed-up": .feedUp, "feed up": .feedUp, "feed-forward": .feedForward, "feed forward": .feedForward])
            let timing = choice("timing", FeedbackTiming.self, synonyms: ["formatief": .formative, "summatief": .summative])
            let form = choice("form", FeedbackForm.self, synonyms: ["klassikaal": .wholeClass, "individueel": .individual, "zelf": .selfFeedback])
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
            let kind = choice("kind", ResultKind.self, synonyms: ["exit-ticket": .exitTicket, "toets": .test, "observatie": .observation])
            let score = number("score", required: false), maximum = number("maximum", required: false)
            let mastery = number("mastery", required: false)
            guard let date, let kind else { record = nil; break }
            record = .result(LearningResult(pupilId: pupil, goalId: goal, date: date, kind: kind, score: score, maximum: maximum,
                                            mastery: mastery))
        case .observations:
            let kind = choice("kind", ObservationKind.self, synonyms: ["zelfreflectie": .selfReflection, "collega": .peer])
            let school = text("school"), teacher = text("teacher"), instrument = text("instrument"), version = text("version")
            let date = day("date")
            var scores: [ItemScore] = []
            for (column, value) in values.sorted(by: { $0.key < $1.key }) where column.first?.isNumber == true && column.contains(".") {
                if let score = Int(value) { scores.append(ItemScore(item: column, value: score)) }
                else if ["✓", "v", "x✓"].contains(value) { scores.append(ItemScore(item: column, value: 1)) }
                else if ["✗", "x"].contains(value.lowercased()) { scores.append(ItemScore(item: column, value: 0)) }
                else { problem(column, "must be a score (a whole number, ✓ or ✗), got '\(value)'") }
            }
            guard let kind, let date else { record = nil; break }
            record = .observation(Observation(kind: kind, schoolId: school, teacherId: teacher, classId: optional("class"),
                                              instrumentId: instrument, instrumentVersion: version, date: date,
                                              subject: optional("subject"), lesson: optional("lesson"), scores: scores,
                                              workOn: optional("work_on"), observers: list("observers")))
        }
        return problems.count == before ? record : nil
    }
}
