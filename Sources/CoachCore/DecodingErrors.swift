import Foundation

extension DecodingError {
    /// The error in a few words, with the path of the field: `scores[2].item: is required`.
    public var readable: String { said.en }

    /// ``readable`` in both languages (a field's own reason, from the decoder, stays English).
    public var said: Phrase {
        func path(_ keys: [any CodingKey]) -> String {
            // A key comes from the file: one line, cut, whatever it holds.
            Quoted.shortened(keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."))
        }
        func at(_ keys: [any CodingKey], _ phrase: Phrase) -> Phrase { phrase.at(path(keys) + ": ") }
        switch self {
        case .keyNotFound(let key, let context): return at(context.codingPath + [key], .required)
        case .valueNotFound(_, let context): return at(context.codingPath, .required)
        case .typeMismatch(_, let context): return at(context.codingPath, Phrase("has the wrong type", nl: "heeft het verkeerde type"))
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? Phrase("not valid JSON", nl: "geen geldige JSON")
                : at(context.codingPath, Phrase(context.debugDescription, nl: context.debugDescription))
        @unknown default: return Phrase("cannot be read", nl: "kan niet gelezen worden")
        }
    }
}
