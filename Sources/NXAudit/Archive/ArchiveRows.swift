import GRDB
import GRDBSQLite

/// The loops that touch every archived row use SQLite's C API directly; this is what they share.
enum ArchiveRows {
    /// The columns a full-row loop selects, in this order (`hash(_:into:)` reads them by position).
    static let columns = "id, source, line, instant, year, code, user, malformed, digest, raw"
    static let rawColumn: Int32 = 9

    /// A text or blob column; nil for NULL.
    static func bytes(_ handle: OpaquePointer?, _ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let start = sqlite3_column_blob(handle, column)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
    }

    static func integer(_ handle: OpaquePointer?, _ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    /// Adds the statement's current row (selecting `columns`) to a batch's content hash;
    /// returns the digest stored with the row (nil when it is not 16 bytes).
    @discardableResult
    static func hash(_ handle: OpaquePointer?, into content: inout ArchiveChain.ContentHasher) -> LineDigest? {
        let digest = bytes(handle, 8).flatMap(LineDigest.init(stored:))
        content.add(
            id: sqlite3_column_int64(handle, 0), source: sqlite3_column_int64(handle, 1),
            line: sqlite3_column_int64(handle, 2),
            instant: sqlite3_column_int64(handle, 3), year: integer(handle, 4), code: integer(handle, 5),
            malformed: bytes(handle, 7), user: bytes(handle, 6), digest: digest ?? LineDigest(high: 0, low: 0))
        return digest
    }

    /// Steps `handle` through every row, calling `body` for each; a SQLite error is thrown as GRDB's.
    static func each(_ handle: OpaquePointer?, in db: Database, _ body: () throws -> Void) throws {
        while true {
            let step = sqlite3_step(handle)
            if step == SQLITE_DONE { return }
            guard step == SQLITE_ROW else { throw failure(step, in: db) }
            try body()
        }
    }

    static func failure(_ code: Int32, in db: Database) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}
