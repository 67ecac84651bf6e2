import CoachCore
@testable import CoachStore
import Testing

/// Lookups by `IN (…)` go in chunks of one length, the last filled up with its own last value,
/// so that one kept statement serves every chunk: what is found must not change.
struct InListTests {
    @Test
    func chunksAreFullAndHoldEveryValue() {
        #expect(InList.chunks([]).isEmpty)
        let values = (0..<1_201).map { "v\($0)" }
        let chunks = InList.chunks(values)
        #expect(chunks.count == 3)
        #expect(chunks.allSatisfy { $0.count == InList.size })
        #expect(Set(chunks.joined()) == Set(values))
        #expect(Array(chunks[0]) == Array(values[0..<500]))
        // The last chunk: its 201 values, then its last one again.
        #expect(Array(chunks[2].prefix(201)) == Array(values[1_000...]))
        #expect(chunks[2].dropFirst(201).allSatisfy { $0 == "v1200" })
        #expect(InList.chunks(["a"]) == [Array(repeating: "a", count: InList.size)])
    }

    /// More pupils than two chunks, known and unknown mixed: every known one is found (a lost
    /// or cut chunk would call some of them unknown), every unknown one is named in its place.
    @Test
    func aBatchNamingMorePupilsThanAChunkIsCheckedWhole() throws {
        let store = try Fixture.store()
        try store.write((0..<700).map { .pupil(Pupil(id: "q\($0)", schoolId: "s1", classId: "k5a")) })
        var records: [NewRecord] = []
        for n in 0..<1_100 {
            // Records 0-699 name the 700 pupils just added; the other 400, pupils nobody knows.
            let pupil = n < 700 ? "q\(n)" : "ghost-\(n)"
            records.append(.feedback(Fixture.feedback(n, pupil: pupil)))
        }
        let issues = try store.check(records)
        #expect(issues.allSatisfy { $0.field == "pupilId" && $0.problem.contains("not a known pupil") },
                "\(issues.prefix(3))")
        #expect(Set(issues.compactMap(\.position)) == Set(700..<1_100))
        #expect(issues.count == 400)
    }

    /// Import keys found in a batch of more than one chunk: a second import of the same keyed
    /// rows finds every one of them stored, and adds nothing.
    @Test
    func storedKeysAreFoundAcrossChunks() throws {
        let store = try Fixture.store()
        let batch = (0..<1_100).map { n in
            KeyedRecord(.feedback(Fixture.feedback(n)), key: "feedback:row:\(n)", digest: "d\(n)")
        }
        var first = Optional(batch)
        let written = try store.write(batches: { defer { first = nil }; return first })
        #expect(written.added == 1_100 && written.issues.isEmpty)
        var again = Optional(batch)
        let repeated = try store.write(batches: { defer { again = nil }; return again })
        #expect(repeated.present == 1_100 && repeated.added == 0 && repeated.issues.isEmpty)
    }
}
