/// How the year of RFC 3164 stamps is chosen.
public enum YearPolicy: Sendable, Equatable {
    /// `--year`: the year of the file's first year-less line; a line in January or
    /// February after one in November or December has crossed New Year. (A jump back
    /// from, say, December to June is an out-of-order concatenation, not a new year.)
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
            if let lastMonth, lastMonth >= 11, month <= 2 { rollovers += 1 }
            year = base + rollovers
        case .modificationTime:
            year = month > modification.month ? modification.year - 1 : modification.year
        }
        lastMonth = month
        yearsUsed.insert(year)
        return year
    }

    static func assumption(policy: YearPolicy, years: Set<Int>) -> YearAssumption? {
        guard !years.isEmpty else { return nil }
        let basis: YearAssumption.Basis = if case .fixed = policy { .flag } else { .modificationTime }
        return YearAssumption(basis: basis, years: years.sorted())
    }
}
