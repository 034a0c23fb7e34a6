import Foundation

/// A small bounded queue between the reading thread and the inserting one.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [RowBatch] = []
    private var finished = false
    private var failure: EvidenceError?
    private var cancelled = false
    private let capacity = 4

    /// Hands a batch over; false when the consumer gave up (stop reading).
    func send(_ batch: RowBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    func finish(_ error: EvidenceError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// The next batch; nil at the end of the file; throws what the reader met.
    func next() throws(EvidenceError) -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}
