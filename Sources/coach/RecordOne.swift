import ArgumentParser
import CoachImport

/// Writes one record given as command-line options, through the same checks as an import.
/// Prints the new record's id, or one line per problem and exits with status 1.
func recordOne(_ kind: ImportKind, _ values: [String: String?], store options: StoreOptions) throws {
    do {
        let id = try options.waitingForRules {
            try OneRecord.write(kind, values, into: try options.openExisting(), language: options.lang, today: Coach.SuggestCommand.today())
        }
        say(kind.noun(options.lang) + " \(id) " + (options.lang == .nl ? "vastgelegd" : "recorded"))
    } catch let error as OneRecordProblems {
        for line in error.lines { FileHandleOutput.standardError.write("coach: \(line)\n") }
        throw ExitCode(1)
    }
}
