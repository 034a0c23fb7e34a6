import Foundation

/// How the archive's content is hashed into a chain of batch heads.
///
/// A batch's content hash is SHA-256 over its rows in id order, each encoded as
/// fixed-width little-endian fields (id, source, line, instant, year, code), the
/// malformed reason and the account (length-prefixed), and the 16-byte digest of
/// the raw line (SHA-256's first half, recomputed from the raw bytes by verify).
/// A batch's head is SHA-256 over the previous head, the batch record, its
/// sources and spans (ingest) or rebased batches (prune), and its content hash. Changing,
/// removing, inserting or reordering any row, source or batch changes a head.
enum ArchiveChain {
    /// The previous head of the first batch.
    static let genesis = String(repeating: "0", count: 64)

    /// Accumulates the content hash of a batch's rows.
    struct ContentHasher {
        private let hasher = SHA256()
        private var buffer: [UInt8] = []
        private(set) var rows = 0

        init() { buffer.reserveCapacity(1 << 20) }

        mutating func add(
            id: Int64, source: Int64, line: Int64, instant: Int64, year: Int64?, code: Int64?,
            malformed: UnsafeRawBufferPointer?, user: UnsafeRawBufferPointer?, digest: LineDigest
        ) {
            append(id)
            append(source)
            append(line)
            append(instant)
            append(year ?? -1)
            append(code ?? -1)
            appendField(malformed)
            appendField(user)
            append(Int64(bitPattern: digest.high))
            append(Int64(bitPattern: digest.low))
            rows += 1
            if buffer.count >= 1 << 20 { flush() }
        }

        private mutating func append(_ value: Int64) {
            withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
        }

        private mutating func appendField(_ bytes: UnsafeRawBufferPointer?) {
            guard let bytes else { return append(-1) }
            append(Int64(bytes.count))
            buffer.append(contentsOf: bytes)
        }

        private mutating func flush() {
            buffer.withUnsafeBytes { hasher.update($0) }
            buffer.removeAll(keepingCapacity: true)
        }

        /// The content hash, 64 hex digits.
        mutating func finish() -> String {
            flush()
            return hasher.hex()
        }
    }

    /// A batch as the chain hashes it.
    struct BatchRecord: Equatable {
        var id: Int64
        var kind: String
        var created: Int64
        var tool: String
        var detail: String
        var firstRow: Int64?
        var lastRow: Int64?
        var rows: Int64
        var contentSHA256: String
        var previousHead: String
    }

    /// A source as the chain hashes it.
    struct SourceRecord: Equatable {
        var id: Int64
        var path: String
        var sha256: String
        var size: Int64
        var modified: Int64
        var yearPolicy: String
        var timeZone: String
        var linesRead: Int64
        var linesAdded: Int64
        var linesHeld: Int64
    }

    /// A run of consecutive rows of one source with the range of their instants: how a
    /// report finds a period's rows without an index entry per row.
    struct SpanRecord: Equatable {
        /// Rows per span.
        static let rows: Int64 = 4096
        var firstRow: Int64
        var lastRow: Int64
        var source: Int64
        var minInstant: Int64
        var maxInstant: Int64
    }

    /// What a prune left of one batch.
    struct RebaseRecord: Equatable {
        var batch: Int64
        var rows: Int64
        var contentSHA256: String
    }

    /// The head of a batch: every field length-prefixed, so no two records hash alike.
    static func head(
        of batch: BatchRecord, sources: [SourceRecord], spans: [SpanRecord], rebases: [RebaseRecord]
    ) -> String {
        let hasher = SHA256()
        func field(_ text: String) {
            hasher.update("\(text.utf8.count):")
            hasher.update(text)
        }
        func field(_ number: Int64?) { field(number.map(String.init) ?? "-") }
        field("nxaudit-archive-chain-1")
        field(batch.previousHead)
        field(batch.id)
        field(batch.kind)
        field(batch.created)
        field(batch.tool)
        field(batch.detail)
        field(batch.firstRow)
        field(batch.lastRow)
        field(batch.rows)
        field(batch.contentSHA256)
        field(Int64(sources.count))
        for source in sources {
            field(source.id)
            field(source.path)
            field(source.sha256)
            field(source.size)
            field(source.modified)
            field(source.yearPolicy)
            field(source.timeZone)
            field(source.linesRead)
            field(source.linesAdded)
            field(source.linesHeld)
        }
        field(Int64(spans.count))
        for span in spans {
            field(span.firstRow)
            field(span.lastRow)
            field(span.source)
            field(span.minInstant)
            field(span.maxInstant)
        }
        field(Int64(rebases.count))
        for rebase in rebases {
            field(rebase.batch)
            field(rebase.rows)
            field(rebase.contentSHA256)
        }
        return hasher.hex()
    }
}
