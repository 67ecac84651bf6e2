import CoachCore
import CoachPlugins
import CoachStore
import Foundation

/// What a file holds.
public enum ImportKind: String, CaseIterable, Sendable {
    case people, observations, feedback, placements, results
}

/// One thing wrong with an import, as one line that names the file and the line.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var text: String
    public var description: String { text }
}

/// Turns rows into records, collecting every problem as `FILE:LINE: field: problem`.
public struct RowReader {
    public let file: String
    public let kind: ImportKind
    public private(set) var records: [NewRecord] = []
    /// Another tool's columns, read as ours.
    public var mapping: ImportMapping?
    /// Told how far reading got (rows read, rows in all), every 1,000 rows of a long file.
    public var progress: ((Int, Int) -> Void)?
    /// The line each record came from.
    public private(set) var lines: [Int] = []
    public private(set) var problems: [ImportProblem] = []

    public init(file: String, kind: ImportKind) {
        self.file = file
        self.kind = kind
    }

    /// Reads a whole file's text: JSON lines when the name ends in .jsonl or .ndjson or the
    /// text starts with `{`, CSV otherwise.
    public mutating func read(_ text: String) {
        let jsonLines = file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson")
            || text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{"
        if jsonLines { readJSONLines(text) } else { readCSV(text) }
    }

    /// A store's problem with a record, as `FILE:LINE: column: problem`.
    public func describe(_ issue: ValidationIssue) -> ImportProblem {
        let line = issue.position.flatMap { $0 < lines.count ? lines[$0] : nil } ?? 0
        var problem = issue.problem
        if !issue.field.isEmpty, problem.hasPrefix(issue.field + " ") { problem.removeFirst(issue.field.count + 1) }
        let field = issue.field.isEmpty ? "" : RowReader.column(for: issue.field) + ": "
        return ImportProblem(line: line, text: "\(file):\(line): \(field)\(problem)")
    }

    /// Record fields as CSV columns name them.
    public static func column(for field: String) -> String {
        let names = ["teacherId": "teacher", "classId": "class", "pupilId": "pupil", "goalId": "goal", "schoolId": "school",
                     "instrumentId": "instrument", "instrumentVersion": "version", "growthPoints": "growth_points",
                     "decidedBy": "decided_by", "pupilInvolved": "pupil_involved", "workOn": "work_on"]
        return names[field] ?? field
    }

    public mutating func readCSV(_ text: String) {
        let table: CSVTable
        do { table = try CSVTable(parsing: text) } catch {
            problems.append(ImportProblem(line: error.line, text: "\(file):\(error.line): \(error.message)"))
            return
        }
        let showProgress = progress != nil && table.rows.count >= 2_000
        for (n, (line, fields)) in table.rows.enumerated() {
            if showProgress && n % 1_000 == 0 { progress?(n, table.rows.count) }
            var row = Row(values: mapped(table.values(fields)), file: file, line: line)
            if let record = row.record(kind) {
                records.append(record)
                lines.append(line)
            }
            problems += row.problems.map { ImportProblem(line: line, text: $0) }
        }
        if showProgress { progress?(table.rows.count, table.rows.count) }
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

    public mutating func readJSONLines(_ text: String) {
        guard kind != .people else {
            problems.append(ImportProblem(line: 1, text: "\(file):1: people are imported from CSV (a type column and the columns of docs/import.md)"))
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
                problems.append(ImportProblem(line: index + 1, text: "\(file):\(index + 1): " + error.readable))
            } catch {
                problems.append(ImportProblem(line: index + 1, text: "\(file):\(index + 1): not a JSON object"))
            }
        }
    }
}
