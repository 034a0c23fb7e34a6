import CZlib

/// A gzip file written with zlib's deflate, for the rotated files logrotate compresses.
///
/// The gzip header is zlib's default for `windowBits` 31: no file name and a
/// modification time of 0, so the same lines always give the same bytes.
final class GzipWriter: ByteSink {
    private let file: FileSink
    /// Heap-allocated: zlib's state points back at its stream and checks that it did not move.
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    private let outputSize = 1 << 18

    init(creating path: String) throws {
        file = try FileSink(creating: path)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: outputSize)
        let status = deflateInit2_(
            stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw LogGenError.compressionFailed(path: path, status: status)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        try deflateAvailable(flush: Z_NO_FLUSH)
    }

    func close() throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try deflateAvailable(flush: Z_FINISH)
        try file.close()
    }

    /// Runs deflate until it has taken all input (and, when finishing, written the trailer).
    private func deflateAvailable(flush: Int32) throws {
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(outputSize)
            let status = deflate(stream, flush)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw LogGenError.compressionFailed(path: file.path, status: status)
            }
            let produced = outputSize - Int(stream.pointee.avail_out)
            try file.write(UnsafeRawBufferPointer(start: output, count: produced))
            if flush == Z_FINISH
                ? status == Z_STREAM_END : (stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0)
            {
                return
            }
        }
    }
}
