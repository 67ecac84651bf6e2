import Testing
import LuaSandbox

/// Errors say their kind, the chunk and line, and carry a traceback.
struct LuaErrorTests {
    @Test
    func syntaxErrorsNameChunkAndLine() throws {
        let sandbox = try LuaSandbox()
        let error = try #require(throws: LuaError.self) {
            try sandbox.load("local a = 1\nlocal b = = 2", chunkName: "focus-section.lua")
        }
        #expect(error == LuaError(kind: .syntax, chunk: "focus-section.lua", line: 2,
                                  message: "unexpected symbol near '='"))
    }

    @Test
    func runtimeErrorsCarryATraceback() throws {
        let sandbox = try LuaSandbox()
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("""
                local function inner(t) local v = t.missing.field return v end
                local function outer() local v = inner({}) return v end
                local result = outer()
                return result
                """, chunkName: "trace.lua")
        }
        #expect(error.kind == .runtime)
        #expect(error.location == "trace.lua:1")
        #expect(error.message == "attempt to index a nil value (field 'missing')")
        let traceback = try #require(error.traceback)
        #expect(traceback.contains("trace.lua:1: in upvalue 'inner'"))
        #expect(traceback.contains("trace.lua:2: in local 'outer'"))
        #expect(traceback.contains("trace.lua:3: in main chunk"))
    }

    @Test
    func errorWithLevelPointsAtTheCaller() throws {
        let sandbox = try LuaSandbox()
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("""
                local function check(x) if not x then error("x is required", 2) end end
                check(nil)
                """, chunkName: "level.lua")
        }
        #expect(error.location == "level.lua:2")
        #expect(error.message == "x is required")
    }

    @Test
    func timeLimitsNameTheLineThatWasRunning() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 10_000))
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("local x = 0\nwhile true do\n  x = x + 1\nend", chunkName: "spin.lua")
        }
        #expect(error.kind == .timeLimit)
        #expect(error.chunk == "spin.lua")
        #expect(error.line == 2 || error.line == 3)
        #expect(error.message == "used more than 10000 instructions")
    }

    @Test
    func aBudgetIsPerCall() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 50_000))
        let rule = try sandbox.load("return function() local s = 0 for i = 1, 5000 do s = s + i end return s end",
                                    chunkName: "per-call.lua")
        guard case .function(let run) = try sandbox.call(rule).first else { return }
        for _ in 0..<100 {
            #expect(try sandbox.call(run) == [12_502_500])
        }
    }

    @Test
    func splitsLocationsWithColonsInTheMessage() {
        #expect(LuaSandbox.splitLocationForTesting("a.lua:12: x: y") == "a.lua|12|x: y")
        #expect(LuaSandbox.splitLocationForTesting("no location: here") == nil)
    }
}
