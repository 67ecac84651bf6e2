import Foundation

extension DecodingError {
    /// The error in a few words, with the path of the field: `scores[2].item: is required`.
    public var readable: String {
        func path(_ keys: [any CodingKey]) -> String {
            // A key comes from the file: one line, cut, whatever it holds.
            Quoted.shortened(keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."))
        }
        switch self {
        case .keyNotFound(let key, let context): return path(context.codingPath + [key]) + ": is required"
        case .valueNotFound(_, let context): return path(context.codingPath) + ": is required"
        case .typeMismatch(_, let context): return path(context.codingPath) + ": has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : path(context.codingPath) + ": " + context.debugDescription
        @unknown default: return "cannot be read"
        }
    }
}
