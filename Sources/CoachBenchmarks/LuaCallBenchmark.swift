import CLua
import CLuaShim
import LuaSandbox

/// `A small rule function through the sandbox vs. a bare `lua_pcall`.
public struct LuaCallBenchmark: Sendable {
    public init() {}


    /// Calls per round.
    public var calls: Int = 1_000_000

    /// Rounds of each loop.
    public var rounds: Int = 5

    /// Run only the sandbox loop (for a profiler).
    public var sandboxOnly = false

    static let rule = """
        local weights = {3, 1, 4, 1, 5}
        return function(n)
          local s = 0
          for i = 1, #weights do s = s + weights[i] * n end
          if s % 2 == 0 then return "even", s end
          return "odd", s
        end
        """

    /// Runs the benchmark, telling each line of the report to `print`.
    public func run(_ print: (String) -> Void) throws {
        if sandboxOnly {
            let sandboxRate = try rate(of: (0..<rounds).map { _ in try sandboxLoop() }.min()!)
            print("rule call through the sandbox:   \(Self.format(sandboxRate)) calls/s")
            return
        }
        // Rounds alternate so that a noisy neighbour hurts all three loops alike.
        var best = [Duration](repeating: .seconds(1_000_000), count: 4)
        for _ in 0..<rounds {
            best[0] = min(best[0], try sandboxLoop())
            best[1] = min(best[1], bareLoop(hooked: false))
            best[2] = min(best[2], bareLoop(hooked: true))
            best[3] = min(best[3], try sandboxCPathLoop())
        }
        let sandboxRate = rate(of: best[0])
        let bareRate = rate(of: best[1])
        let hookedRate = rate(of: best[2])
        let cPathRate = rate(of: best[3])
        let rows: [(String, Double)] = [
            ("bare lua_pcall, unhooked state (baseline)", bareRate),
            ("bare lua_pcall + an empty count hook", hookedRate),
            ("sandbox call, results read as Lua values", cPathRate),
            ("sandbox call, results as Swift LuaValues", sandboxRate),
        ]
        print("\(calls) calls per round, best of \(rounds) rounds")
        for (name, value) in rows {
            let padded = name + String(repeating: " ", count: max(0, 44 - name.count))
            print("\(padded) \(Self.format(value)) calls/s  \(Self.ratio(bareRate / value))x")
        }
        print("sandbox cost (hook, budget, allocator cap, message handler): \(Self.ratio(bareRate / cPathRate))x the bare call (target: at most 2.00x)")
        print("of which the count hook alone: \(Self.ratio(bareRate / hookedRate))x; converting to Swift values adds \(Self.ratio(bareRate / sandboxRate - bareRate / cPathRate))x")
    }

    private func rate(of elapsed: Duration) -> Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(calls) / seconds
    }

    /// `calls` calls through `LuaSandbox.call`, results as Swift values.
    public func sandboxLoop() throws -> Duration {
        let sandbox = try LuaSandbox()
        let chunk = try sandbox.load(Self.rule, chunkName: "bench.lua")
        guard case .function(let rule) = try sandbox.call(chunk).first else {
            throw BenchmarkFailure("the bench rule did not return a function")
        }
        var checksum: Int64 = 0
        var arguments: [LuaValue] = [.nil]
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for i in 0..<calls {
                arguments[0] = .integer(Int64(i))
                let results = try sandbox.call(rule, arguments)
                checksum &+= results[1].integerValue ?? 0
            }
        }
        precondition(checksum != 1, "keeps the loop from being optimised away")
        return elapsed
    }

    /// `calls` calls through the sandbox, results read off the Lua stack.
    public func sandboxCPathLoop() throws -> Duration {
        let sandbox = try LuaSandbox()
        let chunk = try sandbox.load(Self.rule, chunkName: "bench.lua")
        guard case .function(let rule) = try sandbox.call(chunk).first else {
            throw BenchmarkFailure("the bench rule did not return a function")
        }
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for i in 0..<calls { checksum &+= try sandbox.callIntegerForBenchmark(rule, Int64(i)) }
        }
        precondition(checksum != 1, "keeps the loop from being optimised away")
        return elapsed
    }

    /// `calls` bare `lua_pcall`s on a plain state (the baseline), with or without a count hook.
    public func bareLoop(hooked: Bool) -> Duration {
        let L = luaL_newstate()!
        defer { lua_close(L) }
        luaL_openlibs(L)
        if hooked { lua_sethook(L, { _, _ in }, LUA_MASKCOUNT, 1000) }
        guard luaL_loadstring(L, Self.rule) == LUA_OK,
              coach_lua_pcall(L, 0, 1, 0) == LUA_OK
        else { fatalError("the bench rule does not load") }
        let ref = luaL_ref(L, coach_lua_registryindex())
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for i in 0..<calls {
                lua_rawgeti(L, coach_lua_registryindex(), lua_Integer(ref))
                lua_pushinteger(L, lua_Integer(i))
                if coach_lua_pcall(L, 1, 2, 0) != LUA_OK { fatalError("bare call failed") }
                var length = 0
                _ = lua_tolstring(L, -2, &length)
                checksum &+= Int64(coach_lua_tointeger(L, -1))
                coach_lua_pop(L, 2)
            }
        }
        precondition(checksum != 1, "keeps the loop from being optimised away")
        return elapsed
    }

    static func format(_ rate: Double) -> String {
        let whole = Int(rate.rounded())
        var digits = Array(String(whole))
        var out: [Character] = []
        while digits.count > 3 {
            out.insert(contentsOf: [","] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return String(digits) + String(out)
    }

    static func ratio(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
