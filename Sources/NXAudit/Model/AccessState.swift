/// Accounts, roles and profiles changed during the period, and their state at its end:
/// the access-review population "as of" the period end, as far as the log tells it.
public struct AccessState: Sendable, Equatable {
    /// One per object changed in the period, by kind then name.
    public var objects: [AccessObject]
    /// Changes the log records without naming the accounts (20204, 20205: "of N users").
    public var unnamedChanges: [RegisterEntry]
    /// What the log cannot tell, said in the report.
    public var limitations: [String]
}

/// An account, role or profile that was created, changed or removed in the period.
public struct AccessObject: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case portalAccount = "Portal account"
        case finderAccount = "Finder account"
        case role = "Role"
        case profile = "Profile"
        case applianceAccount = "Appliance account"

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

        /// The machine token: `portal-account`, `finder-account`, `role`, `profile`, `appliance-account`.
        public var key: String { rawValue.lowercased().replacingOccurrences(of: " ", with: "-") }

        /// The kind `text` names, as a token or as the text of schema-1 reports.
        public init?(text: String) {
            guard let kind = Self.allCases.first(where: { $0.key == text || $0.rawValue == text }) else { return nil }
            self = kind
        }
    }

    /// What the period's events leave the object as.
    public enum State: String, Sendable {
        case exists
        case removed
        case enabled
        case disabled
    }

    public var kind: Kind
    /// The account, role or profile name (for an Engine's Finder account, `name @ engine`).
    public var name: String
    public var stateAtEnd: State
    /// Whether the first event of the period created it; false: it existed before the period.
    public var createdInPeriod: Bool
    /// The last role list a profile was given (20209, 20210), nil when none was logged.
    public var roles: String?
    public var changes: Int
    /// The accounts that made the changes, by name.
    public var changedBy: [String]
    public var firstChangeSeconds: Int64
    public var lastChangeSeconds: Int64
    /// The first and the last change.
    public var evidence: [EvidenceLocation]
}
