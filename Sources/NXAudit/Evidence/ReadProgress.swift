import Synchronization

/// How far reading has come, updated by the readers and polled by a progress display.
///
/// Bytes are those of the inputs as stored (compressed bytes of a `.gz`), so they
/// compare with `totalBytes`; lines are counted in batches.
public final class ReadProgress: Sendable {
    /// The size of every input as stored.
    public let totalBytes: Int64
    private let bytes = Atomic<Int64>(0)
    private let lines = Atomic<Int>(0)
    private let stage = Atomic<Int>(0)

    /// What the run is doing.
    public enum Stage: Int, Sendable {
        case reading, analysing, rendering, done

        public var word: String {
            switch self {
            case .reading: "reading"
            case .analysing: "analysing"
            case .rendering: "rendering"
            case .done: "done"
            }
        }
    }

    public init(totalBytes: Int64) {
        self.totalBytes = totalBytes
    }

    public var bytesRead: Int64 { bytes.load(ordering: .relaxed) }
    public var linesRead: Int { lines.load(ordering: .relaxed) }
    public var currentStage: Stage { Stage(rawValue: stage.load(ordering: .relaxed)) ?? .done }

    func enter(_ next: Stage) { stage.store(next.rawValue, ordering: .relaxed) }

    func add(bytes count: Int64) { bytes.wrappingAdd(count, ordering: .relaxed) }
    func add(lines count: Int) { lines.wrappingAdd(count, ordering: .relaxed) }
}
