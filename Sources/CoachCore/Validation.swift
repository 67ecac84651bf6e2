/// Something said to a person, in each language the school may speak: a problem with a record
/// or a row (`moet 1, 2 of 3 zijn`), told in the language of the one who reads it.
public struct Phrase: Sendable, Hashable {
    public let en: String
    /// The Dutch; `{got}` stands where the value given goes, when it does not go at the end.
    public let nl: String

    public init(_ en: String, nl: String) {
        self.en = en
        self.nl = nl
    }

    public func text(_ language: Language) -> String { language == .nl ? nl : en }

    /// `place` (a file and line, an option) in front of both languages.
    public func at(_ place: String) -> Phrase { Phrase(place + en, nl: place + nl) }

    /// "`field` `self`", with the value given: English ends on `, got VALUE`; Dutch puts it at
    /// `{got}` or ends on `, niet VALUE` (`moet 1, 2 of 3 zijn, niet 4`).
    public func about(_ field: String, got value: String?) -> Phrase {
        func prefixed(_ text: String) -> String { field.isEmpty ? text : "\(field) \(text)" }
        guard let value else {
            assert(!nl.contains("{got}"), "a phrase written for a value, said without one: \(nl)")
            // A phrase written for a value, said without one: no placeholder shows.
            return Phrase(prefixed(en), nl: prefixed(nl.replacingOccurrences(of: "{got} ", with: "").replacingOccurrences(of: "{got}", with: "")))
        }
        let dutch = nl.contains("{got}") ? nl.replacingOccurrences(of: "{got}", with: value) : nl + ", niet \(value)"
        return Phrase(prefixed(en) + ", got \(value)", nl: prefixed(dutch))
    }
}

/// An error that can be told in the reader's language (a front end asks with the language it
/// was given).
public protocol ReadableError: Error {
    /// The error in `language`.
    func text(_ language: Language) -> String
}

/// One thing wrong with one record, said so that a teacher can fix it:
/// `placement 12: track must be 1, 2 or 3, got 4`.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The kind of record: `placement`, `observation`, ...
    public var record: String
    /// Which one: its id, or its place in a batch (`#3`).
    public var reference: String
    /// The field at fault (`track`), or `""` for the record as a whole.
    public var field: String
    /// What is wrong, starting with the field: `track must be 1, 2 or 3, got 4`.
    public var problem: String
    /// The record's place (0-based) in the batch it came in, to point back into a file.
    public var position: Int?
    /// ``problem`` in Dutch (nil: said in English only).
    public var dutch: String?

    public init(record: String, reference: String, field: String, problem: String, position: Int? = nil, dutch: String? = nil) {
        self.record = record
        self.reference = reference
        self.field = field
        self.problem = problem
        self.position = position
        self.dutch = dutch
    }

    /// An issue said in both languages.
    public init(record: String, reference: String, field: String, problem: Phrase, position: Int? = nil) {
        self.init(record: record, reference: reference, field: field, problem: problem.en, position: position, dutch: problem.nl)
    }

    /// What is wrong, starting with the field, in `language`.
    public func problem(_ language: Language) -> String { language == .nl ? dutch ?? problem : problem }

    public var description: String { "\(record) \(reference): \(problem)" }

    /// ``description`` in `language`.
    public func text(_ language: Language) -> String {
        "\(language == .nl ? RecordNames.dutch(record) : record) \(reference): \(problem(language))"
    }

}

/// A batch that was refused, with every issue found in it. Nothing was written.
public struct ValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }

    /// ``description`` in `language`.
    public func text(_ language: Language) -> String { issues.map { $0.text(language) }.joined(separator: "\n") }
}

/// Collects the issues of one record.
public struct IssueCollector {
    let record: String
    let reference: String
    public private(set) var issues: [ValidationIssue] = []

    public init(record: String, reference: String) {
        self.record = record
        self.reference = reference
    }

    /// Adds `field <rule>, got <value>` (or `field <rule>` when `got` is nil), in both languages.
    public mutating func add(_ field: String, _ rule: Phrase, got value: Any? = nil) {
        let problem = rule.about(field, got: value.map(Self.show))
        issues.append(ValidationIssue(record: record, reference: reference, field: field, problem: problem))
    }

    /// Requires a non-blank text.
    public mutating func requireText(_ field: String, _ value: String?, maxLength: Int = 200) {
        guard let value, !value.allSatisfy(\.isWhitespace) else {
            add(field, Phrase.required)
            return
        }
        if value.count > maxLength {
            add(field, Phrase("must be at most \(maxLength) characters", nl: "mag hoogstens \(maxLength) tekens lang zijn (nu {got})"),
                got: value.count)
        }
    }

    /// Requires an identifier: letters, digits, `-`, `_`, `.`, `/`, 1 to 64 of them.
    public mutating func requireID(_ field: String, _ value: String?) {
        guard let value, !value.isEmpty else {
            add(field, Phrase.required)
            return
        }
        if !Self.isID(value) {
            add(field, Phrase("must be 1 to 64 letters, digits, '-', '_', '.' or '/'",
                              nl: "moet uit 1 tot en met 64 tekens bestaan: letters, cijfers, '-', '_', '.' of '/'"), got: value)
        }
    }

    public mutating func optionalID(_ field: String, _ value: String?) {
        if let value { requireID(field, value) }
    }

    public static func isID(_ value: String) -> Bool {
        // On bytes: every id of every imported row passes here (Unicode properties and a
        // Character count were a twentieth of an import). Only ASCII is allowed, so a byte is
        // a character.
        let bytes = value.utf8
        return (1...64).contains(bytes.count) && bytes.allSatisfy { b in
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"):
                return true
            default:
                return false
            }
        }
    }

    static func show(_ value: Any) -> String {
        if let text = value as? String { return "'\(Quoted.shortened(text))'" }
        return Quoted.shortened("\(value)")
    }
}

extension Phrase {
    /// A field left empty.
    public static let required = Phrase("is required", nl: "is verplicht")
}

/// The records' names as messages use them (``ValidatableRecord/recordName``), in Dutch.
package enum RecordNames {
    /// `name` in Dutch (`placement` → `plaatsing`); a name not known stays as it is.
    package static func dutch(_ name: String) -> String { names[name] ?? name }

    static let names = ["central result": "resultaat van de Vlaamse toetsen", "class teacher": "klasleerkracht", "class": "klas",
                        "coach assignment": "coachtoewijzing", "feedback": "feedback", "goal": "doel", "instrument": "kijkwijzer",
                        "learning walk": "leerwandeling", "observation": "observatie", "period": "periode", "placement": "spoorindeling",
                        "prompt": "gesprekspunt", "pupil": "leerling", "result": "resultaat", "rule state": "regelgeheugen",
                        "school": "school", "suggestion": "suggestie", "teacher": "leerkracht", "coach": "coach"]
}

/// A record that can check itself before it is stored.
public protocol ValidatableRecord: Sendable {
    /// The record's kind as users name it in messages: `placement`.
    static var recordName: String { get }
    /// Adds every problem with this record's own fields (references to other records are
    /// checked by the store).
    func validate(into issues: inout IssueCollector)
}

extension ValidatableRecord {
    /// The issues of this record, referred to as `reference`.
    public func issues(reference: String) -> [ValidationIssue] {
        var collector = IssueCollector(record: Self.recordName, reference: reference)
        validate(into: &collector)
        return collector.issues
    }
}

/// A value as error messages quote it: at most 60 characters, control characters escaped, so
/// that a 10 MB field or a terminal escape in a file can neither flood nor forge the output.
public enum Quoted {
    /// `text` in one line, control characters escaped, cut after `limit` characters with how
    /// many there were (`total`, when `text` is itself a cut of a longer one).
    public static func shortened(_ text: String, limit: Int = 60, total: Int? = nil) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "… (\(total ?? text.unicodeScalars.count) characters)" }
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
