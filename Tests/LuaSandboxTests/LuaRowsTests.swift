import LuaSandbox
import Testing

/// Records handed to Lua as rows read exactly like tables built field by field.
struct LuaRowsTests {
    static func rows() -> LuaRows {
        var rows = LuaRows(names: ["id", "pupil", "codes", "current"])
        rows.append([.integer(1), .text("p01"), .array([.text("fout"), .text("stap")]), .boolean(true)])
        rows.append([.integer(2), .nil, .array([]), .boolean(false)])
        return rows
    }

    @Test
    func rowsReachLuaAsAnArrayOfTablesWithoutTheNilFields() throws {
        let sandbox = try LuaSandbox()
        sandbox.register("records") { _ in [.rows(Self.rows())] }
        let results = try sandbox.run("""
            local r = records()
            local second = r[2]
            local fields = 0
            for _ in pairs(second) do fields = fields + 1 end
            return #r, r[1].pupil, r[1].codes[2], r[1].current, second.pupil == nil, fields, second.current, select('#', records())
            """, chunkName: "rows.lua")
        #expect(results == [2, "p01", "stap", true, true, 3, false, 1])
    }

    @Test
    func anEmptyResultIsAnEmptyTable() throws {
        let sandbox = try LuaSandbox()
        sandbox.register("none") { _ in [.rows(LuaRows(names: ["id"]))] }
        #expect(try sandbox.run("local r = none(); return type(r), #r, next(r) == nil", chunkName: "none.lua") == ["table", 0, true])
    }

    @Test
    func manyRowsLeaveTheStackAsItWas() throws {
        let sandbox = try LuaSandbox()
        var many = LuaRows(names: ["n", "half"])
        for n in 0..<5_000 { many.append([.integer(Int64(n)), .number(Double(n) / 2)]) }
        sandbox.register("many") { _ in [.rows(many), "after"] }
        let results = try sandbox.run("""
            local sum = 0
            for round = 1, 3 do
              local r, tail = many()
              for _, row in ipairs(r) do sum = sum + row.n end
              assert(tail == "after")
            end
            return sum
            """, chunkName: "many.lua")
        #expect(results == [.integer(3 * 4_999 * 5_000 / 2)])
    }

    @Test
    func rowsReadInSwiftAsMaps() {
        let maps = Self.rows().maps
        #expect(maps.count == 2)
        #expect(maps[1]["pupil"] == .nil)
        #expect(maps[0]["pupil"] == "p01")
        #expect(LuaValue.rows(Self.rows()).description == LuaValue.array(maps).description)
    }

    @Test
    func cellsCopiedAsBytesReadLikeStrings() throws {
        // What a query does: texts copied from the database's buffer, refs built from a number.
        var rows = LuaRows(names: ["ref", "pupil", "score", "none"])
        for (id, pupil) in [(Int64(7), "p01"), (-12, "Noor — 5A, een naam langer dan vijftien bytes"), (0, "")] {
            rows.addText("result:", id)
            var text = pupil
            text.withUTF8 { rows.addText(UnsafeRawBufferPointer($0)) }
            rows.addNumber(Double(id) / 2)
            rows.addNil()
        }
        #expect(rows.count == 3)
        #expect(rows.maps[0]["ref"] == "result:7")
        #expect(rows.maps[1]["ref"] == "result:-12")
        #expect(rows.maps[2]["ref"] == "result:0")
        let sandbox = try LuaSandbox()
        sandbox.register("records") { _ in [.rows(rows)] }
        let results = try sandbox.run("""
            local r = records()
            return r[1].ref, r[2].pupil, r[3].pupil, r[2].score, r[1].none == nil
            """, chunkName: "bytes.lua")
        #expect(results == ["result:7", "Noor — 5A, een naam langer dan vijftien bytes", "", -6.0, true])
    }
}
