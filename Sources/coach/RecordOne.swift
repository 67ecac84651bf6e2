import ArgumentParser
import CoachImport

/// Writes one record given as command-line options, through the same checks as an import.
/// Prints the new record's id, or one line per problem and exits with status 1.
func recordOne(_ kind: ImportKind, _ values: [String: String?], store options: StoreOptions) throws {
    let db = try options.openExisting()
    do {
        let id = try OneRecord.write(kind, values, into: db)
        say(kind.noun(options.lang) + " \(id) " + (options.lang == .nl ? "vastgelegd" : "recorded"))
    } catch {
        for line in error.lines { FileHandleOutput.standardError.write("coach: \(line)\n") }
        throw ExitCode(1)
    }
}
