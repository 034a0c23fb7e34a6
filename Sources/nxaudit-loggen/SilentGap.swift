import ArgumentParser

/// A `--silent-gap` window, `YYYY-MM-DDTHH:MM/HOURS`: from that local wall-clock time,
/// for that many hours, no line is written at all, as when a collector stalls.
struct SilentGap {
    let day: CivilDate
    let hour: Int
    let minute: Int
    let hours: Double

    /// The value of `--silent-gap`; the thrown sentence follows argument-parser's
    /// "The value … is invalid for '--silent-gap'".
    static func argument(_ text: String) throws -> SilentGap {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let example = "write it as YYYY-MM-DDTHH:MM/HOURS, for example 2026-10-17T00:00/26."
        guard parts.count == 2, parts[0].count == 16, parts[0].dropFirst(10).first == "T",
            let day = CivilDate(parsing: parts[0].prefix(10))
        else {
            throw ValidationError("'\(text)' is not a start and a length; \(example)")
        }
        let clock = Array(parts[0].dropFirst(11).utf8)
        guard clock[2] == UInt8(ascii: ":"), let hour = CivilDate.number(clock[0..<2]),
            let minute = CivilDate.number(clock[3..<5]), hour < 24, minute < 60
        else {
            throw ValidationError("'\(parts[0])' has no valid time of day HH:MM; \(example)")
        }
        guard let hours = Double(parts[1]), hours.isFinite, hours > 0, hours <= 24 * 366 * 100 else {
            throw ValidationError("'\(parts[1])' is not a positive number of hours; \(example)")
        }
        return SilentGap(day: day, hour: hour, minute: minute, hours: hours)
    }

    /// The window in instants (microseconds since 1970, UTC), read in `zone`.
    func window(in zone: ZoneOffsets) -> Range<Int64> {
        let wall = Int64(day.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60)
        let start = zone.instant(wall: wall) * 1_000_000
        return start..<(start + Int64((hours * 3_600_000_000).rounded()))
    }
}
