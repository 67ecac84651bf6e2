import LuaSandbox

/// What the rules of one batch asked `ctx` and got, so the next rule asking the same thing
/// (the current placements of a class, a teacher's feedback of the last weeks) gets it without
/// another query. Only on while a dispatch batch runs: every rule of a batch reads the same
/// snapshot of the store, so the same question has the same answer; between batches, and in
/// replays, specs and suggestions, every call asks the store.
final class QueryCache {
    var active = false
    private var entries: [String: [LuaValue]] = [:]

    /// The `ctx` functions whose answer depends only on their arguments, the school and the day.
    static let functions: Set<String> = ["teachers", "classes", "pupils", "goals", "goal", "observations", "walks", "feedback",
                                         "placements", "results", "count", "mastery", "period", "central_results"]

    func begin() {
        entries.removeAll(keepingCapacity: true)
        active = true
    }

    func end() {
        active = false
        entries.removeAll()
    }

    /// The cached answer for `key`, or `answer()`'s, kept for the rest of the batch.
    func answer(_ key: String, _ answer: () throws -> [LuaValue]) throws -> [LuaValue] {
        if let known = entries[key] { return known }
        let fresh = try answer()
        entries[key] = fresh
        return fresh
    }
}
