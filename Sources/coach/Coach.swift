import ArgumentParser
import Foundation
import Logging

/// The `coach` command line: the coaching engine for school policy teams, coaches and teachers.
@main
struct Coach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract: "A coaching engine for schools: rules in Lua turn records into coaching prompts.",
        discussion: """
            Example:
              coach init && coach tick --week 2026-W44 && coach digest --coach c-els --week 2026-W44
            """,
        subcommands: [Demo.self, Init.self, Import.self, Observe.self, FeedbackCommand.self, Place.self, ResultCommand.self,
                      PeriodCommand.self, Tick.self, DigestCommand.self, SuggestCommand.self, Rules.self, PromptCommand.self, PluginsCommand.self,
                      Sandbox.self, Bench.self]
    )

    /// Logs go to standard error at `error` unless `COACH_LOG` asks for more (debug, info,
    /// warning): commands say what went wrong in their own lines, once.
    static func main() {
        let level = ProcessInfo.processInfo.environment["COACH_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        Self.main(nil)
    }
}

/// A failure the user caused, printed as one line on standard error.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Prints `message` as one line on standard error and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandleOutput.standardError.write("coach: " + message + "\n")
    return ExitCode(code)
}
