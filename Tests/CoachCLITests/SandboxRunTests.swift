import Foundation
import Testing

/// `coach sandbox run`: what a policy team sees when trying a snippet.
struct SandboxRunTests {
    @Test
    func printsEachReturnedValueOnALine() throws {
        let scratch = try Scratch()
        let file = try scratch.write("values.lua", """
            print("from the rule")
            return 1, 2.5, "tekst", nil, { 3, 4 }, { sectie = 2 }, false
            """)
        let outcome = try CoachProcess.run(["sandbox", "run", file])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "1\n2.5\ntekst\nnil\n{3, 4}\n{sectie = 2}\nfalse\n")
        #expect(outcome.stderr == "print: from the rule\n")
    }

    @Test(arguments: [
        ("loop.lua", "while true do end", ["--timeout-ms", "100"], "time limit: {file}:1: ran longer than 100 ms"),
        ("count.lua", "local i = 0\nwhile true do i = i + 1 end", ["--instructions", "5000"],
         "time limit: {file}:2: used more than 5000 instructions"),
        ("bomb.lua", "local t = {}\nwhile true do t[#t + 1] = { #t } end", ["--memory-mb", "8"],
         "memory limit: {file}:2: used more than 8 MiB (or a block over 4 MiB)"),
        ("syntax.lua", "return = 1", [], "syntax error: {file}:1: unexpected symbol near '='"),
        ("runtime.lua", "local x\nreturn x.y", [], "runtime error: {file}:2: attempt to index a nil value (local 'x')"),
        ("escape.lua", "return os.getenv('HOME')", [], "runtime error: {file}:1: attempt to index a nil value (global 'os')"),
    ])
    func failuresAreOneLineWithKindAndPlace(name: String, source: String, options: [String], expected: String) throws {
        let scratch = try Scratch()
        let file = try scratch.write(name, source)
        let outcome = try CoachProcess.run(["sandbox", "run", file] + options)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == expected.replacingOccurrences(of: "{file}", with: file) + "\n")
    }

    @Test
    func tracebackOnRequest() throws {
        let scratch = try Scratch()
        let file = try scratch.write("deep.lua", "local function f() error('stop') end\nf()\n")
        let outcome = try CoachProcess.run(["sandbox", "run", file, "--traceback"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("runtime error: \(file):1: stop\nstack traceback:\n"))
        #expect(outcome.stderr.contains("\(file):2: in main chunk"))
    }

    @Test
    func missingFileIsOneClearLine() throws {
        let outcome = try CoachProcess.run(["sandbox", "run", "/nonexistent/rule.lua"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "coach: cannot read /nonexistent/rule.lua: No such file or directory\n")
    }

    @Test
    func badOptionsAreRefusedBeforeRunning() throws {
        let outcome = try CoachProcess.run(["sandbox", "run", "x.lua", "--timeout-ms", "0"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("--timeout-ms must be at least 1, got 0"))
    }

    @Test
    func helpShowsAnExample() throws {
        let outcome = try CoachProcess.run(["sandbox", "run", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Example:"))
        #expect(outcome.stdout.contains("coach sandbox run Rules/examples/hello.lua"))
    }

    @Test
    func theExampleRuleRuns() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let outcome = try CoachProcess.run(["sandbox", "run", "Rules/examples/hello.lua"], in: root)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("sectie"))
    }
}
