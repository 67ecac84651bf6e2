import Testing
import LuaSandbox

/// Swift functions called from Lua: arguments in, results out, failures as Lua errors that
/// the trampoline raises after the Swift frame has returned.
struct HostFunctionTests {
    @Test
    func argumentsAndResultsCross() throws {
        let sandbox = try LuaSandbox()
        var seen: [LuaValue] = []
        sandbox.register("record") { arguments in
            seen = arguments
            return [.integer(Int64(arguments.count)), "ok"]
        }
        let results = try sandbox.run("return record(1, 'two', { three = 3 }, nil)", chunkName: "h.lua")
        #expect(results == [4, "ok"])
        #expect(seen == [1, "two", ["three": 3], .nil])
    }

    @Test
    func aThrowingHostFunctionIsAHostFunctionError() throws {
        let sandbox = try LuaSandbox()
        sandbox.register("prompt") { _ in throw LuaHostError("'to' must be coach, teacher or team") }
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("local x = 1\nprompt{ to = 'nobody' }", chunkName: "rule.lua")
        }
        #expect(error.kind == .hostFunction)
        #expect(error.chunk == "rule.lua")
        #expect(error.line == 2)
        #expect(error.message == "prompt: 'to' must be coach, teacher or team")
        #expect(error.description == "host function error: rule.lua:2: prompt: 'to' must be coach, teacher or team")
    }

    @Test
    func aRuleCanCatchAHostErrorAndGoOn() throws {
        let sandbox = try LuaSandbox()
        sandbox.register("fail") { _ in throw LuaHostError("no") }
        let results = try sandbox.run("""
            local ok, err = pcall(function() local r = fail() return r end)
            return ok, err
            """, chunkName: "catch.lua")
        #expect(results == [false, "catch.lua:1: fail: no"])
    }

    @Test
    func hostErrorsInsideProtectedLoopsNeverCorruptTheState() throws {
        let sandbox = try LuaSandbox()
        var calls = 0
        sandbox.register("flaky") { arguments in
            calls += 1
            if calls % 2 == 0 { throw LuaHostError("even call") }
            return arguments
        }
        let results = try sandbox.run("""
            local ok = 0
            for i = 1, 10000 do if pcall(flaky, i, ("x"):rep(100)) then ok = ok + 1 end end
            return ok
            """, chunkName: "loop.lua")
        #expect(results == [5000])
        #expect(calls == 10000)
    }

    @Test
    func hostFunctionsInsideTablesWorkAsAContext() throws {
        let sandbox = try LuaSandbox()
        let double = sandbox.hostFunction("double") { [.integer(($0.first?.integerValue ?? 0) * 2)] }
        let rule = try sandbox.load("return function(ctx) return ctx.double(21) end", chunkName: "ctx.lua")
        guard case .function(let run) = try sandbox.call(rule).first else {
            Issue.record("no function")
            return
        }
        #expect(try sandbox.call(run, [["double": double]]) == [42])
    }

    @Test
    func registeredFunctionsAreReadOnlyToRules() throws {
        let sandbox = try LuaSandbox()
        sandbox.register("helper") { _ in ["real"] }
        _ = try sandbox.run("helper = function() return 'fake' end", chunkName: "a.lua")
        #expect(try sandbox.run("return helper()", chunkName: "b.lua") == ["real"])
    }

    @Test
    func aHostFunctionCannotReenterItsSandbox() throws {
        let sandbox = try LuaSandbox()
        let inner = try sandbox.load("return 1", chunkName: "inner.lua")
        sandbox.register("reenter") { _ in try sandbox.call(inner) }
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("return reenter()", chunkName: "outer.lua")
        }
        #expect(error.kind == .hostFunction)
        #expect(error.message.contains("called back into its sandbox"))
    }

    @Test
    func oversizedArgumentsFailTheCallNotTheProcess() throws {
        var limits = LuaLimits()
        limits.maxValueItems = 100
        let sandbox = try LuaSandbox(limits: limits)
        sandbox.register("take") { _ in [] }
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("local t = {} for i = 1, 1000 do t[i] = i end take(t)", chunkName: "big.lua")
        }
        #expect(error.kind == .hostFunction)
        #expect(error.message == "take: argument #1 has more than 100 values")
    }
}

/// Time spent in host functions counts against the call's deadline.
struct HostFunctionDeadlineTests {
    @Test
    func slowHostFunctionsHitTheTimeLimit() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(timeout: .milliseconds(100)))
        sandbox.register("slow") { _ in
            let clock = ContinuousClock()
            let until = clock.now + .milliseconds(30)
            while clock.now < until {}
            return []
        }
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("for i = 1, 20 do slow() end", chunkName: "slow.lua")
        }
        #expect(error.kind == .timeLimit)
        #expect(error.message == "ran longer than 100 ms")
    }
}
