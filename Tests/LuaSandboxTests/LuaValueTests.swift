import Testing
import LuaSandbox

/// Values cross both ways unchanged: what Swift passes in is what Lua hands back.
struct LuaValueTests {
    @Test(arguments: [
        LuaValue.nil, true, false, 0, -7, .integer(.max), .integer(.min), 2.5, -0.125, 1e300,
        "", "plain", .bytes([0x61, 0x00, 0x62, 0xFF]), "ünïcode ✓",
        [1, 2, 3], [], ["nested": [1, ["deep": true]]], [1: "a", 3: "c"], [2.5: "float key", true: "bool key"],
    ])
    func roundTrip(_ value: LuaValue) throws {
        let sandbox = try LuaSandbox()
        let identity = try sandbox.load("return ...", chunkName: "identity.lua")
        #expect(try sandbox.call(identity, [value]) == [value])
    }

    @Test
    func integersAndFloatsStayApart() throws {
        let sandbox = try LuaSandbox()
        let results = try sandbox.run("return 3, 3.0, 7 // 2, 7 / 2, math.maxinteger + 1 == math.mininteger", chunkName: "n.lua")
        #expect(results == [.integer(3), .number(3.0), .integer(3), .number(3.5), .boolean(true)])
    }

    @Test
    func stringsAreBytesWithNUL() throws {
        let sandbox = try LuaSandbox()
        let results = try sandbox.run(#"return "a\0b", #"a\0b", "\xff\xfe""#, chunkName: "s.lua")
        #expect(results == [.bytes([0x61, 0, 0x62]), .integer(3), .bytes([0xFF, 0xFE])])
        #expect(results[2].stringValue == nil, "not UTF-8, so no text")
    }

    @Test
    func tablesBecomeArraysOnlyWhenDense() throws {
        let sandbox = try LuaSandbox()
        let results = try sandbox.run("return {10, 20}, {10, nil, 30}, {[1] = 'a', [2] = 'b'}, {x = 1}, {}", chunkName: "t.lua")
        #expect(results == [
            [10, 20],
            .map([1: 10, 3: 30]),
            ["a", "b"],
            ["x": 1],
            [],
        ])
    }

    @Test
    func functionsComeBackAsReferencesThatCanBeCalled() throws {
        let sandbox = try LuaSandbox()
        let results = try sandbox.run("return { run = function(x) return x + 1 end }", chunkName: "rule.lua")
        guard case .function(let run) = results.first?["run"] else {
            Issue.record("no function in \(results)")
            return
        }
        #expect(try sandbox.call(run, [41]) == [42])
        sandbox.release(run)
        #expect(throws: LuaError(kind: .invalidValue, message: "the function was released")) {
            try sandbox.call(run, [1])
        }
    }

    @Test
    func referencesDoNotCrossSandboxes() throws {
        let one = try LuaSandbox()
        let other = try LuaSandbox()
        let f = try one.load("return 1", chunkName: "one.lua")
        #expect(throws: LuaError(kind: .invalidValue, message: "the function belongs to another sandbox")) {
            try other.call(f)
        }
    }

    @Test
    func invalidKeysAreRefusedBeforeReachingLua() throws {
        let sandbox = try LuaSandbox()
        let identity = try sandbox.load("return ...", chunkName: "identity.lua")
        #expect(throws: LuaError(kind: .invalidValue, message: "a table key cannot be NaN")) {
            try sandbox.call(identity, [.map([.number(.nan): 1])])
        }
        // And the sandbox is fine afterwards.
        #expect(try sandbox.call(identity, [1]) == [1])
    }

    @Test
    func descriptionsReadLikeLua() {
        #expect(LuaValue.map(["b": [1, 2.5], "a": "x y", "end": .nil, 3: true]).description
                == #"{[3] = true, a = "x y", b = {1, 2.5}, ["end"] = nil}"#)
        #expect(LuaValue.number(1e100).description == "1e+100")
        #expect(LuaValue.number(2).description == "2.0")
        #expect(LuaValue.text("top level").description == "top level")
    }
}
