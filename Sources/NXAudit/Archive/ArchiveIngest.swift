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
        do { inputs = try EvidenceInput.resolve(paths, now: nowSeconds) } catch {
            throw ArchiveError.inputsUnusable(error)
        }
        defer { for input in inputs { input.removeSpool() } }
        return try add(inputs, to: archive) { results in
            results.filter { $0.identicalTo == nil }.map(\.path).joined(separator: "\n")
        }
    }

    /// Ingests what `nxaudit fetch` downloaded: each body a source named by its URL, dated by
    /// the end of its download (the basis for the year of its RFC 3164 stamps). The batch's
    /// detail records every call of the run, one line each (`fetchRecord`): the bodies
    /// with their HTTP status, size and SHA-256, and the calls that failed.
    public func add(downloads: [AuditTrailFetch.Download], to archive: EvidenceArchive) throws -> Summary {
        var inputs: [EvidenceInput] = []
        for download in downloads {
            guard let body = download.body else { continue }
            do throws(EvidenceError) {
                let described = try EvidenceInput.describe(body.file, as: download.url)
                inputs.append(
                    EvidenceInput(
                        path: download.url, fileSystemPath: body.file, size: described.size,
                        modificationSeconds: download.finishedAt, isGzip: described.isGzip))
            } catch {
                throw ArchiveError.inputsUnusable(error)
            }
        }
        return try add(inputs, to: archive) { results in
            let digests = Dictionary(results.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
            return downloads.map { Self.fetchRecord($0, sha256: digests[$0.url]) }.joined(separator: "\n")
        }
    }

    /// One line of a fetch batch's detail:
    /// `fetch URL at 2026-12-02T01:00:07Z: HTTP 200, 66669 bytes, sha256 HEX` or `...: failed: MESSAGE`.
    static func fetchRecord(_ download: AuditTrailFetch.Download, sha256: String?) -> String {
        let time = AuditTrailFetch.utcStamp(download.finishedAt)
        let head = "fetch \(download.url) at \(time)"
        switch download.outcome {
        case .fetched(let body):
            return head + ": HTTP \(body.status), \(body.bytes) bytes, sha256 \(sha256 ?? "-")"
        case .failed(let failure):
            let attempts = download.attempts == 1 ? "1 attempt" : "\(download.attempts) attempts"
            return head + ": failed after \(attempts): " + failure.message
        }
    }

    private func add(
        _ inputs: [EvidenceInput], to archive: EvidenceArchive, detail: ([FileResult]) -> String
    ) throws -> Summary {
        try archive.write { db in
            try EvidenceArchive.checkStructure(db, path: archive.path)
            var writer = try BatchWriter(db: db, ingest: self)
            var results: [FileResult] = []
            for input in inputs {
                // Only a file of a size the archive knows can be identical to one archived:
                // hash it first. Any other file is hashed while it is read.
                var digest: String?
                if try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM source WHERE size = ?)", arguments: [input.size]) == true
                {
                    let known = try Self.digest(of: input)
                    if let earlier = try Row.fetchOne(
                        db, sql: "SELECT path, batch FROM source WHERE sha256 = ? AND size = ? ORDER BY id LIMIT 1",
                        arguments: [known, input.size])
                    {
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
            let batch = try writer.finish(detail: detail(results))
            let head = try batch?.head ?? writer.previousHead(db)
            return Summary(files: results, batch: batch?.id, head: head)
        }
    }

    /// The SHA-256 of the input's bytes as they were when it was listed; a file that
    /// shrank (rotated by copy and truncate) is not the file that was read.
    static func digest(of input: EvidenceInput) throws(EvidenceError) -> String {
        guard let digest = SHA256.file(at: input.fileSystemPath, limit: input.size), digest.size == input.size else {
            throw .readFailed(
                path: input.path, reason: "it changed while it was read (rotated or truncated?); run again")
        }
        return digest.hex
    }
}
