import Foundation
import GRDB
import GRDBSQLite

extension EvidenceArchive {
    /// What a prune removed.
    public struct PruneResult: Sendable {
        public var batch: Int64
        public var rowsRemoved: Int
        public var batchesRebased: Int
        public var head: String
    }

    /// Removes every line filed before `cutoff` (UTC seconds) and records the prune in
    /// the chain: the batches it cut get their remaining content hash in `rebase`.
    /// The archive is verified first; an altered archive is not pruned (that would hide it).
    public func prune(before cutoff: Int64, detail: String, nowSeconds: Int64) throws(ArchiveError) -> PruneResult {
        let path = self.path
        let verification = try verify()
        if let problem = verification.problems.first {
            throw .altered(path: path, reason: "not pruned, because the archive fails verification: \(problem)")
        }
        return try write { db in
            let chain = try StoredChain(db)
            let removedIDs = try Int64.fetchAll(
                db,
                sql: """
                    SELECT line.id FROM span CROSS JOIN line ON line.id BETWEEN span.first_row AND span.last_row
                    WHERE span.min_instant < ?1 AND line.instant < ?1 ORDER BY line.id
                    """, arguments: [cutoff])
            let removedHasher = SHA256()
            var affected = Set<Int>()
            for id in removedIDs {
                withUnsafeBytes(of: id.littleEndian) { removedHasher.update($0) }
                if let index = chain.batches.firstIndex(where: {
                    ($0.record.firstRow ?? .max) <= id && id <= ($0.record.lastRow ?? .min)
                }) {
                    affected.insert(index)
                }
            }
            try db.execute(
                sql: """
                    DELETE FROM line WHERE id IN (SELECT line.id FROM span CROSS JOIN line ON \
                    line.id BETWEEN span.first_row AND span.last_row
                                                  WHERE span.min_instant < ?1 AND line.instant < ?1)
                    """, arguments: [cutoff])
            let pruneID = Int64(chain.batches.count + 1)
            var rebases: [ArchiveChain.RebaseRecord] = []
            for index in affected.sorted() {
                let batch = chain.batches[index].record
                var content = ArchiveChain.ContentHasher()
                let statement = try db.makeStatement(
                    sql: "SELECT \(ArchiveRows.columns) FROM line WHERE id BETWEEN ? AND ? ORDER BY id")
                let handle = statement.sqliteStatement
                sqlite3_bind_int64(handle, 1, batch.firstRow!)
                sqlite3_bind_int64(handle, 2, batch.lastRow!)
                try ArchiveRows.each(handle, in: db) { ArchiveRows.hash(handle, into: &content) }
                let rows = Int64(content.rows)
                let rebase = ArchiveChain.RebaseRecord(batch: batch.id, rows: rows, contentSHA256: content.finish())
                try db.execute(
                    sql: "INSERT INTO rebase(batch, pruned_by, rows, content_sha256) VALUES (?, ?, ?, ?)",
                    arguments: [rebase.batch, pruneID, rebase.rows, rebase.contentSHA256])
                rebases.append(rebase)
            }
            let record = ArchiveChain.BatchRecord(
                id: pruneID, kind: "prune", created: nowSeconds, tool: "nxaudit \(NXAuditVersion.current)",
                detail: detail,
                firstRow: nil, lastRow: nil, rows: Int64(removedIDs.count), contentSHA256: removedHasher.hex(),
                previousHead: chain.metaHead)
            let head = ArchiveChain.head(of: record, sources: [], spans: [], rebases: rebases)
            try ArchiveChain.insert(record, head: head, into: db)
            return PruneResult(batch: pruneID, rowsRemoved: removedIDs.count, batchesRebased: rebases.count, head: head)
        }
    }
}
