import Foundation
import Synchronization

/// Cores available to this process, read once (Foundation reads the cgroup quota on each call).
let processorCount = ProcessInfo.processInfo.activeProcessorCount

extension Array where Element: Sendable {
    /// `map` on up to `width` threads; results keep the elements' order, and the
    /// error of the first failing element (in order) is thrown.
    func parallelMap<R: Sendable, E: Error>(
        width: Int = processorCount,
        _ transform: @Sendable (Element) throws(E) -> R
    ) throws(E) -> [R] {
        let results = Mutex<[Result<R, E>?]>(Array<Result<R, E>?>(repeating: nil, count: count))
        let next = Atomic<Int>(0)
        // One thread, or one element: no hand-off to Dispatch.
        if width <= 1 || count <= 1 { return try map(transform) }
        DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(width, count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let result = Result { () throws(E) in try transform(self[index]) }
                results.withLock { $0[index] = result }
            }
        }
        return try results.withLock { $0 }.map { result throws(E) in try result!.get() }
    }
}
