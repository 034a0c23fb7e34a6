/// How the year of RFC 3164 stamps is chosen.
public enum YearPolicy: Sendable, Equatable {
    /// `--year`: the year of the file's first year-less line; a line in January or
    /// February after one in November or December has crossed New Year, and one in
    /// November or December after January or February has stepped back over it (the
    /// all-Engines API concatenates files that each cross it). A jump between other
    /// months, December to June say, is out-of-order concatenation, not a new year.
    case fixed(Int)
    /// The file's modification date: a line whose month is after the modification
    /// month cannot be in the future of the file, so it belongs to the year before.
    case modificationTime
}

/// Gives each year-less stamp of one file its year, and records what it assumed.
package struct YearResolver {
    let policy: YearPolicy
    let modification: CivilDate
    private(set) var rollovers: Int
    private(set) var lastMonth: Int?
    private(set) var yearsUsed = Set<Int>()

    /// A resolver that continues after lines that left `rollovers` and `lastMonth`.
    package init(policy: YearPolicy, modification: CivilDate, rollovers: Int = 0, lastMonth: Int? = nil) {
        self.policy = policy
        self.modification = modification
        self.rollovers = rollovers
        self.lastMonth = lastMonth
    }

    mutating func year(forMonth month: Int) -> Int {
        let year: Int
        switch policy {
        case .fixed(let base):
            if let lastMonth { rollovers += Self.crossing(from: lastMonth, to: month) }
            year = base + rollovers
        case .modificationTime:
            year = month > modification.month ? modification.year - 1 : modification.year
        }
        lastMonth = month
        return year
    }

    /// Notes that a line was placed in `year` (only lines whose date exists).
    mutating func recordUsed(_ year: Int) { yearsUsed.insert(year) }

    /// +1 when going from November/December to January/February, -1 the other way, else 0.
    static func crossing(from lastMonth: Int, to month: Int) -> Int {
        if lastMonth >= 11, month <= 2 { return 1 }
        if lastMonth <= 2, month >= 11 { return -1 }
        return 0
    }

    static func assumption(policy: YearPolicy, years: Set<Int>) -> YearAssumption? {
        guard !years.isEmpty else { return nil }
        let basis: YearAssumption.Basis = if case .fixed = policy { .option } else { .modificationTime }
        return YearAssumption(basis: basis, years: years.sorted())
    }
}

/// Where a parsed stamp falls in time: the one rule for the report's reader and the archive's ingest.
package struct StampPlacement {
    /// The instant, UTC seconds; nil for an RFC 3164 date that does not exist (31 April): a bad timestamp.
    package var seconds: Int64?
    package var microsecond: Int
    /// The wall-clock reading of a stamp without offset (for the repeated DST hour).
    package var naive: Int64?
    /// The year given to an RFC 3164 stamp, and its month.
    package var year: Int?
    package var yearlessMonth: Int?
    /// Why there is no instant: a date that does not exist, or a zone abbreviation the report's zone does not use.
    package var failure = MalformedReason.badTimestamp

    /// Places `stamp`: RFC 3164 stamps take `year` when given (the archive fixed it at ingest), else the
    /// resolver's; stamps without offset are read in `clock`'s zone, after the instant `previous`.
    @inline(__always)
    package static func place(
        _ stamp: RawStamp, years: inout YearResolver, year given: Int? = nil, clock: ZoneClock, previous: Int64?
    ) -> StampPlacement {
        switch stamp {
        case .absolute(let utc, let microsecond, _):
            return StampPlacement(seconds: utc, microsecond: microsecond)
        case .zoneless(let naive, let microsecond):
            return StampPlacement(
                seconds: clock.instant(forNaiveSeconds: naive, previous: previous), microsecond: microsecond,
                naive: naive)
        case .abbreviated(let naive, let microsecond, let zone):
            return StampPlacement(
                seconds: clock.instant(forNaiveSeconds: naive, abbreviation: zone, previous: previous),
                microsecond: microsecond, naive: naive, failure: .zoneMismatch)
        case .yearless(let month, let day, let secondOfDay, let microsecond):
            let year = given ?? years.year(forMonth: month)
            guard let date = CivilDate(year: year, month: month, day: day) else {
                return StampPlacement(seconds: nil, microsecond: microsecond, year: year, yearlessMonth: month)
            }
            years.recordUsed(year)
            let naive = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
            return StampPlacement(
                seconds: clock.instant(forNaiveSeconds: naive, previous: previous), microsecond: microsecond,
                naive: naive, year: year, yearlessMonth: month)
        }
    }
}
