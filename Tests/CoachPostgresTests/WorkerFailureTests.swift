import Foundation
import Testing

/// A worker tells a failing rule as a tick does: which rule, which event, the error, and a
/// non-zero exit (a count of failures told the team nothing, and cron saw success).
struct WorkerFailureTests {
    @Test
    func aFailingRuleIsNamedWithItsEventAndTheWorkerFails() throws {
        guard TestServer.available() else { return }
        let (url, _) = try WorkerKillTests.prepared()
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("coach-worker-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: rules) }
        try """
            return rule { id = "boom", title = { nl = "Boem" }, on = { "week.ended" },
              run = function(ev, ctx) error("boom on purpose") end }
            """.write(to: rules.appendingPathComponent("boom.lua"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = WorkerKillTests.coach
        process.arguments = ["worker", "--once", "--db", url, "--rules", rules.path,
                             "--plugins", WorkerKillTests.root.appendingPathComponent("Plugins").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let told = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(told.contains("regel boom liep fout bij ") && told.contains("boom.lua:2: boom on purpose"), "\(told)")
        #expect(told.contains("niet elke regel werkte"), "\(told)")
    }
}
