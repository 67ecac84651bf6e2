@testable import CoachEngine
import Foundation
import LuaSandbox
import Testing

/// Event payloads and rule states are read by our own JSON reader: it must agree with
/// Foundation's on everything it accepts, and leave the rest to it.
struct LuaJSONTests {
    /// The reference: Foundation's decoder, without the nils a map does not keep.
    static func viaFoundation(_ text: String) -> LuaValue {
        func clean(_ value: LuaValue) -> LuaValue {
            switch value {
            case .map(let map): return .map(map.filter { $0.value != .nil }.mapValues(clean))
            case .array(let items): return .array(items.map(clean))
            default: return value
            }
        }
        return clean(LuaJSON.decoded(text))
    }

    @Test(arguments: [
        #"{"id":12,"teacher":"t-an","class":null,"shared":false,"date":"2026-10-05"}"#,
        #"{"week":"2026-W41","from":"2026-10-05","to":"2026-10-11"}"#,
        #" { "a" : [1, 2, {"b": "c\"d\\e\nf"}], "x": -3, "ok": true } "#,
        #"{"nested":{"deeper":{"list":[]}},"empty":{}}"#,
        #"{"é":"ß ✓ 漢字"}"#,
    ])
    func agreesWithFoundation(_ text: String) {
        var utf8 = text.utf8[...]
        let fast = LuaJSON.FastJSON.value(&utf8)
        #expect(fast != nil, "the fast reader takes \(text)")
        #expect(LuaJSON.value(fromJSON: text) == Self.viaFoundation(text))
    }

    @Test(arguments: [#"{"a":"\u00e9"}"#, #"{"a":1.5e3}"#, #"[0.25, -1]"#])
    func whatItDoesNotTakeStillReads(_ text: String) {
        #expect(LuaJSON.value(fromJSON: text) == Self.viaFoundation(text))
    }

    @Test(arguments: [#"{"a":}"#, #"{"a" 1}"#, "[1,2", #"{"a":1} x"#, "tru"])
    func brokenTextIsNil(_ text: String) {
        #expect(LuaJSON.value(fromJSON: text) == .nil)
    }
}
