import CoachCore
import CoachEngine
import CoachStore
import Foundation

/// The demo: the demo school's term written week by week and each week closed, as a school
/// would, then the coach's digest of the last week.
public struct DemoTerm: Sendable {
    public var digest: Digest
    /// Rules with a prompt in the digest.
    public var rulesInDigest: [String]
    /// Rules that made a prompt in any week of the term.
    public var rulesThatSpoke: Set<String>
    public var failures: [RuleFailure]

    /// Why the demo cannot run, in one line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Makes `path` ready for a new demo: removes an earlier demo there, but never a database
    /// that holds anything else.
    public static func prepare(path: String) throws(Problem) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        // An earlier demo, or a store with no school at all (a demo that stopped before its
        // school was written): read only, so that nothing else is ever migrated or changed.
        let earlier = try? CoachStore.open(path: path, readOnly: true)
        let replaceable = (try? earlier?.school(DemoSchool.schoolId)) != nil || (try? earlier?.schools().isEmpty) == true
        guard replaceable else { throw Problem(description: "\(path) exists and is not a demo database; give another --db") }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// The instruments the demo's records use.
    public static let instruments = [DemoSchool.kijkwijzer, DemoSchool.walkInstrument, DemoSchool.fenix]

    /// Writes the demo school and `weeks` weeks of records into `store` (which must hold the
    /// instruments), closing every week with `engine`.
    public static func run(store: CoachStore, engine: Engine, weeks: Int, seed: Int) throws(StoreError) -> DemoTerm {
        try store.write(DemoSchool.setup())
        var school = DemoSchool(seed: seed)
        var failures: [RuleFailure] = []
        var lastWeek = DemoSchool.start.isoWeek
        var spoke = Set<String>()
        for index in 0..<weeks {
            try store.write(school.week(index, of: weeks))
            lastWeek = DemoSchool.start.adding(days: 7 * index).isoWeek
            failures += try engine.tick(week: lastWeek).dispatch.failures
            for prompt in try store.prompts(school: DemoSchool.schoolId, week: lastWeek.description) { spoke.insert(prompt.ruleId) }
        }
        let digest = try engine.digest(coach: DemoSchool.coachId, week: lastWeek)
        return DemoTerm(digest: digest, rulesInDigest: Set(digest.shown.map(\.ruleId)).sorted(), rulesThatSpoke: spoke,
                        failures: failures)
    }
}
