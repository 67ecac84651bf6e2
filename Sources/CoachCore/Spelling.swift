/// Which of some known words a mistyped word most likely meant.
public enum Spelling {
    /// The word of `known` nearest to `word`, when it is close enough to be a typo of it (or
    /// starts with it); nil otherwise.
    public static func nearest(_ word: String, among known: [String]) -> String? {
        guard let nearest = known.min(by: { distance(word, $0) < distance(word, $1) }) else { return nil }
        return distance(word, nearest) <= max(2, word.count / 3) || nearest.hasPrefix(word) ? nearest : nil
    }

    /// Levenshtein distance: how many letters to change, add or drop.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
