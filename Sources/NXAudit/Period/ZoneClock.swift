import Foundation

/// Converts between instants and wall-clock readings in one IANA time zone.
///
/// Foundation's `TimeZone` knows the rules; this type asks it once per quarter
/// hour and caches the answer, so reading millions of zone-less stamps does not
/// cost a calendar computation each. Not thread-safe: each reader owns one.
public final class ZoneClock {
    public let zone: TimeZone
    private var offsetCache: [Int64: Int32] = [:]
    /// Per quarter hour of wall-clock time: the offsets under which that reading exists.
    private var readingCache: [Int64: (Int32, Int32?)] = [:]

    public init(zone: TimeZone) {
        self.zone = zone
    }

    /// The zone's IANA identifier, e.g. `Europe/Zurich`.
    public var identifier: String { zone.identifier }

    /// Seconds east of UTC at the instant `utcSeconds`.
    public func offset(atUTCSeconds utcSeconds: Int64) -> Int {
        // Zone transitions fall on quarter hours in every zone of the tz database since 1970.
        let bucket = floorDiv(utcSeconds, 900)
        if let cached = offsetCache[bucket] { return Int(cached) }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(bucket * 900)))
        offsetCache[bucket] = Int32(offset)
        return offset
    }

    /// The instants (UTC seconds) at which the wall clock reads `naiveSeconds`, earliest first.
    ///
    /// One instant normally; two in the hour a clock repeats when summer time ends;
    /// none in the hour it skips when summer time starts.
    public func instants(forNaiveSeconds naive: Int64) -> [Int64] {
        switch offsets(forNaiveSeconds: naive) {
        case (let only?, nil): [naive - Int64(only)]
        case (let a?, let b?): [naive - Int64(a), naive - Int64(b)].sorted()
        default: []
        }
    }

    /// The offsets under which a wall-clock reading exists: (first, second) for a
    /// repeated reading, (one, nil) normally, (nil, nil) for a skipped one.
    @inline(__always)
    func offsets(forNaiveSeconds naive: Int64) -> (Int?, Int?) {
        let bucket = floorDiv(naive, 900)
        let cached: (Int32, Int32?)
        if let hit = readingCache[bucket] {
            cached = hit
        } else {
            cached = computeOffsets(naiveBucketStart: bucket * 900)
            readingCache[bucket] = cached
        }
        // Int32.min marks a reading that does not exist.
        if cached.0 == Int32.min { return (nil, nil) }
        return (Int(cached.0), cached.1.map(Int.init))
    }

    /// Zone offsets are whole quarter hours, so a quarter hour of readings shares its answer.
    private func computeOffsets(naiveBucketStart naive: Int64) -> (Int32, Int32?) {
        let before = offset(atUTCSeconds: naive - 86_400)
        let after = offset(atUTCSeconds: naive + 86_400)
        var valid: [Int] = []
        for candidate in before == after ? [before] : [before, after]
        where offset(atUTCSeconds: naive - Int64(candidate)) == candidate && !valid.contains(candidate) {
            valid.append(candidate)
        }
        // The larger offset gives the earlier instant: the first pass of a repeated hour.
        valid.sort(by: >)
        switch valid.count {
        case 0: return (Int32.min, nil)
        case 1: return (Int32(valid[0]), nil)
        default: return (Int32(valid[0]), Int32(valid[1]))
        }
    }

    /// How far a log may step back (lines slightly out of order) before an ambiguous
    /// reading is taken as the second pass of a repeated hour.
    public static let reorderTolerance: Int64 = 600

    /// The instant of a wall-clock reading, with a rule for the two DST edge cases.
    ///
    /// - Parameter previous: the instant of the previous reading of the same log.
    ///   In the hour a clock repeats, a reading is in the second pass when the log is
    ///   already past the change, or when the first pass would step back more than
    ///   `reorderTolerance`; otherwise (and without a previous reading) in the first.
    ///   A reading in the hour that is skipped is placed with the offset in force
    ///   before the change (a clock not yet moved forward).
    public func instant(forNaiveSeconds naive: Int64, previous: Int64? = nil) -> Int64 {
        switch offsets(forNaiveSeconds: naive) {
        case (let only?, nil):
            return naive - Int64(only)
        case (let a?, let b?):
            let (first, second) = (naive - Int64(a), naive - Int64(b))
            guard let previous else { return first }
            let pastTheChange = previous > first && offset(atUTCSeconds: previous) == b
            if pastTheChange { return second }
            return first >= previous - Self.reorderTolerance ? first : second
        default:
            return naive - Int64(offset(atUTCSeconds: naive - 86_400))
        }
    }

    /// The zone's abbreviations and the offsets they stand for, read once when first needed.
    private lazy var abbreviations = ZoneAbbreviations.offsets(zone: zone.identifier)

    /// The instant of a wall-clock reading that carries a zone abbreviation (`CEST`):
    /// the reading's instant under the offset the abbreviation stands for in this zone.
    /// UTC and GMT stand for offset 0 in any zone. Nil when the zone does not use the
    /// abbreviation at that reading (the log was written in another zone).
    public func instant(forNaiveSeconds naive: Int64, abbreviation: ZoneAbbreviation, previous: Int64?) -> Int64? {
        if ZoneAbbreviation.universal.contains(abbreviation) { return naive }
        guard let offsets = abbreviations[abbreviation] else { return nil }
        switch self.offsets(forNaiveSeconds: naive) {
        case (let only?, nil):
            return offsets.contains(only) ? naive - Int64(only) : nil
        case (let a?, let b?):
            switch (offsets.contains(a), offsets.contains(b)) {
            case (true, true): return instant(forNaiveSeconds: naive, previous: previous)
            case (true, false): return naive - Int64(a)
            case (false, true): return naive - Int64(b)
            case (false, false): return nil
            }
        default:
            return nil
        }
    }

    /// Whether a wall-clock reading happens twice (the hour repeated when summer time ends).
    public func isAmbiguous(naiveSeconds naive: Int64) -> Bool {
        if case (_?, _?) = offsets(forNaiveSeconds: naive) { return true }
        return false
    }

    /// `2026-10-05T14:03:22+02:00`: the instant as this zone's wall clock, with its offset.
    public func format(utcSeconds: Int64) -> String {
        let offset = offset(atUTCSeconds: utcSeconds)
        let local = utcSeconds + Int64(offset)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secs = Int(local - days * 86_400)
        let date = CivilDate(daysSinceEpoch: Int(days))
        return "\(date)T\(Digits.pad(secs / 3600, 2)):\(Digits.pad(secs / 60 % 60, 2)):\(Digits.pad(secs % 60, 2))"
            + ZoneClock.formatOffset(offset)
    }

    /// The local calendar day an instant falls on.
    public func localDate(utcSeconds: Int64) -> CivilDate {
        let local = utcSeconds + Int64(offset(atUTCSeconds: utcSeconds))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CivilDate(daysSinceEpoch: Int(days))
    }

    /// `+02:00`, `-05:30`, `+00:00`.
    public static func formatOffset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return "\(sign)\(Digits.pad(magnitude / 3600, 2)):\(Digits.pad(magnitude / 60 % 60, 2))"
    }
}
