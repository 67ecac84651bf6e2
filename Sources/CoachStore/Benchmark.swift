import CoachCore
import GRDB

extension CoachStore {
    /// Inserts the rows of `records` in one transaction through the same statements as
    /// ``write(_:)``, but with no validation, no reference checks and no events: the baseline
    /// `coach bench store` measures the store against.
    package func insertBare(_ records: [NewRecord]) throws(StoreError) {
        do {
            try writer.write { db in
                var inserter = Inserter(db: db, appendsEvents: false)
                let none = References()
                for (position, record) in records.enumerated() {
                    _ = try inserter.insert(record, position: position, references: none)
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }
}
