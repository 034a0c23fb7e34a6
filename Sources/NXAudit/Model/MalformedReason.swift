/// Why a line is not an event. Every such line is counted and located in the report.
public enum MalformedReason: String, Sendable, CaseIterable, Comparable {
    case empty
    case noTimestamp = "no-timestamp"
    case badTimestamp = "bad-timestamp"
    case noHeader = "no-header"
    case invalidUTF8 = "invalid-utf8"
    case overlong = "over-long"

    /// What the reason means, for the report.
    public var explanation: String {
        switch self {
        case .empty: "empty line"
        case .noTimestamp: "no RFC 3339 or RFC 3164 timestamp at the start of the line"
        case .badTimestamp: "a timestamp whose fields are out of range (month 13, 31 April, 25:00, ...)"
        case .noHeader: "no Nexthink [Source|Category|Code|User] header"
        case .invalidUTF8: "bytes that are not UTF-8 in the header's Source, Category or User: who acted cannot be read"
        case .overlong: "longer than the line limit; not parsed"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
