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
struct YearResolver {
    let policy: YearPolicy
    let modification: CivilDate
    private(set) var rollovers: Int
    private(set) var lastMonth: Int?
    private(set) var yearsUsed = Set<Int>()

    /// A resolver that continues after lines that left `rollovers` and `lastMonth`.
    init(policy: YearPolicy, modification: CivilDate, rollovers: Int = 0, lastMonth: Int? = nil) {
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
        let basis: YearAssumption.Basis = if case .fixed = policy { .flag } else { .modificationTime }
        return YearAssumption(basis: basis, years: years.sorted())
    }
}
