import Foundation

/// A file (or standard output) written through a 1 MiB buffer with `write(2)`.
///
/// Lines are small and numerous; gathering them and writing megabytes per system call
/// keeps writing far below the cost of making them.
final class FileSink: ByteSink {
    /// The path, or "standard output", for messages.
    let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let buffer: UnsafeMutableRawPointer
    private let capacity = 1 << 20
    private var used = 0

    private init(path: String, descriptor: Int32, ownsDescriptor: Bool) {
        self.path = path
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    /// Creates (or truncates) the file at `path`.
    convenience init(creating path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LogGenError.cannotCreate(path: path, reason: LogGenError.reason(errno))
        }
        self.init(path: path, descriptor: descriptor, ownsDescriptor: true)
    }

    static func standardOutput() -> FileSink {
        FileSink(path: "standard output", descriptor: 1, ownsDescriptor: false)
    }

    deinit {
        buffer.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if used + bytes.count > capacity {
            try drain()
        }
        if bytes.count >= capacity {
            try writeAll(bytes)
            return
        }
        if let base = bytes.baseAddress {
            (buffer + used).copyMemory(from: base, byteCount: bytes.count)
        }
        used += bytes.count
    }

    /// Writes `bytes` and a line end.
    @inline(__always)
    func writeLine(_ bytes: UnsafeRawBufferPointer) throws {
        if used + bytes.count + 1 > capacity {
            try drain()
            if bytes.count + 1 > capacity {
                try writeAll(bytes)
                buffer.storeBytes(of: 0x0A, as: UInt8.self)
                used = 1
                return
            }
        }
        if let base = bytes.baseAddress {
            (buffer + used).copyMemory(from: base, byteCount: bytes.count)
        }
        buffer.storeBytes(of: 0x0A, toByteOffset: used + bytes.count, as: UInt8.self)
        used += bytes.count + 1
    }

    func close() throws {
        try drain()
        if ownsDescriptor, Foundation.close(descriptor) != 0 {
            throw LogGenError.writeFailed(path: path, reason: LogGenError.reason(errno))
        }
    }

    private func drain() throws {
        try writeAll(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                throw LogGenError.writeFailed(path: path, reason: LogGenError.reason(errno))
            }
            next += written
            left -= written
        }
    }
}
