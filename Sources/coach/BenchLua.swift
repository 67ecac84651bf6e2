import ArgumentParser
import CLua
import CLuaShim
import LuaSandbox

extension Coach.Bench {
    /// `coach bench lua`: a small rule function through the sandbox vs. a bare `lua_pcall`.
    struct BenchLua: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lua",
            abstract: "Calls per second of a small rule function: sandbox vs. bare lua_pcall.",
            discussion: """
                Both loops call the same Lua function with one integer and read back a string and
                an integer. The sandbox loop goes through LuaSandbox.call (hook, allocator cap,
                message handler, value conversion); the bare loop calls lua_pcall on a plain
                state with no hook. Rounds alternate; the best round of each counts.

                Example:
                  swift run -c release coach bench lua --calls 2000000
                """
        )

        @Option(help: "Calls per round.")
        var calls: Int = 1_000_000

        @Option(help: "Rounds of each loop.")
        var rounds: Int = 5

        static let rule = """
            local weights = {3, 1, 4, 1, 5}
            return function(n)
              local s = 0
              for i = 1, #weights do s = s + weights[i] * n end
              if s % 2 == 0 then return "even", s end
              return "odd", s
            end
            """

        func run() throws {
            let sandboxRate = try bestRate { try sandboxLoop() }
            let bareRate = try bestRate { bareLoop() }
            let ratio = bareRate / sandboxRate
            print("rule call through the sandbox: \(Self.format(sandboxRate)) calls/s")
            print("bare lua_pcall, no hook:       \(Self.format(bareRate)) calls/s")
            print("ratio: the sandbox costs \(Self.ratio(ratio))x the bare call (target: at most 2.00x)")
        }

        private func bestRate(_ loop: () throws -> Duration) throws -> Double {
            var best = Duration.seconds(1_000_000)
            for _ in 0..<rounds { best = min(best, try loop()) }
            let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
            return Double(calls) / seconds
        }

        private func sandboxLoop() throws -> Duration {
            let sandbox = try LuaSandbox()
            let chunk = try sandbox.load(Self.rule, chunkName: "bench.lua")
            guard case .function(let rule) = try sandbox.call(chunk).first else {
                throw CommandFailure("the bench rule did not return a function")
            }
            var checksum: Int64 = 0
            let clock = ContinuousClock()
            let elapsed = try clock.measure {
                for i in 0..<calls {
                    let results = try sandbox.call(rule, [.integer(Int64(i))])
                    checksum &+= results[1].integerValue ?? 0
                }
            }
            precondition(checksum != 1, "keeps the loop from being optimised away")
            return elapsed
        }

        private func bareLoop() -> Duration {
            let L = luaL_newstate()!
            defer { lua_close(L) }
            luaL_openlibs(L)
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
}
