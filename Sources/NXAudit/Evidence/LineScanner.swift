import Foundation

/// Splits a source's bytes into lines with large reads and `memchr`.
///
/// Each byte is looked at once by `memchr`; a line longer than `maxLineLength`
/// is not buffered but skipped to its end and reported as over-long, so a 10 MB
/// line costs one pass and no memory. A final line without `\n` is a line; a
/// `\r` before `\n` is dropped (CRLF files).
struct LineScanner {
    var chunkSize = 1 << 20
    var maxLineLength = 64 * 1024

    /// Calls `body` with each line (without its end) and whether it was over-long
    /// (then the bytes are only the line's beginning). Returns the bytes read.
    @discardableResult
    func scan(
        _ source: ByteSource,
        _ body: (UnsafeRawBufferPointer, _ overlong: Bool) throws -> Void
    ) throws -> Int {
        // A small source (a piece of an archived file, a short log) gets no bigger buffer than
        // it needs, and never less than two line limits.
        let wanted = source.sizeHint.map { Int(min(Int64(chunkSize), $0 + 1)) } ?? chunkSize
        let capacity = max(wanted, maxLineLength * 2)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var start = 0  // first byte of the current line
        var end = 0  // end of valid bytes
        var skipping = false  // inside an over-long line, its beginning already kept
        var totalRead = 0

        /// Hands out a line without its `\r`; over-long is judged on what remains.
        func emit(_ from: Int, _ to: Int, overlong: Bool) throws {
            var length = to - from
            if length > 0, buffer.load(fromByteOffset: from + length - 1, as: UInt8.self) == 0x0D { length -= 1 }
            try body(UnsafeRawBufferPointer(start: buffer + from, count: length), overlong || length > maxLineLength)
        }

        while true {
            let n = try source.read(into: buffer + end, count: capacity - end)
            if n == 0 {
                if skipping {
                    try emit(0, min(end, 256), overlong: true)
                } else if end > start {
                    try emit(start, end, overlong: false)
                }
                return totalRead
            }
            totalRead += n
            var scanFrom = end
            end += n
            while scanFrom < end, let hit = memchr(buffer + scanFrom, 0x0A, end - scanFrom) {
                let newline = buffer.distance(to: hit)
                if skipping {
                    try emit(0, min(newline, 256), overlong: true)
                    skipping = false
                } else {
                    try emit(start, newline, overlong: false)
                }
                start = newline + 1
                scanFrom = start
            }
            if skipping {
                // Drop everything after the kept beginning: the line goes on.
                end = min(end, 256)
                start = 0
                continue
            }
            // One byte more than the limit may still be the `\r` of a line of exactly the limit.
            if end - start > maxLineLength + 1 {
                // Keep the first bytes for display, then skip to the line's end.
                let keep = min(end - start, 256)
                if start > 0 { buffer.copyMemory(from: buffer + start, byteCount: keep) }
                end = keep
                start = 0
                skipping = true
                continue
            }
            if start > 0 {
                let remaining = end - start
                if remaining > 0 { buffer.copyMemory(from: buffer + start, byteCount: remaining) }
                start = 0
                end = remaining
            }
        }
    }
}
