import CoachEngine
import CoachPostgres
import CoachSetup
import CoachStore
import Testing

/// On the shared store, a reader's copy holds the schools their role reads, not every school.
/// One at a time with ``SharedCopyUsers``' other suites: `Workspace.finishShared()` writes back
/// every copy the process holds, another test's too.
@Suite(.serialized)
struct SharedCopyUsers {}

extension SharedCopyUsers {
struct RoleCopyTests {
    @Test
    func aReadersCopyHoldsTheSchoolsTheirRoleReads() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        let workspace = Workspace(database: store.location.description)
        func schools(_ role: Role?) throws -> [String] {
            defer { _ = Workspace.finishShared() }
            return try workspace.openExisting(readOnly: true, role: role).schools().map(\.id)
        }
        #expect(try schools(.teacher("s0-t0")) == ["s0"])
        #expect(try schools(.team("s1")) == ["s1"])
        #expect(try schools(.coach("coach-s1")) == ["s1"])
        #expect(try schools(.administrator) == ["s0", "s1"])
        #expect(try schools(nil) == ["s0", "s1"])
        // Someone the store does not know: every school, so that the command can say who is unknown.
        #expect(try schools(.teacher("nobody")) == ["s0", "s1"])
    }

    @Test
    func aWorkerWhoseRulesDoNotLoadDispatchesNothingAndSaysSo() throws {
        guard TestServer.available() else { return }
        let store = try PostgresStoreTests.filled()
        let before = try store.unhandledSchools()
        // No rules folder; the rules but no plugins folder (the plugins' rules would be left out).
        for (rules, plugins) in [("/nonexistent/Rules", "/nonexistent/Plugins"), (SharedOneTruthTests.rules, "/nonexistent/Plugins")] {
            let workspace = Workspace(database: store.location.description, rules: rules, plugins: plugins)
            do {
                _ = try workspace.work(once: true)
                Issue.record("a worker without its folders dispatched")
            } catch {
                #expect(error.description.contains("is not there: nothing was dispatched"), "\(error)")
            }
            #expect(try store.unhandledSchools() == before, "the schools wait for a worker with its rules")
            #expect(try store.count("prompt") == 0 && store.count("schoolCursor") == 0)
        }
    }
}
}
