/// A control an auditor tests with audit-trail evidence (`compliance-controls.md`).
public struct Control: Sendable, Equatable {
    /// The id findings cite: `PCI DSS 10.2.1.6`, `ISO 27001 A.8.15`, `NIST AU-6`, `SOX access`.
    public let id: String
    public let framework: String
    /// What the control asks for, in short.
    public let requirement: String
    /// The events that are evidence for it.
    public let scope: Scope
    /// What the audit trail cannot show for this control, said in the matrix.
    public let limitation: String?

    /// Which of the period's events a control examines.
    public enum Scope: Sendable, Equatable {
        /// Every event of the period.
        case all
        /// Events whose code belongs to one of these families.
        case families(Set<FindingFamily>)
        /// Events of these codes.
        case codes(Set<Int>)
        /// No event of the audit trail can show it.
        case none
    }
}

/// The controls of the control matrix, in the order the report lists them.
public enum ControlCatalog {
    static let changes: Set<FindingFamily> = [.privilege, .account]
    /// Failed logins and lockouts: the evidence of invalid access attempts, by role in the code catalog.
    static let invalidAttempts = CodeCatalog.standard.codes(withLogin: [.failure, .lockout])
    /// Invalid access attempts and remote executions: the anomalies A.8.16 watches.
    static let anomalies = invalidAttempts.union(CodeCatalog.standard.executions.keys)

    public static let standard: [Control] = [
        Control(
            id: "PCI DSS 10.2.1.2", framework: "PCI DSS v4",
            requirement: "Every action by anyone with administrative access is logged.",
            scope: .families([.privilege, .account, .configuration, .remoteExecution]), limitation: nil),
        Control(
            id: "PCI DSS 10.2.1.3", framework: "PCI DSS v4",
            requirement: "Access to the audit logs themselves is logged.",
            scope: .none,
            limitation:
                "The Nexthink audit trail has no event for reading or downloading the audit logs; test "
                + "this on the appliance's operating system."
        ),
        Control(
            id: "PCI DSS 10.2.1.4", framework: "PCI DSS v4", requirement: "Invalid logical access attempts are logged.",
            scope: .codes(invalidAttempts), limitation: nil),
        Control(
            id: "PCI DSS 10.2.1.5", framework: "PCI DSS v4",
            requirement:
                "Changes to accounts and credentials are logged: new accounts, privilege elevation, "
                + "changes to admin accounts.",
            scope: .families(changes), limitation: nil),
        Control(
            id: "PCI DSS 10.2.1.6", framework: "PCI DSS v4",
            requirement: "Audit logs started, stopped or paused are logged.",
            scope: .families([.availability]), limitation: nil),
        Control(
            id: "PCI DSS 10.2.1.7", framework: "PCI DSS v4",
            requirement: "System-level objects created or deleted are logged.",
            scope: .families([.configuration]), limitation: nil),
        Control(
            id: "PCI DSS 10.2.2", framework: "PCI DSS v4",
            requirement:
                "Each record shows user, event type, date and time, success or failure, origin and affected object.",
            scope: .all,
            limitation: "Nexthink records name no origin address; success or failure is only in the code."),
        Control(
            id: "PCI DSS 10.4.1", framework: "PCI DSS v4",
            requirement: "Logs are reviewed daily, by automated means (10.4.1.1); this report is such a review.",
            scope: .all, limitation: nil),
        Control(
            id: "PCI DSS 10.4.3", framework: "PCI DSS v4",
            requirement: "Exceptions and anomalies found in the review are addressed.",
            scope: .all, limitation: "Addressing is recorded in the reviewer sign-off, not in the log."),
        Control(
            id: "PCI DSS 10.5.1", framework: "PCI DSS v4",
            requirement: "Audit log history is kept for 12 months, 3 months at hand.",
            scope: .all,
            limitation: "This report shows the period's coverage only; retention is shown by the evidence archive."),
        Control(
            id: "PCI DSS 10.7.2", framework: "PCI DSS v4",
            requirement: "Failures of critical control systems, audit logging included, are detected and answered.",
            scope: .all, limitation: nil),
        Control(
            id: "PCI DSS 8.3.4", framework: "PCI DSS v4",
            requirement: "Accounts are locked after at most 10 invalid attempts, for at least 30 minutes.",
            scope: .codes(invalidAttempts), limitation: "The log does not say how long a lockout lasted."),
        Control(
            id: "ISO 27001 A.5.18", framework: "ISO 27001:2022",
            requirement: "Access rights are provisioned, reviewed, changed and removed per policy.",
            scope: .families(changes), limitation: nil),
        Control(
            id: "ISO 27001 A.8.2", framework: "ISO 27001:2022",
            requirement: "Privileged access rights are restricted and managed.",
            scope: .families([.privilege, .account, .remoteExecution]), limitation: nil),
        Control(
            id: "ISO 27001 A.8.15", framework: "ISO 27001:2022",
            requirement: "Logs are produced, stored, protected and analysed.",
            scope: .all, limitation: nil),
        Control(
            id: "ISO 27001 A.8.16", framework: "ISO 27001:2022",
            requirement: "Anomalous behaviour is monitored and acted on.",
            scope: .codes(anomalies), limitation: nil),
        Control(
            id: "ISO 27001 A.8.32", framework: "ISO 27001:2022",
            requirement: "Changes to systems go through change management.",
            scope: .families([.configuration, .remoteExecution]),
            limitation: "The log does not show whether a change was approved; compare the findings with change tickets."
        ),
        Control(
            id: "NIST AC-2(4)", framework: "NIST 800-53 r5",
            requirement: "Account creation, modification, enabling, disabling and removal are audited automatically.",
            scope: .families(changes), limitation: nil),
        Control(
            id: "NIST AU-2", framework: "NIST 800-53 r5",
            requirement: "The event types logged include failed logons, privilege use and attribute changes.",
            scope: .all, limitation: nil),
        Control(
            id: "NIST AU-6", framework: "NIST 800-53 r5",
            requirement: "Records are reviewed at a set frequency and findings reported.",
            scope: .all, limitation: nil),
        Control(
            id: "NIST AU-7", framework: "NIST 800-53 r5",
            requirement: "Report generation does not alter the records' content or time order.",
            scope: .all, limitation: nil),
        Control(
            id: "NIST AU-9", framework: "NIST 800-53 r5",
            requirement: "Audit information is protected; interruptions are visible.",
            scope: .families([.availability]),
            limitation: "Tamper evidence (signed hashes) comes from the evidence manifest, not from the log."),
        Control(
            id: "SOX access", framework: "SOX ITGC",
            requirement: "User access review: the population, the reviewer, the date, follow-up on exceptions.",
            scope: .families(changes),
            limitation: "The log shows changes, not the whole population; see the privileged-access state."),
        Control(
            id: "SOX change", framework: "SOX ITGC",
            requirement: "Changes to the system are authorised, tested and recorded.",
            scope: .families([.configuration, .privilege]), limitation: nil),
        Control(
            id: "SOX operations", framework: "SOX ITGC",
            requirement: "The system and its jobs operate, and interruptions are detected.",
            scope: .families([.availability, .remoteExecution]), limitation: nil),
    ]

    /// The control with `id`, nil for an id not in the matrix.
    public static func control(_ id: String) -> Control? { standard.first { $0.id == id } }
}
