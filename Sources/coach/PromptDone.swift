import ArgumentParser

extension Coach.PromptCommand {
    struct PromptDone: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a prompt as done.",
                                                        discussion: "Example:\n  coach prompt done 12")
        @OptionGroup var target: PromptTarget
        func run() throws { try target.set(.done) }
    }
}
