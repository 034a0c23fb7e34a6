import Foundation
import NXAudit
import Synchronization

/// A progress line on standard error while a long run reads: bytes and lines read, rate and
/// time left, refreshed four times a second, only when standard error is a terminal.
final class ProgressDisplay: Sendable {
    private let progress = Mutex<ReadProgress?>(nil)
    private let running = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let startedAt = Date()

    /// A display when standard error is a terminal and the run is not `--quiet`; nil otherwise.
    static func forStandardError(
        quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ProgressDisplay? {
        guard !quiet, isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" else { return nil }
        return ProgressDisplay()
    }

    /// Starts drawing; returns the counter the reader updates.
    func start(totalBytes: Int64) -> ReadProgress {
        let counter = ReadProgress(totalBytes: totalBytes)
        progress.withLock { $0 = counter }
        running.store(true, ordering: .releasing)
        Thread.detachNewThread { [self] in
            while running.load(ordering: .acquiring) {
                draw(counter)
                Thread.sleep(forTimeInterval: 0.25)
            }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            finished.signal()
        }
        return counter
    }

    /// Stops drawing and clears the line (waits for the drawing thread).
    func stop() {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
    }

    private func draw(_ counter: ReadProgress) {
        let elapsed = max(0.001, Date().timeIntervalSince(startedAt))
        let bytes = counter.bytesRead
        let line: String
        switch counter.currentStage {
        case .reading:
            let rate = Double(bytes) / elapsed
            let share = counter.totalBytes > 0 ? Double(bytes) / Double(counter.totalBytes) : 0
            let left = rate > 0 ? Double(counter.totalBytes - bytes) / rate : 0
            line =
                "nxaudit: reading \(Self.size(bytes)) of \(Self.size(counter.totalBytes)) (\(Int(share * 100))%), "
                + "\(Self.count(counter.linesRead)) lines, \(Self.size(Int64(rate)))/s, about "
                + "\(Int(left.rounded())) s left"
        case let stage:
            line = "nxaudit: \(stage.word) (\(Self.size(bytes)) read in \(Int(elapsed.rounded())) s)"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func count(_ n: Int) -> String {
        n >= 1_000_000
            ? String(format: "%.1f M", Double(n) / 1e6) : n >= 1000 ? String(format: "%.0f k", Double(n) / 1e3) : "\(n)"
    }
}
