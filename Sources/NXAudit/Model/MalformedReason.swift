/// Why a line is not an event. Every such line is counted and located in the report.
public enum MalformedReason: String, Sendable, CaseIterable, Comparable {
    case empty
    case noTimestamp = "no-timestamp"
    case badTimestamp = "bad-timestamp"
    case noHeader = "no-header"
    case zoneMismatch = "zone-mismatch"
    case overlong = "over-long"

    /// What the reason means, for the report.
    public var explanation: String {
        switch self {
        case .empty: "empty line"
        case .noTimestamp: "no timestamp at the start of the line (RFC 3164, RFC 3339, RFC 5424, ISO 8601, journalctl)"
        case .badTimestamp: "a timestamp whose fields are out of range (month 13, 31 April, 25:00, ...)"
        case .noHeader: "no Nexthink [Source|Category|Code|User] header"
        case .zoneMismatch:
            "a zone abbreviation (journalctl short-full) that the report's time zone does not use at that time: "
                + "pass --timezone the zone the log was written in"
        case .overlong: "longer than the line limit; not parsed"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
