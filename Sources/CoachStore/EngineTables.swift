import CoachCore
import GRDB

/// What the engine writes: prompts, suggestions and per-rule state. These are the engine's
/// output, so they append no events (a rule must never be woken by its own prompt); each
/// records the event that produced it instead.
extension CoachStore {
    /// Stores a prompt, or updates the one with the same rule, school, subject (teacher,
    /// class), key and week: a rule that fires again in a week refines its prompt rather
    /// than adding a second. The status a coach gave it is kept.
    @discardableResult
    public func savePrompt(_ prompt: Prompt) throws(StoreError) -> Prompt {
        let issues = prompt.issues(reference: prompt.id.map(String.init) ?? prompt.key)
        guard issues.isEmpty else { throw .invalid(ValidationError(issues)) }
        return try write { db in try Self.upsert(prompt, db) }
    }

    public func prompt(_ id: Int64) throws(StoreError) -> Prompt? {
        try read { db in try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM prompt WHERE id = ?"), arguments: [id]).map(Prompt.init) }
    }

    /// A school's prompts for a week (shadow ones included; the digest leaves them out).
    public func prompts(school: String, week: IsoWeek) throws(StoreError) -> [Prompt] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM prompt WHERE schoolId = ? AND week = ? ORDER BY priority, id"),
                             arguments: [school, week.description]).map(Prompt.init)
        }
    }

    /// Every prompt of a school, oldest week first.
    public func prompts(school: String) throws(StoreError) -> [Prompt] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM prompt WHERE schoolId = ? ORDER BY week, id"), arguments: [school]).map(Prompt.init)
        }
    }

    /// Sets a prompt's status (`snoozed` needs `until`).
    public func setStatus(prompt id: Int64, to status: PromptStatus, until: Day? = nil) throws(StoreError) {
        if status == .snoozed, until == nil {
            throw .invalid(ValidationError([ValidationIssue(record: "prompt", reference: String(id), field: "snoozedUntil",
                                                            problem: Phrase("is required when snoozed", nl: "is verplicht voor een uitgesteld gesprekspunt")
                                                                .about("snoozedUntil", got: nil))]))
        }
        let changed = try write { db in
            // Snoozed until a day of its own week (or before), a prompt would still show in that
            // week's digest: the snooze would do nothing.
            if status == .snoozed, let until,
               let week = try String.fetchOne(db, sql: "SELECT week FROM prompt WHERE id = ?", arguments: [id]).flatMap(IsoWeek.init),
               until <= week.sunday {
                throw StoreError.invalid(ValidationError([ValidationIssue(
                    record: "prompt", reference: String(id), field: "snoozedUntil",
                    problem: Phrase("must be after the prompt's week \(week) (it ends on \(week.sunday)): snoozed within it, "
                                    + "it would still show in that week's digest",
                                    nl: "moet na week \(week) van het gesprekspunt liggen (die eindigt op \(week.sunday)), niet {got}: wie "
                                    + "binnen die week uitstelt, ziet het gesprekspunt nog in het weekoverzicht van die week")
                        .about("snoozedUntil", got: until.description))]))
            }
            try db.execute(sql: "UPDATE prompt SET status = ?, snoozedUntil = ? WHERE id = ?",
                           arguments: [status.rawValue, status == .snoozed ? until : nil, id])
            return db.changesCount
        }
        if changed == 0 { throw .notFound("prompt \(id)") }
    }

    @discardableResult
    public func saveSuggestion(_ suggestion: Suggestion) throws(StoreError) -> Suggestion {
        let issues = suggestion.issues(reference: suggestion.id.map(String.init) ?? "#1")
        guard issues.isEmpty else { throw .invalid(ValidationError(issues)) }
        return try write { db in
            try db.execute(sql: """
                INSERT INTO suggestion (schoolId, ruleId, ruleVersion, teacherId, classId, goalId, day, text, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [suggestion.schoolId, suggestion.ruleId, suggestion.ruleVersion, suggestion.teacherId,
                                 suggestion.classId, suggestion.goalId, suggestion.day, suggestion.text, suggestion.reason])
            var saved = suggestion
            saved.id = db.lastInsertedRowID
            return saved
        }
    }

    public func suggestions(teacher: String, day: Day) throws(StoreError) -> [Suggestion] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM suggestion WHERE teacherId = ? AND day = ? ORDER BY id"),
                             arguments: [teacher, day]).map(Suggestion.init)
        }
    }

    public func ruleState(rule: String, school: String) throws(StoreError) -> RuleState? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM ruleState WHERE ruleId = ? AND schoolId = ?"), arguments: [rule, school])
                .map(RuleState.init)
        }
    }

    public func saveRuleState(_ state: RuleState) throws(StoreError) {
        let issues = state.issues(reference: state.ruleId)
        guard issues.isEmpty else { throw .invalid(ValidationError(issues)) }
        try write { db in
            try db.execute(sql: """
                INSERT INTO ruleState (ruleId, schoolId, value) VALUES (?, ?, ?)
                ON CONFLICT (ruleId, schoolId) DO UPDATE SET value = excluded.value
                """, arguments: [state.ruleId, state.schoolId, state.value])
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
