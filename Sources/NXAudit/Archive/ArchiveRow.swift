import Foundation

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
