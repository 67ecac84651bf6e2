@testable import CoachImport
import Testing

/// A row's import digest is fed field by field, and must stay the number the first version
/// computed from the whole text: rows imported before must still be recognised.
struct RowDigestTests {
    static func old(_ kind: String, _ values: [String: String]) -> UInt64 {
        let content = values.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "\u{1}")
        return RowReader.fnv1a(kind + "\u{2}" + content)
    }

    @Test(arguments: [
        [:],
        ["teacher": "t1"],
        ["teacher": "t1", "class": "k5a", "goal": "breuken", "date": "2026-10-05", "level": "taak", "growth_points": "1"],
        ["pupil": "p1", "text": "Goed gedaan, Zoë: één stap verder ✓", "Ü": "ß", "a": ""],
        ["3.1": "2", "3.10": "1", "3.2": "✗", "walkers": "4"],
    ])
    func fedFieldByFieldItIsTheSameNumber(_ values: [String: String]) {
        for kind in ["feedback", "walks"] {
            #expect(RowReader.rowDigest(kind: kind, values) == Self.old(kind, values))
        }
    }
}
