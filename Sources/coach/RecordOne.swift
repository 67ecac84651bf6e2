import ArgumentParser
import CoachImport

/// Writes one record given as command-line options, through the same checks as an import.
/// Prints the new record's id, or one line per problem and exits with status 1. A day more than
/// a year ahead is refused as a typo unless `ahead` says it is meant.
func recordOne(_ kind: ImportKind, _ values: [String: String?], store options: StoreOptions, ahead: AheadOption) throws {
    do {
        let id = try options.waitingForRules {
            try OneRecord.write(kind, values, into: try options.openExisting(), language: options.lang,
                                today: ahead.ahead ? nil : Coach.SuggestCommand.today())
        }
        say(kind.noun(options.lang) + " \(id) " + (options.lang == .nl ? "vastgelegd" : "recorded"))
    } catch let error as OneRecordProblems {
        for line in error.lines { FileHandleOutput.standardError.write("coach: \(line)\n") }
        throw ExitCode(1)
    }
}

/// `--ahead` on a command that records one thing, as on `coach import`.
struct AheadOption: ParsableArguments {
    @Flag(help: "Also take a day more than a year ahead: for a simulation or a test.")
    var ahead = false
}
