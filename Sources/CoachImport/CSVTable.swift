/// A CSV file as spreadsheets in Flanders and the Netherlands write it: comma or semicolon
/// (whichever the header uses), UTF-8 with or without a byte order mark, quoted fields that
/// may hold the delimiter, quotes ("") and newlines. Every row keeps the line it starts on, so
/// errors can point into the file.
///
/// Written here rather than taken from a library: CSV.swift (2.5.2) reads from an iterator it
/// keeps to itself and reports rows without the line they start on, and SwiftCSV (0.10.0)
/// parses the whole text into rows, also without lines; an import error must say FILE:LINE.
/// `CSVTableTests` checks this parser against random files written with every kind of field.
package struct CSVTable: Sendable {
    package var header: [String]
    package var rows: [(line: Int, fields: [String])]
    package var delimiter: Character

    package struct Problem: Error {
        package var line: Int
        package var message: String
    }

    package init(parsing input: String) throws(Problem) {
        var text = Substring(input)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        delimiter = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","

        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var line = 1, recordLine = 1
        var quoted = false, quoteLine = 0, atFieldStart = true, afterQuote = false
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
            fields = []
            field = ""
            atFieldStart = true
            afterQuote = false
        }
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            index = text.index(after: index)
            let isNewline = c == "\n" || c == "\r\n" || c == "\r"
            if quoted {
                if c == "\"" {
                    if index < text.endIndex, text[index] == "\"" {
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
                endRecord()
                line += 1
                recordLine = line
            } else {
                if afterQuote && !c.isWhitespace {
                    throw Problem(line: line, message: "text after a closing quote (write \"\" for a quote inside a quoted field)")
                }
                if !afterQuote { field.append(c) }
                atFieldStart = false
            }
        }
        if quoted { throw Problem(line: quoteLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw Problem(line: 1, message: "the file is empty") }
        header = first.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = records.dropFirst().map { (line: $0.0, fields: $0.1) }
        for (line, fields) in rows where fields.count != header.count {
            throw Problem(line: line, message: "\(fields.count) fields, but the header has \(header.count)")
        }
    }

    /// The row as a dictionary from header name to trimmed value (empty values left out).
    package func values(_ fields: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for (name, value) in zip(header, fields) {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { out[name] = trimmed }
        }
        return out
    }
}

import Foundation
