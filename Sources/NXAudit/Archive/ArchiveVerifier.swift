import Foundation
import GRDB
import GRDBSQLite

/// What `archive verify` found.
public struct ArchiveVerification: Sendable {
    /// Each problem names the batch or row and what was done to it; empty: the archive is intact.
    public var problems: [String] = []
    public var batches = 0
    public var rowsChecked = 0
    public var head = ArchiveChain.genesis
    /// Whether a head recorded elsewhere (a manifest) is one of the chain's; nil when none was given.
    public var containsHead: Bool?
    /// Each batch's chain head as the archive holds it now, by batch id.
    public var batchHeads: [Int64: String] = [:]

    public var intact: Bool { problems.isEmpty && containsHead != false }
}

/// The chain as stored: batches with their sources, spans and rebases.
struct StoredChain {
    struct Batch {
        var record: ArchiveChain.BatchRecord
        var head: String
        var sources: [ArchiveChain.SourceRecord] = []
        var spans: [ArchiveChain.SpanRecord] = []
        var rebases: [ArchiveChain.RebaseRecord] = []
    }
    var batches: [Batch] = []
    var metaHead: String
    /// Source id → (batch index, path).
    var sourceBatch: [Int64: (batch: Int, path: String)] = [:]

    init(_ db: Database) throws {
        metaHead = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'head'") ?? ArchiveChain.genesis
        var index: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM batch ORDER BY id") {
            index[row["id"]] = batches.count
            batches.append(
                Batch(
                    record: ArchiveChain.BatchRecord(
                        id: row["id"], kind: row["kind"], created: row["created"], tool: row["tool"],
                        detail: row["detail"],
                        firstRow: row["first_row"], lastRow: row["last_row"], rows: row["rows"],
                        contentSHA256: row["content_sha256"],
                        previousHead: row["previous_head"]), head: row["head"]))
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY id") {
            let record = ArchiveChain.SourceRecord(
                id: row["id"], path: row["path"], sha256: row["sha256"], size: row["size"], modified: row["modified"],
                yearPolicy: row["year_policy"], timeZone: row["time_zone"], linesRead: row["lines_read"],
                linesAdded: row["lines_added"], linesHeld: row["lines_held"])
            let batch: Int64 = row["batch"]
            // A source of no batch is caught by the head of the batch that lost it or by the rows naming it.
            guard let position = index[batch] else { continue }
            batches[position].sources.append(record)
            sourceBatch[record.id] = (position, record.path)
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM span ORDER BY first_row") {
            let span = ArchiveChain.SpanRecord(
                firstRow: row["first_row"], lastRow: row["last_row"], source: row["source"],
                minInstant: row["min_instant"], maxInstant: row["max_instant"])
            guard let owner = sourceBatch[span.source] else { continue }
            batches[owner.batch].spans.append(span)
        }
        for row in try Row.fetchAll(db, sql: "SELECT * FROM rebase ORDER BY pruned_by, batch") {
            let prune: Int64 = row["pruned_by"]
            guard let position = index[prune] else { continue }
            batches[position].rebases.append(
                ArchiveChain.RebaseRecord(batch: row["batch"], rows: row["rows"], contentSHA256: row["content_sha256"]))
        }
    }

    /// Problems with the chain of batch records: missing, altered or reordered batches.
    func problems() -> [String] {
        var problems: [String] = []
        var previous = ArchiveChain.genesis
        for (position, batch) in batches.enumerated() {
            let expected = Int64(position + 1)
            if batch.record.id != expected {
                problems.append(
                    "batch \(expected)\(batch.record.id > expected + 1 ? "–\(batch.record.id - 1)" : "") "
                        + "is missing: the chain goes from batch \(expected - 1) to batch \(batch.record.id) "
                        + "(deleted)"
                )
            }
            if batch.record.previousHead != previous {
                problems.append(
                    "batch \(batch.record.id) does not follow the batch before it (its previous head "
                        + "differs): a batch before it was removed, altered or reordered"
                )
            }
            if ArchiveChain.head(of: batch.record, sources: batch.sources, spans: batch.spans, rebases: batch.rebases)
                != batch.head
            {
                problems.append(
                    "batch \(batch.record.id)'s record (its counts, files, spans or prune) was altered: it "
                        + "no longer hashes to its head"
                )
            }
            previous = batch.head
        }
        if metaHead != previous {
            problems.append(
                "the archive's head is not its last batch's head: batches after batch \(batches.count) "
                    + "were removed, or the head was edited"
            )
        }
        return problems
    }

    /// The rows and content hash each ingest batch should hold now: after its last prune, if any.
    func expectedContent(of batch: Batch) -> (rows: Int64, sha256: String, pruned: Bool) {
        var result = (batch.record.rows, batch.record.contentSHA256, false)
        for other in batches where other.record.kind == "prune" {
            if let rebase = other.rebases.last(where: { $0.batch == batch.record.id }) {
                result = (rebase.rows, rebase.contentSHA256, true)
            }
        }
        return result
    }
}

extension EvidenceArchive {
    /// Checks everything: the chain of batch records, then every row against its digest,
    /// its batch, its span and its batch's content hash.
    public func verify(expectedHead: String? = nil) throws(ArchiveError) -> ArchiveVerification {
        try read { db in
            let chain = try StoredChain(db)
            var result = ArchiveVerification()
            result.batches = chain.batches.count
            result.head = chain.metaHead
            result.problems = chain.problems()
            for batch in chain.batches { result.batchHeads[batch.record.id] = batch.head }
            if let expectedHead {
                result.containsHead = chain.batches.contains { $0.head == expectedHead.lowercased() }
            }
            try RowWalk(chain: chain).check(db, into: &result)
            return result
        }
    }
}

/// One pass over every row in id order, batch by batch.
private struct RowWalk {
    let chain: StoredChain

    struct Open {
        var batch: Int
        var hasher = ArchiveChain.ContentHasher()
        var rows: Int64 = 0
        var nextID: Int64
        var missing: [Int64] = []
        var rowProblems = 0
    }

    func check(_ db: Database, into result: inout ArchiveVerification) throws {
        let ingests = chain.batches.indices.filter {
            chain.batches[$0].record.kind == "add" && chain.batches[$0].record.firstRow != nil
        }
        // Each source's spans in row order; rows come in id order, so a cursor per source finds a row's span.
        var spans: [Int64: [ArchiveChain.SpanRecord]] = [:]
        for batch in chain.batches { for span in batch.spans { spans[span.source, default: []].append(span) } }
        var spanCursor: [Int64: Int] = [:]
        let statement = try db.makeStatement(sql: "SELECT \(ArchiveRows.columns) FROM line ORDER BY id")
        let handle = statement.sqliteStatement
        let hasher = SHA256()
        var next = 0  // index into ingests of the batch the walk is in or before
        var open: Open?

        /// Closes every ingest batch whose rows end before `id` (all of them when nil).
        func closeBatches(before id: Int64?, _ result: inout ArchiveVerification) {
            while next < ingests.count {
                let batch = chain.batches[ingests[next]]
                if let id, let last = batch.record.lastRow, id <= last { return }
                let expected = chain.expectedContent(of: batch)
                if var state = open, state.batch == ingests[next] {
                    if !expected.pruned, let last = batch.record.lastRow, state.nextID <= last {
                        state.missing += Array(state.nextID...min(last, state.nextID + 20))
                    }
                    let content = state.hasher.finish()
                    if state.rows < expected.rows {
                        let named =
                            expected.pruned
                            ? "" : ": row" + (state.missing.count == 1 ? " " : "s ") + Self.list(state.missing)
                        result.problems.append(
                            "batch \(batch.record.id): \(expected.rows - state.rows) of its "
                                + "\(expected.rows) rows are missing (deleted)\(named)"
                        )
                    } else if state.rows > expected.rows {
                        result.problems.append(
                            "batch \(batch.record.id): \(state.rows - expected.rows) rows more than it "
                                + "recorded (inserted)"
                        )
                    } else if content != expected.sha256, state.rowProblems == 0 {
                        result.problems.append(
                            "batch \(batch.record.id): its rows no longer hash to its recorded content (a "
                                + "row's fields were altered, or rows swapped)"
                        )
                    }
                    open = nil
                } else if expected.rows > 0 {
                    result.problems.append("batch \(batch.record.id): all of its rows are missing (deleted)")
                }
                next += 1
            }
        }

        try ArchiveRows.each(handle, in: db) {
            result.rowsChecked += 1
            let id = sqlite3_column_int64(handle, 0)
            closeBatches(before: id, &result)
            guard next < ingests.count, let first = chain.batches[ingests[next]].record.firstRow, id >= first else {
                result.problems.append("row \(id) belongs to no batch (inserted)")
                return
            }
            if open == nil { open = Open(batch: ingests[next], nextID: first) }
            let batchID = chain.batches[open!.batch].record.id
            let source = sqlite3_column_int64(handle, 1)
            let instant = sqlite3_column_int64(handle, 3)
            let line = sqlite3_column_int64(handle, 2)
            let owner = chain.sourceBatch[source]
            // Made only for a problem: formatting it for every row cost more than hashing the row.
            func place() -> String { owner.map { "\($0.path) line \(line)" } ?? "line \(line)" }
            if id > open!.nextID, open!.missing.count < 20 {
                open!.missing += Array(open!.nextID..<min(id, open!.nextID + 20))
            }
            open!.nextID = id + 1
            open!.rows += 1
            let stored = ArchiveRows.hash(handle, into: &open!.hasher)
            if owner?.batch != open!.batch {
                result.problems.append(
                    "row \(id) (\(place())) names a file that is not one of batch \(batchID)'s (altered)")
                open!.rowProblems += 1
            }
            let raw = ArchiveRows.bytes(handle, ArchiveRows.rawColumn) ?? UnsafeRawBufferPointer(start: nil, count: 0)
            if stored == nil || hasher.prefix128(of: raw) != stored! {
                result.problems.append(
                    "row \(id) (\(place()), batch \(batchID)): its text does not match its digest (altered)")
                open!.rowProblems += 1
            }
            let ofSource = spans[source] ?? []
            var cursor = spanCursor[source] ?? 0
            while cursor < ofSource.count, ofSource[cursor].lastRow < id { cursor += 1 }
            spanCursor[source] = cursor
            if cursor < ofSource.count, ofSource[cursor].firstRow <= id {
                if instant < ofSource[cursor].minInstant || instant > ofSource[cursor].maxInstant {
                    result.problems.append(
                        "row \(id) (\(place())): its time lies outside the span it was filed in (altered)")
                    open!.rowProblems += 1
                }
            } else {
                result.problems.append("row \(id) (\(place())) lies in no span of its file (altered or inserted)")
                open!.rowProblems += 1
            }
        }
        closeBatches(before: nil, &result)
    }

    static func list(_ ids: [Int64]) -> String {
        let shown = ids.prefix(10).map(String.init).joined(separator: ", ")
        return ids.count > 10 ? shown + ", ..." : shown
    }
}
