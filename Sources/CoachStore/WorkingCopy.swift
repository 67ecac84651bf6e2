import GRDB
import GRDBSQLite

/// A value of one cell, as it travels between this store and another backend.
package enum Cell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// One table as this version's migrations leave it: what another backend needs to keep the
/// same rows (the shared store on PostgreSQL derives its schema from these).
package struct TableLayout: Sendable, Hashable {
    /// How a column's values are stored.
    package enum Kind: Sendable, Hashable { case integer, real, text }

    package struct Column: Sendable, Hashable {
        package var name: String
        package var kind: Kind
        package var notNull: Bool
        /// The default as SQL, when the column has one (rows that were there when a migration
        /// added the column get it).
        package var defaultValue: String?
    }

    package var name: String
    package var columns: [Column]
    /// The primary key's columns, in key order.
    package var primaryKey: [String]
    /// Ids numbered by SQLite (`AUTOINCREMENT`).
    package var numbered: Bool
    /// SQL, evaluated on a row of this table (as `t`), for the school the row belongs to:
    /// its own `schoolId`, else the school of the row it refers to, else `''` (rows every
    /// school shares: kijkwijzers, coaches, settings).
    package var owner: String
}

/// A working copy: this store holding some schools' rows of another backend, which records
/// every row it changes so that exactly those go back.
///
/// Rules ask many small questions (tens per class per rule and week); answered from a copy in
/// memory, each costs microseconds instead of a round trip to a shared server. A copy is made,
/// used by one command or one worker's batch, and written back in the same transaction that
/// holds its schools' locks on the shared store.
extension CoachStore {
    /// A fresh store in memory to load rows into; `label` names it in messages.
    ///
    /// Every copy starts from one image of an empty, migrated store, made once per process:
    /// running the migrations again for each copy cost about 40 ms, a quarter of a tick of a
    /// hundred schools copied one at a time (docs/performance-log.md, session 29).
    package static func workingCopy(label: String) throws(StoreError) -> CoachStore {
        do {
            var configuration = Configuration()
            // Sorts and temporary tables stay in memory too: a copy never touches the disk.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
            let queue = try DatabaseQueue(configuration: configuration)
            // SQLite's backup copies the template's pages into the new store (an image loaded
            // with sqlite3_deserialize instead kept each copy in one buffer that grew by
            // reallocation: a third more memory for a copy of every school).
            try emptyTemplate.get().backup(to: queue)
            return try CoachStore(writer: queue, path: label)
        } catch let error as StoreError {
            throw error
        } catch {
            throw map(error, path: label)
        }
    }

    /// The tables of every working copy (the template's), worked out once per process.
    private static let workingLayouts: [TableLayout]? = try? emptyTemplate.get().read { db in try layouts(db) }

    /// An empty store of this version, migrated: what every working copy starts from.
    private static let emptyTemplate: Result<DatabaseQueue, StoreError> = {
        do {
            let queue = try DatabaseQueue()
            _ = try CoachStore(writer: queue, path: "a working copy's schema")
            return .success(queue)
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.database("the working copies' schema: \(error)"))
        }
    }()

    /// The tables of this version, each before the tables that refer to it.
    package func layouts() throws(StoreError) -> [TableLayout] {
        try read { db in try Self.layouts(db) }
    }

    static func layouts(_ db: Database) throws -> [TableLayout] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table'
              AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' AND name <> ? ORDER BY name
            """, arguments: [Schema.readVersionTable])
        var parents: [String: [(from: [String], table: String, to: [String])]] = [:]
        var layouts: [String: TableLayout] = [:]
        for name in names {
            let columns = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info(?)",
                                           arguments: [name])
            let keys = try Row.fetchAll(db, sql: "SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq",
                                        arguments: [name])
            var references: [Int: (from: [String], table: String, to: [String])] = [:]
            for key in keys {
                let id: Int = key["id"]
                references[id, default: ([], key["table"], [])].from.append(key["from"])
                references[id]?.to.append(key["to"])
            }
            parents[name] = references.keys.sorted().compactMap { references[$0] }
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name]) ?? ""
            layouts[name] = TableLayout(
                name: name,
                columns: columns.map { row in
                    let type = (row["type"] as String).uppercased()
                    let kind: TableLayout.Kind = type.contains("INT") ? .integer : (type.contains("REAL") ? .real : .text)
                    return TableLayout.Column(name: row["name"], kind: kind, notNull: row["notnull"] as Int == 1,
                                              defaultValue: row["dflt_value"])
                },
                primaryKey: columns.filter { $0["pk"] as Int > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] },
                numbered: sql.uppercased().contains("AUTOINCREMENT"), owner: "")
        }
        // Whose row: its own school column, else (through the first reference that leads to
        // one) the school of the row it refers to.
        func owner(_ table: String, alias: String, depth: Int) -> String? {
            guard let layout = layouts[table], depth < 4 else { return nil }
            if table == "school" { return "\(alias).id" }
            if layout.columns.contains(where: { $0.name == "schoolId" }) { return "\(alias).schoolId" }
            for reference in parents[table] ?? [] where reference.table != table {
                let inner = "o\(depth)"
                guard let parent = owner(reference.table, alias: inner, depth: depth + 1) else { continue }
                let match = zip(reference.from, reference.to).map { "\(inner).\"\($1)\" = \(alias).\"\($0)\"" }.joined(separator: " AND ")
                return "(SELECT \(parent) FROM \"\(reference.table)\" \(inner) WHERE \(match))"
            }
            return nil
        }
        // A coach's assignment names its school, class or teacher in two columns, not by a
        // reference: it belongs to that school.
        let assignment = """
            CASE t.scope WHEN 'school' THEN t.scopeId
              WHEN 'class' THEN (SELECT o.schoolId FROM schoolClass o WHERE o.id = t.scopeId)
              WHEN 'teacher' THEN (SELECT o.schoolId FROM teacher o WHERE o.id = t.scopeId) END
            """
        for name in names {
            let found = name == "coachAssignment" ? assignment : owner(name, alias: "t", depth: 0)
            layouts[name]?.owner = found.map { "COALESCE(\($0), '')" } ?? "''"
        }
        // Parents first: a copy loads in this order, and the shared store creates it so.
        var ordered: [TableLayout] = []
        var placed = Set<String>()
        func place(_ name: String, _ path: Set<String>) {
            guard !placed.contains(name), !path.contains(name), let layout = layouts[name] else { return }
            for reference in parents[name] ?? [] { place(reference.table, path.union([name])) }
            placed.insert(name)
            ordered.append(layout)
        }
        for name in names { place(name, []) }
        return ordered
    }

    /// Adds rows to `layout`'s table, each cell in the layout's column order; nothing is
    /// recorded as changed.
    package func load(_ layout: TableLayout, rows: [[Cell]]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        let columns = layout.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: layout.columns.count).joined(separator: ", ")
        do {
            // The rows come from a consistent store: checking every reference again while
            // loading would cost more than the inserts themselves.
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                try db.inTransaction {
                // A table's indexes are built once after its rows, not row by row (a third of
                // a copy's loading time on a school network's year).
                let indexes = try Row.fetchAll(db, sql: """
                    SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
                    """, arguments: [layout.name]).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
                for index in indexes { try db.execute(sql: "DROP INDEX \"\(index.name)\"") }
                // Bound through SQLite's C API: GRDB's arguments cost more per value than the
                // insert itself (a copy loads hundreds of thousands of rows per command).
                let statement = try db.makeStatement(sql: "INSERT INTO \"\(layout.name)\" (\(columns)) VALUES (\(marks))")
                let handle = statement.sqliteStatement
                let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
                for row in rows {
                    sqlite3_reset(handle)
                    for (index, cell) in row.enumerated() {
                        let position = Int32(index + 1)
                        switch cell {
                        case .null: sqlite3_bind_null(handle, position)
                        case .integer(let v): sqlite3_bind_int64(handle, position, v)
                        case .real(let v): sqlite3_bind_double(handle, position, v)
                        case .text(let v): sqlite3_bind_text(handle, position, v, -1, transient)
                        }
                    }
                    let code = sqlite3_step(handle)
                    guard code == SQLITE_DONE else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                }
                sqlite3_reset(handle)
                for index in indexes { try db.execute(sql: index.sql) }
                // Rows loaded with their own ids (below the highest, or before the rows they
                // refer to) move no read version by themselves: whatever an engine keeps in
                // memory of this store is read again.
                try db.execute(sql: "UPDATE \(Schema.readVersionTable) SET n = n + 1")
                return .commit
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// From now on, records which rows of every table change (added, updated or removed).
    /// Ids this copy numbers start above `idsAbove`, so that copies of different schools
    /// written back side by side never number two rows alike.
    package func recordChanges(idsAbove floor: Int64) throws(StoreError) {
        do {
            try writer.write { db in
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS coach_changed (tbl TEXT NOT NULL, k TEXT NOT NULL, PRIMARY KEY (tbl, k))")
                for layout in try Self.workingLayouts ?? Self.layouts(db) {
                    func key(_ row: String) -> String {
                        "json_array(" + layout.primaryKey.map { "\(row).\"\($0)\"" }.joined(separator: ", ") + ")"
                    }
                    // Not INSERT OR IGNORE: inside a trigger, the outer statement's conflict
                    // policy (an upsert's) would replace the IGNORE.
                    let note = { (row: String) in
                        "INSERT INTO coach_changed SELECT '\(layout.name)', \(key(row)) WHERE NOT EXISTS "
                            + "(SELECT 1 FROM coach_changed WHERE tbl = '\(layout.name)' AND k = \(key(row)));"
                    }
                    try db.execute(sql: """
                        CREATE TEMP TRIGGER IF NOT EXISTS "changed_\(layout.name)_i" AFTER INSERT ON main."\(layout.name)"
                        BEGIN \(note("NEW")) END;
                        CREATE TEMP TRIGGER IF NOT EXISTS "changed_\(layout.name)_u" AFTER UPDATE ON main."\(layout.name)"
                        BEGIN \(note("OLD")) \(note("NEW")) END;
                        CREATE TEMP TRIGGER IF NOT EXISTS "changed_\(layout.name)_d" AFTER DELETE ON main."\(layout.name)"
                        BEGIN \(note("OLD")) END;
                        """)
                    if layout.numbered {
                        try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = ?", arguments: [layout.name])
                        let top = try Int64.fetchOne(db, sql: "SELECT max(\"\(layout.primaryKey[0])\") FROM \"\(layout.name)\"") ?? 0
                        try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [layout.name, max(top, floor)])
                    }
                }
            }
        } catch {
            throw Self.map(error, path: path)
        }
    }

    /// What changed in `layout`'s table since ``recordChanges(idsAbove:)``: the rows as they
    /// are now (the school first, then the columns), and the keys of rows that are gone.
    package func changes(_ layout: TableLayout) throws(StoreError) -> (rows: [[Cell]], removed: [[Cell]]) {
        try read { db in
            let keys = try String.fetchAll(db, sql: "SELECT k FROM temp.coach_changed WHERE tbl = ? ORDER BY rowid", arguments: [layout.name])
            guard !keys.isEmpty else { return ([], []) }
            let columns = layout.columns.map { "t.\"\($0.name)\"" }.joined(separator: ", ")
            let match = layout.primaryKey.enumerated().map { "t.\"\($1)\" IS json_extract(?, '$[\($0)]')" }.joined(separator: " AND ")
            let find = try db.makeStatement(sql: "SELECT \(layout.owner), \(columns) FROM \"\(layout.name)\" t WHERE \(match)")
            let split = try db.makeStatement(sql: "SELECT " + layout.primaryKey.indices.map { "json_extract(?1, '$[\($0)]')" }
                .joined(separator: ", "))
            var rows: [[Cell]] = [], removed: [[Cell]] = []
            for key in keys {
                let arguments = StatementArguments(Array(repeating: key, count: layout.primaryKey.count))
                if let row = try Row.fetchOne(find, arguments: arguments) {
                    rows.append(row.databaseValues.map(Cell.init))
                } else if let parts = try Row.fetchOne(split, arguments: [key]) {
                    removed.append(parts.databaseValues.map(Cell.init))
                }
            }
            return (rows, removed)
        }
    }
}

extension Cell {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let v): self = .text(v)
        case .blob(let v): self = .text(String(decoding: v, as: UTF8.self))
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.databaseValue
        case .text(let v): v.databaseValue
        }
    }
}
