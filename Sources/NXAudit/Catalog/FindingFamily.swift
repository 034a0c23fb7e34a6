/// The compliance question an audit code, a register or a finding answers.
///
/// Families follow `compliance-controls.md`: each one maps to the controls an
/// auditor tests with that kind of evidence.
public enum FindingFamily: String, Sendable, CaseIterable, Comparable {
    case privilege
    case account
    case configuration
    case remoteExecution = "remote-execution"
    case authentication
    case availability
    case coverage
    case other

    /// A short label for people.
    public var title: String {
        switch self {
        case .privilege: "Privilege"
        case .account: "Account"
        case .configuration: "Configuration"
        case .remoteExecution: "Remote execution"
        case .authentication: "Authentication"
        case .availability: "Audit-logging availability"
        case .coverage: "Evidence coverage"
        case .other: "Other"
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// The Nexthink component that writes a code.
public enum Component: String, Sendable, CaseIterable {
    case portal = "Portal"
    case engine = "Engine"
    case console = "Console"
}
