import Testing
import LuaSandbox

/// A snippet a careless or hostile rule author might write, and how it must end.
struct Hostile: CustomTestStringConvertible, Sendable {
    var name: String
    var source: String
    /// nil: the snippet must succeed (the attack is answered without an error).
    var kind: LuaError.Kind?
    var message: String? = nil
    var limits = Hostile.testLimits

    static let testLimits = LuaLimits(instructions: 5_000_000_000, timeout: .milliseconds(250),
                                      memoryBytes: 16 << 20)
    static let instructionLimits = LuaLimits(instructions: 200_000, timeout: .seconds(5),
                                             memoryBytes: 16 << 20)

    var testDescription: String { name }
}

/// One case per way out of the sandbox we know of; each must end within its budget plus
/// 0.5 s with the right kind of error, and leave the sandbox able to run a normal rule.
@Suite(.serialized)
struct HostileSnippetTests {
    static let cases: [Hostile] = [
        // Budgets: loops, pcall, coroutines, handlers, __close.
        Hostile(name: "endless loop", source: "while true do end", kind: .timeLimit),
        Hostile(name: "endless loop, instruction budget", source: "local i = 0 while true do i = i + 1 end",
                kind: .timeLimit, message: "used more than 200000 instructions", limits: Hostile.instructionLimits),
        Hostile(name: "endless loop inside pcall, retried", source: """
            local function spin() while true do end end
            while true do pcall(spin) end
            """, kind: .timeLimit),
        Hostile(name: "pcall swallows the stop and returns", source: """
            return pcall(function() while true do end end)
            """, kind: .timeLimit),
        Hostile(name: "endless loop in a coroutine", source: """
            coroutine.wrap(function() while true do end end)()
            """, kind: .timeLimit),
        Hostile(name: "coroutine.resume swallowing the stop", source: """
            local co = coroutine.create(function() while true do end end)
            while true do coroutine.resume(co) end
            """, kind: .timeLimit),
        Hostile(name: "coroutines nested a thousand deep", source: """
            local function dive(n) return coroutine.wrap(function() return dive(n + 1) end)() end
            return dive(1)
            """, kind: .runtime),
        Hostile(name: "xpcall with a looping handler", source: """
            return xpcall(function() while true do end end, function() while true do end end)
            """, kind: .timeLimit),
        Hostile(name: "xpcall handler loops after an ordinary error", source: """
            return xpcall(function() error("x") end, function() while true do end end)
            """, kind: .timeLimit),
        Hostile(name: "looping __close during an error", source: """
            do
              local guard <close> = setmetatable({}, { __close = function() while true do end end })
              error("boom")
            end
            """, kind: .timeLimit),
        Hostile(name: "looping __close on a normal exit", source: """
            do local guard <close> = setmetatable({}, { __close = function() while true do end end }) end
            """, kind: .timeLimit),
        Hostile(name: "__gc finalizer", source: """
            setmetatable({}, { __gc = function() while true do end end })
            """, kind: .runtime, message: "__gc metamethods are not allowed in rules"),
        Hostile(name: "__gc placeholder filled in later", source: """
            local mt = { __gc = true }
            setmetatable({}, mt)
            mt.__gc = function() while true do end end
            """, kind: .runtime, message: "__gc metamethods are not allowed in rules"),
        Hostile(name: "deep recursion", source: "local function f(n) return 1 + f(n + 1) end return f(1)",
                kind: .memoryLimit),
        Hostile(name: "deep recursion through pcall (C stack)", source: """
            local function f() return pcall(f) end return f()
            """, kind: nil),
        // C calls a count hook cannot interrupt.
        Hostile(name: "huge string.rep", source: "return string.rep('x', 1e10)", kind: .runtime,
                message: "string.rep: result is over the sandbox limit of 4194304 bytes"),
        Hostile(name: "string.rep of the empty string 1e15 times", source: "return #string.rep('', 1e15), #('').rep('', 1e15, '')",
                kind: nil),
        Hostile(name: "huge table.move", source: "return table.move({}, 1, 1e12, 2)", kind: .runtime,
                message: "table.move: 1000000000000 elements is over the sandbox limit of 1048576"),
        Hostile(name: "table.move over the whole integer range", source: "return table.move({}, math.mininteger, -2, 1)",
                kind: .runtime),
        Hostile(name: "table.concat over a table of C-made strings", source: """
            local t = setmetatable({}, { __index = tostring })
            return table.concat(t, "", 1, 1e12)
            """, kind: .runtime),
        Hostile(name: "sorting references to one long string", source: """
            local s = string.rep("a", 4000000)
            local t = {}
            for i = 1, 5000 do t[i] = s end
            table.sort(t)
            """, kind: .timeLimit),
        Hostile(name: "backtracking find", source: """
            return string.rep("a", 100000):find(".-.-.-.-b")
            """, kind: .timeLimit),
        Hostile(name: "backtracking match through the string metatable", source: """
            return (("a"):rep(60000)):match("^(.-)%s*(.-)%s*(.-)$x")
            """, kind: .timeLimit),
        Hostile(name: "backtracking gsub", source: """
            return (string.rep("ab", 50000)):gsub("a.-a.-a.-c", "")
            """, kind: .timeLimit),
        Hostile(name: "backtracking gmatch", source: """
            for w in (string.rep("x", 50000)):gmatch("x*x*x*y") do end
            """, kind: .timeLimit),
        Hostile(name: "pattern too complex", source: "return ('a'):rep(300):match(('(a)'):rep(33))",
                kind: .runtime, message: "too many captures"),
        // Memory.
        Hostile(name: "table memory bomb", source: """
            local t = {} local i = 0
            while true do i = i + 1 t[i] = { i, i, i } end
            """, kind: .memoryLimit),
        Hostile(name: "string doubling", source: "local s = 'x' while true do s = s .. s end", kind: .memoryLimit),
        Hostile(name: "memory bomb caught by pcall, memory kept", source: """
            local keep = {}
            while true do
              pcall(function() for i = 1, 1e9 do keep[#keep + 1] = { i } end end)
            end
            """, kind: .memoryLimit),
        Hostile(name: "huge table constructor", source: "return table.unpack({}, 1, 1e8)", kind: .runtime),
        Hostile(name: "huge string.format width", source: "return string.format('%099999d', 1)", kind: .runtime),
        // Escapes: libraries, loaders, read-only tables, the string metatable.
        Hostile(name: "os.execute", source: "return os.execute('touch /tmp/pwned')", kind: .runtime,
                message: "attempt to index a nil value (global 'os')"),
        Hostile(name: "io.open", source: "return io.open('/etc/passwd')", kind: .runtime),
        Hostile(name: "require", source: "return require('os')", kind: .runtime),
        Hostile(name: "load", source: "return load('return 1')()", kind: .runtime),
        Hostile(name: "string.dump", source: "return string.dump(function() end)", kind: .runtime),
        Hostile(name: "collectgarbage", source: "collectgarbage('stop')", kind: .runtime),
        Hostile(name: "debug library", source: "return debug.getregistry()", kind: .runtime),
        Hostile(name: "replacing string.rep", source: "string.rep = function() return 'pwned' end", kind: .runtime,
                message: "attempt to change the read-only table 'string'"),
        Hostile(name: "rawset into a library", source: "rawset(table, 'insert', print)", kind: .runtime,
                message: "attempt to change a read-only library table"),
        Hostile(name: "unlocking a library's metatable", source: "setmetatable(math, nil)", kind: .runtime,
                message: "cannot change a protected metatable"),
        Hostile(name: "changing the string metatable", source: "getmetatable('').__index = { upper = function() return 'pwned' end }",
                kind: .runtime),
        // Error objects and results.
        Hostile(name: "error object with a looping __tostring", source: """
            error(setmetatable({}, { __tostring = function() while true do end end }))
            """, kind: .runtime, message: "error object is a table value"),
        Hostile(name: "error object that is a function", source: "error(function() end)", kind: .runtime,
                message: "error object is a function value"),
        Hostile(name: "error with no position, a number", source: "error(42)", kind: .runtime),
        Hostile(name: "result table with trap metamethods", source: """
            local trap = function() while true do end end
            return setmetatable({ 1, 2 }, { __index = trap, __len = trap, __pairs = trap, __newindex = trap })
            """, kind: nil),
        Hostile(name: "cyclic result table", source: "local t = {} t[1] = t return t", kind: .invalidValue),
        Hostile(name: "too many result values", source: """
            local t = {} for i = 1, 250000 do t[i] = i end return t
            """, kind: .invalidValue),
        Hostile(name: "coroutine as a result", source: "return coroutine.create(print)", kind: .invalidValue),
    ]

    @Test(arguments: cases)
    func hostileSnippetEndsCleanly(_ hostile: Hostile) throws {
        let sandbox = try LuaSandbox(limits: hostile.limits)
        let clock = ContinuousClock()
        let start = clock.now
        var failure: LuaError?
        do {
            let chunk = try sandbox.load(hostile.source, chunkName: "hostile.lua")
            _ = try sandbox.call(chunk)
            sandbox.release(chunk)
        } catch {
            failure = error
        }
        let elapsed = clock.now - start
        #expect(elapsed < hostile.limits.timeout + .milliseconds(500), "took \(elapsed)")
        #expect(failure?.kind == hostile.kind, "\(failure.map(String.init(describing:)) ?? "no error")")
        if let message = hostile.message {
            #expect(failure?.message.contains(message) == true, "\(failure?.message ?? "no error")")
        }
        // The same sandbox then runs a normal rule correctly.
        sandbox.collectGarbage()
        let results = try sandbox.run("""
            local words = {}
            for w in ("focus op sectie drie"):gmatch("%a+") do words[#words + 1] = w:upper() end
            return table.concat(words, "-"), #words * 10
            """, chunkName: "normal.lua")
        #expect(results == [.text("FOCUS-OP-SECTIE-DRIE"), .integer(40)])
    }

    @Test
    func noUnsafeGlobalsExist() throws {
        let sandbox = try LuaSandbox()
        let names = ["io", "os", "package", "debug", "require", "load", "loadfile", "dofile",
                     "collectgarbage", "warn", "loadstring", "module", "newproxy"]
        let source = "return " + names.map { "\($0) == nil" }.joined(separator: ", ")
            + ", string.dump == nil, math.random == nil, math.randomseed == nil"
        let results = try sandbox.run(source, chunkName: "globals.lua")
        #expect(results == Array(repeating: .boolean(true), count: names.count + 3))
    }

    @Test
    func binaryChunksAreRefused() throws {
        let sandbox = try LuaSandbox()
        // The signature of a precompiled chunk: ESC "Lua" then version 0x54.
        let bytes: [UInt8] = [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00] + Array(repeating: 0, count: 32)
        #expect {
            _ = try sandbox.load(bytes: bytes, chunkName: "binary.luac")
        } throws: { error in
            guard let error = error as? LuaError else { return false }
            return error.kind == .syntax && error.message.contains("attempt to load a binary chunk")
        }
    }

    @Test
    func sourceSizeIsCapped() throws {
        var limits = LuaLimits()
        limits.maxSourceBytes = 1000
        let sandbox = try LuaSandbox(limits: limits)
        let source = "return " + String(repeating: "1 + ", count: 300) + "1"
        #expect(throws: LuaError(kind: .sourceTooLarge, chunk: "big.lua",
                                 message: "1208 bytes is over the limit of 1000 bytes")) {
            _ = try sandbox.load(source, chunkName: "big.lua")
        }
    }

    @Test
    func globalsNeverLeakBetweenChunks() throws {
        let sandbox = try LuaSandbox()
        _ = try sandbox.run("""
            secret = "p1 in track 3"
            _G.other = 1
            print = nil
            pairs = function() error('hijacked') end
            """, chunkName: "a.lua")
        var lines: [String] = []
        sandbox.onPrint = { lines.append($0) }
        let results = try sandbox.run("""
            print("still here")
            local n = 0 for _ in pairs({ 1, 2 }) do n = n + 1 end
            return secret, other, n
            """, chunkName: "b.lua")
        #expect(results == [.nil, .nil, .integer(2)])
        #expect(lines == ["still here"])
    }

    @Test
    func libraryChangesNeverReachAnotherChunk() throws {
        let sandbox = try LuaSandbox()
        _ = try? sandbox.run("string.upper = function() return 'x' end", chunkName: "a.lua")
        _ = try? sandbox.run("getmetatable('').__index = {}", chunkName: "b.lua")
        let results = try sandbox.run("return ('abc'):upper(), string.upper('d'), getmetatable('')",
                                      chunkName: "c.lua")
        #expect(results == [.text("ABC"), .text("D"), .boolean(false)])
    }

    @Test
    func trapResultsAreReadRaw() throws {
        let sandbox = try LuaSandbox()
        let results = try sandbox.run("""
            local trap = function() while true do end end
            return setmetatable({ 1, 2, name = "x" }, { __index = trap, __len = trap, __pairs = trap })
            """, chunkName: "trap.lua")
        #expect(results == [.map([1: 1, 2: 2, "name": "x"])])
    }

    @Test
    func printGoesToTheHostLogCapped() throws {
        var limits = LuaLimits()
        limits.maxLogLines = 3
        limits.maxLogLineBytes = 10
        let sandbox = try LuaSandbox(limits: limits)
        var lines: [String] = []
        sandbox.onPrint = { lines.append($0) }
        _ = try sandbox.run("for i = 1, 100 do print(i, ('x'):rep(20)) end", chunkName: "log.lua")
        #expect(lines == ["1\txxxxxxxx", "2\txxxxxxxx", "3\txxxxxxxx",
                          "(more lines dropped: print is capped per call)"])
    }
}
