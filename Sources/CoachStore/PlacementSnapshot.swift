import CoachCore
import GRDB

/// The cells of one row, by column number: a query's row read in place (``RawRow``) or a row
/// kept in memory (``PlacementSnapshot``), so that one builder turns either into rule values.
package protocol RowCells {
    /// Whether the column is NULL.
    func isNull(_ column: Int32) -> Bool
    /// The column as an integer (0 for NULL).
    func integer(_ column: Int32) -> Int64
    /// A text column's UTF-8 bytes, valid while the row is handed over (empty for NULL).
    func text(_ column: Int32) -> UnsafeRawBufferPointer
    /// The column as a day (nil for NULL or anything that is not `YYYY-MM-DD`).
    func day(_ column: Int32) -> Day?
}

extension RawRow: RowCells {}

/// A school's placements that are open, or ended after a day, kept in memory: the placements
/// current on that day or any later one, for the school or one of its classes, without asking
/// the store again.
///
/// Rules ask for a school's current placements every week (a thousand rows a school), and a
/// catch-up asks week after week while they hardly change. A snapshot holds while the store's
/// placement version (``PlacementVersion``) is the one it was read at: a placement added, any
/// other change to placements (but the import's own updates of `to` and `trackSince`, which
/// come with a placement added), to the pupils they name or to a class's school changes the
/// version in the same transaction, so a snapshot is never used for a state of the store it
/// was not read from.
package final class PlacementSnapshot {
    package let school: String
    /// The first day it answers for: placements that ended on or before it are not kept.
    package let since: Day
    /// The store's placement version it was read at.
    package let version: PlacementVersion

    /// One placement: what questions filter on, and its cells as the query's columns.
    fileprivate struct Kept {
        var pupil: String
        var classId: String
        var goal: String
        var from: String
        var to: String?
        var track: Int64
        /// Where its cells start in `cells`.
        var first: Int
    }

    /// A cell as the query gave it; texts as a range of `bytes`.
    fileprivate enum Stored {
        case null
        case integer(Int64)
        case text(start: Int, count: Int)
    }

    /// Columns per row: ``Placement``'s, the pupil's alias, the start of the stay in the track.
    static let width = 11
    private let kept: [Kept]
    private let cells: [Stored]
    private let bytes: [UInt8]
    /// Each class's placements, as positions in `kept` (a class's question reads only these).
    private let byClass: [String: [Int]]
    /// The days the ended placements ended, in order.
    private let endings: [String]

    /// How many placements it keeps.
    package var count: Int { kept.count }

    /// Reads `school`'s placements that are open or end after `since`, in the current
    /// transaction (the version read with them), ordered as a question's answer (by `from`,
    /// then id): the rows of ``CoachStore/placementSQL``'s question for the whole school,
    /// without its day. It reads what is open and what ended since `since`, from the index on
    /// (class, `to`), never an older history; a catch-up's first read holds everything that
    /// ended since its first day, and ``outgrown(on:)`` says when to read again.
    static func read(_ db: Database, school: String, since: Day) throws -> PlacementSnapshot {
        let version = try PlacementVersion.placements(db)
        let sql = """
            SELECT \(Placement.seenColumns), pupil.alias, placement.trackSince
            FROM placement CROSS JOIN pupil ON placement.pupilId = pupil.id
            WHERE +pupil.schoolId = ?1 AND placement.id IN (
              SELECT id FROM placement WHERE classId IN (SELECT id FROM schoolClass WHERE schoolId = ?1) AND "to" IS NULL
              UNION ALL SELECT id FROM placement WHERE classId IN (SELECT id FROM schoolClass WHERE schoolId = ?1) AND "to" > ?2)
            ORDER BY placement."from", placement.id
            """
        var kept: [Kept] = []
        var cells: [Stored] = []
        var bytes: [UInt8] = []
        _ = try Row.scan(db.cachedStatement(sql: sql), [school, since]) { row in
            let first = cells.count
            for column in 0..<Int32(width) {
                if row.isNull(column) {
                    cells.append(.null)
                } else if column == 0 || column == 4 || column == 8 {
                    cells.append(.integer(row.integer(column)))
                } else {
                    let text = row.text(column)
                    cells.append(.text(start: bytes.count, count: text.count))
                    bytes.append(contentsOf: text)
                }
            }
            func string(_ column: Int32) -> String { String(decoding: row.text(column), as: UTF8.self) }
            kept.append(Kept(pupil: string(1), classId: string(2), goal: string(3), from: string(5),
                             to: row.isNull(6) ? nil : string(6), track: row.integer(4), first: first))
        }
        return PlacementSnapshot(school: school, since: since, version: version, kept: kept, cells: cells, bytes: bytes)
    }

    private init(school: String, since: Day, version: PlacementVersion, kept: [Kept], cells: [Stored], bytes: [UInt8]) {
        self.school = school
        self.since = since
        self.version = version
        self.kept = kept
        self.cells = cells
        self.bytes = bytes
        var byClass: [String: [Int]] = [:]
        for (position, placement) in kept.enumerated() { byClass[placement.classId, default: []].append(position) }
        self.byClass = byClass
        endings = kept.compactMap(\.to).sorted()
    }

    /// Whether most of what it keeps had ended by `day`: a catch-up's snapshot, read in its
    /// first week, holds every placement that ended since; read again from a later day, it
    /// holds only what that day and the next can ask for.
    package func outgrown(on day: Day) -> Bool {
        let text = day.description
        var low = 0, high = endings.count
        while low < high {
            let middle = (low + high) / 2
            if endings[middle] <= text { low = middle + 1 } else { high = middle }
        }
        return low * 2 > kept.count
    }

    /// Whether it answers `q`: a question for the placements of the school, or of a class,
    /// current on a day from ``since`` on. (A pupil's are asked of the store: a pupil may have
    /// placements in a class of another school, which a snapshot of this school's classes
    /// does not hold.)
    package func answers(_ q: RecordQuery) -> Bool {
        guard let day = q.currentOn, q.pupil == nil else { return false }
        return since <= day
    }

    /// The placements ``CoachStore/scanPlacements(school:_:_:)`` hands over for `q` (which it
    /// ``answers(_:)``), in the same order, each as the same columns; returns how many.
    package func scan(_ q: RecordQuery, _ body: (Cells) -> Void) -> Int {
        let filter = Filter(q)
        var handed = 0
        bytes.withUnsafeBytes { base in
            forEach(q) { placement in
                guard handed < q.limit else { return false }
                if filter.matches(placement) {
                    body(Cells(cells: cells[placement.first..<placement.first + Self.width], base: base))
                    handed += 1
                }
                return true
            }
        }
        return handed
    }

    /// The kept placements `q` may ask about, in order (a class's only, for a class), until
    /// `body` says stop.
    private func forEach(_ q: RecordQuery, _ body: (Kept) -> Bool) {
        if let classId = q.classId {
            for position in byClass[classId] ?? [] where !body(kept[position]) { return }
        } else {
            for placement in kept where !body(placement) { return }
        }
    }

    /// What ``CoachStore/countPlacements(school:by:_:)`` counts for `q` (which it
    /// ``answers(_:)``): per combination of values of `columns`, ordered by them.
    package func count(_ q: RecordQuery, by columns: [PlacementColumn]) -> [(keys: [String], count: Int64)] {
        let filter = Filter(q)
        var tally: [[String]: Int64] = [:]
        forEach(q) { placement in
            guard filter.matches(placement) else { return true }
            let keys = columns.map { column -> String in
                switch column {
                case .pupil: placement.pupil
                case .schoolClass: placement.classId
                case .goal: placement.goal
                case .track: String(placement.track)
                }
            }
            tally[keys, default: 0] += 1
            return true
        }
        return tally.map { (keys: $0.key, count: $0.value) }.sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
    }

    /// A question's conditions, as ``CoachStore/placementSQL`` puts them, in the form they
    /// are compared in (texts, as SQLite compares them).
    private struct Filter {
        let q: RecordQuery
        let day: String
        let upTo: String?
        let endsFrom: String?
        let track: Int64?

        init(_ q: RecordQuery) {
            self.q = q
            day = q.currentOn?.description ?? ""
            upTo = q.to?.description
            endsFrom = q.from?.description
            track = q.track.map(Int64.init)
        }

        func matches(_ placement: Kept) -> Bool {
            // Current on the day: begun by it, not ended by it.
            guard placement.from <= day, placement.to.map({ $0 > day }) ?? true else { return false }
            if let classId = q.classId, placement.classId != classId { return false }
            if let goal = q.goal, placement.goal != goal { return false }
            if let track, placement.track != track { return false }
            if let upTo, placement.from > upTo { return false }
            if let endsFrom, let to = placement.to, to < endsFrom { return false }
            return true
        }
    }

    /// One kept placement's cells, valid while it is handed over.
    package struct Cells: RowCells {
        fileprivate let cells: ArraySlice<Stored>
        fileprivate let base: UnsafeRawBufferPointer

        private func cell(_ column: Int32) -> Stored { cells[cells.startIndex + Int(column)] }

        package func isNull(_ column: Int32) -> Bool {
            if case .null = cell(column) { return true }
            return false
        }

        package func integer(_ column: Int32) -> Int64 {
            if case .integer(let value) = cell(column) { return value }
            return 0
        }

        package func text(_ column: Int32) -> UnsafeRawBufferPointer {
            guard case .text(let start, let count) = cell(column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            return UnsafeRawBufferPointer(rebasing: base[start..<start + count])
        }

        package func day(_ column: Int32) -> Day? { Day(utf8: text(column)) }
    }
}

extension CoachStore {
    /// The store's placement version, in the current read (see ``PlacementSnapshot``).
    package func placementVersion() throws(StoreError) -> PlacementVersion {
        try read { db in try PlacementVersion.placements(db) }
    }

    /// `school`'s placements open or ended after `since`, with the version they were read at.
    package func placementSnapshot(school: String, since: Day) throws(StoreError) -> PlacementSnapshot {
        try read { db in try PlacementSnapshot.read(db, school: school, since: since) }
    }
}
