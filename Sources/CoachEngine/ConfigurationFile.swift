import CoachCore
import Foundation
import LuaSandbox

/// A deployment's configuration file (`coach.json`, or `--config`): the attention budget,
/// quarantine, rules in shadow mode or switched off, and parameter overrides for every school
/// or for one.
///
/// ```json
/// { "promptsPerTeacher": 2, "quarantineAfter": 3, "smallGroup": 3, "as": "coach:c-els",
///   "shadow": ["static-groups"], "disabled": [],
///   "params": { "persistent-track3": { "weeks": 8 } },
///   "schools": { "s-linde": { "params": { "success-band": { "low": 50 } } } } }
/// ```
public struct ConfigurationFile: Decodable {
    struct School: Decodable {
        var params: [String: [String: ParamValue]]?
    }

    /// A parameter value as JSON gives it.
    enum ParamValue: Decodable {
        case value(LuaValue)

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let b = try? single.decode(Bool.self) { self = .value(.boolean(b)) }
            else if let i = try? single.decode(Int64.self) { self = .value(.integer(i)) }
            else if let d = try? single.decode(Double.self) { self = .value(.number(d)) }
            else if let s = try? single.decode(String.self) { self = .value(.text(s)) }
            else if let list = try? single.decode([String].self) { self = .value(.array(list.map(LuaValue.text))) }
            else {
                throw DecodingError.dataCorruptedError(in: single, debugDescription: "a parameter is a number, text, true/false or a list of texts")
            }
        }

        var lua: LuaValue { if case .value(let v) = self { return v }; return .nil }
    }

    var promptsPerTeacher: Int?
    var quarantineAfter: Int?
    var smallGroup: Int?
    var `as`: String?
    var shadow: [String]?
    var disabled: [String]?
    var params: [String: [String: ParamValue]]?
    var schools: [String: School]?

    /// Reads `path` (default `coach.json`); a missing default file is no configuration, a
    /// broken one an error that names the file and the field.
    public static func load(_ path: String?) throws(ConfigurationError) -> EngineConfiguration {
        let file = path ?? "coach.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            if path != nil { throw ConfigurationError(Phrase("cannot read the configuration \(file)", nl: "kan de configuratie \(file) niet lezen")) }
            return EngineConfiguration()
        }
        return try load(data: data, file: file)
    }

    /// Reads a configuration's text; `file` names it in messages.
    public static func load(data: Data, file: String) throws(ConfigurationError) -> EngineConfiguration {
        var configuration = EngineConfiguration()
        // A key spelled wrong would be a setting silently not made ("disabeld": the rule the
        // team switched off still runs): every key must be one this version reads.
        let invalid = Phrase("\(file): not valid JSON", nl: "\(file): geen geldige JSON")
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw ConfigurationError(invalid) }
        guard let top = object as? [String: Any] else {
            throw ConfigurationError(Phrase("\(file): must be a JSON object, like { \"disabled\": [\"static-groups\"] }",
                                            nl: "\(file): moet een JSON-object zijn, zoals { \"disabled\": [\"static-groups\"] }"))
        }
        let known = ["promptsPerTeacher", "quarantineAfter", "smallGroup", "as", "shadow", "disabled", "params", "schools"]
        if let key = top.keys.sorted().first(where: { !known.contains($0) }) {
            let settings = known.joined(separator: ", ")
            throw ConfigurationError(Phrase("\(file): '\(Quoted.shortened(key))' is not a setting (the settings: \(settings))",
                                            nl: "\(file): '\(Quoted.shortened(key))' is geen instelling (de instellingen: \(settings))"))
        }
        for (school, value) in (top["schools"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let key = (value as? [String: Any])?.keys.sorted().first(where: { $0 != "params" }) {
                let at = "\(file): schools.\(Quoted.shortened(school)): '\(Quoted.shortened(key))'"
                throw ConfigurationError(Phrase("\(at) is not a setting (a school has params)",
                                                nl: "\(at) is geen instelling (een school heeft alleen params)"))
            }
        }
        let parsed: ConfigurationFile
        do {
            parsed = try JSONDecoder().decode(ConfigurationFile.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(error.said.at("\(file): "))
        } catch {
            throw ConfigurationError(invalid)
        }
        if let n = parsed.promptsPerTeacher {
            guard n >= 1 else {
                throw ConfigurationError(Phrase("\(file): promptsPerTeacher must be at least 1, got \(n)",
                                                nl: "\(file): promptsPerTeacher moet minstens 1 zijn, niet \(n)"))
            }
            configuration.promptsPerTeacher = n
        }
        if let k = parsed.quarantineAfter {
            guard k >= 1 else {
                throw ConfigurationError(Phrase("\(file): quarantineAfter must be at least 1, got \(k)",
                                                nl: "\(file): quarantineAfter moet minstens 1 zijn, niet \(k)"))
            }
            configuration.quarantineAfter = k
        }
        if let k = parsed.smallGroup {
            guard k >= 2 else {
                throw ConfigurationError(Phrase("\(file): smallGroup must be at least 2 (fewer would show one person), got \(k)",
                                                nl: "\(file): smallGroup moet minstens 2 zijn (minder zou één persoon tonen), niet \(k)"))
            }
            configuration.smallGroup = k
        }
        configuration.role = parsed.as
        configuration.shadow = Set(parsed.shadow ?? [])
        configuration.disabled = Set(parsed.disabled ?? [])
        configuration.params = (parsed.params ?? [:]).mapValues { $0.mapValues(\.lua) }
        configuration.schoolParams = (parsed.schools ?? [:]).mapValues { ($0.params ?? [:]).mapValues { $0.mapValues(\.lua) } }
        return configuration
    }
}

/// A configuration file that cannot be used, in one line, in the reader's language.
public struct ConfigurationError: ReadableError, Sendable, CustomStringConvertible {
    public var description: String
    /// ``description`` in Dutch (nil: said in English only).
    public private(set) var dutch: String?

    public init(_ description: String) { self.description = description }

    /// An error said in both languages.
    public init(_ said: Phrase) {
        description = said.en
        dutch = said.nl
    }

    public func text(_ language: Language) -> String { language == .nl ? dutch ?? description : description }
}
