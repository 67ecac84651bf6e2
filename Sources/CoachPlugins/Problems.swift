import CoachCore
import Foundation

/// Unknown keys are refused: a misspelt `reflectieVraag` would otherwise vanish silently.
enum StrictKeys {
    indirect enum Shape: Sendable {
        case object([String: Shape])
        case array(Shape)
        case value
    }

    static let manifest: [String: Shape] = [
        "id": .value, "name": .value, "version": .value, "description": .value, "source": .value,
        "instruments": .array(.value), "rules": .array(.value), "legends": .array(.value),
        "mappings": .array(.value),
    ]

    static let mapping: [String: Shape] = [
        "id": .value, "description": .value, "kind": .value, "columns": .value, "defaults": .value, "items": .value,
        "answers": .value,
    ]

    static let legend: [String: Shape] = [
        "id": .value, "title": .value, "purpose": .value,
        "codes": .array(.object(["code": .value, "colour": .value, "meaning": .value])),
    ]

    static let instrument: [String: Shape] = [
        "id": .value, "version": .value, "title": .value, "scale": .value, "purpose": .value, "level": .value,
        "uses": .array(.value), "closingQuestions": .array(.value),
        "sections": .array(.object([
            "number": .value, "title": .value, "tips": .array(.value),
            "items": .array(.object(["key": .value, "text": .value, "example": .value, "reflectionQuestion": .value])),
        ])),
    ]

    static func check(_ object: [String: Any], allowed: [String: Shape], file: String, place: String?) -> [PluginProblem] {
        var problems: [PluginProblem] = []
        for key in object.keys.sorted() {
            let here = place.map { "\($0).\(key)" } ?? key
            guard let shape = allowed[key] else {
                let known = allowed.keys.sorted().joined(separator: ", ")
                problems.append(PluginProblem(file: file, place: here, Phrase("is not a known field (known: \(known))",
                                                                           nl: "is geen bekend veld (bekend: \(known))")))
                continue
            }
            problems += check(object[key]!, shape: shape, file: file, place: here)
        }
        return problems
    }

    private static func check(_ value: Any, shape: Shape, file: String, place: String) -> [PluginProblem] {
        switch shape {
        case .value: return []
        case .object(let fields):
            guard let object = value as? [String: Any] else { return [] } // the decoder reports the type
            return check(object, allowed: fields, file: file, place: place)
        case .array(let element):
            guard let array = value as? [Any] else { return [] }
            return array.enumerated().flatMap { n, item in check(item, shape: element, file: file, place: "\(place)[\(n)]") }
        }
    }
}

/// Turns a DecodingError into "where: what" for people.
enum DecodingProblem {

    static func describe(_ error: any Error, file: String) -> PluginProblem {
        guard let error = error as? DecodingError else {
            return PluginProblem(file: file, message: String(describing: error))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return PluginProblem(file: file, place: path(context.codingPath + [key]), .required)
        case .valueNotFound(_, let context):
            return PluginProblem(file: file, place: path(context.codingPath), .required)
        case .typeMismatch(let type, let context):
            return PluginProblem(file: file, place: path(context.codingPath),
                                 Phrase("must be \(name(of: type).en)", nl: "moet \(name(of: type).nl) zijn"))
        case .dataCorrupted(let context):
            return PluginProblem(file: file, place: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return PluginProblem(file: file, message: String(describing: error))
        }
    }

    static func path(_ keys: [any CodingKey]) -> String? {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return text.isEmpty ? nil : text
    }

    private static func name(of type: Any.Type) -> (en: String, nl: String) {
        switch type {
        case is String.Type: return ("text", "tekst")
        case is Int.Type: return ("a whole number", "een geheel getal")
        case is Double.Type: return ("a number", "een getal")
        case is Bool.Type: return ("true or false", "true of false")
        default:
            if String(describing: type).hasPrefix("Array") { return ("a list", "een lijst") }
            return ("an object", "een object")
        }
    }
}

/// Where in the file malformed JSON went wrong, when Foundation says.
enum JSONPosition {
    /// "is not valid JSON (line 3, column 7)", in both languages.
    static func describe(_ error: any Error, data: Data) -> Phrase {
        let (en, nl) = position(error, data: data)
        return Phrase("is not valid JSON (\(en))", nl: "is geen geldige JSON (\(nl))")
    }

    private static func position(_ error: any Error, data: Data) -> (en: String, nl: String) {
        let nsError = error as NSError
        let debug = nsError.userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
        // Darwin says NSJSONSerializationErrorIndex; Linux says "around character 26."
        var offset = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int
        if offset == nil, let range = debug.range(of: "character ") {
            offset = Int(debug[range.upperBound...].prefix(while: \.isNumber))
        }
        if let index = offset, index <= data.count {
            let before = data.prefix(index)
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = index - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return ("line \(line), column \(column)", "regel \(line), kolom \(column)")
        }
        // Foundation's own words are English only.
        return debug.isEmpty ? ("malformed", "verkeerd opgebouwd") : (debug, debug)
    }
}
