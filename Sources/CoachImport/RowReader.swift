import CoachCore
import CoachPlugins
import CoachStore
import Foundation

/// What a file holds.
public enum ImportKind: String, CaseIterable, Sendable {
    case people, observations, feedback, placements, results, walks
    /// School feedback on the central tests (Vlaamse toetsen).
    case central
}

/// One thing wrong with an import, as one line that names the file and the line.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    /// The line in English.
    public var text: String
    /// The line in Dutch (nil: said in English only).
    public var dutch: String?
    public var description: String { text }

    public init(line: Int, text: String, dutch: String? = nil) {
        self.line = line
        self.text = text
        self.dutch = dutch
    }

    /// A line said in both languages.
    public init(line: Int, said: Phrase) {
        self.init(line: line, text: said.en, dutch: said.nl)
    }

    /// The line in `language`.
    public func text(in language: Language) -> String { language == .nl ? dutch ?? text : text }
}

/// Turns the rows of a file into batches of records, piece by piece (memory stays that of one
/// batch), collecting every problem as `FILE:LINE: field: problem`. CSV, or JSON lines when the
/// name ends in .jsonl or .ndjson or the text starts with `{`.
public final class RowReader {
    public let file: String
    public let kind: ImportKind
    /// Another tool's columns, read as ours.
    public var mapping: ImportMapping? {
        didSet {
            // Matched without regard to case; built once, not per row. (A plugin whose keys
            // differ only in case is refused when it loads; a mapping made in code keeps the
            // first key in order.)
            func lowered(_ table: [String: String]?) -> [String: String] {
                Dictionary((table ?? [:]).sorted { $0.key < $1.key }.map { ($0.key.lowercased(), $0.value) },
                           uniquingKeysWith: { first, _ in first })
            }
            mappedColumns = lowered(mapping?.columns)
            mappedItems = lowered(mapping?.items)
            mappedAnswers = lowered(mapping?.answers)
        }
    }
    private var mappedColumns: [String: String] = [:]
    private var mappedItems: [String: String] = [:]
    private var mappedAnswers: [String: String] = [:]
    private var refusedPersonColumn = false
    private var checkedColumns = false
    private var refusedColumns: Bool { checkedColumns && problems.contains { $0.line == 1 } }

    /// The columns each kind reads (besides a kijkwijzer's item columns, `1.2`), in English
    /// and in the Dutch a school's export writes where the import accepts it.
    static let columns: [ImportKind: Set<String>] = [
        .people: ["type", "id", "name", "school", "class", "teacher", "coach", "scope", "language", "level", "niveau", "region", "regio", "kind", "grade",
                  "alias", "since", "vanaf", "left", "vertrokken", "uitgeschreven", "subject", "follows", "success_criteria"],
        .feedback: ["id", "teacher", "class", "pupil", "goal", "date", "level", "question", "timing", "form", "growth_points", "text",
                    "codes"],
        .placements: ["id", "pupil", "class", "goal", "track", "from", "to", "decided_by", "pupil_involved"],
        .results: ["id", "pupil", "goal", "date", "kind", "score", "maximum", "mastery"],
        .observations: ["id", "kind", "school", "teacher", "class", "instrument", "version", "date", "subject", "lesson", "observers",
                        "work_on", "shared", "video", "video_start", "video_end"],
        .walks: ["id", "school", "instrument", "version", "date", "walkers"],
        .central: ["id", "school", "year", "grade", "domain", "school_score", "flemish_mean", "similar_mean", "learning_gain", "jaar",
                   "leerjaar", "domein", "schoolscore", "vlaams_gemiddelde", "vergelijkbare_scholen", "leerwinst"],
    ]

    /// Whether `kind`'s rows read the column: one of its columns, or an item (`1.2`, and a
    /// walk's `1.2 voorbeeld`).
    static func reads(_ column: String, _ kind: ImportKind) -> Bool {
        if columns[kind]?.contains(column) == true { return true }
        guard kind == .observations || kind == .walks, column.first?.isNumber == true else { return false }
        return true
    }
    /// The lines each person of a people file came on (with a pupil's `since`), by type and id.
    /// `left`: the day a pupil's row says they left, if it does.
    private var peopleLines: [String: [(line: Int, since: Day?, left: Day?)]] = [:]

    /// The day a pupil's row in a history stands for: when the pupil came into its class, or,
    /// without one, when they left.
    static func historyDay(_ values: [String: String]) -> Day? {
        day(values["since"] ?? values["vanaf"]) ?? day(values["left"] ?? values["vertrokken"] ?? values["uitgeschreven"])
    }

    /// The day a pupil's row says they left, if it does.
    static func leftDay(_ values: [String: String]) -> Day? {
        day(values["left"] ?? values["vertrokken"] ?? values["uitgeschreven"])
    }

    /// A cell read as a day the way a row reads it (`12/10/2026` is `2026-10-12`), or nil.
    private static func day(_ text: String?) -> Day? {
        guard let text else { return nil }
        var probe = Row(values: ["day": text], file: "", line: 0)
        return probe.day("day", required: false)
    }
    /// The Dutch words for a people row's type, as the English ones.
    private static let personTypes = ["leerkracht": "teacher", "klas": "class", "groep": "class", "leerling": "pupil", "doel": "goal", "school_": "school"]
    /// The line each record came from, in order (a number a record).
    public private(set) var lines: [Int] = []
    public private(set) var problems: [ImportProblem] = []
    /// Records read so far.
    public var count: Int { lines.count }

    /// The day it is: a record dated more than a year after it is refused (a typo in the year
    /// would leave it waiting decades for its week, missing from every prompt till then); nil
    /// refuses none.
    public var today: Day?

    /// A record's days, each with its field (a period's are a plan, which may reach further).
    package static func days(of record: NewRecord) -> [(field: String, day: Day)] {
        switch record {
        case .observation(let o): return [("date", o.date)]
        case .learningWalk(let w): return [("date", w.date)]
        case .feedback(let f): return [("date", f.date)]
        case .result(let r): return [("date", r.date)]
        case .placement(let p): return [("from", p.from)] + (p.to.map { [("to", $0)] } ?? [])
        case .pupil(let p): return (p.since.map { [("since", $0)] } ?? []) + (p.left.map { [("left", $0)] } ?? [])
        // Rules know a year's central results from 30 June of that year.
        case .centralResult(let c): return Day(year: c.year, month: 6, day: 30).map { [("year", $0)] } ?? []
        default: return []
        }
    }

    /// The columns a people file may give a pupil's days in (see `Row.person`).
    private static let columnNames = ["since": ["since", "vanaf"], "left": ["left", "vertrokken", "uitgeschreven"]]

    /// The first of `record`'s days more than a year after `today`, with its field and what to say.
    package static func farAhead(_ record: NewRecord, today: Day?) -> (field: String, said: Phrase)? {
        guard let today, let (field, day) = days(of: record).first(where: { $0.day > today.adding(days: 366) }) else { return nil }
        // A central result's year, as given.
        return (field, tooFarAhead(field == "year" ? "\(day.year)" : day.description, today: today))
    }

    /// What to say of `given`, a day (or year) more than a year after `today`; `ahead`: the
    /// command takes `--ahead` for a day that is meant.
    package static func tooFarAhead(_ given: String, today: Day, ahead: Bool = true) -> Phrase {
        Phrase("\(given) is more than a year ahead (today is \(today)); a typo in the year?" + (ahead ? " For a simulation or a test: --ahead" : ""),
               nl: "\(given) ligt meer dan een jaar in de toekomst (vandaag is het \(today)); een tikfout in het jaartal?"
               + (ahead ? " Voor een simulatie of een test: --ahead" : ""))
    }

    private let source: TextPieces
    private var csv = CSVStream()
    private var jsonLines: Bool?
    private var jsonLine = 0
    private var pending: [(line: Int, record: KeyedRecord)] = []
    /// How often each row's content came before in this file: identical rows are kept apart
    /// by their place among them, so a file imported twice gives the same keys.
    private var occurrences: [UInt64: Int] = [:]
    private var ended = false
    private var sortedPeople = false

    /// The goals of a sorted people file with each after the goal it follows, where that one
    /// is in the file too (otherwise in file order; a circle stays as it came, and is refused).
    private static func followingAfterFollowed(_ rows: [(line: Int, record: KeyedRecord)]) -> [(line: Int, record: KeyedRecord)] {
        func goal(_ row: (line: Int, record: KeyedRecord)) -> LearningGoal? {
            if case .goal(let goal) = row.record.record { return goal }
            return nil
        }
        let goals = rows.filter { goal($0) != nil }
        guard goals.count > 1 else { return rows }
        let ids = Set(goals.compactMap { goal($0)?.id })
        var placed = Set<String>(), ordered: [(line: Int, record: KeyedRecord)] = [], waiting = goals
        while !waiting.isEmpty {
            let ready = waiting.filter { row in goal(row)!.follows.map { !ids.contains($0) || placed.contains($0) } ?? true }
            if ready.isEmpty { ordered += waiting; break }
            let readyIds = Set(ready.compactMap { goal($0)?.id })
            ordered += ready
            placed.formUnion(readyIds)
            waiting.removeAll { readyIds.contains(goal($0)!.id) }
        }
        var next = ordered.makeIterator()
        return rows.map { row in goal(row) == nil ? row : next.next()! }
    }

    /// Where a person comes in a people file's order: what others refer to first.
    private static func rank(_ record: NewRecord) -> Int {
        switch record {
        case .school: return 0
        case .coach: return 1
        case .teacher: return 2
        case .schoolClass: return 3
        case .goal: return 4
        case .pupil: return 5
        case .classTeacher: return 6
        case .coachAssignment: return 7
        default: return 8
        }
    }

    public init(file: String, kind: ImportKind, source: TextPieces) {
        self.file = file
        self.kind = kind
        self.source = source
    }

    /// Bytes read so far, and in all.
    public var progress: (read: Int, total: Int) { (source.read, source.total) }

    /// The next batch of up to `size` records, or nil at the end of the file. A file that
    /// cannot be read further (a broken CSV) ends with its problem.
    public func next(_ size: Int = 2_000) -> [KeyedRecord]? {
        // A people file is read whole and handed out schools first, then coaches, teachers,
        // classes, goals, pupils and who teaches or coaches what: a sheet sorted by name, with
        // a pupil above their class, reads as well as one in that order. (People files are a
        // school's staff and pupils: small beside a year of records.)
        let whole = kind == .people && !sortedPeople
        while (pending.count < size || whole) && !ended {
            let piece: String?
            do { piece = try source.next() } catch let error as TextPieces.Problem {
                let place = "\(file):\(error.line): "
                problems.append(ImportProblem(line: error.line, said: error.said.at(place)))
                ended = true
                break
            } catch {
                problems.append(ImportProblem(line: 0, said: Phrase("\(file): cannot be read (\(error.localizedDescription))",
                                                             nl: "\(file): kan niet gelezen worden (\(error.localizedDescription))")))
                ended = true
                break
            }
            if jsonLines == nil, let piece {
                jsonLines = file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson")
                    || piece.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{"
            }
            do {
                if let piece {
                    if jsonLines == true { readJSONLines(piece) } else { take(try csv.feed(piece[...])) }
                } else {
                    ended = true
                    if jsonLines != true { take(try csv.finish()) }
                }
            } catch {
                let place = "\(file):\(error.line): "
                problems.append(ImportProblem(line: error.line, said: error.said.at(place)))
                ended = true
            }
        }
        if whole {
            sortedPeople = true
            pending = Self.followingAfterFollowed(pending.enumerated().sorted { a, b in
                (Self.rank(a.element.record.record), a.offset) < (Self.rank(b.element.record.record), b.offset)
            }.map(\.element))
        }
        guard !pending.isEmpty else { return nil }
        let batch = pending.prefix(size)
        pending.removeFirst(batch.count)
        lines += batch.map(\.line)
        return batch.map(\.record)
    }

    /// A store's problem with a record, as `FILE:LINE: column: problem`.
    public func describe(_ issue: ValidationIssue) -> ImportProblem {
        let line = issue.position.flatMap { $0 < lines.count ? lines[$0] : nil } ?? 0
        let field = issue.field.isEmpty ? "" : RowReader.column(for: issue.field) + ": "
        func said(_ problem: String) -> String {
            var problem = problem
            if !issue.field.isEmpty, problem.hasPrefix(issue.field + " ") { problem.removeFirst(issue.field.count + 1) }
            return "\(file):\(line): \(field)\(problem)"
        }
        return ImportProblem(line: line, text: said(issue.problem), dutch: issue.dutch.map(said))
    }

    /// Record fields as CSV columns name them.
    public static func column(for field: String) -> String {
        let names = ["teacherId": "teacher", "classId": "class", "pupilId": "pupil", "goalId": "goal", "schoolId": "school",
                     "instrumentId": "instrument", "instrumentVersion": "version", "growthPoints": "growth_points",
                     "decidedBy": "decided_by", "pupilInvolved": "pupil_involved", "workOn": "work_on"]
        return names[field] ?? field
    }

    /// The record with its row's key: the export's id where it has one (per teacher, pupil or
    /// school, which ids are unique in), else the record's day, the row's content and its place
    /// among identical rows; and a digest of the content.
    private func keyed(_ record: NewRecord, content: String, id: String?) -> KeyedRecord {
        keyed(record, digest: Self.fnv1a(kind.rawValue + "\u{2}" + content), id: id)
    }

    private func keyed(_ record: NewRecord, digest: UInt64, id: String?) -> KeyedRecord {
        let owner: String
        let day: Day
        switch record {
        case .feedback(let r): (owner, day) = (r.teacherId, r.date)
        case .observation(let r): (owner, day) = (r.teacherId, r.date)
        case .placement(let r): (owner, day) = (r.pupilId, r.from)
        case .result(let r): (owner, day) = (r.pupilId, r.date)
        case .learningWalk(let r): (owner, day) = (r.schoolId, r.date)
        case .centralResult(let r):
            // One result per school, year, grade and domain: that is its id.
            return KeyedRecord(record, key: "\(kind.rawValue):id:\(r.year)/\(r.grade)/\(r.domain)@\(r.schoolId)",
                               digest: String(digest, radix: 16))
        default: return KeyedRecord(record)
        }
        let hex = String(digest, radix: 16)
        if let id { return KeyedRecord(record, key: "\(kind.rawValue):id:\(id)@\(owner)", digest: hex) }
        let n = (occurrences[digest] ?? 0) + 1
        occurrences[digest] = n
        // The day first: a week's rows land together at the end of the key index instead of
        // on every one of its pages (a fifth of the pages a week's import wrote, perf).
        return KeyedRecord(record, key: "\(kind.rawValue):row:\(day):\(hex)#\(n)", digest: hex)
    }

    /// The digest of a row's content — `kind \u{2} key=value \u{1} key=value …`, keys in order —
    /// fed field by field instead of built as a string first (a tenth of a large import, perf).
    /// The same number as ``fnv1a(_:)`` of that text, so keys stored before still match.
    static func rowDigest(kind: String, _ values: [String: String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func feed(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        @inline(__always) func feed(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        feed(kind)
        feed(0x02)
        var first = true
        for key in values.keys.sorted() {
            if !first { feed(0x01) }
            first = false
            feed(key)
            feed(UInt8(ascii: "="))
            feed(values[key]!)
        }
        return hash
    }

    /// FNV-1a, 64 bits: a stable digest, the same on every machine and in every run.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private func take(_ rows: [(line: Int, fields: [String])]) {
        // A walk's file with a column naming a teacher or class is refused as a whole, empty
        // cells or not, before any mapping could drop the column quietly (seed 000).
        // Item columns (`1.2`, or a form's question the mapping names as an item) may well say
        // "de leerkracht": they are what was seen, not who.
        if kind == .walks, !rows.isEmpty, let column = (csv.header ?? []).first(where: { name in
            !(name.first?.isNumber ?? false) && mappedItems[name] == nil && Row.namesPerson(name)
        }) {
            if !refusedPersonColumn {
                refusedPersonColumn = true
                let place = "\(file):1: \(Quoted.shortened(column)): "
                problems.append(ImportProblem(line: 1, said: Row.walkHasNoPerson.at(place)))
            }
            return
        }
        if !rows.isEmpty, !checkedColumns {
            // Two columns of one name (that is read): which value would count is chance.
            var seen: [String: String] = [:]
            for (name, given) in zip(csv.header ?? [], csv.givenHeader) where !name.isEmpty {
                guard mapping == nil || mappedColumns[name] != nil || mappedItems[name] != nil else { continue }
                if let first = seen[name] {
                    let (name, other) = (Quoted.shortened(given), Quoted.shortened(first))
                    problems.append(ImportProblem(line: 1, said: Phrase(
                        "\(file):1: the column '\(name)' comes twice" + (first == given ? "" : " (also as '\(other)')") + "; keep one",
                        nl: "\(file):1: de kolom '\(name)' staat er twee keer in" + (first == given ? "" : " (ook als '\(other)')") + "; laat er één staan")))
                } else {
                    seen[name] = given
                }
            }
        }
        // A column this kind does not read would be dropped without a word — a pupil written
        // `leerling`, a text written `tekst`: refused at the header instead. (With a mapping,
        // the export's columns are the mapping's to name.)
        if mapping == nil, !rows.isEmpty, !checkedColumns {
            let unknown = Set((csv.header ?? []).filter { !$0.isEmpty && !Self.reads($0, kind) }).sorted()
            for column in unknown {
                let (name, known) = (Quoted.shortened(column), Self.columns[kind]!.sorted().joined(separator: ", "))
                problems.append(ImportProblem(line: 1, said: Phrase(
                    "\(file):1: \(name): is not a column of \(kind.rawValue) files (\(known)); rename it or leave it out",
                    nl: "\(file):1: \(name): is geen kolom van \(kind.rawValue)-bestanden (\(known)); geef ze een andere naam of laat ze weg")))
            }
        }
        if !rows.isEmpty { checkedColumns = true }
        if refusedColumns { return }
        for (line, fields) in rows {
            let values = csv.values(fields)
            // A row of empty cells (`;;;;`, a spreadsheet's empty row) is an empty line.
            if values.isEmpty { continue }
            var row = Row(values: mapped(values), file: file, line: line)
            if kind == .people, let type = row.values["type"]?.lowercased(), !["class_teacher", "assignment"].contains(type),
               let id = row.values["id"] {
                // The same person twice in one file: which row counts would be the order of the rows.
                // A pupil's history gives the pupil once per class it came into, each row with
                // the day it did (`since`; or, for a row that only says the pupil left, that
                // day), so that no row depends on another's place.
                let person = (Self.personTypes[type] ?? type) + "\u{1}" + id
                if let earlier = peopleLines[person] {
                    let since = Self.historyDay(row.values)
                    let dated = person.hasPrefix("pupil\u{1}") && since != nil && earlier.allSatisfy { $0.since != nil }
                    if !dated || earlier.contains(where: { $0.since == since }) {
                        let other = (earlier.first { !dated || $0.since == since } ?? earlier[0]).line
                        let (why, waarom) = !person.hasPrefix("pupil\u{1}") ? ("give each person once", "geef elke persoon maar één keer op")
                            : dated ? ("both from \(since!); give each day a pupil came into a class once",
                                       "allebei vanaf \(since!); geef per leerling elke dag waarop die in een klas kwam maar één keer op")
                            : ("a pupil given once per class needs on each row the day it came into that class (since)",
                               "staat een leerling op meer rijen (één per klas), dan moet elke rij in since of vanaf de dag geven waarop de leerling in die klas kwam")
                        problems.append(ImportProblem(line: line, said: Phrase(
                            "\(file):\(line): id: \(Quoted.shortened(id)) is given twice in this file (also on line \(other)); \(why)",
                            nl: "\(file):\(line): id: \(Quoted.shortened(id)) staat twee keer in dit bestand (ook op regel \(other)); \(waarom)")))
                        continue
                    }
                    // Rows apply in file order; a history out of the order of its days would give
                    // what the order gives (a leaving before a later move, a move undone).
                    // (A row's last day is the day it says the pupil left, if it does.)
                    if let later = earlier.first(where: { ($0.since.map { $0 > since! } ?? false) || ($0.left.map { $0 >= since! } ?? false) }) {
                        let then = later.left.map { max($0, later.since ?? $0) } ?? later.since!
                        problems.append(ImportProblem(line: line, said: Phrase(
                            "\(file):\(line): id: \(Quoted.shortened(id)) comes before line \(later.line) in time (\(since!) is not after "
                                + "\(then)); give a pupil's rows in the order of their days",
                            nl: "\(file):\(line): id: \(Quoted.shortened(id)) komt in de tijd vóór regel \(later.line) (\(since!) ligt niet na "
                                + "\(then)); zet de rijen van een leerling in de volgorde van hun dagen")))
                        continue
                    }
                }
                peopleLines[person, default: []].append((line, Self.historyDay(row.values), Self.leftDay(row.values)))
            }
            if let record = row.record(kind) {
                if let far = Self.farAhead(record, today: today) {
                    // The column as the file names it (`vanaf`, `vertrokken`).
                    let column = (Self.columnNames[far.field] ?? []).first { row.values[$0] != nil } ?? far.field
                    problems.append(ImportProblem(line: line, said: far.said.at("\(file):\(line): \(Quoted.shortened(column)): ")))
                } else {
                    var keyedRecord = keyed(record, digest: Self.rowDigest(kind: kind.rawValue, row.values), id: row.values["id"])
                    keyedRecord.keeps = row.keeps
                    pending.append((line, keyedRecord))
                }
            }
            problems += row.problems.map { ImportProblem(line: line, said: $0) }
        }
    }

    /// A row of the export as our columns: renamed, defaults added, item scores translated.
    private func mapped(_ values: [String: String]) -> [String: String] {
        guard let mapping else { return values }
        var out = mapping.defaults ?? [:]
        let (columns, items, answers) = (mappedColumns, mappedItems, mappedAnswers)
        for (column, value) in values {
            if let field = columns[column] {
                // A form's timestamp ("24/11/2026 10:15:33") counts as its day.
                out[field] = field == "date" ? String(value.split(separator: " ").first ?? "") : value
            } else if let item = items[column] {
                out[item] = answers[value.lowercased()] ?? value
            }
        }
        return out
    }

    private func readJSONLines(_ text: String) {
        guard kind != .people else {
            if problems.isEmpty {
                problems.append(ImportProblem(line: 1, said: Phrase(
                    "\(file):1: people are imported from CSV (a type column and the columns of docs/import.md)",
                    nl: "\(file):1: personen worden alleen uit CSV geïmporteerd (met een kolom type en de kolommen uit docs/import.md)")))
            }
            return
        }
        // "\r\n" is one Character in Swift: split on both, so CRLF files read like LF files.
        let endsWithBreak = text.last == "\n" || text.last == "\r\n"
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .dropLast(endsWithBreak ? 1 : 0) {
            jsonLine += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            if line.isEmpty { continue }
            // JSON may write a NUL as an escape; stored, it would cut the text short without a
            // word (a NUL byte in the file already stops the import).
            if line.range(of: "\\u0000", options: .caseInsensitive) != nil {
                problems.append(ImportProblem(line: jsonLine, said: Phrase(
                    "\(file):\(jsonLine): holds a NUL character (\\u0000), which no text in coach may hold",
                    nl: "\(file):\(jsonLine): bevat een NUL-teken (\\u0000), dat geen tekst in coach mag bevatten")))
                continue
            }
            let data = Data(line.utf8)
            do {
                let decoder = JSONDecoder()
                let record: NewRecord
                switch kind {
                case .people: return
                case .observations: record = .observation(try decoder.decode(Observation.self, from: data))
                case .feedback: record = .feedback(try decoder.decode(FeedbackRecord.self, from: data))
                case .placements: record = .placement(try decoder.decode(Placement.self, from: data))
                case .results: record = .result(try decoder.decode(LearningResult.self, from: data))
                case .central: record = .centralResult(try decoder.decode(CentralResult.self, from: data))
                case .walks:
                    if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                       let key = object.keys.sorted().first(where: Row.namesPerson) {
                        let place = "\(file):\(jsonLine): \(Quoted.shortened(key)): "
                        problems.append(ImportProblem(line: jsonLine, said: Row.walkHasNoPerson.at(place)))
                        continue
                    }
                    record = .learningWalk(try decoder.decode(LearningWalk.self, from: data))
                }
                if let far = Self.farAhead(record, today: today) {
                    problems.append(ImportProblem(line: jsonLine, said: far.said.at("\(file):\(jsonLine): \(far.field): ")))
                    continue
                }
                pending.append((jsonLine, keyed(record, content: line, id: nil)))
            } catch let error as DecodingError {
                let place = "\(file):\(jsonLine): "
                problems.append(ImportProblem(line: jsonLine, said: error.said.at(place)))
            } catch {
                problems.append(ImportProblem(line: jsonLine, said: Phrase("\(file):\(jsonLine): not a JSON object",
                                                                    nl: "\(file):\(jsonLine): geen JSON-object")))
            }
        }
    }
}
