import CLua
import CLuaShim
import Testing
import LuaSandbox

/// The bounded string.find/match/gmatch/gsub must answer exactly as Lua's own do: each case
/// runs in the sandbox and in a plain state with the stock string library, and the two
/// answers (or error messages) are compared.
struct PatternTests {
    /// Evaluates `expression` and renders its values (or error) as one string.
    static func program(_ expression: String) -> String {
        """
        local function render(...)
          local out = {}
          for i = 1, select('#', ...) do
            local v = select(i, ...)
            out[#out + 1] = type(v) .. ":" .. tostring(v)
          end
          return table.concat(out, ",")
        end
        local function collect(iterator)
          local acc = {}
          for a, b, c in iterator do acc[#acc + 1] = render(a, b, c) end
          return table.concat(acc, ";")
        end
        local ok, result = pcall(function() return render(\(expression)) end)
        if ok then return result end
        return "error:" .. tostring(result)
        """
    }

    static func stock(_ expression: String) -> String {
        let L = luaL_newstate()!
        defer { lua_close(L) }
        luaL_openlibs(L)
        let source = program(expression)
        guard luaL_loadbufferx(L, source, source.utf8.count, "=pattern.lua", "t") == LUA_OK,
              coach_lua_pcall(L, 0, 1, 0) == LUA_OK
        else {
            return "does not run: " + String(cString: coach_lua_tostring(L, -1))
        }
        var length = 0
        let chars = lua_tolstring(L, -1, &length)
        return String(decoding: UnsafeRawBufferPointer(start: chars, count: length), as: UTF8.self)
    }

    static func sandboxed(_ sandbox: LuaSandbox, _ expression: String) throws -> String {
        let results = try sandbox.run(program(expression), chunkName: "pattern.lua")
        return results.first?.description ?? "nothing"
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    static let pairs: [(String, String)] = [
        ("hello world", "o"), ("hello world", "o w"), ("hello world", "l+"), ("hello world", "l*"),
        ("hello world", "l-o"), ("hello world", "^h"), ("hello world", "^w"), ("hello world", "d$"),
        ("hello world", "(h)(e)"), ("hello world", "()ll()"), ("hello world", "%w+"), ("hello world", "%W"),
        ("key = value", "(%w+)%s*=%s*(%w+)"), ("THE (quick) fox", "%((%a+)%)"), ("THE (quick) fox", "%u+"),
        ("f(a(b)c)d", "%b()"), ("[[x]]", "%b[]"), ("THE (quick) fox", "%f[%a]%a+"), ("abc", "[a-b]+"),
        ("a]b", "[]]"), ("a-b", "[a%-]+"), ("a^b", "[%^b]+"), ("x.y", "."), ("x.y", "%."), ("aaa", "a?a?a?a"),
        ("aaa", "^a-$"), ("2024-09-07", "(%d+)-(%d+)-(%d+)"), ("2024-09-07", "^(%d%d%d%d)%-(%d%d)"),
        ("abcabc", "(abc)%1"), ("abab", "(a)(b)%2"), ("", ""), ("", "a*"), ("abc", ""), ("abc", "x*"),
        ("one two  three", "%s+"), ("ÅÄÖ", "[\u{80}-\u{FF}]+"), ("tab\there", "%c"), ("a,b,,c", "([^,]*)"),
        ("hello", "[^aeiou]"), ("0x1F", "%x+"), ("end.", "%p$"), ("x", "[%a_][%w_]*"),
        ("abc", "%"), ("abc", "[a"), ("abc", "(()"), ("abc", "%1"), ("abc", "a)"), ("abc", "%f"),
        ("abc", "%b"), ("abc", "(a)%2"),
    ]

    static var expressions: [String] {
        var out: [String] = []
        for (s, p) in pairs {
            let qs = quoted(s), qp = quoted(p)
            out.append("string.find(\(qs), \(qp))")
            out.append("string.find(\(qs), \(qp), 3)")
            out.append("string.find(\(qs), \(qp), -2)")
            out.append("string.find(\(qs), \(qp), 1, true)")
            out.append("string.match(\(qs), \(qp))")
            out.append("string.match(\(qs), \(qp), 2)")
            out.append("collect(string.gmatch(\(qs), \(qp)))")
            out.append("string.gsub(\(qs), \(qp), '<%0>')")
            out.append("string.gsub(\(qs), \(qp), '[%1]', 2)")
            out.append("string.gsub(\(qs), \(qp), function(a, b) return b and (a .. '+' .. b) or nil end)")
            out.append("string.gsub(\(qs), \(qp), { a = 'A', hello = false, l = 1 })")
        }
        out += [
            "string.find('abc', 'b', 10)", "string.find('abc', '', 4)", "string.find('abc', '', 5)",
            "string.gsub('abc', '%w', '%%')", "string.gsub('abc', '%w', '%x')", "string.gsub('abc', '%w', {})",
            "string.gsub('abc', '%w', function() return {} end)", "string.gsub('abc', '', '-')",
            "collect(string.gmatch('abc', ''))", "collect(string.gmatch('hello world', '%a+', 3))",
            "collect(string.gmatch('abc', '^a'))", "string.gsub('hello', '^h', 'H')", "string.gsub('hello', 'l', 'L', 0)",
            "string.match(('x'):rep(300), ('(x)'):rep(32))", "string.gsub('abc', '(b)', '%2')",
            "string.find(12345, 34)", "string.gsub(12345, '3', 9)", "string.gsub('a', 'a', true)",
        ]
        return out
    }

    @Test
    func answersLikeStockLuaOnKnownCases() throws {
        let sandbox = try LuaSandbox()
        var mismatches: [String] = []
        for expression in Self.expressions {
            let expected = Self.stock(expression)
            let actual = try Self.sandboxed(sandbox, expression)
            if expected != actual { mismatches.append("\(expression)\n  stock:   \(expected)\n  sandbox: \(actual)") }
        }
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) of \(Self.expressions.count) differ:\n" + mismatches.prefix(10).joined(separator: "\n")))
    }

    @Test
    func answersLikeStockLuaOnRandomPatterns() throws {
        // A fixed-seed generator: the same 3,000 cases on every run.
        var rng = SplitMix(seed: 0xC0AC4)
        let atoms = ["a", "b", ".", "%a", "%d", "[ab]", "[^a]", "%s", "x", "(", ")", "()", "%b()", "%f[%a]", "%1", "[a-c]"]
        let quantifiers = ["", "", "*", "+", "-", "?"]
        let subjectChars = Array("aab b(c)1x2 ")
        let sandbox = try LuaSandbox()
        var mismatches: [String] = []
        for _ in 0..<3000 {
            var pattern = rng.next() % 4 == 0 ? "^" : ""
            for _ in 0..<(1 + Int(rng.next() % 5)) {
                pattern += atoms[Int(rng.next() % UInt64(atoms.count))]
                pattern += quantifiers[Int(rng.next() % UInt64(quantifiers.count))]
            }
            if rng.next() % 5 == 0 { pattern += "$" }
            let subject = String((0..<Int(rng.next() % 14)).map { _ in subjectChars[Int(rng.next() % UInt64(subjectChars.count))] })
            let qs = Self.quoted(subject), qp = Self.quoted(pattern)
            for expression in ["string.find(\(qs), \(qp))", "collect(string.gmatch(\(qs), \(qp)))",
                               "string.gsub(\(qs), \(qp), '<%0>')"] {
                let expected = Self.stock(expression)
                let actual: String
                do { actual = try Self.sandboxed(sandbox, expression) } catch { actual = "\(error)" }
                if expected != actual { mismatches.append("\(expression)\n  stock:   \(expected)\n  sandbox: \(actual)") }
            }
        }
        #expect(mismatches.isEmpty, Comment(rawValue: "\(mismatches.count) differ:\n" + mismatches.prefix(10).joined(separator: "\n")))
    }

    @Test
    func patternStepsCountAgainstTheInstructionBudget() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructions: 1_000_000, timeout: .seconds(30)))
        let error = try #require(throws: LuaError.self) {
            try sandbox.run("return ('a'):rep(5000):find('.-.-b')", chunkName: "steps.lua")
        }
        #expect(error.kind == .timeLimit)
        #expect(error.message == "used more than 1000000 instructions")
        #expect(error.location == "steps.lua:1")
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
