import CoachCore
@testable import CoachStore
import GRDB
import Testing

/// Working copies start from one image of an empty, migrated store: each has this version's
/// whole schema and none of another copy's rows.
struct WorkingCopyTests {
    @Test
    func everyCopyStartsEmptyWithTheSchemaOfAMigratedStore() throws {
        let migrated = try CoachStore.inMemory()
        let first = try CoachStore.workingCopy(label: "first")
        try first.write([.school(School(id: "s1", name: "De Linde"))])
        let second = try CoachStore.workingCopy(label: "second")
        #expect(try second.schools().isEmpty, "a copy holds none of another's rows")
        #expect(try first.schools().map(\.id) == ["s1"])
        #expect(try second.appliedMigrations() == CoachStore.migrations)
        #expect(try second.layouts() == migrated.layouts())
        // Indexes and triggers too, not only the tables.
        let schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        #expect(try second.read { db in try Row.fetchAll(db, sql: schema) } == migrated.read { db in try Row.fetchAll(db, sql: schema) })
    }
}
