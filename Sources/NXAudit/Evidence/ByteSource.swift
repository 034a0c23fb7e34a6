import CZlib
import Foundation

/// Where a scanner's bytes come from: a byte range of a plain file through
/// `pread()`, a whole gzip file (several concatenated members included)
/// through zlib's `gzread`, or bytes a source already holds in memory.
final class ByteSource {
    private let fd: Int32
    private let gz: gzFile?
    private let memory: [UInt8]?
    private var offset: Int64
    private let end: Int64?
    let path: String
    /// How many bytes the source holds, when known without reading (not for gzip).
    let sizeHint: Int64?
    /// Where bytes read are counted (the first, speculative pass only).
    var progress: ReadProgress?
    /// zlib's offset in the compressed file at the last count.
    private var compressedOffset: Int64 = 0

    /// A source over the whole input, or over `range` of a plain file.
    init(input: EvidenceInput, range: Range<Int64>? = nil) throws(EvidenceError) {
        path = input.path
        memory = nil
        fd = open(input.fileSystemPath, O_RDONLY)
        guard fd >= 0 else { throw .inputNotReadable(path: input.path, reason: String(cString: strerror(errno))) }
        offset = range?.lowerBound ?? 0
        end = range?.upperBound
        sizeHint = input.isGzip ? nil : range.map { $0.upperBound - $0.lowerBound } ?? input.size
        if input.isGzip {
            precondition(range == nil, "a gzip stream cannot be split")
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

    /// A source over bytes already in memory (a log a source received whole).
    init(bytes: [UInt8], path: String) {
        self.path = path
        memory = bytes
        fd = -1
        gz = nil
        offset = 0
        end = Int64(bytes.count)
        sizeHint = Int64(bytes.count)
    }

    deinit {
        if let gz { gzclose(gz) } else if fd >= 0 { close(fd) }
    }

    /// Reads up to `count` bytes; 0 at the end of the file or range.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(EvidenceError) -> Int {
        if let memory {
            let n = min(count, memory.count - Int(offset))
            guard n > 0 else { return 0 }
            memory.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + Int(offset), byteCount: n) }
            offset += Int64(n)
            return n
        }
        if let gz {
            let n = gzread(gz, buffer, UInt32(min(count, Int(Int32.max))))
            var status: Int32 = Z_OK
            _ = gzerror(gz, &status)
            // zlib ends a cut-off stream like a complete one; only its error status tells.
            if n <= 0, status != Z_OK, status != Z_STREAM_END {
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? "zlib error \(code)"
                throw .readFailed(path: path, reason: "gzip data is damaged: \(message)")
            }
            if let progress {
                let now = Int64(gzoffset(gz))
                progress.add(bytes: now - compressedOffset)
                compressedOffset = now
            }
            return Int(n)
        }
        let wanted = end.map { min(Int64(count), $0 - offset) } ?? Int64(count)
        guard wanted > 0 else { return 0 }
        while true {
            let n = pread(fd, buffer, Int(wanted), off_t(offset))
            if n >= 0 {
                offset += Int64(n)
                progress?.add(bytes: Int64(n))
                return n
            }
            if errno != EINTR { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    /// Offsets that split a plain file of `size` bytes into pieces of about `target`
    /// bytes, each piece starting just after a newline. Returns `[0, ..., size]`.
    static func splitPoints(path: String, size: Int64, target: Int64) throws(EvidenceError) -> [Int64] {
        guard size > target else { return [0, size] }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .inputNotReadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var points: [Int64] = [0]
        var window = [UInt8](repeating: 0, count: Int(min(64 * 1024, size)))
        var next = target
        while next < size {
            var position = next
            var found: Int64?
            while found == nil, position < size {
                let n = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(position)) }
                if n < 0 { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
                if n == 0 { break }
                if let i = window[0..<n].firstIndex(of: 0x0A) {
                    found = position + Int64(i) + 1
                } else {
                    position += Int64(n)
                }
            }
            guard let split = found, split < size else { break }
            if split > points.last! { points.append(split) }
            next = split + target
        }
        points.append(size)
        return points
    }
}
