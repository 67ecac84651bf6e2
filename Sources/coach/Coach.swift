import ArgumentParser
import CoachCore
import Foundation
import CoachSetup
import Logging

/// The `coach` command line: the coaching engine for school policy teams, coaches and teachers.
@main
struct Coach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract: "A coaching engine for schools: rules in Lua turn records into coaching prompts.",
        discussion: """
            Example:
              coach init && coach import people.csv week44/*.csv && coach tick --week 2026-W44 && coach digest --coach c-els --week 2026-W44
            """,
        subcommands: [Demo.self, Init.self, Import.self, Observe.self, WalkCommand.self, FeedbackCommand.self, Export.self, Erase.self, Retention.self, Place.self, ResultCommand.self,
                      PeriodCommand.self, Tick.self, DigestCommand.self, SuggestCommand.self, Rules.self, PromptCommand.self, PluginsCommand.self,
                      Worker.self, Sandbox.self, Bench.self]
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
        let arguments = Array(CommandLine.arguments.dropFirst())
        let language = ParserMessages.language(of: arguments)
        if let unknown = unknownCommand(in: arguments, language: language) {
            FileHandleOutput.standardError.write("coach: \(unknown)\n")
            Foundation.exit(64)
        }
        // Like ParsableCommand.main, but what a command committed on a copy of the shared
        // store is written back when it ends, succeeded or not, as a SQLite file keeps it.
        var outcome: (any Error)?
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            outcome = error
        }
        if let problem = Workspace.finishShared() {
            HeldOutput.drop()
            FileHandleOutput.standardError.write("coach: \(problem); nothing was written back\n")
            Foundation.exit(1)
        }
        HeldOutput.release()
        if let outcome {
            // The library's own lines (a line it cannot read, its usage) in the reader's language.
            let (message, code) = (fullMessage(for: outcome), exitCode(for: outcome))
            guard language == .nl, !message.isEmpty, code != .success else { exit(withError: outcome) }
            FileHandleOutput.standardError.write(ParserMessages.text(message, language) + "\n")
            Foundation.exit(code.rawValue)
        }
    }

    /// A word where a subcommand belongs that names none: which word, and the nearest command.
    /// (swift-argument-parser would read it as an argument and complain about the next option.)
    static func unknownCommand(in arguments: [String], language: Language = .en) -> String? {
        var node = CommandNode(Coach.self)
        var path = ["coach"]
        for word in arguments {
            if word.hasPrefix("-") || word == "help" || node.children.isEmpty { return nil }
            if let next = node.children.first(where: { $0.name == word }) {
                node = next
                path.append(word)
                continue
            }
            let names = node.children.map(\.name)
            let (here, nearest) = (path.joined(separator: " "), Spelling.nearest(word, among: names))
            let meant = nearest.map { path.dropFirst().map { $0 + " " }.joined() + $0 }
            if language == .nl {
                return "'\(word)' is geen opdracht van '\(here)'" + (meant.map { "; bedoel je '\($0)'?" } ?? "")
                    + " (opdrachten: \(names.joined(separator: ", ")))"
            }
            return "'\(word)' is not a command of '\(here)'" + (meant.map { "; did you mean '\($0)'?" } ?? "")
                + " (commands: \(names.joined(separator: ", ")))"
        }
        return nil
    }
}

/// A command's name and its subcommands, for suggesting the nearest one to a typo.
struct CommandNode {
    let name: String
    let children: [CommandNode]

    init<T: ParsableCommand>(_ command: T.Type) {
        name = T._commandName
        children = T.configuration.subcommands.map { sub in
            func open<S: ParsableCommand>(_ type: S.Type) -> CommandNode { CommandNode(type) }
            return open(sub)
        }
    }
}

/// Prints `message` as one line on standard error and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> ExitCode {
    FileHandleOutput.standardError.write("coach: " + message + "\n")
    return ExitCode(code)
}
