import Foundation

/// Runs `body` for each index in `0..<count`, one per core at a time, and returns the results in
/// index order: for independent pieces of work, such as loading each rule or each plugin, that
/// every command waits for before it starts.
package func mapSideBySide<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
    return slots.values
}

/// The results of ``mapSideBySide(_:_:)``.
private final class Slots<T>: @unchecked Sendable {
    // @unchecked: each slot is written once, by its own iteration, with the lock held; all are
    // read after `concurrentPerform` has returned.
    private let lock = NSLock()
    private var slots: [T?]

    init(_ count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    var values: [T] { lock.withLock { slots.map { $0! } } }
}
