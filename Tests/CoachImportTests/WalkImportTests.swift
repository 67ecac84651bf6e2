import CoachCore
import CoachImport
import CoachPlugins
import CoachStore
import Foundation
import Testing

/// Learning walks come in by import too, and never with a teacher or a class.
struct WalkImportTests {
    static func store() throws -> CoachStore {
        let store = try ImporterTests.store()
        try store.write([.instrument(Instrument(id: "walk", version: "2025", title: "Leerwandeling", scale: .seenNotSeen, sections: [
            InstrumentSection(number: 1, title: "Doelen", items: [InstrumentItem(key: "1.1", text: "Leerlingen kennen het doel."),
                                                                InstrumentItem(key: "1.2", text: "Leerlingen leggen het waarom uit.")]),
        ]))])
        return store
    }

    @Test
    func aWalkFileGivesWalksWithTheirFindings() throws {
        let store = try Self.store()
        let csv = "school;date;instrument;version;walkers;1.1;1.1 voorbeeld;1.2\n"
            + "s1;24/11/2026;walk;2025;4;gezien;Leerlingen lezen het doel voor|Doel op het bord;\n"
            + "s1;2026-12-01;walk;2025;3;niet gezien;;gezien\n"
        let outcome = try Importer.run(file: "walks.csv", text: csv, kind: .walks, into: store)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.records == 2)
        let walks = try store.learningWalks(school: "s1")
        let first = try #require(walks.first { $0.date == Day("2026-11-24")! })
        #expect(first.walkers == 4)
        #expect(first.findings.map(\.item) == ["1.1"])
        #expect(first.findings.first?.examples == ["Leerlingen lezen het doel voor", "Doel op het bord"])
        let second = try #require(walks.first { $0.date == Day("2026-12-01")! })
        #expect(second.findings.map(\.status) == [.notSeen, .seen])
        // The same file again adds nothing.
        #expect(try Importer.run(file: "walks.csv", text: csv, kind: .walks, into: store).added == 0)
    }

    @Test
    func aColumnThatNamesATeacherOrClassIsRefusedAndNothingIsWritten() throws {
        let store = try Self.store()
        // Any word of the column's name, and whether its cells are filled or empty: the file is
        // refused once, at its header.
        for column in ["teacher", "Leerkracht (id)", "klas", "classId", "Naam leerkracht"] {
            for cell in ["t1", ""] {
                let csv = "school,date,instrument,version,walkers,\(column),1.1\ns1,2026-11-24,walk,2025,4,\(cell),gezien\n"
                    + "s1,2026-11-25,walk,2025,4,\(cell),gezien\n"
                let outcome = try Importer.run(file: "walks.csv", text: csv, kind: .walks, into: store)
                #expect(outcome.problems.map(\.text) == ["walks.csv:1: \(column.lowercased()): a learning walk has no teacher or class: a walk "
                                                         + "is never an evaluation of one teacher (seed 000); leave this column out"])
            }
        }
        let jsonl = #"{"schoolId":"s1","teacherId":"t1","instrumentId":"walk","instrumentVersion":"2025","date":"2026-11-24","walkers":3,"findings":[]}"#
        let outcome = try Importer.run(file: "walks.jsonl", text: jsonl + "\n", kind: .walks, into: store)
        #expect(outcome.problems.first?.text.hasPrefix("walks.jsonl:1: teacherId: a learning walk has no teacher or class") == true)
        #expect(try store.count(.learningWalk) == 0)
    }

    @Test
    func aFormExportReadsThroughItsMapping() throws {
        let store = try Self.store()
        let mapping = ImportMapping(id: "form", kind: "walks", columns: ["Tijdstempel": "date", "Aantal wandelaars": "walkers"],
                                    defaults: ["school": "s1", "instrument": "walk", "version": "2025"],
                                    items: ["1.1 Leerlingen kennen het doel.": "1.1", "De leerkracht legt het waarom uit.": "1.2"],
                                    answers: ["Gezien": "seen", "Niet gezien": "notSeen"])
        // A question about what the teacher does is an item, not a column naming a teacher.
        let csv = "Tijdstempel,Aantal wandelaars,1.1 Leerlingen kennen het doel.,De leerkracht legt het waarom uit.\n"
            + "24/11/2026 10:15:33,5,Gezien,Niet gezien\n"
        let outcome = try Importer.run(file: "form.csv", text: csv, kind: .walks, mapping: mapping, into: store)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let walk = try #require(try store.learningWalks(school: "s1").first)
        #expect(walk.findings.map(\.status) == [.seen, .notSeen])
        #expect(walk.walkers == 5)
    }

    @Test
    func aWalkFileIsRecognisedFromItsHeader() throws {
        let path = NSTemporaryDirectory() + "walks-\(UInt64.random(in: 0 ... .max)).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "school,date,instrument,version,walkers,1.1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Importer.recognise(path: path) == .walks)
    }
}
