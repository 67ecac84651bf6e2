import ArgumentParser
import Foundation
import LuaSandbox

extension Coach.Sandbox {
    /// `coach sandbox run FILE`: runs a chunk and prints what it returns.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a Lua chunk in the rule sandbox and print what it returns.",
            discussion: """
                Prints each returned value on a line of its own (nil for nil, tables as Lua \
                constructors). What the chunk prints goes to standard error as 'print: ...'. \
                On failure prints one line naming the kind (syntax error, runtime error, time \
                limit, memory limit) and the place, and exits with status 1.

                Example:
                  coach sandbox run Rules/examples/hello.lua --timeout-ms 200
                """
        )

        @OptionGroup var global: ReadingStoreOptions
        @Argument(help: "The Lua file to run.")
        var file: String

        @Option(help: "Wall-clock time the chunk may take, in milliseconds.")
        var timeoutMs: Int = 1000

        @Option(help: "Memory the Lua state may hold, in MiB.")
        var memoryMb: Int = 64

        @Option(help: "Lua instructions the chunk may execute.")
        var instructions: Int = LuaLimits().instructions

        @Flag(help: "On a failure, also print Lua's traceback.")
        var traceback = false

        func validate() throws {
            guard timeoutMs > 0 else { throw ValidationError("--timeout-ms must be at least 1, got \(timeoutMs)") }
            guard memoryMb > 0 else { throw ValidationError("--memory-mb must be at least 1, got \(memoryMb)") }
            guard instructions > 0 else { throw ValidationError("--instructions must be at least 1, got \(instructions)") }
        }

        func run() throws {
            guard access(file, R_OK) == 0, let source = FileManager.default.contents(atPath: file) else {
                throw fail("cannot read \(file): \(String(cString: strerror(errno)))")
            }
            var limits = LuaLimits()
            limits.timeout = .milliseconds(timeoutMs)
            limits.memoryBytes = memoryMb << 20
            limits.instructions = instructions
            do {
                let results = try LuaSandbox.run(source: Array(source), chunkName: file, limits: limits) {
                    FileHandleOutput.standardError.write("print: " + $0 + "\n")
                }
                FileHandleOutput.standardOutput.write(results.map { "\($0)\n" }.joined())
            } catch {
                FileHandleOutput.standardError.write(error.description + "\n")
                if traceback, let trace = error.traceback {
                    FileHandleOutput.standardError.write(trace + "\n")
                }
                throw ExitCode(1)
            }
        }
    }
}
