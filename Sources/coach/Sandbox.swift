import ArgumentParser

extension Coach {
    /// `coach sandbox`: the Lua sandbox rules run in, for trying snippets.
    struct Sandbox: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sandbox",
            abstract: "Try Lua in exactly the sandbox rules run in.",
            discussion: "Example:\n  coach sandbox run Rules/examples/hello.lua",
            subcommands: [Run.self]
        )
    }
}
