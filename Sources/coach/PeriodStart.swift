import ArgumentParser
import CoachCore
import CoachStore

extension Coach {
    /// `coach period`: the periods a school works in.
    struct PeriodCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "period", abstract: "Start a period, with a focus.",
                                                        discussion: "Example:\n  coach period start \"Periode 2\" --school s-linde --from 2027-01-04 --to 2027-03-26",
                                                        subcommands: [PeriodStart.self])
    }
}

extension Coach.PeriodCommand {
    /// `coach period start NAME`: a new period, optionally with one kijkwijzer section as focus.
    struct PeriodStart: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start a period of a school, with an optional focus section of a kijkwijzer.",
            discussion: """
                Example:
                  coach period start "Periode 2" --school s-linde --from 2027-01-04 --to 2027-03-26 \\
                    --focus peter-benoit-doelgerichte-differentiatie/6
                """
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The period's name.") var name: String
        @Option(help: "The school's id.") var school: String
        @Option(help: "An id for the period (default: made from the name).") var id: String?
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD.") var to: String
        @Option(help: "The focus, as INSTRUMENT/SECTION.") var focus: String?

        func validate() throws {
            _ = try parseDay(from, "--from")
            _ = try parseDay(to, "--to")
            if let focus, focus.split(separator: "/").count != 2 || Int(focus.split(separator: "/").last ?? "") == nil {
                throw ValidationError(store.lang == .nl
                                      ? "--focus moet KIJKWIJZER/ONDERDEEL zijn zoals peter-benoit-doelgerichte-differentiatie/3, niet '\(focus)'"
                                      : "--focus must be INSTRUMENT/SECTION like peter-benoit-doelgerichte-differentiatie/3, got '\(focus)'")
            }
        }

        func run() throws {
            var periodFocus: Focus?
            if let focus {
                let parts = focus.split(separator: "/")
                periodFocus = Focus(instrumentId: String(parts[0]), section: Int(parts[1])!)
            }
            let slug = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(64))
            let period = Period(id: id ?? slug, schoolId: school, name: name, start: try parseDay(from, "--from"),
                                end: try parseDay(to, "--to"), focus: periodFocus)
            do {
                _ = try store.waitingForRules { try store.openExisting().write([.period(period)]) }
                say(store.lang == .nl ? "periode \(period.id) aangemaakt" : "period \(period.id) started")
            } catch let error as StoreError {
                guard case .invalid(let invalid) = error else { throw fail(error.text(store.lang)) }
                for issue in invalid.issues { FileHandleOutput.standardError.write("coach: \(issue.text(store.lang))\n") }
                throw ExitCode(1)
            }
        }
    }
}
