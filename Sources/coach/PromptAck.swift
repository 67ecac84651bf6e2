import ArgumentParser

extension Coach.PromptCommand {
    struct PromptAck: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Mark a prompt as seen.",
                                                        discussion: "Example:\n  coach prompt ack 12")
        @OptionGroup var target: PromptTarget
        func run() throws { try target.set(.acknowledged) }
    }
}
