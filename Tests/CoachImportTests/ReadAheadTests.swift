@testable import CoachImport
import Foundation
import Testing

/// The producer thread of an import: every item, in order, never far ahead, and its state the
/// caller's again once it is done.
struct ReadAheadTests {
    /// What the producer touches: only its thread while it runs (see ``ReadAhead``).
    final class Made: @unchecked Sendable {
        var count = 0
        var log: [Int] = []
    }

    @Test func everyItemInOrderThenNil() {
        let made = Made()
        let ahead = ReadAhead(depth: 2) { () -> Int? in
            guard made.count < 1_000 else { return nil }
            made.count += 1
            made.log.append(made.count)
            return made.count
        }
        var taken: [Int] = []
        while let item = ahead.next() { taken.append(item) }
        #expect(taken == Array(1...1_000))
        // Once nil came, the producer's state is the caller's: complete, not half written.
        #expect(made.log == taken)
        #expect(ahead.next() == nil)
        ahead.stop()
    }

    @Test func stopEndsAProducerThatWouldGoOnForever() {
        let made = Made()
        let ahead = ReadAhead(depth: 3) { () -> Int? in
            made.count += 1
            return made.count
        }
        #expect(ahead.next() == 1)
        #expect(ahead.next() == 2)
        ahead.stop()
        // Never more than `depth` waiting plus the one being made when stop came.
        #expect(made.count <= 2 + 3 + 1)
        let after = made.count
        ahead.stop()
        #expect(made.count == after)
        #expect(ahead.next() == nil)
    }

    @Test func stopWaitsForTheItemBeingMade() {
        final class Slow: @unchecked Sendable {
            let started = DispatchSemaphore(value: 0)
            var finished = false
        }
        let slow = Slow()
        let ahead = ReadAhead { () -> Int? in
            slow.started.signal()
            Thread.sleep(forTimeInterval: 0.05)
            slow.finished = true
            return 1
        }
        slow.started.wait()
        // The producer is inside `produce`: stop returns only once it is out, and then what it
        // touched is the caller's.
        ahead.stop()
        #expect(slow.finished)
    }

    @Test func aProducerWithNothingGivesNil() {
        let ahead = ReadAhead { () -> [Int]? in nil }
        #expect(ahead.next() == nil)
        ahead.stop()
    }
}
