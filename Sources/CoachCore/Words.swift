import Foundation

/// Finding a name in a text as a whole word, in any case: `An` in "Juf An zegt" but not in
/// "Annelies"; `p1` not in `p12`. Used to keep names out of logs, team prompts and erased data.
public enum Words {
    /// Whether `word` stands in `text` as a whole word.
    public static func contains(_ word: String, in text: String) -> Bool {
        !ranges(of: word, in: text).isEmpty
    }

    /// `text` with every whole-word `word` replaced.
    public static func replacing(_ word: String, with replacement: String, in text: String) -> String {
        let found = ranges(of: word, in: text)
        guard !found.isEmpty else { return text }
        var out = ""
        var index = text.startIndex
        for range in found {
            out += text[index..<range.lowerBound] + replacement
            index = range.upperBound
        }
        return out + text[index...]
    }

    private static func ranges(of word: String, in text: String) -> [Range<String.Index>] {
        guard !word.isEmpty else { return [] }
        var found: [Range<String.Index>] = []
        var start = text.startIndex
        while let range = text.range(of: word, options: .caseInsensitive, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before.map(isWordCharacter) ?? false) && !(after.map(isWordCharacter) ?? false) { found.append(range) }
            start = range.upperBound
        }
        return found
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
}
