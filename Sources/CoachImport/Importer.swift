import CoachCore
import CoachPlugins
import CoachStore
import Foundation

/// What an import did, or would do (a dry run writes nothing).
public struct ImportOutcome: Sendable {
    /// Records read.
    public var records = 0
    /// Of those: new, already there (the same), and people updated.
    public var added = 0
    public var present = 0
    public var updated = 0
    /// Events appended.
    public var events = 0
    /// Every problem, in file order: a file with a problem writes nothing.
    public var problems: [ImportProblem] = []
    /// The encoding the file was read in, when it was found rather than given (not UTF-8).
    public var detectedEncoding: TextEncoding?
}

/// Why an import could not start: one line for a person.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Imports a file all or nothing: read every row, check every record against the store, and
/// write them in one transaction only when nothing is wrong.
public enum Importer {
    /// The import mapping `id` of the plugins in `directory`, for files of `kind`.
    public static func mapping(_ id: String, kind: ImportKind, plugins directory: String) throws(ImportError) -> ImportMapping {
        let set = PluginLoader.loadAll(from: directory)
        guard let found = set.mappings.first(where: { $0.id == id }) else {
            let known = set.mappings.map(\.id).joined(separator: ", ")
            throw ImportError("no import mapping '\(id)' in \(directory) (known: \(known.isEmpty ? "none" : known))")
        }
        guard found.kind == kind.rawValue else { throw ImportError("the mapping '\(id)' reads \(found.kind), not \(kind.rawValue)") }
        return found
    }

    /// Reads `source` (the contents of `file`) as `kind` and writes it to `store` in one
    /// transaction, unless `dryRun` or any row has a problem. Reads and writes in batches, so
    /// memory does not grow with the file; `progress` hears how many bytes were read.
    public static func run(file: String, source: TextPieces, kind: ImportKind, mapping: ImportMapping? = nil,
                           into store: CoachStore, dryRun: Bool = false, batch: Int = 2_000,
                           progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> ImportOutcome {
        let reader = RowReader(file: file, kind: kind, source: source)
        reader.mapping = mapping
        var batches = 0
        let written = try store.write(batches: {
            let next = reader.next(batch)
            batches += 1
            if let progress, batches % 5 == 0 || next == nil { progress(reader.progress.read, reader.progress.total) }
            return next
        }, keep: { !dryRun && reader.problems.isEmpty })
        var outcome = ImportOutcome(records: reader.count, added: written.added, present: written.present,
                                    updated: written.updated, events: written.events)
        if source.detected { outcome.detectedEncoding = source.encoding }
        // Every bad row, whether it could not be read or refers to something unknown.
        outcome.problems = (reader.problems + written.issues.map(reader.describe)).sorted { $0.line < $1.line }
        return outcome
    }

    /// The same for a text already in memory.
    public static func run(file: String, text: String, kind: ImportKind, mapping: ImportMapping? = nil, into store: CoachStore,
                           dryRun: Bool = false) throws(StoreError) -> ImportOutcome {
        try run(file: file, source: TextPieces(text: text), kind: kind, mapping: mapping, into: store, dryRun: dryRun)
    }
}

/// One record given as command-line options, through the same checks as an import.
public enum OneRecord {
    /// Writes one record of `kind` from `values` (column names as in an import file); returns
    /// its id. Problems name the option (`--growth-points: must be a whole number, got 'x'`).
    public static func write(_ kind: ImportKind, _ values: [String: String?], into store: CoachStore)
        throws(OneRecordProblems) -> String
    {
        var values = values.compactMapValues { $0 }
        if kind == .observations, values["school"] == nil, let teacher = values["teacher"],
           let school = (try? store.teacher(teacher))??.schoolId {
            values["school"] = school
        }
        var row = Row(values: values, file: "", line: 0)
        row.options = true
        guard let record = row.record(kind), row.problems.isEmpty else { throw OneRecordProblems(lines: row.problems) }
        do {
            return try store.write([record]).ids.first ?? "?"
        } catch {
            guard case .invalid(let invalid) = error else { throw OneRecordProblems(lines: [error.description]) }
            throw OneRecordProblems(lines: invalid.issues.map { issue in
                var problem = issue.problem
                if !issue.field.isEmpty, problem.hasPrefix(issue.field + " ") { problem.removeFirst(issue.field.count + 1) }
                let option = issue.field.isEmpty ? ""
                    : issue.field.hasPrefix("item ") ? "--score " + issue.field.dropFirst(5) + ": "
                    : "--" + RowReader.column(for: issue.field).replacingOccurrences(of: "_", with: "-") + ": "
                return option + problem
            })
        }
    }
}

/// Why one record could not be written: a line per problem.
public struct OneRecordProblems: Error, Sendable {
    public var lines: [String]
}
