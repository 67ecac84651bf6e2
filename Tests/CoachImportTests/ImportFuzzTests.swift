import CoachCore
import CoachImport
import CoachStore
import Foundation
import Testing

/// Broken files of every kind and format, from a seeded generator: every case ends with lines
/// that name FILE:LINE (or nothing wrong), no crash, no hang, and a store unchanged whenever
/// something was wrong. A longer run: `COACH_FUZZ_CASES=5000 swift test --filter ImportFuzz`.
struct ImportFuzzTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static let valid: [(ImportKind, String, String)] = [
        (.feedback, "csv", "teacher;class;pupil;goal;date;level;question;timing;form;growth_points\n"
            + "t1;k1;p1;g1;2026-10-05;taak;feedback;formatief;individueel;1\nt1;k1;;g1;06/10/2026;proces;feed-up;summatief;klassikaal;2\n"),
        (.placements, "csv", "pupil,class,goal,track,from,decided_by\np1,k1,g1,2,2026-10-05,t1\np1,k1,g1,3,2026-10-12,t1\n"),
        (.results, "csv", "pupil,goal,date,kind,score,maximum\np1,g1,2026-10-05,toets,7,10\np1,g1,2026-10-06,exit-ticket,3,5\n"),
        (.observations, "csv", "kind,teacher,instrument,version,date,1.1,1.2\ncoach,t1,kw,1,2026-10-05,3,4\n"),
        (.people, "csv", "type,id,school,class,name,alias\nclass,k2,s1,,2B,\npupil,p2,s1,k2,,Lio\n"),
        (.feedback, "jsonl", #"{"teacherId":"t1","classId":"k1","goalId":"g1","date":"2026-10-05","level":"task","question":"feedback","timing":"formative","form":"wholeClass","growthPoints":1}"# + "\n"),
        (.results, "jsonl", #"{"pupilId":"p1","goalId":"g1","date":"2026-10-05","kind":"test","score":7,"maximum":10}"# + "\n"),
        (.placements, "jsonl", #"{"pupilId":"p1","classId":"k1","goalId":"g1","track":2,"from":"2026-10-05","decidedBy":"t1","pupilInvolved":true}"# + "\n"),
    ]

    static let oddValues = ["\u{202E}t1", "t1\u{0301}", "🙂", "1e400", "999999999999999999999", "0000-00-00", "9999-99-99",
                            "31/02/2026", "-1", "NaN", "\u{1B}[2J", "\"", ";;;", "\u{FEFF}", " ", "t-\u{0000}x"]

    static func mutate(_ text: String, _ random: inout Random) -> Data {
        var bytes = Array(text.utf8)
        switch random.next(11) {
        case 0: bytes = Array(bytes.prefix(random.next(bytes.count + 1)))                       // truncated
        case 1: bytes.insert(contentsOf: (0..<(1 + random.next(30))).map { _ in UInt8(random.next(256)) },
                             at: random.next(bytes.count + 1))                                 // binary garbage
        case 2: bytes = Array(text.replacingOccurrences(of: "e", with: "é").utf8).map { $0 == 0xC3 ? 0xE9 : $0 }
                    .filter { $0 != 0xA9 }                                                      // Latin-1
        case 3: bytes = []                                                                      // empty
        case 4: bytes = [0xEF, 0xBB, 0xBF]                                                      // only a BOM
        case 5: bytes = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)          // CRLF
        case 6:                                                                                 // missing column
            let lines = text.split(separator: "\n").map { $0.split(separator: $0.contains(";") ? ";" : ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
            bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        case 7: bytes = Array(text.replacingOccurrences(of: "\n", with: ",extra\n").utf8)     // extra column
        case 8:                                                                                 // odd values
            var out = text
            for _ in 0..<(1 + random.next(3)) {
                let from = ["t1", "p1", "g1", "k1", "2026-10-05", "7", "2", "1"][random.next(8)]
                if let range = out.range(of: from) { out.replaceSubrange(range, with: oddValues[random.next(oddValues.count)]) }
            }
            bytes = Array(out.utf8)
        case 9: bytes = Array((text + text.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n").utf8) // duplicates
        default: bytes = Array(text.replacingOccurrences(of: "t1", with: String(repeating: "x", count: 200_000)).utf8) // huge field
        }
        return Data(bytes)
    }

    @Test
    func brokenFilesGiveLinesThatNameTheirPlaceAndLeaveTheStoreAsItWas() throws {
        let cases = ProcessInfo.processInfo.environment["COACH_FUZZ_CASES"].flatMap(Int.init) ?? 300
        let folder = NSTemporaryDirectory() + "coach-fuzz-\(UInt64.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try ImporterTests.store()
        try store.write([.instrument(Instrument(id: "kw", version: "1", title: "K", scale: .frequency, sections: [
            InstrumentSection(number: 1, title: "S", items: [InstrumentItem(key: "1.1", text: "a"), InstrumentItem(key: "1.2", text: "b")]),
        ]))])
        var random = Random(state: 2026)
        for n in 0..<cases {
            let (kind, format, text) = Self.valid[random.next(Self.valid.count)]
            let path = folder + "/case-\(n).\(format)"
            try Self.mutate(text, &random).write(to: URL(fileURLWithPath: path))
            let before = try StoredTable.allCases.map { try store.count($0) }
            let outcome = try Importer.run(file: path, source: TextPieces(path: path), kind: kind, into: store)
            for problem in outcome.problems {
                #expect(problem.text.hasPrefix(path + ":"), "case \(n): \(problem.text.prefix(200))")
                #expect(!problem.text.contains("\n") && problem.text.count < 600, "case \(n): one short line")
            }
            if !outcome.problems.isEmpty {
                #expect(try StoredTable.allCases.map { try store.count($0) } == before, "case \(n): nothing written")
            }
        }
    }

    @Test
    func aTenMegabyteFieldIsOneShortLine() throws {
        let path = NSTemporaryDirectory() + "coach-big-\(UInt64.random(in: 0 ... .max)).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let field = String(repeating: "x", count: 10 << 20)
        try ("pupil,class,goal,track,from,decided_by\np1,k1,g1,\(field),2026-10-05,t1\n").write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try Importer.run(file: path, source: TextPieces(path: path), kind: .placements, into: try ImporterTests.store())
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems.first?.text == "\(path):2: track: must be a number, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (10485760 characters)'")
    }
}
