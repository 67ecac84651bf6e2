/// A record cited as evidence: `feedback:12` is feedback record 12. Rules write them (`f.ref`),
/// prompts keep them, and `explain`, the digest's evidence in words and its dates read them.
public struct RecordReference: Sendable, Hashable {
    /// The kind of record: `feedback`, `result`, `observation`, `placement`, `learningWalk`, ….
    public var kind: String
    public var id: Int64

    /// Parses `kind:id`; nil for anything else (rules may cite other things, like a week).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, let id = Int64(parts[1]) else { return nil }
        kind = String(parts[0])
        self.id = id
    }
}
