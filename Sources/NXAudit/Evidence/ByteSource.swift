import CZlib
import Foundation

/// Where a scanner's bytes come from: a plain file through `read()`, or a gzip
/// file (several concatenated members included) through zlib's `gzread`.
final class ByteSource {
    private let fd: Int32
    private let gz: gzFile?
    let path: String

    init(input: EvidenceInput) throws(EvidenceError) {
        path = input.path
        fd = open(input.path, O_RDONLY)
        guard fd >= 0 else { throw .inputNotReadable(path: input.path, reason: String(cString: strerror(errno))) }
        if input.isGzip {
            guard let handle = gzdopen(fd, "rb") else {
                close(fd)
                throw .inputNotReadable(path: input.path, reason: "zlib could not open it")
            }
            gzbuffer(handle, 256 * 1024)
            gz = handle
        } else {
            gz = nil
        }
    }

    deinit {
        if let gz { gzclose(gz) } else { close(fd) }
    }

    /// Reads up to `count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(EvidenceError) -> Int {
        if let gz {
            let n = gzread(gz, buffer, UInt32(min(count, Int(Int32.max))))
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? "zlib error \(code)"
                throw .readFailed(path: path, reason: "gzip data is damaged: \(message)")
            }
            return Int(n)
        }
        while true {
            let n = Foundation.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno != EINTR { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
        }
    }
}
