import CoachCore

/// What a prompt or suggestion rests on, in words ("12 feedbackmomenten en 1 observatie"):
/// the record ids themselves are for `coach rules explain` and the JSON digest.
package enum EvidenceWords {
    private static let names: [(kind: String, nl: (String, String), en: (String, String))] = [
        ("observation", ("observatie", "observaties"), ("observation", "observations")),
        ("learningWalk", ("leerwandeling", "leerwandelingen"), ("learning walk", "learning walks")),
        ("feedback", ("feedbackmoment", "feedbackmomenten"), ("feedback moment", "feedback moments")),
        ("result", ("resultaat", "resultaten"), ("result", "results")),
        ("placement", ("spoorindeling", "spoorindelingen"), ("track placement", "track placements")),
        ("centralResult", ("resultaat van de Vlaamse toetsen", "resultaten van de Vlaamse toetsen"),
         ("central test result", "central test results")),
    ]

    /// The references counted per kind, in words; nil when there are none.
    package static func describe(_ references: [String], language: Language) -> String? {
        var counts: [String: Int] = [:]
        for reference in references.compactMap(RecordReference.init) { counts[reference.kind, default: 0] += 1 }
        let nl = language == .nl
        let parts = names.compactMap { name -> String? in
            guard let n = counts[name.kind], n > 0 else { return nil }
            let (one, many) = nl ? name.nl : name.en
            return "\(n) \(n == 1 ? one : many)"
        }
        guard !parts.isEmpty else { return nil }
        if parts.count == 1 { return parts[0] }
        return parts.dropLast().joined(separator: ", ") + (nl ? " en " : " and ") + parts.last!
    }
}
