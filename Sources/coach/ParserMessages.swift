import CoachCore
import Foundation

/// What swift-argument-parser says of a command line it cannot read (`Error: Unknown option
/// '--wek'`, its usage line, where to find help), in Dutch when the reader reads Dutch: a
/// teacher who mistypes an option gets the same language as everything else coach says.
///
/// The library's sentences are matched as it writes them (version 1.8); one it does not know
/// stays English. `ParserMessagesTests` fails when the library words one differently.
enum ParserMessages {
    /// The language asked on the command line (`--lang en`, `--lang=en`), read from the words
    /// themselves: a line that could not be read may not have got as far as the option.
    static func language(of arguments: [String]) -> Language {
        for (index, word) in arguments.enumerated() {
            if word == "--lang", index + 1 < arguments.count, let language = Language(rawValue: arguments[index + 1]) {
                return language
            }
            if word.hasPrefix("--lang="), let language = Language(rawValue: String(word.dropFirst("--lang=".count))) {
                return language
            }
        }
        return .nl
    }

    /// The library's message in `language`, line by line.
    static func text(_ message: String, _ language: Language) -> String {
        guard language == .nl else { return message }
        return message.split(separator: "\n", omittingEmptySubsequences: false).map { dutch(String($0)) }.joined(separator: "\n")
    }

    /// Each known sentence with its Dutch; `$1`, `$2` are what the sentence names.
    private static let sentences: [(NSRegularExpression, String)] = [
        (#"^Error: "#, "Fout: "),
        (#"^Help: "#, "Uitleg: "),
        (#"^Usage: "#, "Gebruik: "),
        (#"^  See '(.+)' for more information\.$"#, "  Zie '$1' voor meer uitleg."),
        (#"Missing expected argument '(.+)'$"#, "Het argument '$1' ontbreekt"),
        (#"Missing one of: (.+)$"#, "Geef een van deze: $1"),
        (#"Unknown option '([^']+)'\. Did you mean '([^']+)'\?$"#, "Onbekende optie '$1'; bedoel je '$2'?"),
        (#"Unknown option '([^']+)'$"#, "Onbekende optie '$1'"),
        (#"Missing value for '(.+)'$"#, "Geen waarde voor '$1'"),
        (#"Unexpected argument '(.+)'$"#, "Onverwacht argument '$1'"),
        (#"([0-9]+) unexpected arguments: (.+)$"#, "$1 onverwachte argumenten: $2"),
        (#"Missing required subcommand\.$"#, "Er ontbreekt een opdracht."),
        (#"Invalid option: (.+)$"#, "Ongeldige optie: $1"),
        (#"The value '(.*)' is invalid for '([^']+)'\. Please provide one of (.+)\.$"#, "De waarde '$1' is ongeldig voor '$2'; geef $3."),
        (#"The value '(.*)' is invalid for '([^']+)'\. Please provide one of the following:$"#,
         "De waarde '$1' is ongeldig voor '$2'; geef een van deze:"),
        (#"The value '(.*)' is invalid for '([^']+)'$"#, "De waarde '$1' is ongeldig voor '$2'"),
    ].map { pattern, dutch in (try! NSRegularExpression(pattern: pattern), dutch) }

    private static func dutch(_ line: String) -> String {
        var line = line
        for (pattern, dutch) in sentences {
            let whole = NSRange(line.startIndex..., in: line)
            guard let match = pattern.firstMatch(in: line, range: whole) else { continue }
            var replacement = pattern.replacementString(for: match, in: line, offset: 0, template: dutch)
            // "'nl' and 'en'", "'a', 'b' or 'c'": the library's list of values, in Dutch.
            if dutch.hasPrefix("De waarde"), dutch.contains("geef $3") {
                replacement = replacement.replacingOccurrences(of: "' and '", with: "' of '").replacingOccurrences(of: "' or '", with: "' of '")
            }
            line = (line as NSString).replacingCharacters(in: match.range, with: replacement)
        }
        return line
    }
}
