/// What the rules measure against: thresholds and business hours.
///
/// These are the documented defaults; a policy file (approved administrators,
/// operators, service accounts, overrides) will set them per organisation.
public struct AnalysisPolicy: Sendable, Equatable {
    /// Failed logins of one account within `burstWindowSeconds` that make a burst.
    public var burstSize = 6
    public var burstWindowSeconds: Int64 = 5 * 60
    /// PCI DSS 8.3.4: an account must be locked after at most this many invalid attempts.
    public var lockoutThreshold = 10
    /// Business hours, local time of `timeZone` (or of the report when nil): [start, end) in hours.
    public var businessHours = 8..<18
    /// Working days, 1 = Monday ... 7 = Sunday.
    public var workingDays: Set<Int> = [1, 2, 3, 4, 5]

    public init() {}

    /// The defaults, as the report states them.
    public static let defaults = AnalysisPolicy()
}
