import GRDB

/// Where a school's feedback stands: what a reader that keeps feedback in memory from one
/// read to the next (the engine's feedback counts) checks to know whether it still holds.
/// Every change to feedback changes it in the same transaction: a record an import adds raises
/// the highest id, and any other change (a record erased or changed, a teacher moved to another
/// school, rows a working copy loads) the counter of migration v22.
package struct FeedbackVersion: Sendable, Hashable {
    let changes: Int64
    let highestId: Int64

    static func read(_ db: Database) throws -> FeedbackVersion {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT n FROM \(Schema.readVersionTable) WHERE name = 'feedback'), (SELECT max(id) FROM feedback)
            """))
        return FeedbackVersion(changes: row?[0] ?? 0, highestId: row?[1] ?? 0)
    }
}

extension CoachStore {
    /// The store's feedback version, in the current read.
    package func feedbackVersion() throws(StoreError) -> FeedbackVersion {
        try read { db in try FeedbackVersion.read(db) }
    }
}

/// Where a school's results stand, as ``FeedbackVersion`` for feedback: the counter of
/// migration v22 (a result erased or changed, rows a working copy loads), the highest result
/// id (a result added) and the placements' counter, which a pupil changed or gone raises (a
/// school's results are its pupils', and a class's results its pupils' of now).
package struct ResultVersion: Sendable, Hashable {
    let changes: Int64
    let highestId: Int64
    let pupilChanges: Int64

    static func read(_ db: Database) throws -> ResultVersion {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT n FROM \(Schema.readVersionTable) WHERE name = 'results'), (SELECT max(id) FROM result),
              (SELECT n FROM \(Schema.readVersionTable) WHERE name = 'placements')
            """))
        return ResultVersion(changes: row?[0] ?? 0, highestId: row?[1] ?? 0, pupilChanges: row?[2] ?? 0)
    }
}

extension CoachStore {
    /// The store's result version, in the current read.
    package func resultVersion() throws(StoreError) -> ResultVersion {
        try read { db in try ResultVersion.read(db) }
    }
}
