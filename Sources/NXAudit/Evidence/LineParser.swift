import Foundation

/// What a line's timestamp says, before a year or a zone is applied.
public enum RawStamp: Sendable, Equatable {
    /// RFC 3339 with an offset or `Z`, or seconds since the epoch: an instant.
    case absolute(utcSeconds: Int64, microsecond: Int, offsetSeconds: Int)
    /// An ISO date-time without offset: a wall-clock reading in the report's zone.
    case zoneless(naiveSeconds: Int64, microsecond: Int)
    /// RFC 3164 (`Oct  5 14:03:22`): no year and no zone.
    case yearless(month: Int, day: Int, secondOfDay: Int, microsecond: Int)
    /// A wall-clock reading with a zone abbreviation (`journalctl -o short-full`: `CEST`),
    /// which means an offset only within a zone: read in the report's zone.
    case abbreviated(naiveSeconds: Int64, microsecond: Int, zone: ZoneAbbreviation)
}

/// The layout of the prefix in front of the Nexthink header, as `nxaudit inspect` reports it.
public enum LineShape: String, Sendable, CaseIterable, Comparable {
    /// `Oct  5 14:03:22 host tag[pid]:` (also journald `short`, `short-precise`).
    case rfc3164
    /// `2026-10-05T14:03:22.123456+02:00 host tag[pid]:`, any offset form or `Z`
    /// (also journald `short-iso`, `short-iso-precise`).
    case rfc3339
    /// `2026-10-05 14:03:22 host tag[pid]:`: an ISO stamp without offset.
    case isoLocal = "iso-local"
    /// `<134>1 2026-10-05T14:03:22+02:00 host app procid msgid [sd] msg`.
    case rfc5424
    /// `Mon 2026-10-05 14:03:22 CEST host tag[pid]:` (journald `short-full`).
    case shortFull = "short-full"
    /// `1791202002.123456 host tag[pid]:` (journald `short-unix`).
    case shortUnix = "short-unix"

    /// A few words for a person.
    public var name: String {
        switch self {
        case .rfc3164: "RFC 3164 (no year, no zone)"
        case .rfc3339: "RFC 3339 (with offset)"
        case .isoLocal: "ISO 8601 without offset"
        case .rfc5424: "RFC 5424"
        case .shortFull: "journalctl short-full (zone abbreviation)"
        case .shortUnix: "journalctl short-unix (epoch seconds)"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// Byte ranges of the Nexthink header `[Source|Category|Code|User]` inside a line.
public struct HeaderRanges: Sendable, Equatable {
    public var source: Range<Int>
    public var category: Range<Int>
    public var code: Int
    public var user: Range<Int>
    /// Where the free text starts (after the `]` and one space).
    public var textStart: Int
}

/// A line split into its parts, as byte offsets into the line.
public struct ParsedLine: Sendable, Equatable {
    public var stamp: RawStamp
    /// The syslog host: RFC 5424's HOSTNAME, else the word after the timestamp when one
    /// stands before the header; empty when there is none.
    public var host: Range<Int>
    public var header: HeaderRanges
    /// The prefix's layout, and whether a syslog `<PRI>` stood before it.
    public var shape: LineShape
    public var hasPriority: Bool
    /// Whether the line's bytes are not UTF-8: its fields are then read as Windows-1252,
    /// the encoding files take on Windows shares and tools.
    public var isWindows1252: Bool

    /// The text of a field of `line` (the line these ranges were parsed from), decoded in the line's encoding.
    public func text(_ range: Range<Int>, of line: UnsafeRawBufferPointer) -> String {
        Windows1252.text(UnsafeRawBufferPointer(rebasing: line[range]), isWindows1252: isWindows1252)
    }
}

/// The outcome of parsing one line.
public enum LineParse: Sendable, Equatable {
    case parsed(ParsedLine)
    case malformed(MalformedReason)
}

/// Parses one audit line from its bytes, without building a `String`.
///
/// A line is `[<PRI>] PREFIX ... [Source|Category|Code|User] Text`: an optional syslog
/// priority, a prefix that starts with a timestamp (RFC 3164, RFC 3339 or ISO 8601 in
/// any offset form, RFC 5424, journald's `short-full` and `short-unix`), and the
/// Nexthink header: the first `[..|..|NNNNN|..]` group after the prefix, so host and
/// program tags of any shape (including `nxportal[1234]:`) are skipped. The shapes are
/// told apart by their first bytes, so the common ones cost one or two comparisons.
public enum LineParser {
    public static func parse(_ line: UnsafeRawBufferPointer) -> LineParse {
        if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .malformed(.empty) }
        let start = priorityEnd(line)
        if start > 0, isRFC5424(line, from: start) {
            return parseRFC5424(line, from: start)
        }
        let stamp: RawStamp
        let stampEnd: Int
        let shape: LineShape
        switch parseStamp(line, from: start) {
        case .stamp(let parsed, let end, let parsedShape): (stamp, stampEnd, shape) = (parsed, end, parsedShape)
        case .failed(let reason): return .malformed(reason)
        }
        guard let header = findHeader(line, from: stampEnd) else { return .malformed(.noHeader) }
        return .parsed(
            ParsedLine(
                stamp: stamp, host: hostWord(line, after: stampEnd, before: header.source.lowerBound - 1),
                header: header, shape: shape, hasPriority: start > 0, isWindows1252: !isValidUTF8(line)))
    }

    /// Convenience for tests and small inputs.
    public static func parse(_ line: String) -> LineParse {
        var copy = line
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// The timestamp of a line, whatever its prefix; nil when it has none.
    package static func stamp(of line: UnsafeRawBufferPointer) -> RawStamp? {
        switch parse(line) {
        case .parsed(let parsed): return parsed.stamp
        case .malformed:
            if case .stamp(let stamp, _, _) = parseStamp(line, from: priorityEnd(line)) { return stamp }
            return nil
        }
    }

    /// The word after the timestamp, when it ends before `limit` (the header's `[`); else empty.
    @inline(__always)
    static func hostWord(_ line: UnsafeRawBufferPointer, after stampEnd: Int, before limit: Int) -> Range<Int> {
        var hostStart = stampEnd
        while hostStart < line.count, line[hostStart] == 0x20 { hostStart += 1 }
        var hostEnd = hostStart
        while hostEnd < line.count, line[hostEnd] != 0x20, hostEnd < limit { hostEnd += 1 }
        return hostEnd < limit ? hostStart..<hostEnd : hostStart..<hostStart
    }

    // MARK: Syslog priority and RFC 5424

    /// Where the line continues after a syslog priority `<0>` to `<191>`; 0 when it has none.
    @inline(__always)
    static func priorityEnd(_ b: UnsafeRawBufferPointer) -> Int {
        guard b.count > 2, b[0] == UInt8(ascii: "<") else { return 0 }
        var i = 1
        var value = 0
        while i < b.count, i <= 4, isDigit(b[i]) {
            value = value * 10 + Int(b[i] - 48)
            i += 1
        }
        guard i > 1, i < b.count, b[i] == UInt8(ascii: ">"), value <= 191 else { return 0 }
        return i + 1
    }

    /// Whether the priority is followed by an RFC 5424 VERSION (`1` to `99`) and a space.
    @inline(__always)
    static func isRFC5424(_ b: UnsafeRawBufferPointer, from i: Int) -> Bool {
        guard i + 1 < b.count, isDigit(b[i]), b[i] != UInt8(ascii: "0") else { return false }
        if b[i + 1] == 0x20 { return true }
        return i + 2 < b.count && isDigit(b[i + 1]) && b[i + 2] == 0x20
    }

    /// `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [BOM]MSG`.
    ///
    /// The header is looked for in MSG only, so structured data (which may hold any
    /// text, `[` and `|` included) is never taken for it. A line whose fields after the
    /// timestamp do not follow the RFC is still read when its header can be found after
    /// the timestamp: it is an event in an unusual shape, not a broken one.
    static func parseRFC5424(_ b: UnsafeRawBufferPointer, from versionStart: Int) -> LineParse {
        var i = versionStart
        while b[i] != 0x20 { i += 1 }
        i += 1
        guard i < b.count, b[i] != UInt8(ascii: "-") else { return .malformed(.noTimestamp) }
        let stamp: RawStamp
        let stampEnd: Int
        switch parseISO(b, from: i) {
        case .stamp(let parsed, let end, _): (stamp, stampEnd) = (parsed, end)
        case .failed(let reason): return .malformed(reason)
        }
        let isWindows1252 = !isValidUTF8(b)
        // HOSTNAME, APP-NAME, PROCID, MSGID: words of printable ASCII, `-` when absent.
        var fields: [Range<Int>] = []
        i = stampEnd
        while fields.count < 4, i < b.count, b[i] == 0x20 {
            let fieldStart = i + 1
            var end = fieldStart
            while end < b.count, b[end] > 0x20, b[end] < 0x7F { end += 1 }
            guard end > fieldStart else { break }
            fields.append(fieldStart..<end)
            i = end
        }
        if fields.count == 4, i < b.count, b[i] == 0x20, let messageStart = skipStructuredData(b, from: i + 1),
            let header = findHeader(b, from: messageStart)
        {
            let hostField = fields[0]
            let host = hostField.count == 1 && b[hostField.lowerBound] == UInt8(ascii: "-") ? i..<i : hostField
            return .parsed(
                ParsedLine(
                    stamp: stamp, host: host, header: header, shape: .rfc5424, hasPriority: true,
                    isWindows1252: isWindows1252))
        }
        guard let header = findHeader(b, from: stampEnd) else { return .malformed(.noHeader) }
        return .parsed(
            ParsedLine(
                stamp: stamp, host: hostWord(b, after: stampEnd, before: header.source.lowerBound - 1), header: header,
                shape: .rfc5424, hasPriority: true, isWindows1252: isWindows1252))
    }

    /// Where MSG starts after STRUCTURED-DATA (`-`, or `[id param="value" ...]` elements in
    /// which a value escapes `"`, `\` and `]` with `\`), past one space and a UTF-8 BOM;
    /// nil when the structured data does not end.
    static func skipStructuredData(_ b: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        guard i < b.count else { return i }
        if b[i] == UInt8(ascii: "-") {
            i += 1
        } else {
            guard b[i] == 0x5B else { return nil }
            while i < b.count, b[i] == 0x5B {
                i += 1
                var quoted = false
                while i < b.count {
                    let byte = b[i]
                    if quoted {
                        if byte == 0x5C {
                            i += 1
                        } else if byte == 0x22 {
                            quoted = false
                        }
                    } else if byte == 0x22 {
                        quoted = true
                    } else if byte == 0x5D {
                        break
                    }
                    i += 1
                }
                guard i < b.count else { return nil }
                i += 1
            }
        }
        if i < b.count, b[i] == 0x20 { i += 1 }
        if i + 2 < b.count, b[i] == 0xEF, b[i + 1] == 0xBB, b[i + 2] == 0xBF { i += 3 }
        return i
    }

    // MARK: Encoding

    /// Whether `bytes` are well-formed UTF-8. ASCII, the common case, is checked eight bytes at a time.
    @inline(__always)
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let count = bytes.count
        while i + 8 <= count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < count, bytes[i] < 0x80 { i += 1 }
        if i == count { return true }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[i...])
        return String(validating: rest, as: UTF8.self) != nil
    }

    // MARK: Header

    /// Finds the first `[source|category|NNNNN|user]` group at or after `from`.
    static func findHeader(_ b: UnsafeRawBufferPointer, from: Int) -> HeaderRanges? {
        var i = from
        while i < b.count {
            guard let open = indexOf(0x5B, in: b, from: i) else { return nil }
            if let header = headerAt(b, open: open) { return header }
            i = open + 1
        }
        return nil
    }

    @inline(__always)
    static func indexOf(_ byte: UInt8, in b: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), b.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// Reads `[source|category|NNNNN|user]` starting at the `[` at `open`, or nil.
    static func headerAt(_ b: UnsafeRawBufferPointer, open: Int) -> HeaderRanges? {
        // Source and category: no `|`, `[` or `]` inside; the source is not empty.
        var i = open + 1
        let sourceStart = i
        while i < b.count, b[i] != 0x7C {
            if b[i] == 0x5B || b[i] == 0x5D { return nil }
            i += 1
        }
        guard i < b.count, i > sourceStart else { return nil }
        let source = sourceStart..<i
        i += 1
        let categoryStart = i
        while i < b.count, b[i] != 0x7C {
            if b[i] == 0x5B || b[i] == 0x5D { return nil }
            i += 1
        }
        guard i < b.count else { return nil }
        let category = categoryStart..<i
        i += 1
        guard let code = number(b, i, 5), i + 5 < b.count, b[i + 5] == 0x7C else { return nil }
        i += 6
        let userStart = i
        // The user runs to the first `]`; a `|` there would make the header ambiguous.
        while i < b.count, b[i] != 0x5D {
            if b[i] == 0x7C || b[i] == 0x5B { return nil }
            i += 1
        }
        guard i < b.count else { return nil }
        let user = userStart..<i
        var textStart = i + 1
        if textStart < b.count, b[textStart] == 0x20 { textStart += 1 }
        return HeaderRanges(source: source, category: category, code: code, user: user, textStart: textStart)
    }
}
