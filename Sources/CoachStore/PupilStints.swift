import CoachCore
import GRDB

/// A pupil's classes over time (table `pupilStint`, migration v25): rules see a pupil in the
/// class of the event's day, so a pupil who changed class gives the same prompts whether the
/// weeks came one by one or all at once.
///
/// `pupil.classId` is the class of now; each row of `pupilStint` is an earlier stretch: the
/// pupil was in `classId` until `until` (the first day of the next stretch), or not at the
/// school yet (`classId` NULL). A pupil who left (`pupil.leftOn`) keeps the class they left in
/// `classId`, its stretch ending on `leftOn` in `pupilStint`, and is not at the school from
/// then on. A school with no row ending after a day reads its pupils from `pupil` alone on
/// that day (those who left are not there) — the weekly cycle does, unless a move or a leaving
/// was given a day ahead — and only a day before a change reads through ``asOf``.
enum PupilStints {
    /// One stretch of a pupil's time: from `start` (nil: from the beginning) in `classId` (nil:
    /// not at the school).
    struct Stretch: Equatable {
        var start: Day?
        var classId: String?
    }

    /// Whether some pupil of `school` was in another class (or not there) on `day` than now.
    static func differ(_ db: Database, school: String, on day: Day) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM pupilStint WHERE schoolId = ? AND "until" > ?)
            """), arguments: [school, day]) ?? false
    }

    /// A `WITH` clause that makes `pupil`, in the statement it starts, the pupils of one school
    /// as they were on one day (those not there yet left out), with its two arguments.
    static func asOf(school: String, day: Day) -> (sql: String, arguments: StatementArguments) {
        ("""
        WITH pupil(id, schoolId, classId, alias, leftOn) AS (
          SELECT id, schoolId, classId, alias, NULL FROM (
            SELECT u.id, u.schoolId, u.alias, IFNULL((SELECT IFNULL(s.classId, '') FROM pupilStint s
              WHERE s.pupilId = u.id AND s."until" > ? ORDER BY s."until" LIMIT 1), IIF(u.leftOn IS NULL, u.classId, '')) AS classId
            FROM main.pupil u WHERE u.schoolId = ?)
          WHERE classId <> '') 
        """, [day, school])
    }

    /// `placement."to"` as the rules see it, on a query's `placement` row: the day the pupil
    /// changed class or left after its start (the end of a stretch in a class; not their
    /// coming), when that comes before its own end. A move
    /// ends the placements current before it — they were made in and for the class the pupil
    /// left — whether or not the new class's teacher has placed the pupil yet. (MIN of two
    /// values is NULL when either is; an aggregate over no rows gives one row, NULL.)
    static let placementTo = """
        (SELECT COALESCE(MIN(placement."to", MIN(s."until")), placement."to", MIN(s."until")) FROM pupilStint s
          WHERE s.pupilId = placement.pupilId AND s."until" > placement."from" AND s.classId IS NOT NULL)
        """

    /// The condition, on a query's `placement` row, that no change of class of its pupil ended
    /// it by the day given as its one argument (see ``placementTo``).
    static let notEndedByAMove = """
        NOT EXISTS (SELECT 1 FROM pupilStint s WHERE s.pupilId = placement.pupilId AND s."until" > placement."from" AND s."until" <= ?
          AND s.classId IS NOT NULL)
        """

    /// The pupil's stretches, oldest first (the last one is the class of now, or, for a pupil
    /// who `left`, no class).
    static func stretches(_ db: Database, pupil: String, now classId: String, left: Day?) throws -> [Stretch] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT "until", classId FROM pupilStint WHERE pupilId = ? ORDER BY "until"
            """), arguments: [pupil]).compactMap { row in Day(row[0] as String).map { (until: $0, classId: row[1] as String?) } }
        return stretches(rows: rows, now: classId, left: left)
    }

    /// The stretches of a pupil whose `pupilStint` rows are `rows` (in order of `until`).
    static func stretches(rows: [(until: Day, classId: String?)], now classId: String, left: Day?) -> [Stretch] {
        var out: [Stretch] = []
        var start: Day?
        for row in rows {
            out.append(Stretch(start: start, classId: row.classId))
            start = row.until
        }
        out.append(Stretch(start: start, classId: left == nil ? classId : nil))
        return out
    }

    /// The pupil's class on `day` (nil: not at the school yet).
    static func classOn(_ day: Day, in stretches: [Stretch]) -> String? {
        stretches.last(where: { $0.start.map { $0 <= day } ?? true })?.classId
    }

    /// The first day of `school`'s first week not yet closed: when a pupil given in another
    /// class without a `since` changed class (the closed weeks' rules saw the old one). Nil
    /// while no week is closed: then the pupil is in the new class from the start.
    static func firstOpenDay(_ db: Database, school: String) throws -> Day? {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(week) FROM weekEnded WHERE schoolId = ?"),
                                             arguments: [school]),
              let week = IsoWeek(text) else { return nil }
        return week.sunday.adding(days: 1)
    }

    /// Where a pupil is now, after ``place(_:pupil:school:classId:since:)``: the class of now
    /// (for a pupil who left, the class they left) and the day they left, if they did.
    struct Now: Equatable {
        var classId: String
        var left: Day? = nil
    }

    /// Thrown by ``place(_:pupil:school:classId:since:)`` when the pupil would be at the school
    /// on no day.
    struct NeverThere: Error {}

    /// Where the stored `pupil` is now (nil: not stored).
    static func stored(_ db: Database, pupil: String) throws -> Now? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT classId, leftOn FROM pupil WHERE id = ?"), arguments: [pupil])
        else { return nil }
        return Now(classId: row[0], left: (row[1] as String?).flatMap(Day.init))
    }

    /// Puts `pupil` in `classId` (nil: away from the school) from `since` on (until the next
    /// change already stored), and writes the stretches before the last; returns where the
    /// pupil is now and whether anything changed. A change already stored is no change: a file
    /// given twice writes nothing the second time. Without `since`, `classId` is the class of
    /// now: a pupil there already is left as it is, one in another class (or back after
    /// leaving) moves on the first day not closed. `defaulted` is the day taken when the row
    /// gave none and the pupil moved after closed weeks.
    static func place(_ db: Database, pupil: String, school: String, classId: String?, since: Day?) throws
        -> (now: Now, changed: Bool, defaulted: Day?)
    {
        guard let stored = try stored(db, pupil: pupil) else { return (Now(classId: classId ?? ""), false, nil) }
        // A people file of now, the pupil where it was: the usual row, with nothing to read.
        if since == nil && stored.left == nil && stored.classId == classId { return (stored, false, nil) }
        let before = try stretches(db, pupil: pupil, now: stored.classId, left: stored.left)
        var after = before
        let defaulted = since == nil ? try firstOpenDay(db, school: school) : nil
        if let day = since ?? defaulted {
            // The pupil came into the class on `day`: from then on (until the next change) in
            // it, and not in it the days before — a later day than stored corrects the move.
            let at = after.lastIndex(where: { $0.start.map { $0 <= day } ?? true }) ?? 0
            if after[at].start != day {
                after.insert(Stretch(start: day, classId: classId), at: at + 1)
                if after[at].classId == classId { after[at].classId = at > 0 ? after[at - 1].classId : nil }
            } else {
                after[at].classId = classId
            }
        } else {
            after[after.count - 1].classId = classId
        }
        // Neighbours in the same class are one stretch.
        var merged: [Stretch] = []
        for stretch in after {
            if let last = merged.last, last.classId == stretch.classId { continue }
            merged.append(stretch)
        }
        guard merged != before else { return (stored, false, nil) }
        // Away on every day (a leaving on or before the day the pupil came): refused.
        guard merged.contains(where: { $0.classId != nil }) else { throw NeverThere() }
        try db.execute(sql: "DELETE FROM pupilStint WHERE pupilId = ?", arguments: [pupil])
        for (stretch, next) in zip(merged, merged.dropFirst()) {
            try db.execute(sql: """
                INSERT INTO pupilStint (pupilId, "until", classId, schoolId) VALUES (?, ?, ?, ?)
                """, arguments: [pupil, next.start, stretch.classId, school])
        }
        // Away from the school at the end: the class before it stays the pupil's class.
        guard let last = merged.last, last.classId == nil, let left = last.start else {
            return (Now(classId: merged.last?.classId ?? classId ?? stored.classId, left: nil), true, defaulted)
        }
        let lastClass = merged.last(where: { $0.classId != nil })?.classId ?? stored.classId
        return (Now(classId: lastClass, left: left), true, defaulted)
    }

    /// A pupil added: not at the school before `since`, or, without one, before the school's
    /// first week not yet closed (the closed weeks' rules did not see the pupil); returns the
    /// day taken then.
    static func arrive(_ db: Database, pupil: String, school: String, since: Day?) throws -> Day? {
        let defaulted = since == nil ? try firstOpenDay(db, school: school) : nil
        guard let day = since ?? defaulted else { return nil }
        try db.execute(sql: """
            INSERT INTO pupilStint (pupilId, "until", classId, schoolId) VALUES (?, ?, NULL, ?)
            """, arguments: [pupil, day, school])
        return defaulted
    }
}
