import LuaSandbox
import Testing

/// `pairs` and `next` go by key, the same in every process: the system Lua seeds its string
/// hashes per process, so Lua's own order would make a rule say different things on replay
/// than in the tick (review, session 25).
struct OrderedPairsTests {
    static func run(_ source: String) throws -> String {
        let sandbox = try LuaSandbox()
        let chunk = try sandbox.load(source, chunkName: "order.lua")
        return try sandbox.call(chunk).first?.stringValue ?? "?"
    }

    static let keys = #"{ "b", 3, "a", 1, true, "ab", 2.5, false, "B", -1, 10 }"#

    @Test
    func pairsAndNextGoByKeyWhateverTheOrderOfInsertion() throws {
        let walk = """
            local keys = \(Self.keys)
            local forward, backward = {}, {}
            for i = 1, #keys do forward[keys[i]] = i end
            for i = #keys, 1, -1 do backward[keys[i]] = i end
            local function listed(t)
              local out = {}
              for k, v in pairs(t) do out[#out + 1] = tostring(k) .. "=" .. v end
              local k, v = next(t)
              local stepped = {}
              while k ~= nil do stepped[#stepped + 1] = tostring(k) .. "=" .. v; k, v = next(t, k) end
              assert(table.concat(out, " ") == table.concat(stepped, " "), "next differs from pairs")
              return table.concat(out, " ")
            end
            return listed(forward) .. " | " .. listed(backward)
            """
        let text = try Self.run(walk)
        let order = "-1 1 2.5 3 10 B a ab b false true"
        let halves = text.split(separator: " | ").map(String.init)
        #expect(halves.count == 2)
        for half in halves {
            #expect(half.split(separator: " ").map { $0.split(separator: "=")[0] }.joined(separator: " ") == order, "\(half)")
        }
        #expect(halves[0] == "-1=10 1=4 2.5=7 3=2 10=11 B=9 a=3 ab=6 b=1 false=8 true=5")
    }

    @Test
    func aTableEmptiedWhileWalkedAndItsOwnPairsWork() throws {
        let text = try Self.run("""
            local t = { x = 1, y = 2, z = 3 }
            for k in pairs(t) do t[k] = nil end
            local left = next(t)
            local own = setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end })
            local seen = {}
            for k, v in pairs(own) do seen[#seen + 1] = k .. v end
            return tostring(left) .. " " .. table.concat(seen)
            """)
        #expect(text == "nil 1one")
        #expect(throws: LuaError.self) { try Self.run(#"return next({ a = 1 }, "nope")"#) }
    }

    @Test
    func tostringShowsNoAddress() throws {
        let text = try Self.run("""
            local own = setmetatable({}, { __tostring = function() return "eigen" end })
            return table.concat({ tostring({}), tostring(print), tostring(coroutine.create(print)), tostring(own), tostring(12), tostring(nil) }, " ")
            """)
        #expect(text == "table function thread eigen 12 nil")
    }
}
