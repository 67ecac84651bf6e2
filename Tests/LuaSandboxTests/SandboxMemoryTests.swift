import Testing
@testable import LuaSandbox

/// The sandbox's allocator: small blocks come from per-state free lists, larger ones from
/// malloc, and a block moves between the two as Lua resizes it.
@Suite
struct SandboxMemoryTests {
    @Test
    func freedSmallBlocksCountAsFreeAgain() throws {
        // Four hundred thousand small objects (about 20 MB) made and dropped under a 4 MiB
        // cap: only what is alive counts, so the loop finishes (a leak in the accounting would
        // hit the cap). The time limit is generous: a debug build on a busy machine is slow.
        var limits = LuaLimits()
        limits.memoryBytes = 4 << 20
        limits.timeout = .seconds(60)
        let sandbox = try LuaSandbox(limits: limits)
        let results = try sandbox.run("""
            local kept = 0
            for i = 1, 200000 do
              local t = { i, tostring(i) }
              if i % 20000 == 0 then kept = kept + #t[2] end
            end
            return kept
            """, chunkName: "churn.lua")
        // "20000" to "80000" have five digits, "100000" to "200000" six.
        #expect(results == [.integer(56)])
    }

    @Test
    func blocksKeepTheirContentWhenTheyGrowAndShrink() throws {
        // A table's array part is resized from a few bytes to far past the largest pooled
        // block and back; strings of every length around that size are made and compared.
        let sandbox = try LuaSandbox()
        let results = try sandbox.run("""
            local t = {}
            for i = 1, 5000 do t[i] = i * 3 end
            for i = 5000, 3, -1 do t[i] = nil end
            local sum = 0
            for i = 1, 5000 do t[i] = (t[i] or 0) + i end
            for i = 1, 5000 do sum = sum + t[i] end
            local ok = true
            for n = 1, 600 do
              local s = string.rep("ab", n)
              if #s ~= 2 * n or s:sub(-2) ~= "ab" or s ~= ("ab"):rep(n) then ok = false end
            end
            return sum, ok
            """, chunkName: "sizes.lua")
        // t[1] = 3 + 1, t[2] = 6 + 2, the rest 0 + i.
        let expected = Int64(5000 * 5001 / 2 + 3 + 6)
        #expect(results == [.integer(expected), .boolean(true)])
    }

    @Test
    func theCapStillHoldsForSmallBlocks() throws {
        // Many small live objects are refused at the cap like one large one.
        var limits = LuaLimits()
        limits.memoryBytes = 2 << 20
        let sandbox = try LuaSandbox(limits: limits)
        #expect {
            _ = try sandbox.run("local t = {} for i = 1, 10000000 do t[i] = { i } end", chunkName: "many.lua")
        } throws: { error in
            (error as? LuaError)?.kind == .memoryLimit
        }
        // And the state is usable afterwards.
        #expect(try sandbox.run("return 1 + 1", chunkName: "after.lua") == [.integer(2)])
    }
}
