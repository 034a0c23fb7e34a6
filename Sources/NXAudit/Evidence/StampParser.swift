/// The timestamps a line can start with, each read from its bytes in place.
extension LineParser {
    /// A timestamp, the offset just after it and the prefix shape it belongs to, or why there is none.
    enum StampParse {
        case stamp(RawStamp, end: Int, shape: LineShape)
        case failed(MalformedReason)
    }

    /// Reads the timestamp that starts at `start`; the first byte picks the form.
    static func parseStamp(_ b: UnsafeRawBufferPointer, from start: Int = 0) -> StampParse {
        guard start < b.count else { return .failed(.noTimestamp) }
        let first = b[start]
        if isDigit(first) {
            if start + 4 < b.count, b[start + 4] == UInt8(ascii: "-") { return parseISO(b, from: start) }
            return parseEpoch(b, from: start)
        }
        if first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") {
            if start + 4 < b.count, b[start + 3] == 0x20, isDigit(b[start + 4]), weekday(b, at: start) != nil {
                return parseShortFull(b, from: start)
            }
            return parseTraditional(b, from: start)
        }
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

    /// A fraction of a second after its `.`: 1 to 9 digits (more are read and ignored),
    /// as microseconds, and where it ends; nil when no digit follows.
    @inline(__always)
    static func fraction(_ b: UnsafeRawBufferPointer, from start: Int) -> (microsecond: Int, end: Int)? {
        var i = start
        var micro = 0
        var digits = 0
        while i < b.count, isDigit(b[i]) {
            if digits < 6 { micro = micro * 10 + Int(b[i] - 48) }
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        for _ in digits..<max(digits, 6) { micro *= 10 }
        return (micro, i)
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.f+](Z|±HH:MM|±HHMM|±HH)?`
    static func parseISO(_ b: UnsafeRawBufferPointer, from s: Int) -> StampParse {
        // The shape must match before the values are judged: a line that merely starts
        // with a digit has no timestamp; one with the shape but a 13th month has a bad one.
        guard let year = number(b, s, 4), b.count >= s + 19, b[s + 4] == 0x2D, b[s + 7] == 0x2D,
            b[s + 10] == UInt8(ascii: "T") || b[s + 10] == UInt8(ascii: "t") || b[s + 10] == 0x20,
            b[s + 13] == 0x3A, b[s + 16] == 0x3A,
            let month = number(b, s + 5, 2), let day = number(b, s + 8, 2),
            let hour = number(b, s + 11, 2), let minute = number(b, s + 14, 2), let second = number(b, s + 17, 2)
        else { return .failed(.noTimestamp) }
        var i = s + 19
        var micro = 0
        if i < b.count, b[i] == 0x2E {
            guard let parsed = fraction(b, from: i + 1) else { return .failed(.badTimestamp) }
            (micro, i) = parsed
        }
        guard let date = CivilDate(year: year, month: month, day: day), hour < 24, minute < 60, second <= 60
        else { return .failed(.badTimestamp) }
        // A leap second is placed on the last ordinary second.
        let naive = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
        if i < b.count, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard representable.contains(naive) else { return .failed(.badTimestamp) }
            return .stamp(
                .absolute(utcSeconds: naive, microsecond: micro, offsetSeconds: 0), end: i + 1, shape: .rfc3339)
        }
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
            guard let (offset, end) = offset(b, at: i) else { return .failed(.badTimestamp) }
            guard representable.contains(naive - Int64(offset)) else { return .failed(.badTimestamp) }
            return .stamp(
                .absolute(utcSeconds: naive - Int64(offset), microsecond: micro, offsetSeconds: offset), end: end,
                shape: .rfc3339)
        }
        guard representable.contains(naive) else { return .failed(.badTimestamp) }
        return .stamp(.zoneless(naiveSeconds: naive, microsecond: micro), end: i, shape: .isoLocal)
    }

    /// An offset at the sign at `i`: `±HH:MM`, `±HHMM` or `±HH`, hours below 24 and minutes
    /// below 60, not followed by another digit. Seconds east of UTC, and where it ends.
    @inline(__always)
    static func offset(_ b: UnsafeRawBufferPointer, at i: Int) -> (seconds: Int, end: Int)? {
        guard let hours = number(b, i + 1, 2), hours < 24 else { return nil }
        var minutes = 0
        var end = i + 3
        if end < b.count, b[end] == 0x3A {
            guard let m = number(b, end + 1, 2) else { return nil }
            (minutes, end) = (m, end + 3)
        } else if let m = number(b, end, 2) {
            (minutes, end) = (m, end + 2)
        }
        guard minutes < 60, end >= b.count || !isDigit(b[end]) else { return nil }
        return ((hours * 3600 + minutes * 60) * (b[i] == 0x2D ? -1 : 1), end)
    }

    /// Instants a report can write in any zone as a four-digit-year RFC 3339 stamp:
    /// 0001-01-02 to 9999-12-30 UTC. A stamp outside is a bad timestamp.
    package static let representable: ClosedRange<Int64> =
        Int64(CivilDate(year: 1, month: 1, day: 2)!.daysSinceEpoch) * 86_400...Int64(
            CivilDate(year: 9999, month: 12, day: 30)!.daysSinceEpoch) * 86_400

    private static func names(_ list: [String]) -> [(UInt8, UInt8, UInt8)] {
        list.map { name in
            let u = Array(name.utf8)
            return (u[0], u[1], u[2])
        }
    }
    private static let monthNames = names([
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ])
    /// From Thursday: 1 January 1970 was one.
    private static let weekdayNames = names(["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"])

    @inline(__always)
    private static func weekday(_ b: UnsafeRawBufferPointer, at i: Int) -> Int? {
        weekdayNames.firstIndex { $0.0 == b[i] && $0.1 == b[i + 1] && $0.2 == b[i + 2] }
    }

    /// `Mmm dd HH:MM:SS[.f]` with the day space-padded (`Oct  5`), zero-padded (`Oct 05`,
    /// journald) or not (`Oct 5`).
    static func parseTraditional(_ b: UnsafeRawBufferPointer, from s: Int) -> StampParse {
        guard b.count >= s + 4, b[s + 3] == 0x20 else { return .failed(.noTimestamp) }
        guard let monthIndex = monthNames.firstIndex(where: { $0.0 == b[s] && $0.1 == b[s + 1] && $0.2 == b[s + 2] })
        else { return .failed(.noTimestamp) }
        var i = s + 4
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
        if i < b.count, b[i] == 0x2E, let parsed = fraction(b, from: i + 1) { (micro, i) = parsed }
        let month = monthIndex + 1
        // February 29 is checked once the year is known.
        guard day >= 1, day <= CivilDate.daysIn(month: month, year: 2000), hour < 24, minute < 60, second <= 60
        else { return .failed(.badTimestamp) }
        return .stamp(
            .yearless(
                month: month, day: day, secondOfDay: hour * 3600 + minute * 60 + min(second, 59), microsecond: micro),
            end: i, shape: .rfc3164)
    }

    /// `Www YYYY-MM-DD HH:MM:SS[.f] ZONE` (`journalctl -o short-full`): a weekday that must be
    /// the date's, and a zone abbreviation (`CEST`, `UTC`) or a numeric one (`+04`, `-0530`).
    /// Without a zone it is a wall-clock reading in the report's zone.
    static func parseShortFull(_ b: UnsafeRawBufferPointer, from s: Int) -> StampParse {
        guard let named = weekday(b, at: s) else { return .failed(.noTimestamp) }
        let stamp: RawStamp
        let end: Int
        switch parseISO(b, from: s + 4) {
        case .stamp(let parsed, let parsedEnd, _): (stamp, end) = (parsed, parsedEnd)
        case .failed(let reason): return .failed(reason)
        }
        guard case .zoneless(let naive, let micro) = stamp else {
            return .stamp(stamp, end: end, shape: .shortFull)
        }
        let day = Int(floorDiv(naive, 86_400))
        guard ((day % 7) + 7) % 7 == named else { return .failed(.badTimestamp) }
        guard end + 1 < b.count, b[end] == 0x20 else { return .stamp(stamp, end: end, shape: .shortFull) }
        let zoneStart = end + 1
        if b[zoneStart] == 0x2B || b[zoneStart] == 0x2D {
            guard let (offset, offsetEnd) = offset(b, at: zoneStart), representable.contains(naive - Int64(offset))
            else { return .failed(.badTimestamp) }
            return .stamp(
                .absolute(utcSeconds: naive - Int64(offset), microsecond: micro, offsetSeconds: offset),
                end: offsetEnd, shape: .shortFull)
        }
        // An abbreviation is two to six capitals (tz database style); another word is the host.
        var zoneEnd = zoneStart
        while zoneEnd < b.count, zoneEnd - zoneStart < 7, b[zoneEnd] &- UInt8(ascii: "A") < 26 { zoneEnd += 1 }
        guard (2...6).contains(zoneEnd - zoneStart), zoneEnd == b.count || b[zoneEnd] == 0x20 else {
            return .stamp(stamp, end: end, shape: .shortFull)
        }
        let zone = ZoneAbbreviation(UnsafeRawBufferPointer(rebasing: b[zoneStart..<zoneEnd]))
        return .stamp(
            .abbreviated(naiveSeconds: naive, microsecond: micro, zone: zone), end: zoneEnd, shape: .shortFull)
    }

    /// `SSSSSSSSSS.ffffff` (`journalctl -o short-unix`): seconds since the epoch, UTC, with
    /// at least nine digits and a fraction, followed by a space.
    static func parseEpoch(_ b: UnsafeRawBufferPointer, from s: Int) -> StampParse {
        var i = s
        var seconds: Int64 = 0
        while i < b.count, isDigit(b[i]), i - s < 12 {
            seconds = seconds * 10 + Int64(b[i] - 48)
            i += 1
        }
        guard i - s >= 9, i < b.count, b[i] == 0x2E, let (micro, end) = fraction(b, from: i + 1), end < b.count,
            b[end] == 0x20
        else { return .failed(.noTimestamp) }
        guard representable.contains(seconds) else { return .failed(.badTimestamp) }
        return .stamp(.absolute(utcSeconds: seconds, microsecond: micro, offsetSeconds: 0), end: end, shape: .shortUnix)
    }
}
