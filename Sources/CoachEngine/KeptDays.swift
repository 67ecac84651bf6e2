import CoachCore
import CoachStore

/// Records of some days, kept by ``KeptDays``: added a span of days at a time, let go of
/// before a day.
protocol DayRecords {
    associatedtype Row
    init()
    /// How many records are kept.
    var count: Int { get }
    mutating func add(_ rows: [Row])
    /// Lets go of the records dated before `day`.
    mutating func drop(before day: Day)
}

/// Each school's records of the days dispatch asks about, kept from batch to batch while the
/// store's version of them is the one they were read at: a school's days are read once, a
/// wider span reads only the days before those kept, a later day (the next batch, the next
/// week of a catch-up) only the days since, and days older than the widest span asked are let
/// go. Each batch looks at the version once, inside its read transaction, so what is kept is
/// always the store's. The bookkeeping of ``FeedbackTally`` and ``ResultTally``.
final class KeptDays<Version: Equatable, Records: DayRecords> {
    private struct Kept {
        weak var store: CoachStore?
        var version: Version
        var from: Day
        var to: Day
        var records = Records()
        /// How many days before the day asked the widest question reached.
        var reach = 0
        var used = 0
    }

    private let version: (CoachStore) throws(StoreError) -> Version
    private let read: (CoachStore, String, Day, Day) throws(StoreError) -> [Records.Row]
    /// At most this many records kept (one school alone may have more); beyond it, the schools
    /// asked about longest ago are let go.
    private let limit: Int
    private var kept: [String: Kept] = [:]
    /// Schools whose version was looked at in the batch at hand.
    private var checked: Set<String> = []
    private var uses = 0
    /// How many times the store was read (tests check what is kept).
    private(set) var reads = 0

    /// `version` reads the store's version of the records, `read` a school's records of a span
    /// of days (both in the batch's read transaction).
    init(limit: Int, version: @escaping (CoachStore) throws(StoreError) -> Version,
         read: @escaping (CoachStore, String, Day, Day) throws(StoreError) -> [Records.Row]) {
        self.limit = limit
        self.version = version
        self.read = read
    }

    /// The schools whose records are kept.
    var schools: Set<String> { Set(kept.keys) }

    /// A new batch reads a new snapshot: each school's version is looked at again.
    func begin() {
        checked.removeAll()
    }

    /// The school's records, holding at least every one dated `first` through `last`.
    func records(store: CoachStore, school: String, first: Day, last: Day) throws(StoreError) -> Records {
        // Taken out while it changes (else its arrays would be copied), put back once whole: a
        // read that fails leaves nothing half extended.
        var entry = try held(store: store, school: school, first: first, last: last)
        entry.reach = max(entry.reach, first.days(to: last))
        // A later day: only the days since, and the days no question reaches any more let go.
        if last > entry.to {
            entry.records.add(try fetch(store, school, entry.to.adding(days: 1), last))
            entry.to = last
            let keepFrom = last.adding(days: -entry.reach)
            if keepFrom > entry.from {
                entry.records.drop(before: keepFrom)
                entry.from = keepFrom
            }
        }
        // A wider span: only the days before those read.
        if first < entry.from {
            entry.records.add(try fetch(store, school, first, entry.from.adding(days: -1)))
            entry.from = first
        }
        uses += 1
        entry.used = uses
        kept[school] = entry
        letGo(keeping: school)
        return entry.records
    }

    /// The school's kept records if they still hold (the version looked at once per batch),
    /// else the records of `first` through `last`, read now; taken out of `kept`.
    private func held(store: CoachStore, school: String, first: Day, last: Day) throws(StoreError) -> Kept {
        if let entry = kept.removeValue(forKey: school), entry.store === store {
            if checked.contains(school) { return entry }
            if try version(store) == entry.version {
                checked.insert(school)
                return entry
            }
        }
        // Checked only once the fresh records are read: a read that fails leaves the school
        // unchecked, with nothing kept.
        var fresh = Kept(store: store, version: try version(store), from: first, to: last)
        fresh.records.add(try fetch(store, school, first, last))
        checked.insert(school)
        return fresh
    }

    private func fetch(_ store: CoachStore, _ school: String, _ from: Day, _ to: Day) throws(StoreError) -> [Records.Row] {
        reads += 1
        return try read(store, school, from, to)
    }

    private func letGo(keeping school: String) {
        var total = kept.values.reduce(0) { $0 + $1.records.count }
        while total > limit, kept.count > 1,
              let oldest = kept.filter({ $0.key != school }).min(by: { $0.value.used < $1.value.used }) {
            total -= oldest.value.records.count
            kept[oldest.key] = nil
        }
    }
}

/// Texts as numbers, so that counting compares and hashes integers.
struct TextNumbers {
    private var numbers: [String: Int32] = [:]
    private(set) var texts: [String] = []

    mutating func number(_ text: String) -> Int32 {
        if let known = numbers[text] { return known }
        let number = Int32(texts.count)
        numbers[text] = number
        texts.append(text)
        return number
    }

    func known(_ text: String) -> Int32? { numbers[text] }
}
