import Foundation

/// What the rules measure against: who is approved, business hours, thresholds
/// and severity overrides.
///
/// The defaults are documented in the README ("Policy"); a policy file
/// (`PolicyFile`) sets any of them per organisation, and the report lists every
/// setting with where it came from.
public struct AnalysisPolicy: Sendable, Equatable {
    /// Accounts allowed to change accounts, roles and profiles; nil when the policy names none
    /// (the rule that needs them is then reported as not evaluated).
    public var approvedAdministrators: Set<String>?
    /// Accounts allowed to run remote actions on employees' devices; nil when the policy names none.
    public var approvedOperators: Set<String>?
    /// Non-personal accounts: the only ones expected to run remote actions through the API.
    public var serviceAccounts: Set<String> = []

    /// Business hours, local time of `timeZone` (the report's zone when nil), as minutes
    /// of the day: [start, end).
    public var businessStartMinute = 8 * 60
    public var businessEndMinute = 18 * 60
    /// Working days, 1 = Monday ... 7 = Sunday.
    public var workingDays: Set<Int> = [1, 2, 3, 4, 5]
    /// The zone business hours are read in; nil: the report's `--timezone`.
    public var timeZone: TimeZone?

    /// Failed logins of one account within `burstWindowSeconds` that make a burst.
    public var burstSize = 6
    public var burstWindowSeconds: Int64 = 5 * 60
    /// PCI DSS 8.3.4: an account must be locked after at most this many invalid attempts.
    public var lockoutThreshold = 10
    /// An account created and removed within this time is a temporary account.
    public var shortLivedAccountSeconds: Int64 = 24 * 3600
    /// A stretch of the period without any event longer than this is a gap.
    public var gapThresholdSeconds: Int64 = 24 * 3600
    /// A remote execution on more devices than this is a mass execution.
    public var massExecutionDevices = 100
    /// An execution of a remote action by the account that created or changed it within this time.
    public var executionAfterChangeSeconds: Int64 = 3600
    /// Severity per rule id, replacing the rule's default.
    public var severityOverrides: [String: Severity] = [:]
    /// The organisation's own control IDs per rule id, shown beside the standard controls.
    public var organisationControls: [String: [String]] = [:]
    /// The classification every printed page carries.
    public var classification = "Confidential"
    /// The organisation the report is prepared for, and the person or team preparing it: the
    /// OSCAL document's parties; the organisation also scopes its finding UUIDs.
    public var organisation: String?
    public var preparedBy: String?

    /// Where each setting came from, by policy key (`thresholds.gap`): a policy file's
    /// `path:line`, or a command-line flag. Keys not listed are defaults.
    public var origins: [String: String] = [:]
    /// The policy file read, nil when the defaults apply.
    public var file: String?
    /// SHA-256 of the policy file's bytes, for the evidence manifest and the report.
    public var fileSHA256: String?

    public init() {}

    /// The defaults, as the report states them.
    public static let defaults = AnalysisPolicy()

    /// Whether `minuteOfDay` on ISO weekday `weekday` is inside business hours.
    public func isBusinessTime(weekday: Int, minuteOfDay: Int) -> Bool {
        workingDays.contains(weekday) && minuteOfDay >= businessStartMinute && minuteOfDay < businessEndMinute
    }
}
