import CoachStore
import PostgresNIO

/// Some schools of the shared store, loaded into a SQLite store in memory, on a transaction
/// of the shared store that (when writing) holds those schools' locks.
///
/// Work on ``store`` as on any store; ``commit()`` writes back exactly the rows that changed
/// and commits, so the work and its outcome land together or not at all. A copy that is
/// dropped without committing, or whose process dies, leaves the shared store as it was.
public final class SharedCopy: @unchecked Sendable {
    /// The copy to work on.
    public let store: CoachStore
    /// Whether ``commit()`` writes back (a reading copy is a snapshot, never written back).
    public let writing: Bool
    let link: Link
    /// For a worker's claim: the school and the changes seen when it was claimed.
    var handled: (school: String, changes: Int64)?
    private var open = true
    /// Let go of without writing back: a later ``commit()`` must not pass for one that wrote.
    private var abandoned = false
    /// A copy in a ``SharedSession``: the savepoint its work is in (the session's transaction is
    /// not the copy's to end).
    private let savepoint: String?

    /// Ids of one copy start above `(block − 1) × idsPerBlock`: blocks come from one sequence, so
    /// two copies never number rows alike, and a school's later rows get larger numbers. A
    /// copy that numbers more rows than a block holds moves the sequence past them; should
    /// another copy have taken a block in between, the second to commit fails (its new rows
    /// are inserted, never merged) and nothing is overwritten.
    static let idsPerBlock: Int64 = 1_000_000
    /// Ids above it are new in this copy (nil: a reading copy).
    private var floor: Int64?

    init(link: Link, schools: PostgresStore.Schools, writing: Bool, savepoint: String? = nil) throws(PostgresStoreError) {
        self.link = link
        self.writing = writing
        self.savepoint = savepoint
        let label: String
        switch schools {
        case .all: label = "\(link.location)"
        case .only(let ids): label = "\(link.location) (\(ids.joined(separator: ", ")))"
        }
        do {
            store = try CoachStore.workingCopy(label: label)
        } catch {
            throw PostgresStoreError("a working copy: \(error)")
        }
        for layout in PostgresStore.layouts {
            let columns = layout.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
            var query = PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(PostgresSchema.table(layout.name))")
            if case .only(let ids) = schools {
                var binds = PostgresBindings()
                binds.append(ids + [""])
                query = PostgresQuery(unsafeSQL: query.sql + " WHERE owner = ANY($1)", binds: binds)
            }
            let rows = try link.query(query, "loading \(layout.name)")
            var cells: [[Cell]] = []
            cells.reserveCapacity(rows.count)
            for row in rows {
                var values: [Cell] = []
                values.reserveCapacity(layout.columns.count)
                for (cell, column) in zip(row, layout.columns) { values.append(Self.cell(cell, column.kind)) }
                cells.append(values)
            }
            do { try store.load(layout, rows: cells) } catch { throw PostgresStoreError("loading \(layout.name): \(error)") }
        }
        guard writing else { return }
        guard let block = try link.query("SELECT nextval('coach.coach_block')", "numbering").first.flatMap({ try? $0.decode(Int64.self) })
        else { throw PostgresStoreError("numbering on \(link.location): the sequence coach.coach_block gave no number") }
        let floor = (block - 1) * Self.idsPerBlock
        self.floor = floor
        do { try store.recordChanges(idsAbove: floor) } catch {
            throw PostgresStoreError("a working copy: \(error)")
        }
    }

    deinit { if open { rollBack() } }

    /// Undoes what this copy wrote: its transaction, or in a session its savepoint.
    private func rollBack() {
        if let savepoint {
            try? link.run(["ROLLBACK TO SAVEPOINT \(savepoint)", "RELEASE SAVEPOINT \(savepoint)"], "rolling back")
        } else {
            try? link.run(["ROLLBACK"], "rolling back")
        }
    }

    static func cell(_ cell: PostgresCell, _ kind: TableLayout.Kind) -> Cell {
        switch kind {
        case .integer: (try? cell.decode(Int64?.self)).flatMap { $0 }.map(Cell.integer) ?? .null
        case .real: (try? cell.decode(Double?.self)).flatMap { $0 }.map(Cell.real) ?? .null
        case .text: (try? cell.decode(String?.self)).flatMap { $0 }.map(Cell.text) ?? .null
        }
    }

    /// Writes back every row that changed and commits; a reading copy just ends. Returns the
    /// number of rows written or removed. In a ``SharedSession`` the rows are written in the
    /// session's transaction, which the session commits.
    @discardableResult
    public func commit() throws(PostgresStoreError) -> Int {
        guard !abandoned else {
            throw PostgresStoreError("this copy of the shared store was let go of without writing back; what was written on it is not kept")
        }
        guard open else { return 0 }
        open = false
        if let savepoint {
            do {
                let written = try push()
                try link.run(["RELEASE SAVEPOINT \(savepoint)"], "writing back")
                return written
            } catch {
                rollBack()
                throw error
            }
        }
        guard writing else {
            // A snapshot only: nothing to keep, and nothing to fail for.
            try? link.run(["ROLLBACK"], "ending")
            return 0
        }
        return try link.commit(after: { () throws(PostgresStoreError) in try push() })
    }

    /// Leaves the shared store as it was (in a session: writes nothing of this copy's).
    public func abandon() {
        guard open else { return }
        open = false
        abandoned = true
        rollBack()
    }

    private func push() throws(PostgresStoreError) -> Int {
        var written = 0
        var schools = Set<String>(), eventSchools = Set<String>()
        // Removals children first, then additions parents first.
        var changes: [(TableLayout, rows: [[Cell]], removed: [[Cell]])] = []
        for layout in PostgresStore.layouts {
            do {
                let (rows, removed) = try store.changes(layout)
                if !rows.isEmpty || !removed.isEmpty { changes.append((layout, rows, removed)) }
            } catch {
                throw PostgresStoreError("reading the copy's changes to \(layout.name): \(error)")
            }
        }
        for (layout, _, removed) in changes.reversed() where !removed.isEmpty {
            let match = layout.primaryKey.enumerated().map { "\"\($1)\" = $\($0 + 1)" }.joined(separator: " AND ")
            for key in removed {
                var binds = PostgresBindings()
                for value in key { Self.bind(value, &binds) }
                try link.query(PostgresQuery(unsafeSQL: "DELETE FROM \(PostgresSchema.table(layout.name)) WHERE \(match)", binds: binds),
                               "removing from \(layout.name)")
                written += 1
            }
        }
        for (layout, rows, _) in changes where !rows.isEmpty {
            for row in rows {
                if case .text(let owner) = row[0], !owner.isEmpty {
                    schools.insert(owner)
                    if layout.name == "event" { eventSchools.insert(owner) }
                }
            }
            if layout.numbered, let floor, let key = layout.columns.firstIndex(where: { $0.name == layout.primaryKey.first }) {
                func id(_ row: [Cell]) -> Int64 { if case .integer(let v) = row[key + 1] { v } else { 0 } }
                let new = rows.filter { id($0) > floor }
                try upsert(layout, rows.filter { id($0) <= floor })
                try upsert(layout, new, merging: false)
                if let top = new.map(id).max(), top >= floor + Self.idsPerBlock {
                    var binds = PostgresBindings()
                    binds.append(top / Self.idsPerBlock + 2)
                    try link.query(PostgresQuery(unsafeSQL: "SELECT setval('coach.coach_block', GREATEST($1, (SELECT last_value FROM coach.coach_block)))",
                                                 binds: binds), "numbering")
                }
            } else {
                try upsert(layout, rows)
            }
            written += rows.count
        }
        if !schools.isEmpty {
            var binds = PostgresBindings()
            binds.append(schools.sorted())
            try link.query(PostgresQuery(unsafeSQL: """
                INSERT INTO coach.coach_school (owner) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING
                """, binds: binds), "recording the schools")
        }
        if !eventSchools.isEmpty {
            var binds = PostgresBindings()
            binds.append(eventSchools.sorted())
            try link.query(PostgresQuery(unsafeSQL: "UPDATE coach.coach_school SET changes = changes + 1 WHERE owner = ANY($1)",
                                         binds: binds), "counting the schools' changes")
        }
        if let (school, changes) = handled {
            var binds = PostgresBindings()
            binds.append(changes)
            binds.append(school)
            try link.query(PostgresQuery(unsafeSQL: "UPDATE coach.coach_school SET handled = $1 WHERE owner = $2", binds: binds),
                           "marking the school handled")
        }
        return written
    }

    /// Rows added or updated, many per statement (PostgreSQL takes at most 65,535 values).
    private func upsert(_ layout: TableLayout, _ rows: [[Cell]], merging: Bool = true) throws(PostgresStoreError) {
        let names = ["owner"] + layout.columns.map { "\"\($0.name)\"" }
        let key = layout.primaryKey.map { "\"\($0)\"" }
        let others = layout.columns.map(\.name).filter { !layout.primaryKey.contains($0) }
        // A row never changes school: a row stored for another school under the same key (an
        // id another import gave meanwhile, to a school this copy does not hold) is left as it
        // is, and the copy fails below instead of taking it over. (A table of key columns only
        // keeps the stored row as it is: there is nothing in it to take over.)
        let onConflict = others.isEmpty
            ? "DO NOTHING"
            : "DO UPDATE SET " + others.map { "\"\($0)\" = EXCLUDED.\"\($0)\"" }.joined(separator: ", ")
                + " WHERE \(PostgresSchema.table(layout.name)).owner = EXCLUDED.owner"
        let counted = merging && !others.isEmpty
        let perStatement = max(1, min(1_000, 60_000 / names.count))
        var start = 0
        while start < rows.count {
            let part = rows[start..<min(rows.count, start + perStatement)]
            var binds = PostgresBindings(capacity: part.count * names.count)
            var tuples: [String] = []
            tuples.reserveCapacity(part.count)
            var n = 0
            for row in part {
                var marks: [String] = []
                for value in row {
                    n += 1
                    marks.append("$\(n)")
                    Self.bind(value, &binds)
                }
                tuples.append("(" + marks.joined(separator: ", ") + ")")
            }
            let sql = "INSERT INTO \(PostgresSchema.table(layout.name)) (\(names.joined(separator: ", "))) VALUES "
                + tuples.joined(separator: ", ") + (merging ? " ON CONFLICT (\(key.joined(separator: ", "))) \(onConflict)" : "")
                + (counted ? " RETURNING " + key.map { "\($0)::text" }.joined(separator: ", ") : "")
            let answer = try link.query(PostgresQuery(unsafeSQL: sql, binds: binds), "writing \(layout.name)")
            if counted, answer.count < part.count {
                throw try refusal(layout, part, written: answer)
            }
            start += perStatement
        }
    }

    /// The first row of `part` that was not written, named with the school that has its key.
    private func refusal(_ layout: TableLayout, _ part: ArraySlice<[Cell]>, written: [PostgresRow]) throws(PostgresStoreError)
        -> PostgresStoreError {
        let positions = layout.primaryKey.compactMap { name in layout.columns.firstIndex { $0.name == name }.map { $0 + 1 } }
        func text(_ cell: Cell) -> String {
            switch cell {
            case .null: ""
            case .integer(let v): String(v)
            case .real(let v): String(v)
            case .text(let v): v
            }
        }
        let done = Set(written.map { row in row.map { (try? $0.decode(String?.self)).flatMap { $0 } ?? "" } })
        guard let refused = part.map({ row in positions.map { text(row[$0]) } }).first(where: { !done.contains($0) }) else {
            return PostgresStoreError("writing \(layout.name) on \(link.location): not every row was written; nothing was written")
        }
        var binds = PostgresBindings()
        for value in refused { binds.append(value) }
        let match = layout.primaryKey.enumerated().map { "\"\($1)\"::text = $\($0 + 1)" }.joined(separator: " AND ")
        let owner = try link.query(PostgresQuery(unsafeSQL: "SELECT owner FROM \(PostgresSchema.table(layout.name)) WHERE \(match)", binds: binds),
                                   "reading whose \(layout.name) it is").first.flatMap { try? $0.decode(String.self) } ?? "?"
        let named = refused.joined(separator: ", ")
        return PostgresStoreError("writing \(layout.name) on \(link.location): \(layout.name) \(named) is stored for school \(owner) "
                                  + "(given there meanwhile); nothing was written",
                                  dutch: "\(layout.name) \(named) staat op \(link.location) al bij school \(owner) (daar intussen gegeven); "
                                  + "er is niets weggeschreven")
    }

    static func bind(_ value: Cell, _ binds: inout PostgresBindings) {
        switch value {
        case .null: binds.appendNull()
        case .integer(let v): binds.append(v)
        case .real(let v): binds.append(v)
        case .text(let v): binds.append(v)
        }
    }
}
