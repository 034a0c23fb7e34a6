import Foundation
import GRDB
import GRDBSQLite

extension EvidenceArchive {
    /// Lines read around the period, so stamps read in another zone than at ingest still fall in.
    static let periodMargin: Int64 = 2 * 86_400

    /// The archived lines of `period`, source by source, for `EvidenceReader.read(archived:)`.
    ///
    /// Before reading, the chain of batch records is checked (cheap); each row read is
    /// checked against its digest. Stamped lines within two days of the period are read
    /// (the reader counts those outside it); malformed lines only when filed in the period,
    /// so consecutive reports count each exactly once. `archive verify` checks the rest.
    public func select(
        _ period: ReportPeriod
    ) throws(ArchiveError) -> (sources: [ArchivedSource], provenance: ArchiveProvenance) {
        let path = self.path
        return try read { db in
            try Self.checkStructure(db, path: path)
            let chain = try StoredChain(db)
            if let problem = chain.problems().first { throw ArchiveError.altered(path: path, reason: problem) }
            var records: [Int64: ArchiveChain.SourceRecord] = [:]
            for batch in chain.batches { for source in batch.sources { records[source.id] = source } }
            let statement = try db.makeStatement(
                sql: """
                    SELECT line.id, line.source, line.line, line.year, line.malformed, line.raw, line.digest
                    FROM span CROSS JOIN line ON line.id BETWEEN span.first_row AND span.last_row
                    WHERE span.max_instant >= ?1 AND span.min_instant < ?2 AND line.instant >= ?1 AND line.instant < ?2
                      AND (line.malformed IS NULL OR (line.instant >= ?3 AND line.instant < ?4))
                    ORDER BY line.id
                    """)
            let handle = statement.sqliteStatement
            sqlite3_bind_int64(handle, 1, period.startSeconds - Self.periodMargin)
            sqlite3_bind_int64(handle, 2, period.endSeconds + Self.periodMargin)
            sqlite3_bind_int64(handle, 3, period.startSeconds)
            sqlite3_bind_int64(handle, 4, period.endSeconds)
            let hasher = SHA256()
            var lines: [Int64: ArchivedLines] = [:]
            var rows = 0
            try ArchiveRows.each(handle, in: db) {
                rows += 1
                let id = sqlite3_column_int64(handle, 0)
                let source = sqlite3_column_int64(handle, 1)
                guard let record = records[source] else {
                    throw ArchiveError.altered(path: path, reason: "row \(id) names a file no batch recorded")
                }
                let raw = UnsafeRawBufferPointer(
                    start: sqlite3_column_blob(handle, 5), count: Int(sqlite3_column_bytes(handle, 5)))
                let digest = UnsafeRawBufferPointer(
                    start: sqlite3_column_blob(handle, 6), count: Int(sqlite3_column_bytes(handle, 6)))
                let line = Int(sqlite3_column_int64(handle, 2))
                guard let stored = LineDigest(stored: digest), hasher.prefix128(of: raw) == stored else {
                    throw ArchiveError.altered(
                        path: path, reason: "row \(id) (\(record.path) line \(line)) does not match its digest")
                }
                let overlong =
                    sqlite3_column_type(handle, 4) != SQLITE_NULL
                    && String(cString: sqlite3_column_text(handle, 4)) == MalformedReason.overlong.rawValue
                lines[source, default: ArchivedLines(yearPolicy: Self.yearPolicy(record.yearPolicy))]
                    .append(
                        raw, line: line, year: Int32(truncatingIfNeeded: sqlite3_column_int64(handle, 3)),
                        overlong: overlong)
            }
            let sources = lines.keys.sorted().map { id in
                let record = records[id]!
                return ArchivedSource(
                    input: EvidenceInput(
                        path: record.path, fileSystemPath: "", size: record.size, modificationSeconds: record.modified,
                        isGzip: false),
                    sha256: record.sha256, lines: lines[id]!)
            }
            let provenance = ArchiveProvenance(
                path: path, head: chain.metaHead, batches: chain.batches.count, rowsRead: rows)
            return (sources, provenance)
        }
    }

    static func yearPolicy(_ stored: String) -> YearPolicy {
        Int(stored).map(YearPolicy.fixed) ?? .modificationTime
    }

    /// What `archive info` prints.
    public struct Info: Sendable {
        public struct Source: Sendable {
            public var path: String
            /// How many versions of the file (different SHA-256) were ingested.
            public var versions: Int
            public var lines: Int
            public var malformed: Int
            /// UTC seconds of the earliest and latest line it holds.
            public var first: Int64?
            public var last: Int64?
            public var lastIngest: Int64
        }
        public var schema: Int
        public var batches: Int
        public var prunes: Int
        public var lines: Int
        public var malformed: Int
        public var head: String
        public var sources: [Source]
    }

    public func info() throws(ArchiveError) -> Info {
        try read { db in
            let chain = try StoredChain(db)
            var perSource: [Int64: (lines: Int, malformed: Int, first: Int64, last: Int64)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT source, count(*) AS lines, count(malformed) AS malformed, \
                    min(instant) AS first, max(instant) AS last
                    FROM line GROUP BY source
                    """)
            {
                perSource[row["source"]] = (row["lines"], row["malformed"], row["first"], row["last"])
            }
            var byPath: [String: Info.Source] = [:]
            for batch in chain.batches {
                for source in batch.sources {
                    var entry =
                        byPath[source.path]
                        ?? Info.Source(
                            path: source.path, versions: 0, lines: 0, malformed: 0, first: nil, last: nil,
                            lastIngest: batch.record.created)
                    entry.versions += 1
                    entry.lastIngest = max(entry.lastIngest, batch.record.created)
                    if let held = perSource[source.id] {
                        entry.lines += held.lines
                        entry.malformed += held.malformed
                        entry.first = min(entry.first ?? held.first, held.first)
                        entry.last = max(entry.last ?? held.last, held.last)
                    }
                    byPath[source.path] = entry
                }
            }
            let sources = byPath.values.sorted { $0.path < $1.path }
            return Info(
                schema: EvidenceArchive.schemaVersion, batches: chain.batches.count,
                prunes: chain.batches.count { $0.record.kind == "prune" },
                lines: sources.reduce(0) { $0 + $1.lines }, malformed: sources.reduce(0) { $0 + $1.malformed },
                head: chain.metaHead, sources: sources)
        }
    }
}
