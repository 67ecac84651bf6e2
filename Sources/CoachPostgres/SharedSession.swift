import CoachCore
import CoachStore
import PostgresNIO

/// One transaction of the shared store that holds every school's lock, in which the schools
/// are copied and worked on one at a time: what a tick of a whole network needs without
/// loading the network at once.
///
/// Each ``copy(of:)`` loads one school into its own SQLite store in memory; its
/// ``SharedCopy/commit()`` writes the school's changed rows back in this transaction, and the
/// copy is let go of. ``commit()`` commits them all: other writers waited for every school
/// throughout, as for one copy of all schools, and a session that fails or is dropped leaves
/// the shared store as it was.
public final class SharedSession: @unchecked Sendable {
    let link: Link
    /// The schools locked, in order.
    public let schools: [String]
    private var open = true
    private var copies = 0

    init(link: Link, schools: [String]) {
        self.link = link
        self.schools = schools
    }

    deinit { if open { try? link.run(["ROLLBACK"], "rolling back") } }

    /// For each school, the Sunday of its newest closed week and the day of its first dated
    /// event (as `CoachStore.closedThrough` and `firstEventDay` answer on one school's copy):
    /// where a catch-up of every school starts.
    public func catchUpDays() throws(PostgresStoreError) -> [String: (closedThrough: Day?, firstEvent: Day?)] {
        var days: [String: (closedThrough: Day?, firstEvent: Day?)] = [:]
        for row in try link.query(#"SELECT "schoolId", max(week) FROM coach."weekEnded" GROUP BY 1"#, "reading the closed weeks") {
            guard let (school, week) = try? row.decode((String, String).self) else { continue }
            days[school, default: (nil, nil)].closedThrough = IsoWeek(week)?.sunday
        }
        for row in try link.query(#"""
            SELECT "schoolId", min(time) FROM coach.event WHERE time IS NOT NULL AND "schoolId" IS NOT NULL GROUP BY 1
            """#, "reading the first events") {
            guard let (school, time) = try? row.decode((String, String).self) else { continue }
            days[school, default: (nil, nil)].firstEvent = Day(time)
        }
        return days
    }

    /// A copy of `school` to work on, written back into this session by its `commit()`.
    ///
    /// Each copy works within a savepoint of the session: a copy let go of, or whose write-back
    /// fails, leaves nothing of its own in the session, and the session can go on.
    public func copy(of school: String) throws(PostgresStoreError) -> SharedCopy {
        guard open else { throw PostgresStoreError("this session of the shared store has ended") }
        copies += 1
        let savepoint = "copy\(copies)"
        try link.run(["SAVEPOINT \(savepoint)"], "starting a copy of \(school)")
        do {
            return try SharedCopy(link: link, schools: .only([school]), writing: true, savepoint: savepoint)
        } catch {
            try? link.run(["ROLLBACK TO SAVEPOINT \(savepoint)", "RELEASE SAVEPOINT \(savepoint)"], "rolling back")
            throw error
        }
    }

    /// Commits what the copies wrote back.
    public func commit() throws(PostgresStoreError) {
        guard open else { throw PostgresStoreError("this session of the shared store has ended") }
        open = false
        try link.commit(after: {})
    }

    /// Leaves the shared store as it was.
    public func abandon() {
        guard open else { return }
        open = false
        try? link.run(["ROLLBACK"], "rolling back")
    }
}
