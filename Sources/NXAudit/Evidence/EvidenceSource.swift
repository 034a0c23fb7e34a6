/// Where evidence comes from: anything that hands over audit lines, each with a
/// stable place (its line number), and says what the report and the manifest
/// record of it.
///
/// `EvidenceReader.read(_:)` asks each source for its pieces, reads the pieces
/// on all cores, and gives every line to the same steps (`LineSteps`: parse,
/// place in time, set duplicates aside, count, keep). So a line from any source
/// is parsed, counted and located exactly like a line of a file, and a source
/// never decides what a line means.
///
/// Implementations: `FileSource` (a plain or gzip file, or standard input
/// spooled to a file) and `ArchivedSource` (the lines an evidence archive holds
/// of one file, with the years its ingest gave them).
///
/// To add a source (a download from the Audit Trail API, a JSON export), write
/// one type, in the folder of what it reads:
/// 1. `input`: what the report and manifest name it by (path or URL), its size,
///    whether it is compressed, and the instant that dates its RFC 3164 stamps
///    (`modificationSeconds`: for a download, when it was fetched).
/// 2. `pieces(of:)`: `[.whole]`, unless the source can be cut at line ends into
///    pieces that can be read independently (a plain file can; a gzip stream cannot).
/// 3. `forEachLine(in:maxLineLength:progress:_:)`: every line of the piece, in order,
///    without its end of line, numbered from 1 at the piece's start (or with the
///    numbers the source holds, when `holdsOwnLineNumbers`). This loop is the hot
///    path: keep it concrete, with no allocation or dynamic call per line beyond
///    calling `body`. A byte stream can reuse `LineScanner`.
/// 4. `digest()`: SHA-256 of the bytes as stored or received, for the manifest;
///    it runs on another thread while the lines are read.
/// 5. Build the sources in `ReportPipeline.run` and pass them to the reader.
package protocol EvidenceSource: Sendable {
    /// What the report and the manifest record of the source: name, size, compression,
    /// and the instant that dates its RFC 3164 stamps.
    var input: EvidenceInput { get }
    /// How the years of its RFC 3164 stamps were chosen, when the source decided it
    /// (an archive's ingest did); nil: the run's `--year` or modification time.
    var yearPolicy: YearPolicy? { get }
    /// Whether its lines carry their own numbers (an archive's rows keep their file's);
    /// otherwise they are counted from each piece's start and renumbered after the
    /// pieces before it.
    var holdsOwnLineNumbers: Bool { get }
    /// Whether it may hold copies of another source's lines (a hand-collected file
    /// beside the rotated ones): then copies are looked for (`DuplicateFinder`) and
    /// the source is read whole. An archive holds each line once already.
    var mayRepeatOtherSources: Bool { get }

    /// The pieces it can be read in, in order, each about `size` bytes.
    func pieces(of size: Int64) throws(EvidenceError) -> [SourcePiece]

    /// Calls `body` with every line of `piece`, in order; returns the bytes read
    /// (decompressed bytes for a compressed source).
    ///
    /// Lines longer than `maxLineLength` are handed over as over-long (only their
    /// beginning). Bytes read are counted on `progress` when it is given.
    func forEachLine(
        in piece: SourcePiece, maxLineLength: Int, progress: ReadProgress?, _ body: (SourceLine) -> Void
    ) throws(EvidenceError) -> Int

    /// SHA-256 of the source as stored (64 hex digits); throws when it can no longer
    /// be read or no longer holds the bytes that were read.
    func digest() throws(EvidenceError) -> String
}

extension EvidenceSource {
    package var yearPolicy: YearPolicy? { nil }
    package var holdsOwnLineNumbers: Bool { false }
    package var mayRepeatOtherSources: Bool { true }
}

/// A part of a source that can be read on its own.
package struct SourcePiece: Sendable, Equatable {
    /// Position of the piece within its source (0 for the first).
    package var index: Int
    /// The part in the source's own terms (bytes of a plain file, rows of an archive
    /// selection); nil for the whole source.
    package var span: Range<Int64>?

    package init(index: Int, span: Range<Int64>?) {
        self.index = index
        self.span = span
    }

    /// The whole source, read in one go.
    package static let whole = SourcePiece(index: 0, span: nil)
}

/// One line as a source hands it over: its bytes, valid only during the call.
package struct SourceLine {
    /// The line without its end (`\n`, `\r\n`); only the beginning of an over-long line.
    package var bytes: UnsafeRawBufferPointer
    /// 1-based line number: within the piece, or the source's own (`holdsOwnLineNumbers`).
    package var number: Int
    /// Whether the line is longer than the line limit (then it is not parsed).
    package var overlong: Bool
    /// The year already decided for an RFC 3164 stamp (an archive fixed it at ingest).
    package var year: Int?

    @inline(__always)
    package init(bytes: UnsafeRawBufferPointer, number: Int, overlong: Bool, year: Int? = nil) {
        self.bytes = bytes
        self.number = number
        self.overlong = overlong
        self.year = year
    }
}
