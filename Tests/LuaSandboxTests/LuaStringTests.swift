import Testing
import LuaSandbox

/// Lua strings keep their bytes exactly, whether stored inline (up to 15 bytes) or not.
struct LuaStringTests {
    @Test(arguments: [0, 1, 7, 8, 15, 16, 17, 100])
    func bytesSurviveAtEveryLength(_ length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
        let string = LuaString(bytes)
        #expect(Array(string) == bytes)
        #expect(string.count == length)
        #expect(string.withBytes { Array($0) } == bytes)
    }

    @Test
    func equalContentsAreEqualAndHashAlike() {
        let a = LuaString("feed-forward")
        let b = LuaString(Array("feed-forward".utf8))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(LuaString("x") != LuaString("x\0"))
    }

    @Test
    func textIsOnlyForValidUTF8() {
        #expect(LuaString("zelfregulatie ✓").text == "zelfregulatie ✓")
        #expect(LuaString([0xFF, 0x41]).text == nil)
        #expect(LuaString([0xFF, 0x41]).description == "\u{FFFD}A")
    }
}
