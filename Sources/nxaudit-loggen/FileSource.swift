import Foundation

/// A file read back in 1 MiB chunks: the rotation set is cut from the finished stream,
/// and the all-Engines download is the Engine files joined.
final class FileSource {
    let path: String
    private let descriptor: Int32
    private let buffer: UnsafeMutableRawPointer
    private let capacity = 1 << 20

    init(opening path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LogGenError.readFailed(path: path, reason: LogGenError.reason(errno))
        }
        self.path = path
        self.descriptor = descriptor
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        Foundation.close(descriptor)
        buffer.deallocate()
    }

    /// The next chunk (valid until the next call), or nil at the end of the file.
    func read() throws -> UnsafeRawBufferPointer? {
        while true {
            let count = Foundation.read(descriptor, buffer, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                throw LogGenError.readFailed(path: path, reason: LogGenError.reason(errno))
            }
            return count == 0 ? nil : UnsafeRawBufferPointer(start: buffer, count: count)
        }
    }
}
