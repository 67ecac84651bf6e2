import GRDB

/// Where some records of the store stand, for a reader that keeps them in memory from one read
/// to the next (a school's placements, the feedback and results dispatch counts): the highest
/// id of their table, which every record added raises, and numbers of the table `readVersion`
/// that triggers raise in the same transaction as any other change (migrations v19 and v22).
/// Equal versions mean the same records.
package struct ReadVersion: Sendable, Hashable {
    let highestId: Int64
    let changes: [Int64]

    /// `table`'s highest id and the numbers `names` of `readVersion`.
    static func read(_ db: Database, table: String, names: [String]) throws -> ReadVersion {
        let numbers = names.map { "(SELECT n FROM \(Schema.readVersionTable) WHERE name = '\($0)')" }
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT (SELECT max(id) FROM \(table)), " + numbers.joined(separator: ", ")))
        return ReadVersion(highestId: row?[0] ?? 0, changes: names.indices.map { row?[$0 + 1] ?? 0 })
    }

    /// The placements': a placement added, any other change to placements (but the import's
    /// own updates of `to` and `trackSince`, which come with a placement added), to the pupils
    /// they name, or to a class's school.
    static func placements(_ db: Database) throws -> ReadVersion {
        try read(db, table: "placement", names: ["placements"])
    }

    /// The feedback's: a record added, erased or changed, a teacher moved to another school,
    /// rows a working copy loads.
    static func feedback(_ db: Database) throws -> ReadVersion {
        try read(db, table: "feedback", names: ["feedback"])
    }

    /// The results': a result added, erased or changed, a pupil changed or gone (a school's
    /// results are its pupils', a class's results its pupils' of now), rows a working copy
    /// loads.
    static func results(_ db: Database) throws -> ReadVersion {
        try read(db, table: "result", names: ["results", "placements"])
    }
}

extension ReadVersion {
    /// The number of erasures and retention runs (migration v24), in the current read or write.
    static func erasures(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT n FROM \(Schema.readVersionTable) WHERE name = '\(Schema.erasureVersion)'")) ?? 0
    }

    /// Raises ``erasures(_:)``, in the transaction that removes.
    static func bumpErasures(_ db: Database) throws {
        try db.execute(sql: "UPDATE \(Schema.readVersionTable) SET n = n + 1 WHERE name = '\(Schema.erasureVersion)'")
    }
}

/// The version of a school's placements kept in memory (``PlacementSnapshot``).
package typealias PlacementVersion = ReadVersion
/// The version of the feedback dispatch counts in memory (the engine's `FeedbackTally`).
package typealias FeedbackVersion = ReadVersion
/// The version of the results dispatch counts in memory (the engine's `ResultTally`).
package typealias ResultVersion = ReadVersion

extension CoachStore {
    /// The store's feedback version, in the current read.
    package func feedbackVersion() throws(StoreError) -> FeedbackVersion {
        try read { db in try ReadVersion.feedback(db) }
    }

    /// How many erasures and retention runs the store has seen, in the current read: a
    /// dispatch batch reads it with its records and hands it to its ``DispatchCommit``.
    package func erasures() throws(StoreError) -> Int64 {
        try read { db in try ReadVersion.erasures(db) }
    }

    /// The store's result version, in the current read.
    package func resultVersion() throws(StoreError) -> ResultVersion {
        try read { db in try ReadVersion.results(db) }
    }
}
