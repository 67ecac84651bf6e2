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
        // A text, number or true/false has its place by value; a table key only while it is there.
        #expect(try Self.run(#"return tostring(next({ a = 1, c = 3 }, "b"))"#) == "c")
        #expect(throws: LuaError.self) { try Self.run(#"return next({ a = 1 }, {})"#) }
    }

    @Test
    func largeTablesWalkAndNextIsChargedNotTimed() throws {
        // More keys than a sort record of 48 bytes a key allowed under the 4 MiB block cap.
        #expect(try Self.run("""
            local t = {}
            for i = 1, 200000 do t[i] = i end
            local n, last = 0, 0
            for k in pairs(t) do n = n + 1; assert(k > last); last = k end
            return tostring(n)
            """) == "200000")
        // Walking with next looks at every key each step: charged as such, so the instruction
        // budget stops it, the same on any machine, long before the clock would.
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 5_000_000, timeout: .seconds(60)))
        let walk = try sandbox.load("""
            local t = {}
            for i = 1, 20000 do t["k" .. i] = i end
            local n = 0
            for k in next, t do n = n + 1 end
            return n
            """, chunkName: "walk.lua")
        #expect { try sandbox.call(walk) } throws: { error in "\(error)".contains("used more than 5000000 instructions") }
    }

    @Test
    func nextWalksATableBeingClearedAndOrdersHugeNumbersExactly() throws {
        let text = try Self.run("""
            local t = { a = 1, b = 2, c = 3, [1] = "x" }
            for k in next, t do t[k] = nil end
            local big = { [math.maxinteger] = "int", [2^63] = "float", [-2^63] = "low", [math.mininteger + 1] = "min+1" }
            local listed, stepped = {}, {}
            for _, v in pairs(big) do listed[#listed + 1] = v end
            local k, v = next(big)
            while k ~= nil do stepped[#stepped + 1] = v; k, v = next(big, k) end
            return tostring(next(t)) .. " " .. table.concat(listed, ",") .. " " .. table.concat(stepped, ",")
            """)
        #expect(text == "nil low,min+1,int,float low,min+1,int,float")
    }

    @Test
    func formatShowsNoAddress() throws {
        #expect(try Self.run(#"return string.format("%s %s %5.1f", {}, print, 2)"#) == "table function   2.0")
        #expect(try Self.run(#"return string.format("%s", setmetatable({}, { __tostring = function() return "eigen" end }))"#) == "eigen")
        #expect(try Self.run(#"return string.format("100%% %d", 3)"#) == "100% 3")
        #expect { try Self.run(#"return string.format("%p", {})"#) } throws: { "\($0)".contains("%p shows a memory address") }
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
