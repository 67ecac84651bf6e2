import CoachCore
import Foundation
import Testing

/// Event payloads are JSON any reader parses back to what was put in.
struct EventTests {
    @Test
    func aPayloadIsValidJSONWithEveryValueAsGiven() throws {
        let awkward = "say \"hi\"\\ \n\r\t \u{1} é 🙂"
        var object = JSONObject()
        object.add("id", Int64(-42))
        object.add("count", 7)
        object.add("text", awkward)
        object.add("missing", nil as String?)
        object.add("mastery", 0.625)
        object.add("whole", 80.0)
        object.add("shared", true)
        object.add("codes", ["a", "b\"c"])
        object.add("nested", json: #"{"x":1}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(object.json.utf8)) as? [String: Any])
        #expect(parsed["id"] as? Int == -42 && parsed["count"] as? Int == 7)
        #expect(parsed["text"] as? String == awkward)
        #expect(parsed["missing"] == nil)
        #expect(parsed["mastery"] as? Double == 0.625 && parsed["whole"] as? Int == 80)
        #expect(parsed["shared"] as? Bool == true)
        #expect(parsed["codes"] as? [String] == ["a", "b\"c"])
        #expect((parsed["nested"] as? [String: Any])?["x"] as? Int == 1)
        #expect(object.json.hasPrefix(#"{"id":-42,"count":7,"text":"say \"hi\"\\ \n\r\t \u0001 é 🙂","#))
    }

    @Test
    func emptyObjectsAndArraysAreWrittenShort() {
        #expect(JSONObject().json == "{}")
        #expect(JSONObject.array([]) == "[]")
        #expect(JSONObject.quote("a\"b") == #""a\"b""#)
    }
}
