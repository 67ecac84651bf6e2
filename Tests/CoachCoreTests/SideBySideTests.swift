import CoachCore
import Foundation
import Testing

/// Independent work on the cores: every index once, the results in index order.
struct SideBySideTests {
    /// Counts the calls per index, from any thread.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        func add(_ index: Int) { lock.withLock { counts[index, default: 0] += 1 } }
        var all: [Int: Int] { lock.withLock { counts } }
    }

    @Test func everyIndexOnceInOrder() {
        let calls = Calls()
        let squares = mapSideBySide(200) { index -> Int in
            calls.add(index)
            // Later indexes finish first: the order must come from the index, not the finish.
            if index < 4 { Thread.sleep(forTimeInterval: 0.01) }
            return index * index
        }
        #expect(squares == (0..<200).map { $0 * $0 })
        #expect(calls.all.count == 200 && calls.all.values.allSatisfy { $0 == 1 })
    }

    @Test func nothingToDo() {
        #expect(mapSideBySide(0) { $0 }.isEmpty)
    }
}
