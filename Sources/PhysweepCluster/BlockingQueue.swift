import Foundation

/// A first-in, first-out queue that threads wait on: `take` blocks until an element is there or
/// the queue is closed. Feeds the threads that work off a socket thread's hands (`TaskRunner`,
/// `SubmissionThread`).
///
/// ```swift
/// let jobs = BlockingQueue<Int>()
/// Thread { while let job = jobs.take() { print(job) } }.start()
/// jobs.append(1)
/// jobs.close()  // the thread exits after its current job
/// ```
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var elements: [Element] = []
    private var closed = false

    /// Adds `element` for the next free taker (dropped once the queue is closed).
    func append(_ element: Element) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        elements.append(element)
        condition.signal()
    }

    /// The oldest element, waiting for one if need be; nil once the queue is closed.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while elements.isEmpty && !closed { condition.wait() }
        return closed ? nil : elements.removeFirst()
    }

    /// Elements waiting for a taker.
    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return elements.count
    }

    /// Drops the waiting elements and wakes every taker, which gets nil from now on.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        elements.removeAll()
        condition.broadcast()
    }
}
