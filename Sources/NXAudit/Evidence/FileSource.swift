/// A log file as a source of evidence: plain text (cut at line ends into pieces
/// read on all cores), gzip (one stream, read whole), or standard input, which
/// `EvidenceInput.resolve` spools to a file first.
package struct FileSource: EvidenceSource {
    package let input: EvidenceInput

    package init(_ input: EvidenceInput) {
        self.input = input
    }

    package func pieces(of size: Int64) throws(EvidenceError) -> [SourcePiece] {
        guard !input.isGzip else { return [.whole] }
        let points = try ByteSource.splitPoints(path: input.fileSystemPath, size: input.size, target: size)
        return (0..<(points.count - 1)).map { SourcePiece(index: $0, span: points[$0]..<points[$0 + 1]) }
    }

    package func forEachLine(
        in piece: SourcePiece, maxLineLength: Int, progress: ReadProgress?, _ body: (SourceLine) -> Void
    ) throws(EvidenceError) -> Int {
        let bytes = try ByteSource(input: input, range: piece.span)
        bytes.progress = progress
        return try Self.lines(of: bytes, maxLineLength: maxLineLength, body)
    }

    /// Scans a byte stream into lines numbered from 1: the loop of every source that
    /// delivers bytes (a file, standard input; a download would too).
    @inline(__always)
    static func lines(
        of bytes: ByteSource, maxLineLength: Int, _ body: (SourceLine) -> Void
    ) throws(EvidenceError) -> Int {
        var scanner = LineScanner()
        scanner.maxLineLength = maxLineLength
        var number = 0
        do {
            return try scanner.scan(bytes) { line, overlong in
                number += 1
                body(SourceLine(bytes: line, number: number, overlong: overlong))
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw .readFailed(path: bytes.path, reason: "\(error)")
        }
    }

    /// The file's SHA-256, read again (the page cache serves it) up to the size it had
    /// when the run began: the bytes analysed.
    package func digest() throws(EvidenceError) -> String {
        guard let digest = SHA256.file(at: input.fileSystemPath, limit: input.size) else {
            throw .readFailed(path: input.path, reason: "it could not be read again to compute its SHA-256")
        }
        // A file that shrank while it was read (rotated by copy and truncate) no longer holds the bytes analysed.
        guard digest.size == input.size else {
            throw .readFailed(
                path: input.path,
                reason:
                    "it changed while it was read (\(digest.size) of \(input.size) bytes left; rotated or "
                    + "truncated?); run again"
            )
        }
        return digest.hex
    }
}
