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
