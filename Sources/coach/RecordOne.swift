import ArgumentParser
import CoachCore
import CoachStore

/// Writes one record given as command-line options, through the same checks as an import.
/// Prints the new record's id, or one line per problem and exits with status 1.
func recordOne(_ kind: Coach.Import.Kind, _ values: [String: String?], store options: StoreOptions) throws {
    var row = Row(values: values.compactMapValues { $0 }, file: "", line: 0)
    row.options = true
    let db = try options.openExisting()
    if kind == .observations, row.values["school"] == nil, let teacher = row.values["teacher"],
       let school = try guarded({ try db.teacher(teacher) })?.schoolId {
        row = Row(values: row.values.merging(["school": school]) { a, _ in a }, file: "", line: 0)
        row.options = true
    }
    guard let record = row.record(kind), row.problems.isEmpty else {
        for problem in row.problems { FileHandleOutput.standardError.write("coach: \(problem)\n") }
        throw ExitCode(1)
    }
    do {
        let result = try db.write([record])
        say("\(kind.rawValue.dropLast()) \(result.ids.first ?? "?") " + (options.lang == .nl ? "vastgelegd" : "recorded"))
    } catch {
        guard case .invalid(let invalid) = error else { throw fail(error.description) }
        for issue in invalid.issues {
            var problem = issue.problem
            if !issue.field.isEmpty, problem.hasPrefix(issue.field + " ") { problem.removeFirst(issue.field.count + 1) }
            let option = issue.field.isEmpty ? ""
                : issue.field.hasPrefix("item ") ? "--score " + issue.field.dropFirst(5) + ": "
                : "--" + RowReader.column(for: issue.field).replacingOccurrences(of: "_", with: "-") + ": "
            FileHandleOutput.standardError.write("coach: \(option)\(problem)\n")
        }
        throw ExitCode(1)
    }
}
