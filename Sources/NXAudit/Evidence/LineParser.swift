import Foundation

/// What a line's timestamp says, before a year or a zone is applied.
public enum RawStamp: Sendable, Equatable {
    /// RFC 3339 with an offset or `Z`: an instant.
    case absolute(utcSeconds: Int64, microsecond: Int, offsetSeconds: Int)
    /// An ISO date-time without offset: a wall-clock reading in the report's zone.
    case zoneless(naiveSeconds: Int64, microsecond: Int)
    /// RFC 3164 (`Oct  5 14:03:22`): no year and no zone.
    case yearless(month: Int, day: Int, secondOfDay: Int, microsecond: Int)
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
    /// The rsyslog host: the word after the timestamp, when one stands before the header.
    public var host: Range<Int>
    public var header: HeaderRanges
}

/// The outcome of parsing one line.
public enum LineParse: Sendable, Equatable {
    case parsed(ParsedLine)
    case malformed(MalformedReason)
}

/// Parses one audit line from its UTF-8 bytes, without building a `String`.
///
/// The rsyslog prefix must start the line; the Nexthink header is the first
/// `[..|..|NNNNN|..]` group anywhere after it, so host and program tags of any
/// shape (including `nxportal[1234]:`) are skipped.
public enum LineParser {
    public static func parse(_ line: UnsafeRawBufferPointer) -> LineParse {
        if line.isEmpty || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .malformed(.empty) }
        let stamp: RawStamp
        let stampEnd: Int
        switch parseStamp(line) {
        case .stamp(let parsed): (stamp, stampEnd) = parsed
        case .failed(let reason): return .malformed(reason)
        }
        guard let header = findHeader(line, from: stampEnd) else { return .malformed(.noHeader) }
        // Invalid bytes in the free text are shown as U+FFFD; in the header they would hide who acted.
        for range in [header.source, header.category, header.user]
        where !isValidUTF8(UnsafeRawBufferPointer(rebasing: line[range])) {
            return .malformed(.invalidUTF8)
        }
        var hostStart = stampEnd
        while hostStart < line.count, line[hostStart] == 0x20 { hostStart += 1 }
        var hostEnd = hostStart
        while hostEnd < line.count, line[hostEnd] != 0x20, hostEnd < header.source.lowerBound - 1 { hostEnd += 1 }
        let host = hostEnd < header.source.lowerBound - 1 ? hostStart..<hostEnd : hostStart..<hostStart
        return .parsed(ParsedLine(stamp: stamp, host: host, header: header))
    }

    /// Convenience for tests and small inputs.
    public static func parse(_ line: String) -> LineParse {
        var copy = line
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    // MARK: Timestamp

    /// A timestamp and the offset just after it, or why there is none.
    enum StampParse {
        case stamp((RawStamp, Int))
        case failed(MalformedReason)
    }

    static func parseStamp(_ b: UnsafeRawBufferPointer) -> StampParse {
        guard let first = b.first else { return .failed(.noTimestamp) }
        if isDigit(first) { return parseISO(b) }
        if first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") { return parseTraditional(b) }
        return .failed(.noTimestamp)
    }

    @inline(__always) package static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }

    @inline(__always)
    static func number(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var value = 0
        for i in at..<(at + count) {
            let d = Int(b[i]) &- 48
            guard d >= 0, d <= 9 else { return nil }
            value = value * 10 + d
        }
        return value
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.f+](Z|±HH:MM)?`
    static func parseISO(_ b: UnsafeRawBufferPointer) -> StampParse {
        // The shape must match before the values are judged: a line that merely starts
        // with a digit has no timestamp; one with the shape but a 13th month has a bad one.
        guard let year = number(b, 0, 4), b.count >= 19, b[4] == 0x2D, b[7] == 0x2D,
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 0x20,
            b[13] == 0x3A, b[16] == 0x3A,
            let month = number(b, 5, 2), let day = number(b, 8, 2),
            let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2)
        else { return .failed(.noTimestamp) }
        var i = 19
        var micro = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, isDigit(b[i]) {
                if digits < 6 { micro = micro * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return .failed(.badTimestamp) }
            for _ in digits..<max(digits, 6) { micro *= 10 }
        }
        guard let date = CivilDate(year: year, month: month, day: day), hour < 24, minute < 60, second <= 60
        else { return .failed(.badTimestamp) }
        // A leap second is placed on the last ordinary second.
        let naive = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
        if i < b.count, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard representable.contains(naive) else { return .failed(.badTimestamp) }
            return .stamp((.absolute(utcSeconds: naive, microsecond: micro, offsetSeconds: 0), i + 1))
        }
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
            guard i + 6 <= b.count, b[i + 3] == 0x3A, let oh = number(b, i + 1, 2), let om = number(b, i + 4, 2),
                oh < 24, om < 60
            else { return .failed(.badTimestamp) }
            let offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
            guard representable.contains(naive - Int64(offset)) else { return .failed(.badTimestamp) }
            return .stamp(
                (.absolute(utcSeconds: naive - Int64(offset), microsecond: micro, offsetSeconds: offset), i + 6))
        }
        guard representable.contains(naive) else { return .failed(.badTimestamp) }
        return .stamp((.zoneless(naiveSeconds: naive, microsecond: micro), i))
    }

    /// Instants a report can write in any zone as a four-digit-year RFC 3339 stamp:
    /// 0001-01-02 to 9999-12-30 UTC. A stamp outside is a bad timestamp.
    package static let representable: ClosedRange<Int64> =
        Int64(CivilDate(year: 1, month: 1, day: 2)!.daysSinceEpoch) * 86_400...Int64(
            CivilDate(year: 9999, month: 12, day: 30)!.daysSinceEpoch) * 86_400

    private static let monthNames: [(UInt8, UInt8, UInt8)] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ].map { name in
        let u = Array(name.utf8)
        return (u[0], u[1], u[2])
    }

    /// `Mmm dd HH:MM:SS` with the day space-padded (`Oct  5`) or not (`Oct 5`, `Oct 05`).
    static func parseTraditional(_ b: UnsafeRawBufferPointer) -> StampParse {
        guard b.count >= 4, b[3] == 0x20 else { return .failed(.noTimestamp) }
        guard let monthIndex = monthNames.firstIndex(where: { $0.0 == b[0] && $0.1 == b[1] && $0.2 == b[2] })
        else { return .failed(.noTimestamp) }
        var i = 4
        if i < b.count, b[i] == 0x20 { i += 1 }
        var day = 0
        var dayDigits = 0
        while i < b.count, isDigit(b[i]), dayDigits < 2 {
            day = day * 10 + Int(b[i] - 48)
            dayDigits += 1
            i += 1
        }
        guard dayDigits > 0, i + 9 <= b.count, b[i] == 0x20, b[i + 3] == 0x3A, b[i + 6] == 0x3A,
            let hour = number(b, i + 1, 2), let minute = number(b, i + 4, 2), let second = number(b, i + 7, 2)
        else { return .failed(.noTimestamp) }
        i += 9
        var micro = 0
        if i < b.count, b[i] == 0x2E {
            var j = i + 1
            var digits = 0
            while j < b.count, isDigit(b[j]) {
                if digits < 6 { micro = micro * 10 + Int(b[j] - 48) }
                digits += 1
                j += 1
            }
            if digits > 0 {
                for _ in digits..<max(digits, 6) { micro *= 10 }
                i = j
            }
        }
        let month = monthIndex + 1
        // February 29 is checked once the year is known.
        guard day >= 1, day <= CivilDate.daysIn(month: month, year: 2000), hour < 24, minute < 60, second <= 60
        else { return .failed(.badTimestamp) }
        return .stamp(
            (
                .yearless(
                    month: month, day: day, secondOfDay: hour * 3600 + minute * 60 + min(second, 59),
                    microsecond: micro), i
            ))
    }

    /// Whether `bytes` are well-formed UTF-8 (ASCII, the common case, is checked first).
    @inline(__always)
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        let decoded = String(decoding: bytes, as: UTF8.self)
        return decoded.utf8.elementsEqual(bytes)
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
