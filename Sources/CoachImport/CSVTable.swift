import CoachCore
/// A CSV file as spreadsheets in Flanders and the Netherlands write it: comma or semicolon
/// (whichever the header uses), UTF-8 with or without a byte order mark, quoted fields that
/// may hold the delimiter, quotes ("") and newlines. Every row keeps the line it starts on, so
/// errors can point into the file.
///
/// Written here rather than taken from a library: CSV.swift (2.5.2) reads from an iterator it
/// keeps to itself and reports rows without the line they start on, and SwiftCSV (0.10.0)
/// parses the whole text into rows, also without lines; an import error must say FILE:LINE.
/// `CSVTableTests` checks this parser against random files written with every kind of field.
///
/// `CSVStream` reads a file piece by piece, so memory does not grow with the file;
/// `CSVTable` is the same parser over a whole text.
package struct CSVStream: Sendable {
    package struct Problem: Error {
        package var line: Int
        package var said: Phrase
        /// The problem in English.
        package var message: String { said.en }
    }

    /// The header's names, lowercased and trimmed, once the first row is read.
    package private(set) var header: [String]?
    /// The header's names as written (for messages).
    package private(set) var givenHeader: [String] = []
    package private(set) var delimiter: Character = ","

    private var fields: [String] = []
    private var field = ""
    private var line = 1, recordLine = 1
    private var quoted = false, quoteLine = 0, atFieldStart = true, afterQuote = false
    private var started = false
    /// A quote at the very end of a piece: doubled or closing, the next piece tells.
    private var pendingQuote = false
    /// The start of the text until the header's line is whole: it tells the delimiter.
    private var head = ""

    package init() {}

    /// Reads the next piece of the text; returns the rows it completed (after the header).
    package mutating func feed(_ piece: Substring) throws(Problem) -> [(line: Int, fields: [String])] {
        var text = piece
        var rows: [(line: Int, fields: [String])] = []
        if !started {
            head += text
            guard head.contains(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) else { return [] }
            start()
            let whole = head
            head = ""
            text = whole.first == "\u{FEFF}" ? whole.dropFirst() : whole[...]
        }
        var index = text.startIndex
        if pendingQuote {
            pendingQuote = false
            if index < text.endIndex, text[index] == "\"" {
                field.append("\"")
                index = text.index(after: index)
            } else {
                quoted = false
                afterQuote = true
            }
        }
        let (delimiterByte, quote, lf, cr) = (delimiter.asciiValue ?? 0, UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r"))
        while index < text.endIndex {
            if !quoted && !afterQuote {
                // Plain ASCII inside an unquoted field, appended in one go: Character by
                // Character this parser was a tenth of an import. The run stops before a
                // delimiter, quote or line end, and one byte short of anything not ASCII (that
                // byte may be the start of a Character with what follows), so `index` stays on
                // a Character boundary and the loop below sees exactly what it saw before.
                let bytes = text.utf8
                var end = index
                var beforeOther = false
                while end < bytes.endIndex {
                    let b = bytes[end]
                    if b >= 0x80 { beforeOther = true; break }
                    if b == delimiterByte || b == quote || b == lf || b == cr { break }
                    end = bytes.index(after: end)
                }
                if beforeOther, end > index { end = bytes.index(before: end) }
                if end > index {
                    field.append(contentsOf: text[index..<end])
                    atFieldStart = false
                    index = end
                    continue
                }
            }
            let c = text[index]
            index = text.index(after: index)
            let isNewline = c == "\n" || c == "\r\n" || c == "\r"
            if quoted {
                if c == "\"" {
                    if index == text.endIndex {
                        pendingQuote = true
                    } else if text[index] == "\"" {
                        field.append("\"")
                        index = text.index(after: index)
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if isNewline { line += 1 }
                    field.append(isNewline ? "\n" : c)
                }
                continue
            }
            if c == "\"" && atFieldStart {
                quoted = true
                quoteLine = line
                atFieldStart = false
            } else if c == delimiter {
                fields.append(field)
                field = ""
                atFieldStart = true
                afterQuote = false
            } else if isNewline {
                if let row = try endRecord() { rows.append(row) }
                line += 1
                recordLine = line
            } else {
                if afterQuote && !c.isWhitespace {
                    throw Problem(line: line, said: Phrase("text after a closing quote (write \"\" for a quote inside a quoted field)",
                                                          nl: "tekst na een afsluitend aanhalingsteken (schrijf \"\" voor een aanhalingsteken binnen een veld tussen aanhalingstekens)"))
                }
                if !afterQuote { field.append(c) }
                atFieldStart = false
            }
        }
        return rows
    }

    /// Ends the text; returns the last row if it had no newline after it.
    package mutating func finish() throws(Problem) -> [(line: Int, fields: [String])] {
        var rows: [(line: Int, fields: [String])] = []
        if !started {
            start()
            let whole = head.first == "\u{FEFF}" ? head.dropFirst() : head[...]
            head = ""
            rows += try feed(whole)
        }
        if pendingQuote {
            pendingQuote = false
            quoted = false
            afterQuote = true
        }
        if quoted {
            throw Problem(line: quoteLine, said: Phrase("a quoted field is never closed", nl: "een veld tussen aanhalingstekens wordt nergens afgesloten"))
        }
        if !field.isEmpty || !fields.isEmpty, let row = try endRecord() { rows.append(row) }
        guard header != nil else { throw Problem(line: 1, said: Phrase("the file is empty", nl: "het bestand is leeg")) }
        return rows
    }

    /// Picks the delimiter from the header's line: whichever of ; and , it has more of.
    private mutating func start() {
        let firstLine = head.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        delimiter = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        started = true
    }

    private mutating func endRecord() throws(Problem) -> (line: Int, fields: [String])? {
        fields.append(field)
        defer {
            fields = []
            field = ""
            atFieldStart = true
            afterQuote = false
        }
        if fields.count == 1 && fields[0].isEmpty { return nil }
        guard let header else {
            header = fields.map { $0.trimmedSpaces.lowercased() }
            givenHeader = fields.map(\.trimmedSpaces)
            return nil
        }
        if fields.count != header.count {
            throw Problem(line: recordLine, said: Phrase("\(fields.count) fields, but the header has \(header.count)",
                                                        nl: "\(fields.count) velden, maar de kopregel heeft er \(header.count)"))
        }
        return (recordLine, fields)
    }

    /// A row as a dictionary from header name to trimmed value (empty values left out).
    package func values(_ fields: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for (name, value) in zip(header ?? [], fields) {
            let trimmed = value.trimmedSpaces
            if !trimmed.isEmpty { out[name] = trimmed }
        }
        return out
    }
}

extension String {
    /// Without spaces and tabs at either end: Foundation's trimming bridges through NSString,
    /// which cost a quarter of an import (perf).
    var trimmedSpaces: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 || first >= 0x80 || last >= 0x80
        else { return self }
        return String(self.drop { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }
            .reversed().drop { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }.reversed())
    }
}

/// A whole CSV text, parsed at once (for small files and tests).
package struct CSVTable: Sendable {
    package var header: [String]
    package var rows: [(line: Int, fields: [String])]
    package var delimiter: Character

    package typealias Problem = CSVStream.Problem

    package init(parsing input: String) throws(Problem) {
        var stream = CSVStream()
        rows = try stream.feed(input[...])
        rows += try stream.finish()
        header = stream.header ?? []
        delimiter = stream.delimiter
    }
}

import Foundation
