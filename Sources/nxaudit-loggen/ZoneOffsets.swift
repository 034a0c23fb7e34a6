import Foundation

/// The appliance's time zone (`--tz`): turns the wall-clock readings events are made
/// at into instants, and instants back into readings.
///
/// Foundation's `TimeZone` knows the rules and answers in well under a microsecond,
/// so it is asked directly; only the choice for readings a clock change skips or
/// repeats is made here.
struct ZoneOffsets {
    let zone: TimeZone

    /// Seconds east of UTC at `second` (seconds since 1970, UTC).
    func offset(atSecond second: Int64) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(second)))
    }

    /// Seconds east of UTC at `instant` (microseconds since 1970, UTC).
    func offset(atInstant instant: Int64) -> Int {
        offset(atSecond: instant >= 0 ? instant / 1_000_000 : (instant - 999_999) / 1_000_000)
    }

    /// The clock reading at `instant` (microseconds since 1970, UTC).
    func localTime(at instant: Int64) -> LocalTime {
        LocalTime(instant: instant, offsetSeconds: offset(atInstant: instant))
    }

    /// The instant (seconds since 1970, UTC) at which the clock reads `wall` (the reading's
    /// fields counted as if it were UTC).
    ///
    /// A reading the clock shows twice (summer time ends) is its first occurrence; a reading
    /// it skips (summer time starts) is read with the offset in force before the change, so
    /// 02:30 on a spring-forward night becomes 03:30 summer time: the choice Python's
    /// `zoneinfo` makes with `fold=0`. Offsets a day either side bound the candidates,
    /// since no zone changes its offset twice within two days.
    func instant(wall: Int64) -> Int64 {
        let before = Int64(offset(atSecond: wall - 86_400))
        let after = Int64(offset(atSecond: wall + 86_400))
        if before == after {
            return wall - before
        }
        if Int64(offset(atSecond: wall - before)) == before {
            return wall - before
        }
        if Int64(offset(atSecond: wall - after)) == after {
            return wall - after
        }
        return wall - before
    }

    /// The instant (microseconds) of local midnight starting `day`.
    func midnight(of day: CivilDate) -> Int64 {
        instant(wall: Int64(day.dayNumber) * 86_400) * 1_000_000
    }
}

extension ZoneOffsets {
    /// The offsets (seconds east of UTC) the zone has from local midnight starting `first`
    /// to local midnight ending `last`, in the order they first appear, read hour by hour
    /// (no zone keeps an offset for less than an hour), for the styles that can write
    /// only some offsets.
    func offsets(from first: CivilDate, through last: CivilDate) -> [Int] {
        let start = midnight(of: first) / 1_000_000
        let end = midnight(of: last.adding(days: 1)) / 1_000_000
        var seen: [Int] = []
        for second in stride(from: start, through: end, by: 3600) {
            let offset = offset(atSecond: second)
            if !seen.contains(offset) {
                seen.append(offset)
            }
        }
        return seen
    }
}
