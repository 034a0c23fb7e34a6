/// One source file as an evidence archive holds it, for `EvidenceReader.read(archived:)`:
/// a source of evidence whose lines are rows, read straight from memory.
public struct ArchivedSource: Sendable {
    /// The file as it was ingested: path, size, modification time.
    public var input: EvidenceInput
    /// SHA-256 of the file as it was ingested.
    public var sha256: String
    public var lines: ArchivedLines

    public init(input: EvidenceInput, sha256: String, lines: ArchivedLines) {
        self.input = input
        self.sha256 = sha256
        self.lines = lines
    }
}

extension ArchivedSource: EvidenceSource {
    /// The ingest chose the years with the whole file in view; the report keeps its basis.
    package var yearPolicy: YearPolicy? { lines.yearPolicy }
    /// Rows keep the line numbers they had in their file.
    package var holdsOwnLineNumbers: Bool { true }
    /// The ingest added each line once.
    package var mayRepeatOtherSources: Bool { false }

    package func pieces(of size: Int64) -> [SourcePiece] {
        lines.pieces(of: Int(clamping: size)).enumerated().map { index, rows in
            SourcePiece(index: index, span: Int64(rows.lowerBound)..<Int64(rows.upperBound))
        }
    }

    package func forEachLine(
        in piece: SourcePiece, maxLineLength: Int, progress: ReadProgress?, _ body: (SourceLine) -> Void
    ) -> Int {
        let rows = piece.span.map { Int($0.lowerBound)..<Int($0.upperBound) } ?? 0..<lines.lineNumbers.count
        return lines.forEachLine(in: rows, maxLineLength: maxLineLength, body)
    }

    /// The digest recorded at ingest; each row read was checked against its own (`select`).
    package func digest() -> String { sha256 }
}

/// Lines of one source file as an evidence archive holds them: each row's raw
/// bytes, with the line number, year and over-long mark the file gave it.
public struct ArchivedLines: Sendable {
    /// The raw lines, one after the other (see `starts`).
    public private(set) var bytes: [UInt8] = []
    /// The line number in the source file of each line, in order.
    public private(set) var lineNumbers: [Int] = []
    /// The year the ingest gave each RFC 3164 stamp (0 for other lines): it was
    /// decided with the whole file in view, which a period's excerpt is not.
    public private(set) var years: [Int32] = []
    /// Indices of lines that were over-long in the file; the archive keeps their beginning.
    public private(set) var overlong: Set<Int> = []
    /// How the ingest chose those years.
    public var yearPolicy: YearPolicy

    public init(yearPolicy: YearPolicy) {
        self.yearPolicy = yearPolicy
    }

    /// Where each line starts in `bytes`.
    private var starts: [Int] = []

    public mutating func append(_ raw: UnsafeRawBufferPointer, line: Int, year: Int32, overlong isOverlong: Bool) {
        if isOverlong { overlong.insert(lineNumbers.count) }
        starts.append(bytes.count)
        bytes.append(contentsOf: raw)
        lineNumbers.append(line)
        years.append(year)
    }

    /// The lines cut into consecutive runs of about `size` bytes, for reading in parallel.
    func pieces(of size: Int) -> [Range<Int>] {
        guard readSize(of: 0..<lineNumbers.count) > size, size > 0 else { return [0..<lineNumbers.count] }
        var result: [Range<Int>] = []
        var first = 0
        while first < lineNumbers.count {
            var end = first + 1
            while end < lineNumbers.count, readSize(of: first..<end) < size { end += 1 }
            result.append(first..<end)
            first = end
        }
        return result
    }

    /// Hands out the lines `rows` as a file's lines; returns their bytes read.
    func forEachLine(in rows: Range<Int>, maxLineLength: Int, _ body: (SourceLine) -> Void) -> Int {
        bytes.withUnsafeBytes { all in
            for row in rows {
                let end = row + 1 < starts.count ? starts[row + 1] : all.count
                let raw = UnsafeRawBufferPointer(rebasing: all[starts[row]..<end])
                // Over-long in its file, or longer than this run's line limit.
                let overlong = raw.count > maxLineLength || overlong.contains(row)
                body(SourceLine(bytes: raw, number: lineNumbers[row], overlong: overlong, year: Int(years[row])))
            }
        }
        return readSize(of: rows)
    }

    /// The bytes reading `rows` counts: each line and a CR LF. Reports made from an
    /// archive have always counted the line end a file would hold, and keep doing so.
    private func readSize(of rows: Range<Int>) -> Int {
        guard !rows.isEmpty else { return 0 }
        let end = rows.upperBound < starts.count ? starts[rows.upperBound] : bytes.count
        return end - starts[rows.lowerBound] + 2 * rows.count
    }
}
