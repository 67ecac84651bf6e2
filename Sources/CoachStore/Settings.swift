import GRDB

/// A deployment's settings kept with its data (`rulesFolder`, `pluginsFolder`).
extension CoachStore {
    public func setting(_ key: String) throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    public func setSetting(_ key: String, _ value: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }
}

extension CoachStore {
    /// Stores the codes of a feedback legend (a plugin's): written feedback may carry them.
    /// Codes already stored are left as they are.
    public func saveLegend(id: String, codes: [(code: String, meaning: String)]) throws(StoreError) {
        do {
            try writer.write { db in
                for entry in codes {
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO legendCode (legendId, code, meaning) VALUES (?, ?, ?)")
                        .execute(arguments: [id, entry.code, entry.meaning])
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// Every legend code the school's feedback may carry.
    public func legendCodes() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT code FROM legendCode ORDER BY code") }
    }
}
