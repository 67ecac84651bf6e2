import CoachCore
import CoachFixtures
import CoachStore
import Testing

/// The generated network: the same for the same seed, valid for the store, and shaped as asked.
struct SchoolNetworkTests {
    @Test
    func theSameSeedGivesTheSameRecordsAndTheStoreTakesThem() throws {
        let shape = SchoolNetwork.Shape(schools: 2, weeks: 3, classes: 4, pupils: 6, seed: 5)
        let a = SchoolNetwork(shape: shape), b = SchoolNetwork(shape: shape)
        #expect(a.setup() == b.setup())
        #expect(a.records(week: 2) == b.records(week: 2))
        #expect(a.records(week: 1) != a.records(week: 2))
        let store = try CoachStore.inMemory()
        try store.write(a.setup())
        for w in 0..<3 { try store.write(a.records(week: w)) }
        #expect(try store.count(.pupil) == 2 * 4 * 6)
        #expect(try store.count(.feedback) == 2 * 4 * 15 * 3)
        #expect(try store.schools().count == 2)
    }

    @Test
    func everyRecordOfAWeekIsDatedInThatWeek() {
        let network = SchoolNetwork(shape: .init(schools: 1, weeks: 2, classes: 3, pupils: 5))
        for record in network.records(week: 1) {
            let day: Day?
            switch record {
            case .feedback(let f): day = f.date
            case .placement(let p): day = p.from
            case .result(let r): day = r.date
            case .observation(let o): day = o.date
            default: day = nil
            }
            #expect(day?.isoWeek == network.isoWeek(1))
        }
    }
}
