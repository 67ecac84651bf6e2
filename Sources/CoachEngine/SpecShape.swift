import CoachCore
import LuaSandbox

/// What a spec's case may say: a misspelt field (`feedbacks`, `txt`, `expected`) is refused
/// rather than passed over, so that a case never passes because it checked nothing.
enum SpecShape {
    static let body: Set<String> = ["given", "when", "expect", "params"]
    static let given: [String: Set<String>] = [
        "school": ["language", "level", "region"],
        "pupils": ["id", "class", "alias", "since", "left"],
        "goals": ["id", "title", "follows", "criteria", "subject"],
        "teachers": ["id"],
        "instruments": ["id", "scale", "items", "level"],
        "period": ["name", "start", "end", "focus"],
        "observations": ["instrument", "scores", "kind", "teacher", "class", "version", "date", "video", "shared", "work_on"],
        "feedback": ["class", "pupil", "teacher", "goal", "date", "level", "question", "timing", "form", "growth_points", "text", "codes"],
        "placements": ["pupil", "class", "goal", "track", "from", "to", "decided_by", "pupil_involved"],
        "results": ["pupil", "goal", "date", "kind", "score", "maximum", "mastery"],
        "walks": ["instrument", "findings", "date"],
        "central": ["year", "school", "flemish", "similar", "grade", "domain", "gain"],
    ]
    /// `given` fields that hold one table rather than a list of them.
    static let single: Set<String> = ["school", "period"]
    static let when: Set<String> = ["event", "week", "suggest"]
    static let suggestion: Set<String> = ["teacher", "day", "class", "goal"]
    static let expectedPrompt: Set<String> = ["to", "key", "teacher", "class", "priority", "focus", "text", "next_step", "evidence", "why"]
    static let expectedSuggestion: Set<String> = ["text", "priority", "class", "goal", "evidence", "example", "why", "next_step"]

    /// Throws on the first field a case may not have, naming where it is.
    static func check(_ body: LuaValue) throws(SpecRunner.SpecError) {
        try only(body, body: Self.body, "the case")
        if body["given"] != .nil {
            try only(body["given"], body: Set(given.keys), "given")
            for (field, allowed) in given.sorted(by: { $0.key < $1.key }) where body["given"][field] != .nil {
                if single.contains(field) {
                    try only(body["given"][field], body: allowed, "given.\(field)")
                    continue
                }
                guard case .array(let items) = body["given"][field] else {
                    throw SpecRunner.SpecError(description: "given.\(field) must be a list: \(field) = { { ... }, { ... } }")
                }
                for (n, item) in items.enumerated() where !(field == "teachers" && item.stringValue != nil) {
                    try only(item, body: allowed, "given.\(field)[\(n + 1)]")
                }
            }
        }
        try only(body["when"], body: when, "when")
        let suggesting = body["when"]["suggest"] != .nil
        if suggesting { try only(body["when"]["suggest"], body: suggestion, "when.suggest") }
        if case .array(let items) = body["expect"] {
            for (n, item) in items.enumerated() {
                let place = "expect[\(n + 1)]"
                try only(item, body: suggesting ? expectedSuggestion : expectedPrompt, place)
                // A value of another kind would never match, or match anything: `priority = "9"`
                // was passed over, and so was a list of references as `evidence`.
                for field in ["priority", "evidence"] where item[field] != .nil && item[field].integerValue == nil {
                    throw SpecRunner.SpecError(description: "\(place).\(field): \(shown(item[field])) is not a whole number"
                                               + (field == "evidence" ? " (how many records the evidence holds)" : ""))
                }
                if item["focus"] != .nil, case .boolean = item["focus"] {} else if item["focus"] != .nil {
                    throw SpecRunner.SpecError(description: "\(place).focus: \(shown(item["focus"])) is not true or false")
                }
                for field in ["to", "key", "teacher", "class", "goal", "text", "next_step", "why"]
                where item[field] != .nil && item[field].stringValue == nil {
                    throw SpecRunner.SpecError(description: "\(place).\(field): \(shown(item[field])) is not a text")
                }
                if item["example"] != .nil, item["example"].stringValue == nil, item["example"] != .boolean(false) {
                    throw SpecRunner.SpecError(description: "\(place).example: \(shown(item["example"])) is not a text or false")
                }
            }
        }
    }

    private static func only(_ table: LuaValue, body allowed: Set<String>, _ place: String) throws(SpecRunner.SpecError) {
        guard case .map(let fields) = table else { return }
        for key in fields.keys {
            guard let name = key.stringValue, allowed.contains(name) else {
                let near = key.stringValue.flatMap { Spelling.nearest($0, among: allowed.sorted()) }
                throw SpecRunner.SpecError(description: "\(place): '\(Quoted.shortened(key.description))' is not a field here"
                                           + (near.map { " (did you mean '\($0)'?)" } ?? "")
                                           + " (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    /// The value of an enumeration a case names, or its default when the case names none; a
    /// value that is not one of them is refused (`level = "Person"` was read as task).
    static func choice<T: RawRepresentable & CaseIterable>(_ value: LuaValue, _ fallback: T, _ place: String) throws(SpecRunner.SpecError) -> T
        where T.RawValue == String
    {
        if value == .nil { return fallback }
        if let text = value.stringValue, let chosen = T(rawValue: text) { return chosen }
        throw SpecRunner.SpecError(description: "\(place): \(shown(value)) is not one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
    }

    /// A whole number a case gives, or its default; text or a fraction is refused.
    static func whole(_ value: LuaValue, _ fallback: Int, _ place: String) throws(SpecRunner.SpecError) -> Int {
        if value == .nil { return fallback }
        guard let number = value.integerValue else {
            throw SpecRunner.SpecError(description: "\(place): \(shown(value)) is not a whole number")
        }
        return Int(number)
    }

    /// A value as a case wrote it: text in quotes, so that `"3"` is not read as 3.
    static func shown(_ value: LuaValue) -> String {
        value.stringValue.map { "\"\(Quoted.shortened($0))\"" } ?? value.description
    }
}
