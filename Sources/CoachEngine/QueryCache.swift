import LuaSandbox

/// What the rules of one batch asked `ctx` and got, so the next rule asking the same thing
/// (the current placements of a class, a teacher's feedback of the last weeks) gets it without
/// another query. Only on while a dispatch batch runs: every rule of a batch reads the same
/// snapshot of the store, so the same question has the same answer; between batches, and in
/// replays, specs and suggestions, every call asks the store.
final class QueryCache {
    var active = false
    /// Feedback counts of the batch, from one read of the school's feedback (see ``FeedbackTally``).
    let feedback = FeedbackTally()
    /// Each answer with the free texts it handed over (kept out of logs: see ``Redaction``).
    private var entries: [String: (values: [LuaValue], handed: [String])] = [:]

    /// The `ctx` functions whose answer depends only on their arguments, the school and the day.
    static let functions: Set<String> = ["teachers", "classes", "pupils", "goals", "goal", "observations", "walks", "feedback",
                                         "placements", "results", "count", "mastery", "period", "central_results"]

    func begin() {
        entries.removeAll(keepingCapacity: true)
        feedback.reset()
        active = true
    }

    func end() {
        active = false
        entries.removeAll()
        feedback.reset()
    }

    /// The cached answer for `key`, or `answer()`'s, kept for the rest of the batch, with the
    /// free texts that answer hands the rule (a rule that gets a cached answer must have them
    /// redacted from its logs as much as the rule that asked first).
    func answer(_ key: String, _ answer: () throws -> (values: [LuaValue], handed: [String])) throws
        -> (values: [LuaValue], handed: [String])
    {
        if let known = entries[key] { return known }
        let fresh = try answer()
        entries[key] = fresh
        return fresh
    }
}
