@testable import CoachImport
import Testing

/// Our CSV parser against random files written with every kind of field: delimiters, quotes,
/// newlines inside quotes, CRLF, a byte order mark. Every field comes back, and every row says
/// the line it starts on.
struct CSVTableTests {
    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    // With combining marks too: "e\u{301}" is one Character of two scalars, and a mark after a
    // delimiter makes them one Character that is no delimiter.
    static let pieces = ["a", "b", "José", "1,5", "x;y", "\"", "line\nbreak", "crlf\r\nbreak", " ", "ë", "12", "", "✓",
                         "e\u{301}", "a\u{301}b", ",\u{301}", ";\u{301}"]

    @Test(arguments: 0..<40)
    func randomFilesComeBackFieldForFieldWithTheirLines(seed: Int) throws {
        var random = Random(state: UInt64(seed) &+ 17)
        let delimiter: Character = random.next(2) == 0 ? "," : ";"
        let newline = random.next(2) == 0 ? "\n" : "\r\n"
        // Every import kind has several columns; the header is what tells the delimiter.
        let columns = 2 + random.next(4)
        let header = (0..<columns).map { "col\($0)" }
        var rows: [[String]] = []
        for _ in 0..<(1 + random.next(20)) {
            rows.append((0..<columns).map { _ in (0..<random.next(3)).map { _ in Self.pieces[random.next(Self.pieces.count)] }.joined() })
        }
        func quote(_ field: String) -> String {
            let needs = field.contains(delimiter) || field.contains("\"") || field.contains("\n") || field.contains("\r")
                || field.first == " " || field.last == " "
            return needs ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var text = random.next(2) == 0 ? "\u{FEFF}" : ""
        var expectedLines: [Int] = []
        var line = 2
        text += header.joined(separator: String(delimiter)) + newline
        for row in rows {
            expectedLines.append(line)
            text += row.map(quote).joined(separator: String(delimiter)) + newline
            line += 1 + row.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count }
        }
        // A row of only empty fields with one column is an empty line, which CSV skips.
        let kept = rows.indices.filter { !(columns == 1 && rows[$0][0].isEmpty) }
        let table = try CSVTable(parsing: text)
        #expect(table.header == header)
        #expect(table.delimiter == delimiter)
        #expect(table.rows.map(\.line) == kept.map { expectedLines[$0] })
        #expect(table.rows.map(\.fields) == kept.map { rows[$0].map { $0.replacingOccurrences(of: "\r\n", with: "\n") } })

        // Read piece by piece, cut anywhere (also between the two quotes of ""), the same rows.
        var stream = CSVStream()
        var streamed: [(line: Int, fields: [String])] = []
        let characters = Array(text)
        var start = 0
        while start < characters.count {
            let end = min(characters.count, start + 1 + random.next(12))
            streamed += try stream.feed(String(characters[start..<end])[...])
            start = end
        }
        streamed += try stream.finish()
        #expect(streamed.map(\.line) == table.rows.map(\.line))
        #expect(streamed.map(\.fields) == table.rows.map(\.fields))
    }

    @Test
    func brokenFilesSayWhere() {
        #expect(throws: CSVTable.Problem.self) { try CSVTable(parsing: "") }
        do {
            _ = try CSVTable(parsing: "a,b\n1,\"open\n2,3\n")
            Issue.record("an unclosed quote must fail")
        } catch {
            #expect(error.line == 2 && error.message == "a quoted field is never closed")
        }
        do {
            _ = try CSVTable(parsing: "a,b\n1,2\n1,2,3\n")
            Issue.record("a row with a field too many must fail")
        } catch {
            #expect(error.line == 3 && error.message == "3 fields, but the header has 2")
        }
    }
}
