import Foundation

/// Makes items on a thread of its own, up to `depth` ahead of the one who takes them: an
/// import reads and parses its next rows while the store writes the ones before.
///
/// Whatever `produce` touches belongs to the producer thread until ``next()`` has returned nil
/// or ``stop()`` has returned; the lock hands it back to the caller then.
final class ReadAhead<Item: Sendable>: @unchecked Sendable {
    // @unchecked: `items`, `finished`, `stopped` and `exited` are only touched with `condition`
    // locked, and `produce` only runs on the producer thread (see above).
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var stopped = false
    private var exited = false
    private let depth: Int
    private let produce: () -> Item?

    /// Starts the producer: `produce` is called on another thread until it returns nil.
    init(depth: Int = 2, produce: @escaping () -> Item?) {
        self.depth = max(1, depth)
        self.produce = produce
        let thread = Thread { [self] in work() }
        thread.name = "coach-read-ahead"
        thread.start()
    }

    private func work() {
        condition.lock()
        while !stopped {
            while items.count >= depth && !stopped { condition.wait() }
            if stopped { break }
            condition.unlock()
            let item = produce()
            condition.lock()
            guard let item else { finished = true; break }
            items.append(item)
            condition.broadcast()
        }
        exited = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting until it is made; nil when the producer has made the last one.
    func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished && !exited { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Lets the producer finish the item it is making, makes no more, and waits for it: what
    /// `produce` touched is the caller's again. Calling it again does nothing.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !exited { condition.wait() }
        items.removeAll()
        condition.unlock()
    }
}
