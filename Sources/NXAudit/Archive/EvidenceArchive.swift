import Foundation
import GRDB

/// The evidence archive: every audit line ever ingested, kept verbatim in one
/// SQLite file (WAL mode) so that reports outlive log rotation.
///
/// ```
/// archive add ─ ArchiveIngest ──▶ source + line rows, one batch per ingest   (one transaction)
/// archive verify ─ ArchiveVerifier: row digests, batch contents, the chain of batch heads
/// report --archive ─ ArchiveQuery ─▶ [ArchivedSource] (an EvidenceSource) ─ EvidenceReader.read
/// archive prune ─ ArchivePrune: rows before a date go, a prune batch records it
/// ```
///
/// Tables: `batch` (the chain: one row per ingest or prune, each holding the hash of
/// its content and of the batch before), `source` (each file version ingested: path,
/// SHA-256, size, modification time), `line` (each line once: raw bytes, its SHA-256
/// prefix, line number, instant and the parsed code and account), `span` (runs of
/// rows with their time range, to find a period), `rebase` (a batch's content after
/// a prune removed part of it), `meta` (schema and head).
public final class EvidenceArchive: Sendable {
    public let path: String
    let pool: DatabasePool

    /// `PRAGMA application_id`: "NXAR". Tells an archive from any other SQLite file.
    static let applicationID: Int32 = 0x4E58_4152
    /// The newest schema this build knows; an archive with a later migration is refused.
    public static let schemaVersion = 1
    /// How long a writer waits for another writer before giving up.
    static var busySeconds: TimeInterval {
        ProcessInfo.processInfo.environment["NXAUDIT_ARCHIVE_WAIT_SECONDS"].flatMap(TimeInterval.init) ?? 5
    }

    public enum Access: Sendable {
        /// Read only; the archive must exist.
        case read
        /// Read and write; created (with its schema) when missing.
        case write
    }

    /// The archive at `path`, or the default: `$NXAUDIT_ARCHIVE`, else `$XDG_STATE_HOME/nxaudit/archive.sqlite`
    /// (`~/.local/state/nxaudit/archive.sqlite`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["NXAUDIT_ARCHIVE"], !path.isEmpty { return path }
        let state =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        return state + "/nxaudit/archive.sqlite"
    }

    public init(path: String, access: Access) throws(ArchiveError) {
        self.path = path
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists, (info.st_mode & S_IFMT) == S_IFDIR { throw .notAnArchive(path: path, reason: "it is a directory") }
        if !exists {
            guard access == .write else { throw .notFound(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch
                {
                    throw .cannotOpen(
                        path: path, reason: "cannot create the folder \(folder): \(error.localizedDescription)")
                }
            }
        } else if info.st_size > 0 {
            try Self.checkHeader(path)
            try Self.inspect(path)
        }
        var configuration = Configuration()
        configuration.readonly = access == .read
        configuration.busyMode = .timeout(Self.busySeconds)
        configuration.label = "nxaudit-archive"
        configuration.prepareDatabase { db in
            // 16 KiB pages and a 64 MiB cache: measured fastest for the ingest of a year (4096 B pages: 1.5× slower);
            // reads map the file instead of copying its pages.
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA cache_size = -65536; PRAGMA mmap_size = 4294967296")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw ArchiveError(error, path: path)
        }
        try prepareSchema(access: access)
    }

    /// A SQLite file starts with these 16 bytes; anything else is not an archive.
    private static func checkHeader(_ path: String) throws(ArchiveError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let n = header.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, 16) }
        guard n == 16, header == Array("SQLite format 3\0".utf8) else {
            throw .notAnArchive(path: path, reason: "it is not a SQLite database")
        }
    }

    /// Refuses a file that is not an archive, or one from a newer nxaudit, through a
    /// read-only connection: such a file is left exactly as it was.
    private static func inspect(_ path: String) throws(ArchiveError) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busySeconds)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if application != applicationID, !(application == 0 && tables == 0) {
                    throw ArchiveError.notAnArchive(path: path, reason: "it is a SQLite database of another program")
                }
                if try migrator.hasBeenSuperseded(db) {
                    let found = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'") ?? "?"
                    throw ArchiveError.newerSchema(path: path, found: found, supported: schemaVersion)
                }
            }
            try queue.close()
        } catch {
            throw ArchiveError(error, path: path)
        }
    }

    private func prepareSchema(access: Access) throws(ArchiveError) {
        let migrator = Self.migrator
        do {
            let complete = try pool.read { db in try migrator.hasCompletedMigrations(db) }
            if !complete {
                guard access == .write else {
                    throw ArchiveError.needsUpgrade(path: path)
                }
                try migrator.migrate(pool)
            }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(error, path: path)
        }
    }

    /// Schema versions, oldest first. A released migration never changes; a new schema adds one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1") { db in
            try db.execute(
                sql: """
                    PRAGMA application_id = \(applicationID);
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    INSERT INTO meta(key, value) VALUES ('schema', '1'), ('head', '\(ArchiveChain.genesis)');
                    -- The chain: each ingest or prune, hashed with the batch before it.
                    CREATE TABLE batch(
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL CHECK (kind IN ('add', 'prune')),
                        created INTEGER NOT NULL,
                        tool TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        first_row INTEGER,
                        last_row INTEGER,
                        rows INTEGER NOT NULL,
                        content_sha256 TEXT NOT NULL,
                        previous_head TEXT NOT NULL,
                        head TEXT NOT NULL);
                    -- Each version of a file an ingest read.
                    CREATE TABLE source(
                        id INTEGER PRIMARY KEY,
                        batch INTEGER NOT NULL,
                        path TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        modified INTEGER NOT NULL,
                        year_policy TEXT NOT NULL,
                        time_zone TEXT NOT NULL,
                        lines_read INTEGER NOT NULL,
                        lines_added INTEGER NOT NULL,
                        lines_held INTEGER NOT NULL);
                    CREATE INDEX source_sha256 ON source(sha256);
                    -- Each line once. instant: the stamp's UTC second; for a malformed line, that of the
                    -- stamped line before it in its file (after it, at the file's start).
                    CREATE TABLE line(
                        id INTEGER PRIMARY KEY,
                        source INTEGER NOT NULL,
                        line INTEGER NOT NULL,
                        instant INTEGER NOT NULL,
                        year INTEGER,
                        code INTEGER,
                        user TEXT,
                        malformed TEXT,
                        raw BLOB NOT NULL,
                        digest BLOB NOT NULL);
                    -- Runs of up to 4096 consecutive rows of one source and the range of their instants:
                    -- a period's rows are found by span (an index entry per row would halve the ingest).
                    CREATE TABLE span(
                        first_row INTEGER PRIMARY KEY,
                        last_row INTEGER NOT NULL,
                        source INTEGER NOT NULL,
                        min_instant INTEGER NOT NULL,
                        max_instant INTEGER NOT NULL);
                    -- What a prune left of a batch: its remaining rows and their hash.
                    CREATE TABLE rebase(
                        batch INTEGER NOT NULL,
                        pruned_by INTEGER NOT NULL,
                        rows INTEGER NOT NULL,
                        content_sha256 TEXT NOT NULL,
                        PRIMARY KEY (batch, pruned_by));
                    """)
        }
        return migrator
    }

    /// Runs `body` in one IMMEDIATE transaction: another writer waits up to the busy
    /// timeout, then this fails with `.locked`; readers go on reading (WAL).
    func write<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(error, path: path)
        }
    }

    /// SQLite's check of every page's structure (`PRAGMA quick_check`). A damaged page can
    /// make a range query end early without an error (seen: a page of 95 lines XOR-ed, and a
    /// period read a third of its lines), so nothing is read from or added to an archive that
    /// fails it. It reads the whole file once: on a 609 MB archive (a year), 1.3 s from the page
    /// cache and 7 s from disk, against 4.5 s for a whole month's report (README).
    static func checkStructure(_ db: Database, path: String) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
        guard problems == ["ok"] else {
            throw ArchiveError.damaged(path: path, reason: problems.joined(separator: "; "))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        do {
            return try pool.read { db in try body(db) }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(error, path: path)
        }
    }

}

/// Why the archive cannot be used; each message names the file and what to do.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notFound(path: String)
    case notAnArchive(path: String, reason: String)
    case newerSchema(path: String, found: String, supported: Int)
    case needsUpgrade(path: String)
    case locked(path: String)
    case damaged(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case altered(path: String, reason: String)
    case refused(reason: String)
    /// The logs to ingest cannot be read as named; nothing was added.
    case inputsUnusable(EvidenceError)

    init(_ error: any Error, path: String) {
        if let error = error as? ArchiveError {
            self = error
            return
        }
        guard let database = error as? DatabaseError else {
            self = .cannotOpen(path: path, reason: "\(error)")
            return
        }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .locked(path: path)
        case .SQLITE_NOTADB:
            self = .notAnArchive(path: path, reason: "it is not a SQLite database")
        case .SQLITE_CORRUPT:
            self = .damaged(path: path, reason: database.message ?? "database disk image is malformed")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_AUTH:
            self = .cannotOpen(path: path, reason: database.message ?? "\(database.resultCode)")
        default:
            self = .damaged(path: path, reason: database.message ?? "\(database.resultCode)")
        }
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            "\(path): no evidence archive here; create one with nxaudit archive add --archive \(path) "
                + "LOGS..., or set NXAUDIT_ARCHIVE."
        case .notAnArchive(let path, let reason):
            "\(path): not an nxaudit evidence archive (\(reason)); name the archive file that nxaudit "
                + "archive add writes."
        case .newerSchema(let path, let found, let supported):
            "\(path): written by a newer nxaudit (archive schema \(found); this build reads up to "
                + "\(supported)); use that nxaudit or a newer one. The archive was not changed."
        case .needsUpgrade(let path):
            "\(path): written by an older nxaudit; run nxaudit archive add on it once (it upgrades the "
                + "schema), then retry."
        case .locked(let path):
            "\(path): another nxaudit is writing to this archive (waited "
                + "\(Int(EvidenceArchive.busySeconds)) s); run again when it has finished."
        case .damaged(let path, let reason):
            "\(path): the archive is damaged (\(reason)); restore it from a backup, then check it with "
                + "nxaudit archive verify."
        case .cannotOpen(let path, let reason):
            "\(path): the archive cannot be opened or written (\(reason)); check the path, its permissions "
                + "and free space."
        case .altered(let path, let reason):
            "\(path): \(reason); run nxaudit archive verify --archive \(path) for the full account, and "
                + "restore the archive from a backup."
        case .refused(let reason):
            reason
        case .inputsUnusable(let error):
            error.description + " The archive was not changed."
        }
    }
}
