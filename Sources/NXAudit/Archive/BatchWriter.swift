import Foundation
import GRDB
import GRDBSQLite

/// Inserts one ingest's rows and records its batch.
struct BatchWriter {
    let db: Database
    let ingest: ArchiveIngest
    let batchID: Int64
    let firstRow: Int64
    var nextRow: Int64
    var nextSource: Int64
    var content = ArchiveChain.ContentHasher()
    var sources: [ArchiveChain.SourceRecord] = []
    var spans: [ArchiveChain.SpanRecord] = []
    /// How many copies of each line the archive holds before the current file: those of
    /// earlier ingests in the windows loaded so far, and those earlier files of this one added.
    var prior = DigestCounts()
    /// The counts of the file before the current one, raised into `prior` when another file follows.
    var previousFile: DigestCounts?
    /// Which instants `prior` covers for earlier ingests (sorted, disjoint).
    var loaded: [ClosedRange<Int64>] = []
    /// Rows waiting for the next multi-row INSERT (they point into the current batch's bytes).
    var queued: [(id: Int64, row: ArchiveRow)] = []
    let insertMany: Statement
    let insertOne: Statement
    let window: Statement
    /// Rows per multi-row INSERT: one statement execution costs about as much as the binding of a row.
    static let rowsPerInsert = 64
    static let columns = 10

    init(db: Database, ingest: ArchiveIngest) throws {
        self.db = db
        self.ingest = ingest
        batchID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM batch") ?? 0) + 1
        // Ids are never reused, not even those of pruned rows.
        firstRow =
            max(
                try Int64.fetchOne(db, sql: "SELECT max(id) FROM line") ?? 0,
                try Int64.fetchOne(db, sql: "SELECT max(last_row) FROM batch") ?? 0) + 1
        nextRow = firstRow
        nextSource = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM source") ?? 0) + 1
        let values = "(" + Array(repeating: "?", count: Self.columns).joined(separator: ", ") + ")"
        let insert = "INSERT INTO line(id, source, line, instant, year, code, user, malformed, raw, digest) VALUES "
        insertMany = try db.makeStatement(
            sql: insert + Array(repeating: values, count: Self.rowsPerInsert).joined(separator: ", "))
        insertOne = try db.makeStatement(sql: insert + values)
        window = try db.makeStatement(
            sql: """
                SELECT line.digest, line.instant, line.malformed IS NOT NULL FROM span CROSS JOIN line \
                ON line.id BETWEEN span.first_row AND span.last_row
                WHERE span.max_instant >= ?1 AND span.min_instant <= ?2 AND line.instant \
                BETWEEN ?1 AND ?2 AND line.id < ?3
                """)
    }

    func previousHead(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'head'") ?? ArchiveChain.genesis
    }

    /// Reads one file on another thread and inserts its new lines here.
    mutating func add(_ input: EvidenceInput, sha256 known: String?) throws -> ArchiveIngest.FileResult {
        let sourceID = nextSource
        nextSource += 1
        // The archive holds as many copies of a line as the most any of its files held.
        if let previous = previousFile.take() {
            previous.forEachDigest { digest, count in prior.raise(digest, to: count) }
        }
        let hashing = DigestTask(input: input, known: known)
        var result = ArchiveIngest.FileResult(path: input.path, sha256: "", size: input.size)
        let channel = BatchChannel()
        let harvester = LineHarvester(
            input: input, yearPolicy: ingest.yearPolicy, timeZone: ingest.timeZone,
            maxLineLength: ingest.maxLineLength)
        let reading = Thread { harvester.run(into: channel) }
        reading.stackSize = 1 << 22
        reading.start()
        defer { channel.cancel() }
        // Copies of each line in this file so far; a copy beyond what the archive held is new.
        var local = DigestCounts(capacity: Int(min(input.size / 96, 1 << 24)))
        var span: ArchiveChain.SpanRecord?
        while let batch = try channel.next() {
            try load(around: batch)
            try batch.bytes.withUnsafeBytes { bytes in
                for row in batch.rows {
                    result.linesRead += 1
                    let key = DedupeKey.of(
                        row.digest, instant: row.instant, malformed: row.malformed != ArchiveRow.parsed)
                    let count = local.add(key)
                    if !prior.isEmpty, count <= prior[key] {
                        result.linesHeld += 1
                        continue
                    }
                    let id = nextRow
                    nextRow += 1
                    if span == nil || span!.lastRow - span!.firstRow + 1 >= ArchiveChain.SpanRecord.rows {
                        if let span { spans.append(span) }
                        span = ArchiveChain.SpanRecord(
                            firstRow: id, lastRow: id, source: sourceID, minInstant: row.instant,
                            maxInstant: row.instant)
                    } else {
                        span!.lastRow = id
                        span!.minInstant = min(span!.minInstant, row.instant)
                        span!.maxInstant = max(span!.maxInstant, row.instant)
                    }
                    queued.append((id, row))
                    if queued.count == Self.rowsPerInsert { try flush(source: sourceID, bytes: bytes) }
                    result.linesAdded += 1
                    if row.malformed != ArchiveRow.parsed { result.malformedAdded += 1 }
                }
                try flush(source: sourceID, bytes: bytes)
            }
        }
        if let span { spans.append(span) }
        previousFile = local
        result.sha256 = try hashing.result()
        let yearPolicy =
            switch ingest.yearPolicy {
            case .fixed(let year): String(year);
            case .modificationTime: "modification-time"
            }
        let record = ArchiveChain.SourceRecord(
            id: sourceID, path: input.path, sha256: result.sha256, size: input.size,
            modified: input.modificationSeconds,
            yearPolicy: yearPolicy, timeZone: ingest.timeZone.identifier, linesRead: Int64(result.linesRead),
            linesAdded: Int64(result.linesAdded), linesHeld: Int64(result.linesHeld))
        try db.execute(
            sql: """
                INSERT INTO source(id, batch, path, sha256, size, modified, \
                year_policy, time_zone, lines_read, lines_added, lines_held)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, batchID, record.path, record.sha256, record.size, record.modified, record.yearPolicy,
                record.timeZone, record.linesRead, record.linesAdded, record.linesHeld,
            ])
        sources.append(record)
        return result
    }

    /// Makes `prior` cover every line earlier ingests archived within the margin of the batch's lines.
    private mutating func load(around batch: RowBatch) throws {
        guard let low = batch.rows.lazy.map(\.instant).min(), let high = batch.rows.lazy.map(\.instant).max() else {
            return
        }
        let wanted = (low - ArchiveIngest.dedupeMargin)...(high + ArchiveIngest.dedupeMargin)
        var cursor = wanted.lowerBound
        var missing: [ClosedRange<Int64>] = []
        for range in loaded where range.upperBound >= cursor && range.lowerBound <= wanted.upperBound {
            if range.lowerBound > cursor { missing.append(cursor...(range.lowerBound - 1)) }
            cursor = max(cursor, range.upperBound &+ 1)
        }
        if cursor <= wanted.upperBound { missing.append(cursor...wanted.upperBound) }
        let statement = window.sqliteStatement
        for range in missing {
            sqlite3_reset(statement)
            sqlite3_bind_int64(statement, 1, range.lowerBound)
            sqlite3_bind_int64(statement, 2, range.upperBound)
            sqlite3_bind_int64(statement, 3, firstRow)
            while true {
                let step = sqlite3_step(statement)
                if step == SQLITE_DONE { break }
                guard step == SQLITE_ROW else { throw failure(step) }
                let stored = UnsafeRawBufferPointer(
                    start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0)))
                guard let digest = LineDigest(stored: stored) else { continue }
                prior.add(
                    DedupeKey.of(
                        digest, instant: sqlite3_column_int64(statement, 1),
                        malformed: sqlite3_column_int(statement, 2) != 0))
            }
        }
        loaded.append(wanted)
        loaded.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int64>] = []
        for range in loaded {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        loaded = merged
    }

    private func failure(_ code: Int32) -> DatabaseError { ArchiveRows.failure(code, in: db) }

    /// Inserts the queued rows: 64 to a statement, the rest one by one. Values are bound in
    /// place (SQLITE_STATIC): the batch's bytes outlive the statement's execution.
    private mutating func flush(source: Int64, bytes: UnsafeRawBufferPointer) throws {
        guard !queued.isEmpty else { return }
        let many = queued.count == Self.rowsPerInsert
        for group in many ? [queued[...]] : queued.map({ [$0][...] }) {
            let statement = (many ? insertMany : insertOne).sqliteStatement
            sqlite3_reset(statement)
            for (position, (id, row)) in group.enumerated() {
                bind(row, id: id, source: source, bytes: bytes, to: statement, at: Int32(position * Self.columns))
            }
            let step = sqlite3_step(statement)
            sqlite3_clear_bindings(statement)
            guard step == SQLITE_DONE else { throw failure(step) }
        }
        queued.removeAll(keepingCapacity: true)
    }

    private mutating func bind(
        _ row: ArchiveRow, id: Int64, source: Int64, bytes: UnsafeRawBufferPointer, to statement: OpaquePointer?,
        at base: Int32
    ) {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(row.rawStart)..<Int(row.rawStart + row.rawLength)])
        let user =
            row.userStart < 0
            ? nil : UnsafeRawBufferPointer(rebasing: raw[Int(row.userStart)..<Int(row.userStart + row.userLength)])
        let malformed = row.malformed == ArchiveRow.parsed ? nil : ArchiveRow.reasonText[Int(row.malformed)]
        sqlite3_bind_int64(statement, base + 1, id)
        sqlite3_bind_int64(statement, base + 2, source)
        sqlite3_bind_int64(statement, base + 3, Int64(row.line))
        sqlite3_bind_int64(statement, base + 4, row.instant)
        if row.year != 0 {
            sqlite3_bind_int64(statement, base + 5, Int64(row.year))
        } else {
            sqlite3_bind_null(statement, base + 5)
        }
        if row.code >= 0 {
            sqlite3_bind_int64(statement, base + 6, Int64(row.code))
        } else {
            sqlite3_bind_null(statement, base + 6)
        }
        if let user, let address = user.baseAddress, user.count > 0 {
            sqlite3_bind_text(statement, base + 7, address.assumingMemoryBound(to: CChar.self), Int32(user.count), nil)
        } else if user != nil {
            sqlite3_bind_text(statement, base + 7, "", 0, Self.transient)
        } else {
            sqlite3_bind_null(statement, base + 7)
        }
        if let malformed {
            sqlite3_bind_text(statement, base + 8, malformed, -1, Self.transient)
        } else {
            sqlite3_bind_null(statement, base + 8)
        }
        if let address = raw.baseAddress, raw.count > 0 {
            sqlite3_bind_blob(statement, base + 9, address, Int32(raw.count), nil)
        } else {
            sqlite3_bind_zeroblob(statement, base + 9, 0)
        }
        var digest = row.digest
        withUnsafeBytes(of: &digest) { _ = sqlite3_bind_blob(statement, base + 10, $0.baseAddress, 16, Self.transient) }
        let reason = malformed.map { Array($0.utf8) }
        reason.withUnsafeBytesOptional { reasonBytes in
            content.add(
                id: id, source: source, line: Int64(row.line), instant: row.instant,
                year: row.year == 0 ? nil : Int64(row.year),
                code: row.code >= 0 ? Int64(row.code) : nil, malformed: reasonBytes, user: user, digest: row.digest)
        }
    }

    /// SQLite copies the value (for the few values not in the batch's bytes).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Records the batch, with `detail` (what the ingest read), and moves the head; nil when no file was read.
    mutating func finish(detail: String) throws -> (id: Int64, head: String)? {
        guard !sources.isEmpty else { return nil }
        let previous = try previousHead(db)
        let rows = nextRow - firstRow
        let record = ArchiveChain.BatchRecord(
            id: batchID, kind: "add", created: ingest.nowSeconds, tool: "nxaudit \(NXAuditVersion.current)",
            detail: detail,
            firstRow: rows > 0 ? firstRow : nil, lastRow: rows > 0 ? nextRow - 1 : nil, rows: rows,
            contentSHA256: content.finish(), previousHead: previous)
        let head = ArchiveChain.head(of: record, sources: sources, spans: spans, rebases: [])
        try ArchiveChain.insert(record, head: head, spans: spans, into: db)
        return (batchID, head)
    }
}

extension ArchiveChain {
    /// Writes a batch record and makes its head the archive's.
    static func insert(_ record: BatchRecord, head: String, spans: [SpanRecord] = [], into db: Database) throws {
        for span in spans {
            try db.execute(
                sql: "INSERT INTO span(first_row, last_row, source, min_instant, max_instant) VALUES (?, ?, ?, ?, ?)",
                arguments: [span.firstRow, span.lastRow, span.source, span.minInstant, span.maxInstant])
        }
        try db.execute(
            sql: """
                INSERT INTO batch(id, kind, created, tool, detail, first_row, last_row, \
                rows, content_sha256, previous_head, head)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.id, record.kind, record.created, record.tool, record.detail, record.firstRow, record.lastRow,
                record.rows, record.contentSHA256, record.previousHead, head,
            ])
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'head'", arguments: [head])
    }
}

extension Optional where Wrapped == [UInt8] {
    func withUnsafeBytesOptional<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard let bytes = self else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body($0) }
    }
}

/// The SHA-256 of a file, computed on its own thread while the file is ingested.
private final class DigestTask: @unchecked Sendable {
    private let group = DispatchGroup()
    private var outcome: Result<String, EvidenceError>

    init(input: EvidenceInput, known: String?) {
        outcome = known.map { .success($0) } ?? .failure(.readFailed(path: input.path, reason: "not hashed"))
        guard known == nil else { return }
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            outcome = Result { () throws(EvidenceError) in try ArchiveIngest.digest(of: input) }
        }
    }

    func result() throws(EvidenceError) -> String {
        group.wait()
        return try outcome.get()
    }
}
