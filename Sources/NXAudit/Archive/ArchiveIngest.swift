import Foundation
import GRDB
import GRDBSQLite

/// `archive add`: puts every line of some log files into the archive, once.
///
/// The whole ingest is one IMMEDIATE transaction (a killed run leaves the archive
/// as it was). A file whose SHA-256 the archive already holds is not read again.
/// Other files are read on one thread (split into lines, parsed, each line's
/// SHA-256 taken) while this thread decides which lines are new and inserts them.
///
/// A line is new unless the archive already holds as many copies of it as this
/// file does: the same line twice in one file is two events (two failed logins in
/// the same second), a rotated or re-collected copy is not (as `DuplicateFinder`
/// decides for a report over several files). Lines are compared by the first 128
/// bits of their SHA-256 (malformed lines also by their filing time, `DedupeKey`)
/// against archived lines within two days of their time.
public struct ArchiveIngest: Sendable {
    public var yearPolicy: YearPolicy
    /// The zone of zone-less stamps, for the instant each line is filed under (reports
    /// re-read the raw line in their own zone; this only places it).
    public var timeZone: TimeZone
    /// The ingest's time, recorded in its batch.
    public var nowSeconds: Int64
    public var maxLineLength = 64 * 1024
    /// Lines a stored line is compared with: those archived within this many seconds of it.
    static let dedupeMargin: Int64 = 2 * 86_400

    public init(yearPolicy: YearPolicy, timeZone: TimeZone, nowSeconds: Int64) {
        self.yearPolicy = yearPolicy
        self.timeZone = timeZone
        self.nowSeconds = nowSeconds
    }

    /// What the ingest did with one file.
    public struct FileResult: Sendable {
        public var path: String
        public var sha256: String
        public var size: Int64
        public var linesRead = 0
        public var linesAdded = 0
        /// Lines the archive already held (an earlier ingest or an earlier file of this one).
        public var linesHeld = 0
        /// Malformed lines among those added: kept, with their reason.
        public var malformedAdded = 0
        /// When the archive already held a file with the same SHA-256 and size: the path it was
        /// archived under and its batch. Such a file is not read again.
        public var identicalTo: (path: String, batch: Int64)?

    }

    public struct Summary: Sendable {
        public var files: [FileResult]
        /// The batch this ingest recorded; nil when every file was already archived whole.
        public var batch: Int64?
        public var head: String
        public var linesAdded: Int { files.reduce(0) { $0 + $1.linesAdded } }
    }

    public func add(_ paths: [String], to archive: EvidenceArchive) throws -> Summary {
        let inputs: [EvidenceInput]
        do { inputs = try EvidenceInput.resolve(paths, now: nowSeconds) } catch { throw ArchiveError.inputsUnusable(error) }
        defer { inputs.forEach { $0.removeSpool() } }
        return try archive.write { db in
            try EvidenceArchive.checkStructure(db, path: archive.path)
            var writer = try BatchWriter(db: db, ingest: self)
            var results: [FileResult] = []
            for input in inputs {
                // Only a file of a size the archive knows can be identical to one archived:
                // hash it first. Any other file is hashed while it is read.
                var digest: String?
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM source WHERE size = ?)", arguments: [input.size]) == true {
                    let known = try Self.digest(of: input)
                    if let earlier = try Row.fetchOne(db, sql: "SELECT path, batch FROM source WHERE sha256 = ? AND size = ? ORDER BY id LIMIT 1",
                                                      arguments: [known, input.size]) {
                        var result = FileResult(path: input.path, sha256: known, size: input.size)
                        result.identicalTo = (earlier["path"], earlier["batch"])
                        results.append(result)
                        continue
                    }
                    digest = known
                }
                results.append(try writer.add(input, sha256: digest))
                if FaultInjection.pausesWhileIngesting { FaultInjection.pause(ingesting: input.path) }
            }
            let batch = try writer.finish(read: results.filter { $0.identicalTo == nil })
            let head = try batch?.head ?? writer.previousHead(db)
            return Summary(files: results, batch: batch?.id, head: head)
        }
    }

    /// The SHA-256 of the input's bytes as they were when it was listed; a file that
    /// shrank (rotated by copy and truncate) is not the file that was read.
    static func digest(of input: EvidenceInput) throws(EvidenceError) -> String {
        guard let digest = SHA256.file(at: input.fileSystemPath, limit: input.size), digest.size == input.size else {
            throw .readFailed(path: input.path, reason: "it changed while it was read (rotated or truncated?); run again")
        }
        return digest.hex
    }
}

/// Inserts one ingest's rows and records its batch.
private struct BatchWriter {
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
        firstRow = max(try Int64.fetchOne(db, sql: "SELECT max(id) FROM line") ?? 0,
                       try Int64.fetchOne(db, sql: "SELECT max(last_row) FROM batch") ?? 0) + 1
        nextRow = firstRow
        nextSource = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM source") ?? 0) + 1
        let values = "(" + Array(repeating: "?", count: Self.columns).joined(separator: ", ") + ")"
        let insert = "INSERT INTO line(id, source, line, instant, year, code, user, malformed, raw, digest) VALUES "
        insertMany = try db.makeStatement(sql: insert + Array(repeating: values, count: Self.rowsPerInsert).joined(separator: ", "))
        insertOne = try db.makeStatement(sql: insert + values)
        window = try db.makeStatement(sql: """
            SELECT line.digest, line.instant, line.malformed IS NOT NULL FROM span CROSS JOIN line ON line.id BETWEEN span.first_row AND span.last_row
            WHERE span.max_instant >= ?1 AND span.min_instant <= ?2 AND line.instant BETWEEN ?1 AND ?2 AND line.id < ?3
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
        if let previous = previousFile.take() { previous.forEach { digest, count in prior.raise(digest, to: count) } }
        let hashing = DigestTask(input: input, known: known)
        var result = ArchiveIngest.FileResult(path: input.path, sha256: "", size: input.size)
        let channel = BatchChannel()
        let harvester = LineHarvester(input: input, yearPolicy: ingest.yearPolicy, timeZone: ingest.timeZone,
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
                    let key = DedupeKey.of(row.digest, instant: row.instant, malformed: row.malformed != ArchiveRow.parsed)
                    let count = local.add(key)
                    if !prior.isEmpty, count <= prior[key] {
                        result.linesHeld += 1
                        continue
                    }
                    let id = nextRow
                    nextRow += 1
                    if span == nil || span!.lastRow - span!.firstRow + 1 >= ArchiveChain.SpanRecord.rows {
                        if let span { spans.append(span) }
                        span = ArchiveChain.SpanRecord(firstRow: id, lastRow: id, source: sourceID, minInstant: row.instant, maxInstant: row.instant)
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
        let yearPolicy = switch ingest.yearPolicy { case .fixed(let year): String(year); case .modificationTime: "modification-time" }
        let record = ArchiveChain.SourceRecord(
            id: sourceID, path: input.path, sha256: result.sha256, size: input.size, modified: input.modificationSeconds,
            yearPolicy: yearPolicy, timeZone: ingest.timeZone.identifier, linesRead: Int64(result.linesRead),
            linesAdded: Int64(result.linesAdded), linesHeld: Int64(result.linesHeld))
        try db.execute(sql: """
            INSERT INTO source(id, batch, path, sha256, size, modified, year_policy, time_zone, lines_read, lines_added, lines_held)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.id, batchID, record.path, record.sha256, record.size, record.modified, record.yearPolicy,
                             record.timeZone, record.linesRead, record.linesAdded, record.linesHeld])
        sources.append(record)
        return result
    }

    /// Makes `prior` cover every line earlier ingests archived within the margin of the batch's lines.
    private mutating func load(around batch: RowBatch) throws {
        guard let low = batch.rows.lazy.map(\.instant).min(), let high = batch.rows.lazy.map(\.instant).max() else { return }
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
                let stored = UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 0), count: Int(sqlite3_column_bytes(statement, 0)))
                guard let digest = LineDigest(stored: stored) else { continue }
                prior.add(DedupeKey.of(digest, instant: sqlite3_column_int64(statement, 1), malformed: sqlite3_column_int(statement, 2) != 0))
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

    private mutating func bind(_ row: ArchiveRow, id: Int64, source: Int64, bytes: UnsafeRawBufferPointer, to statement: OpaquePointer?, at base: Int32) {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(row.rawStart)..<Int(row.rawStart + row.rawLength)])
        let user = row.userStart < 0 ? nil : UnsafeRawBufferPointer(rebasing: raw[Int(row.userStart)..<Int(row.userStart + row.userLength)])
        let malformed = row.malformed == ArchiveRow.parsed ? nil : ArchiveRow.reasonText[Int(row.malformed)]
        sqlite3_bind_int64(statement, base + 1, id)
        sqlite3_bind_int64(statement, base + 2, source)
        sqlite3_bind_int64(statement, base + 3, Int64(row.line))
        sqlite3_bind_int64(statement, base + 4, row.instant)
        if row.year != 0 { sqlite3_bind_int64(statement, base + 5, Int64(row.year)) } else { sqlite3_bind_null(statement, base + 5) }
        if row.code >= 0 { sqlite3_bind_int64(statement, base + 6, Int64(row.code)) } else { sqlite3_bind_null(statement, base + 6) }
        if let user, let address = user.baseAddress, user.count > 0 {
            sqlite3_bind_text(statement, base + 7, address.assumingMemoryBound(to: CChar.self), Int32(user.count), nil)
        } else if user != nil {
            sqlite3_bind_text(statement, base + 7, "", 0, Self.transient)
        } else {
            sqlite3_bind_null(statement, base + 7)
        }
        if let malformed { sqlite3_bind_text(statement, base + 8, malformed, -1, Self.transient) } else { sqlite3_bind_null(statement, base + 8) }
        if let address = raw.baseAddress, raw.count > 0 {
            sqlite3_bind_blob(statement, base + 9, address, Int32(raw.count), nil)
        } else {
            sqlite3_bind_zeroblob(statement, base + 9, 0)
        }
        var digest = row.digest
        withUnsafeBytes(of: &digest) { _ = sqlite3_bind_blob(statement, base + 10, $0.baseAddress, 16, Self.transient) }
        let reason = malformed.map { Array($0.utf8) }
        reason.withUnsafeBytesOptional { reasonBytes in
            content.add(id: id, source: source, line: Int64(row.line), instant: row.instant, year: row.year == 0 ? nil : Int64(row.year),
                        code: row.code >= 0 ? Int64(row.code) : nil, malformed: reasonBytes, user: user, digest: row.digest)
        }
    }

    /// SQLite copies the value (for the few values not in the batch's bytes).
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Records the batch and moves the head; nil when no file was read.
    mutating func finish(read: [ArchiveIngest.FileResult]) throws -> (id: Int64, head: String)? {
        guard !sources.isEmpty else { return nil }
        let previous = try previousHead(db)
        let rows = nextRow - firstRow
        let detail = read.map(\.path).joined(separator: "\n")
        let record = ArchiveChain.BatchRecord(
            id: batchID, kind: "add", created: ingest.nowSeconds, tool: "nxaudit \(NXAuditVersion.current)", detail: detail,
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
            try db.execute(sql: "INSERT INTO span(first_row, last_row, source, min_instant, max_instant) VALUES (?, ?, ?, ?, ?)",
                           arguments: [span.firstRow, span.lastRow, span.source, span.minInstant, span.maxInstant])
        }
        try db.execute(sql: """
            INSERT INTO batch(id, kind, created, tool, detail, first_row, last_row, rows, content_sha256, previous_head, head)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.id, record.kind, record.created, record.tool, record.detail, record.firstRow, record.lastRow,
                             record.rows, record.contentSHA256, record.previousHead, head])
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'head'", arguments: [head])
    }
}

extension Optional where Wrapped == [UInt8] {
    func withUnsafeBytesOptional<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard let bytes = self else { return try body(nil) }
        return try bytes.withUnsafeBytes { try body($0) }
    }
}

/// What makes two lines the same line for the ingest: the bytes of an event, but the
/// bytes and filing time of a malformed line, so the empty line of one day is not
/// taken for the empty line of another (a re-read file files it at the same time).
enum DedupeKey {
    static func of(_ digest: LineDigest, instant: Int64, malformed: Bool) -> LineDigest {
        guard malformed else { return digest }
        // Mixing the instant into both words keeps the key uniform for the table's slot.
        let mixed = UInt64(bitPattern: instant) &* 0x9E37_79B9_7F4A_7C15
        return LineDigest(high: digest.high ^ mixed, low: digest.low ^ (mixed >> 29 | mixed << 35))
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

/// One line of a file, ready to insert: offsets into its batch's bytes.
struct ArchiveRow {
    static let parsed: UInt8 = 255
    static let reasonText = MalformedReason.allCases.map(\.rawValue)

    var line: Int
    /// The stamp's UTC second; for a malformed line, its anchor (see the `line` table).
    var instant: Int64
    /// The year given to an RFC 3164 stamp; 0 for other lines.
    var year: Int32
    /// The effective audit code; -1 for a malformed line.
    var code: Int32
    /// `parsed`, or the index of the reason in `MalformedReason.allCases`.
    var malformed: UInt8
    var rawStart: Int32
    var rawLength: Int32
    /// The account's bytes within the raw line; -1 when there is none.
    var userStart: Int32
    var userLength: Int32
    var digest: LineDigest
}

/// Lines handed from the reading thread to the inserting one.
final class RowBatch: @unchecked Sendable {
    var bytes: [UInt8] = []
    var rows: [ArchiveRow] = []

    init() {
        bytes.reserveCapacity(Self.byteTarget + 4096)
        rows.reserveCapacity(Self.rowTarget)
    }

    static let rowTarget = 16_384
    static let byteTarget = 4 << 20
    var isFull: Bool { rows.count >= Self.rowTarget || bytes.count >= Self.byteTarget }
}

/// A small bounded queue between the reading thread and the inserting one.
final class BatchChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [RowBatch] = []
    private var finished = false
    private var failure: EvidenceError?
    private var cancelled = false
    private let capacity = 4

    /// Hands a batch over; false when the consumer gave up (stop reading).
    func send(_ batch: RowBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    func finish(_ error: EvidenceError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// The next batch; nil at the end of the file; throws what the reader met.
    func next() throws(EvidenceError) -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }
}

/// Splits one file into archive rows: the reading thread of an ingest.
struct LineHarvester: Sendable {
    let input: EvidenceInput
    let yearPolicy: YearPolicy
    let timeZone: TimeZone
    let maxLineLength: Int
    /// Malformed lines at a file's start wait this long for a stamped line to file them under.
    static let anchorWait = 65_536

    func run(into channel: BatchChannel) {
        do throws(EvidenceError) {
            try harvest { channel.send($0) }
            channel.finish(nil)
        } catch {
            channel.finish(error)
        }
    }

    struct Stopped: Error {}

    func harvest(_ emit: (RowBatch) -> Bool) throws(EvidenceError) {
        let source = try ByteSource(input: input)
        let clock = ZoneClock(zone: timeZone)
        var years = YearResolver(policy: yearPolicy, modification: clock.localDate(utcSeconds: input.modificationSeconds))
        let hasher = SHA256()
        var scanner = LineScanner()
        scanner.maxLineLength = maxLineLength
        var batch = RowBatch()
        var lineNumber = 0
        var previous: Int64?
        var anchor: Int64?
        /// Rows at the batch's start still waiting for a stamped line (only at the file's start).
        var waiting = 0
        let unanchored = Int64.min
        do {
            try scanner.scan(source) { line, overlong in
                lineNumber += 1
                var row = ArchiveRow(line: lineNumber, instant: unanchored, year: 0, code: -1, malformed: ArchiveRow.parsed,
                                     rawStart: Int32(batch.bytes.count), rawLength: Int32(line.count),
                                     userStart: -1, userLength: 0, digest: hasher.prefix128(of: line))
                var stamped: Int64?
                if overlong {
                    row.malformed = Self.index(.overlong)
                } else {
                    switch LineParser.parse(line) {
                    case .malformed(let reason):
                        row.malformed = Self.index(reason)
                    case .parsed(let parsed):
                        let placed = StampPlacement.place(parsed.stamp, years: &years, clock: clock, previous: previous)
                        row.year = Int32(placed.year ?? 0)
                        stamped = placed.seconds
                        if stamped == nil { row.malformed = Self.index(.badTimestamp) }
                        if stamped != nil {
                            let header = parsed.header
                            let text = UnsafeRawBufferPointer(rebasing: line[min(header.textStart, line.count)...])
                            row.code = Int32(CodeQuirks.effectiveCode(headerCode: header.code, text: text))
                            row.userStart = Int32(header.user.lowerBound)
                            row.userLength = Int32(header.user.count)
                        }
                    }
                }
                if let stamped {
                    previous = stamped
                    anchor = stamped
                    row.instant = stamped
                    for i in batch.rows.indices.prefix(waiting) { batch.rows[i].instant = stamped }
                    waiting = 0
                } else if let anchor {
                    row.instant = anchor
                } else {
                    waiting += 1
                }
                batch.bytes.append(contentsOf: line)
                batch.rows.append(row)
                if waiting > Self.anchorWait {
                    // A long malformed start: file it under the file's modification time.
                    anchor = input.modificationSeconds
                    for i in batch.rows.indices.prefix(waiting) { batch.rows[i].instant = input.modificationSeconds }
                    waiting = 0
                }
                if waiting == 0, batch.isFull {
                    guard emit(batch) else { throw Stopped() }
                    batch = RowBatch()
                }
            }
        } catch let error as EvidenceError {
            throw error
        } catch is Stopped {
            return
        } catch {
            throw .readFailed(path: input.path, reason: "\(error)")
        }
        for i in batch.rows.indices.prefix(waiting) { batch.rows[i].instant = input.modificationSeconds }
        if !batch.rows.isEmpty { _ = emit(batch) }
    }

    static func index(_ reason: MalformedReason) -> UInt8 {
        UInt8(MalformedReason.allCases.firstIndex(of: reason)!)
    }
}

/// Test hook: `NXAUDIT_FAULT_PAUSE_INGEST=1` stops an ingest for ten seconds after
/// the first file's lines are inserted, before the commit, so a test can kill it there.
extension FaultInjection {
    static var pausesWhileIngesting: Bool { ProcessInfo.processInfo.environment["NXAUDIT_FAULT_PAUSE_INGEST"] == "1" }

    static func pause(ingesting path: String) {
        FileHandle.standardError.write(Data("nxaudit-fault: paused while ingesting \(path)\n".utf8))
        Thread.sleep(forTimeInterval: 10)
    }
}
