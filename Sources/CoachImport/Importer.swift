import CoachCore
import CoachPlugins
import CoachStore
import Foundation

/// What an import did, or would do (a dry run writes nothing).
public struct ImportOutcome: Sendable {
    /// Records read.
    public var records = 0
    /// Of those: new, already there (the same), and people updated.
    public var added = 0
    public var present = 0
    public var updated = 0
    /// Events appended.
    public var events = 0
    /// Pupils given in another class without a `since`, by the day their move counts from.
    public var movedFrom: [Day: Int] = [:]
    /// New pupils without a `since` in a school with closed weeks, by the day they count from.
    public var arrivedFrom: [Day: Int] = [:]
    /// Pupils the file said left the school, by the day they left.
    public var leftFrom: [Day: Int] = [:]
    /// Pupils who left, given again without a day: kept away.
    public var keptAway = 0
    /// New pupils who left before the first week not closed yet: not taken in.
    public var goneBefore = 0
    /// Records dated before their school's retention day, by that day: left out.
    public var beforeKept: [Day: Int] = [:]
    /// Every problem, in file order: a file with a problem writes nothing.
    public var problems: [ImportProblem] = []
    /// The encoding the file was read in, when it was found rather than given (not UTF-8).
    public var detectedEncoding: TextEncoding?
    /// When nothing was kept (a dry run, problems): that a real import would have waited for
    /// a closed week's rules.
    public var waiting: StoreError?
}

/// Why an import could not start: one line for a person.
public struct ImportError: Error, Sendable, CustomStringConvertible, ReadableError {
    public var description: String
    /// The line in Dutch (nil: said in English only).
    public var dutch: String?
    public init(_ description: String) { self.description = description }
    public init(_ said: Phrase) {
        description = said.en
        dutch = said.nl
    }

    public func text(_ language: Language) -> String { language == .nl ? dutch ?? description : description }
}

/// Imports a file all or nothing: read every row, check every record against the store, and
/// write them in one transaction only when nothing is wrong.
public enum Importer {
    /// The import mapping `id` of the plugins in `directory`, for files of `kind`.
    public static func mapping(_ id: String, kind: ImportKind, plugins directory: String) throws(ImportError) -> ImportMapping {
        let set = PluginLoader.loadAll(from: directory)
        guard let found = set.mappings.first(where: { $0.id == id }) else {
            let known = set.mappings.map(\.id).joined(separator: ", ")
            throw ImportError(Phrase("no import mapping '\(id)' in \(directory) (known: \(known.isEmpty ? "none" : known))",
                                     nl: "geen importmapping '\(id)' in \(directory) (bekend: \(known.isEmpty ? "geen" : known))"))
        }
        guard found.kind == kind.rawValue else {
            throw ImportError(Phrase("the mapping '\(id)' reads \(found.kind), not \(kind.rawValue)",
                                     nl: "de mapping '\(id)' leest \(found.kind), geen \(kind.rawValue)"))
        }
        return found
    }

    /// Reads `source` (the contents of `file`) as `kind` and writes it to `store` in one
    /// transaction, unless `dryRun` or any row has a problem. Reads and writes in batches, so
    /// memory does not grow with the file; `progress` hears how many bytes were read.
    public static func run(file: String, source: TextPieces, kind: ImportKind, mapping: ImportMapping? = nil,
                           into store: CoachStore, dryRun: Bool = false, batch: Int = 2_000,
                           progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> ImportOutcome {
        try run(files: [ImportFile(path: file, source: source, kind: kind)], mapping: mapping, into: store, dryRun: dryRun,
                batch: batch, progress: progress)
    }

    /// Reads several files and writes them to `store` in **one** transaction: all of them or
    /// none. People files go first (the others refer to them), then the records in the order
    /// observations, feedback, placements, results; files of one kind in the order given.
    /// With `today`, a record dated more than a year after it is refused (``RowReader/today``).
    public static func run(files: [ImportFile], mapping: ImportMapping? = nil, into store: CoachStore, dryRun: Bool = false,
                           batch: Int = 2_000, today: Day? = nil,
                           progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> ImportOutcome {
        let ordered = files.enumerated().sorted { a, b in
            (ImportKind.allCases.firstIndex(of: a.element.kind)!, a.offset) < (ImportKind.allCases.firstIndex(of: b.element.kind)!, b.offset)
        }.map(\.element)
        let readers = ordered.map { file -> RowReader in
            let reader = RowReader(file: file.path, kind: file.kind, source: file.source)
            reader.mapping = mapping
            reader.today = today
            return reader
        }
        let total = files.reduce(0) { $0 + $1.source.total }
        var current = 0, done = 0
        // Where each reader's records start among all of them, to point issues at its lines.
        var starts = Array(repeating: 0, count: readers.count)
        var given = 0
        // The rows are read and parsed on a second core while the store writes the batch
        // before: each batch comes with how many bytes had been read by then.
        // … and whether a row read so far could not be read (the import will roll back).
        let ahead = ReadAhead { () -> (batch: [KeyedRecord], read: Int, failing: Bool)? in
            while current < readers.count {
                if let next = readers[current].next(batch) {
                    given += next.count
                    return (next, done + readers[current].progress.read, readers[...current].contains { !$0.problems.isEmpty })
                }
                done += readers[current].progress.total
                current += 1
                if current < readers.count { starts[current] = given }
            }
            return nil
        }
        // The readers are the producer's until it has stopped.
        var batches = 0
        var failing = false
        let written: CoachStore.BatchesOutcome
        do {
            defer { ahead.stop() }
            written = try store.write(batches: {
                guard let next = ahead.next() else {
                    progress?(total, total)
                    return nil
                }
                batches += 1
                failing = failing || next.failing
                if let progress, batches % 5 == 0 { progress(next.read, total) }
                return next.batch
            }, keep: { !dryRun && readers.allSatisfy { $0.problems.isEmpty } }, dryRun: dryRun, rollsBack: { failing })
        }
        var outcome = ImportOutcome(records: readers.reduce(0) { $0 + $1.count }, added: written.added, present: written.present,
                                    updated: written.updated, events: written.events)
        outcome.waiting = written.waiting
        outcome.movedFrom = written.movedFrom
        outcome.arrivedFrom = written.arrivedFrom
        outcome.leftFrom = written.leftFrom
        outcome.keptAway = written.keptAway
        outcome.goneBefore = written.goneBefore
        outcome.beforeKept = written.beforeKept
        if let detected = ordered.first(where: { $0.source.detected }) { outcome.detectedEncoding = detected.source.encoding }
        // Every bad row, whether it could not be read or refers to something unknown.
        var problems = readers.flatMap { reader in reader.problems.map { (reader.file, $0) } }
        for issue in written.issues {
            let position = issue.position ?? 0
            let index = (starts.lastIndex { $0 <= position }) ?? 0
            var local = issue
            local.position = position - starts[index]
            problems.append((readers[index].file, readers[index].describe(local)))
        }
        // (Uniquing, not trapping: another front end may give a path twice; this runs after the commit.)
        let fileOrder = Dictionary(readers.enumerated().map { ($1.file, $0) }, uniquingKeysWith: min)
        outcome.problems = problems.sorted { (fileOrder[$0.0] ?? 0, $0.1.line) < (fileOrder[$1.0] ?? 0, $1.1.line) }.map(\.1)
        return outcome
    }

    /// What the files' records name (``Mentions``), read through once without writing: an
    /// import on the shared store copies and locks only the schools they touch. Rows that
    /// cannot be read are passed over here; the import proper tells them.
    package static func mentions(files: [ImportFile], mapping: ImportMapping? = nil) -> Mentions {
        var mentions = Mentions()
        for file in files {
            let reader = RowReader(file: file.path, kind: file.kind, source: file.source)
            reader.mapping = mapping
            while let batch = reader.next() {
                for keyed in batch { mentions.add(keyed) }
                // A kijkwijzer: the import takes every school; no need to read on.
                if mentions.instrumentsGiven { return mentions }
            }
        }
        return mentions
    }

    /// What a file holds, from its first line: the columns of its header (CSV) or the fields
    /// of its first record (JSON lines).
    public static func recognise(path: String) throws(ImportError) -> ImportKind {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(Phrase("cannot read \(path)", nl: "kan \(path) niet lezen"))
        }
        defer { try? handle.close() }
        let bytes = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        // The header only: no string or line list for the rest of what was read.
        func isNewline(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") }
        let start = bytes.firstIndex { !isNewline($0) } ?? bytes.endIndex
        let end = bytes[start...].firstIndex(where: isNewline) ?? bytes.endIndex
        var first = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        if first.hasPrefix("\u{FEFF}") { first.removeFirst() }
        // Whole names, never text anywhere in the line: a lesson called "Breuken per type" is
        // no people file. A JSON line's names are its object's keys; a header's, its columns.
        let names: Set<String>
        if first.hasPrefix("{") {
            let object = (try? JSONSerialization.jsonObject(with: Data(first.utf8))) as? [String: Any]
            names = Set((object ?? [:]).keys)
        } else {
            let delimiter: Character = first.filter { $0 == ";" }.count > first.filter { $0 == "," }.count ? ";" : ","
            names = Set(first.split(separator: delimiter, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \t"))
            })
        }
        func has(_ wanted: String...) -> Bool { wanted.allSatisfy(names.contains) }
        func any(_ wanted: String...) -> Bool { wanted.contains(where: names.contains) }
        // Words of the names, for a form's long titles ("Aantal wandelaars").
        let words = Set(names.flatMap { $0.split(whereSeparator: { !$0.isLetter && $0 != "_" }).map(String.init) })
        if has("level", "question") { return .feedback }
        if has("type") { return .people }
        if has("track") { return .placements }
        if !words.isDisjoint(with: ["walkers", "wandelaars"]) { return .walks }
        if any("flemish_mean", "flemishmean", "vlaams_gemiddelde") || words.contains("vlaams") { return .central }
        if any("instrument", "instrumentid") { return .observations }
        if any("score", "mastery") { return .results }
        throw ImportError(Phrase("\(path): cannot tell what it holds from its first line; give --kind "
                                 + "(people, observations, feedback, placements, results, walks or central)",
                                 nl: "\(path): uit de eerste regel valt niet op te maken wat erin staat; geef --kind "
                                 + "(people, observations, feedback, placements, results, walks of central)"))
    }

    /// The same for a text already in memory.
    public static func run(file: String, text: String, kind: ImportKind, mapping: ImportMapping? = nil, into store: CoachStore,
                           dryRun: Bool = false) throws(StoreError) -> ImportOutcome {
        try run(file: file, source: TextPieces(text: text), kind: kind, mapping: mapping, into: store, dryRun: dryRun)
    }
}

/// A file to import: where it is, how it reads, what it holds.
public struct ImportFile {
    public var path: String
    public var source: TextPieces
    public var kind: ImportKind

    public init(path: String, source: TextPieces, kind: ImportKind) {
        self.path = path
        self.source = source
        self.kind = kind
    }
}

/// One record given as command-line options, through the same checks as an import.
public enum OneRecord {
    /// Writes one record of `kind` from `values` (column names as in an import file); returns
    /// its id. Problems name the option (`--growth-points: must be a whole number, got 'x'`).
    /// With `today`, a date more than a year after it is refused, as in an import.
    public static func write(_ kind: ImportKind, _ values: [String: String?], into store: CoachStore,
                             language: Language = .en, today: Day? = nil) throws(OneRecordProblems) -> String
    {
        var values = values.compactMapValues { $0 }
        if kind == .observations, values["school"] == nil, let teacher = values["teacher"] {
            // The school is the teacher's: an unknown teacher is the problem, not a missing school.
            guard let school = (try? store.teacher(teacher))??.schoolId else {
                let shown = Quoted.shortened(teacher)
                throw OneRecordProblems(lines: [language == .nl ? "--teacher: '\(shown)' is geen bekende leerkracht"
                                                                : "--teacher: is not a known teacher, got '\(shown)'"])
            }
            values["school"] = school
        }
        if kind == .walks {
            // A store of one school, with one learning-walk kijkwijzer, needs neither said.
            if values["school"] == nil, let schools = try? store.schools(), schools.count == 1 { values["school"] = schools[0].id }
            let walkInstruments = ((try? store.instruments()) ?? []).filter { $0.effectiveUses.contains(.learningWalk) }
            if values["instrument"] == nil, Set(walkInstruments.map(\.id)).count == 1 { values["instrument"] = walkInstruments[0].id }
            if values["version"] == nil, let id = values["instrument"] {
                guard let newest = walkInstruments.filter({ $0.id == id }).map(\.version).max() else {
                    let known = Set(walkInstruments.map(\.id)).sorted().joined(separator: ", ")
                    let shown = Quoted.shortened(id)
                    throw OneRecordProblems(lines: [language == .nl
                        ? "--instrument: '\(shown)' is geen kijkwijzer voor leerwandelingen (bekend: "
                            + (known.isEmpty ? "geen; voer 'coach init' uit met de plugins" : known) + ")"
                        : "--instrument: is not a learning-walk kijkwijzer, got '\(shown)' (known: "
                            + (known.isEmpty ? "none; run 'coach init' with the plugins" : known) + ")"])
                }
                values["version"] = newest
            }
        }
        var row = Row(values: values, file: "", line: 0)
        row.options = true
        guard let record = row.record(kind), row.problems.isEmpty else {
            throw OneRecordProblems(lines: row.problems.map { $0.text(language) })
        }
        if let far = RowReader.farAhead(record, today: today) {
            throw OneRecordProblems(lines: [far.said.at("--\(far.field): ").text(language)])
        }
        do {
            return try store.write([record]).ids.first ?? "?"
        } catch {
            guard case .invalid(let invalid) = error else {
                throw OneRecordProblems(lines: [error.text(language)], waitingSchool: error.waitingSchool)
            }
            throw OneRecordProblems(lines: invalid.issues.map { issue in
                var problem = issue.problem(language)
                if !issue.field.isEmpty, problem.hasPrefix(issue.field + " ") { problem.removeFirst(issue.field.count + 1) }
                // The options are singular where a record's field is a list (--observer, --code).
                let singular = ["observers": "observer", "codes": "code"]
                let column = RowReader.column(for: issue.field)
                let option = issue.field.isEmpty ? ""
                    : issue.field.hasPrefix("item ") ? "--score " + issue.field.dropFirst(5) + ": "
                    : "--" + (singular[column] ?? column).replacingOccurrences(of: "_", with: "-") + ": "
                return option + problem
            })
        }
    }
}

/// Why one record could not be written: a line per problem.
public struct OneRecordProblems: Error, Sendable {
    public var lines: [String]
    /// Refused only because a closed week of this school still waits for its rules
    /// (``StoreError/weekNotRun(school:week:)``): the same record may be written once they ran.
    public var waitingSchool: String?
}
