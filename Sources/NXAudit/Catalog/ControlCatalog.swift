/// A control of a framework, cited by framework, version and reference.
public struct ControlReference: Sendable, Hashable {
    public enum Framework: String, Sendable, CaseIterable {
        case pciDSS = "PCI DSS"
        case iso27001 = "ISO/IEC 27001"
        case nist80053 = "NIST SP 800-53"
        case soxITGC = "SOX ITGC"

        /// The version the references are of.
        public var version: String {
            switch self {
            case .pciDSS: "4.0.1"
            case .iso27001: "2022"
            case .nist80053: "Rev. 5"
            case .soxITGC: "COSO 2013"
            }
        }

        /// The machine token: `pci-dss`, `iso-iec-27001`, `nist-sp-800-53`, `sox-itgc`.
        public var key: String {
            switch self {
            case .pciDSS: "pci-dss"
            case .iso27001: "iso-iec-27001"
            case .nist80053: "nist-sp-800-53"
            case .soxITGC: "sox-itgc"
            }
        }

        /// The prefix of the short ids findings cite (`PCI DSS 10.2.1.4`, `ISO 27001 A.8.15`).
        var idPrefix: String {
            switch self {
            case .pciDSS: "PCI DSS"
            case .iso27001: "ISO 27001"
            case .nist80053: "NIST"
            case .soxITGC: "SOX ITGC"
            }
        }
    }

    public let framework: Framework
    /// The framework's own reference: `10.2.1.4`, `A.8.15`, `AU-2`, or an ITGC domain's short name.
    public let reference: String

    /// The short id findings, policies and the matrix use: `PCI DSS 10.2.1.4`, `NIST AC-2(4)`, `SOX ITGC APD`.
    public var id: String { "\(framework.idPrefix) \(reference)" }
}

/// A control an auditor tests with audit-trail evidence.
public struct Control: Sendable, Equatable {
    /// What kind of question the control asks of the audit trail.
    public enum Kind: String, Sendable, CaseIterable {
        /// "Is it logged?" (PCI DSS 10.2.x, NIST AU-2, ISO A.8.15): operating when events of its
        /// types are present and the evidence is complete; its exceptions are gaps, outages and
        /// unreadable lines, never the content of the events.
        case logging
        /// "Did what was logged break a rule?": a finding about the events' content is an exception.
        case behaviour
        /// A review the report supports (PCI DSS 10.4.x, NIST AU-6, ISO A.8.16): the report is
        /// the automated analysis; the review, and what is done about its findings, is the organisation's.
        case review
    }

    public let reference: ControlReference
    public let kind: Kind
    /// What the control asks for, in short.
    public let requirement: String
    /// The control's population: the period's events of its own codes.
    public let population: Scope
    /// What the audit trail cannot show for this control, said in the matrix.
    public let limitation: String?

    /// The short id findings cite (see `ControlReference.id`).
    public var id: String { reference.id }
    /// `PCI DSS 4.0.1`.
    public var framework: String { "\(reference.framework.rawValue) \(reference.framework.version)" }

    /// Which of the period's events make up a control's population.
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

/// The controls of the control matrix, in the order the report lists them: logging
/// controls, then behaviour controls, then the reviews the report supports.
public enum ControlCatalog {
    static let changes: Set<FindingFamily> = [.privilege, .account]
    static let privileged: Set<FindingFamily> = [.privilege, .account, .remoteExecution]
    static let changeManaged: Set<FindingFamily> = [.configuration, .remoteExecution]
    /// Failed logins and lockouts: the evidence of invalid access attempts, by role in the code catalog.
    static let invalidAttempts = CodeCatalog.standard.codes(withLogin: [.failure, .lockout])
    /// Metric-history clears: information removed.
    static let historyClears = Set(
        CodeCatalog.standard.configurationChanges.filter { $0.value.object == .metricHistory }.keys)

    private static func pci(_ reference: String) -> ControlReference { .init(framework: .pciDSS, reference: reference) }
    private static func iso(_ reference: String) -> ControlReference {
        .init(framework: .iso27001, reference: reference)
    }
    private static func nist(_ reference: String) -> ControlReference {
        .init(framework: .nist80053, reference: reference)
    }
    private static func sox(_ reference: String) -> ControlReference {
        .init(framework: .soxITGC, reference: reference)
    }

    public static let standard: [Control] = logging + behaviour + review

    static let logging: [Control] = [
        Control(
            reference: pci("10.2.1.2"), kind: .logging,
            requirement: "Every action by anyone with administrative access is logged.",
            population: .families([.privilege, .account, .configuration, .remoteExecution]), limitation: nil),
        Control(
            reference: pci("10.2.1.3"), kind: .logging, requirement: "Access to the audit logs themselves is logged.",
            population: .none,
            limitation:
                "The Nexthink audit trail has no event for reading or downloading the audit logs; test "
                + "this on the appliance's operating system."
        ),
        Control(
            reference: pci("10.2.1.4"), kind: .logging, requirement: "Invalid logical access attempts are logged.",
            population: .codes(invalidAttempts), limitation: nil),
        Control(
            reference: pci("10.2.1.5"), kind: .logging,
            requirement:
                "Changes to accounts and credentials are logged: new accounts, privilege elevation, "
                + "changes to admin accounts.",
            population: .families(changes), limitation: nil),
        Control(
            reference: pci("10.2.1.6"), kind: .logging,
            requirement: "Audit logs started, stopped or paused are logged.",
            population: .families([.availability]), limitation: nil),
        Control(
            reference: pci("10.2.1.7"), kind: .logging,
            requirement: "System-level objects created or deleted are logged.",
            population: .families([.configuration]), limitation: nil),
        Control(
            reference: pci("10.2.2"), kind: .logging,
            requirement:
                "Each record shows user, event type, date and time, success or failure, origin and affected object.",
            population: .all,
            limitation: "Nexthink records name no origin address; success or failure is only in the code."),
        Control(
            reference: nist("AU-2"), kind: .logging,
            requirement: "The event types logged include failed logons, privilege use and attribute changes.",
            population: .all, limitation: nil),
        Control(
            reference: nist("AC-2(4)"), kind: .logging,
            requirement: "Account creation, modification, enabling, disabling and removal are audited automatically.",
            population: .families(changes), limitation: nil),
        Control(
            reference: iso("A.8.15"), kind: .logging,
            requirement: "Logs recording activities and exceptions are produced, stored and protected.",
            population: .all, limitation: nil),
    ]

    static let behaviour: [Control] = [
        Control(
            reference: pci("7.2.2"), kind: .behaviour,
            requirement:
                "Access, privileges included, is assigned by job function and approved by authorised personnel.",
            population: .families(privileged), limitation: nil),
        Control(
            reference: pci("8.2.4"), kind: .behaviour,
            requirement: "Additions, deletions and modifications of user IDs are authorised and done as approved.",
            population: .families(changes),
            limitation: "The log does not show approvals; the policy's list of administrators stands in for them."),
        Control(
            reference: pci("8.3.4"), kind: .behaviour,
            requirement: "Accounts are locked after at most 10 invalid attempts, for at least 30 minutes.",
            population: .codes(invalidAttempts), limitation: "The log does not say how long a lockout lasted."),
        Control(
            reference: pci("6.5.1"), kind: .behaviour,
            requirement: "Changes to system components follow documented change control.",
            population: .families(changeManaged),
            limitation: "The log does not show whether a change was approved; compare the findings with change tickets."
        ),
        Control(
            reference: pci("10.7.2"), kind: .behaviour,
            requirement: "Failures of critical control systems, audit logging included, are detected promptly.",
            population: .all, limitation: nil),
        Control(
            reference: iso("A.5.3"), kind: .behaviour, requirement: "Conflicting duties are segregated.",
            population: .families(changes), limitation: nil),
        Control(
            reference: iso("A.5.18"), kind: .behaviour,
            requirement: "Access rights are provisioned, reviewed, changed and removed per policy.",
            population: .families(changes), limitation: nil),
        Control(
            reference: iso("A.8.2"), kind: .behaviour,
            requirement: "Privileged access rights are restricted and managed.",
            population: .families(privileged), limitation: nil),
        Control(
            reference: iso("A.8.5"), kind: .behaviour,
            requirement: "Authentication is secure, with limits on failed attempts.",
            population: .codes(invalidAttempts), limitation: nil),
        Control(
            reference: iso("A.8.10"), kind: .behaviour,
            requirement: "Information is deleted when no longer required, and only then.",
            population: .codes(historyClears), limitation: nil),
        Control(
            reference: iso("A.8.18"), kind: .behaviour,
            requirement: "The use of programs that can override system controls is restricted and controlled.",
            population: .families([.remoteExecution]), limitation: nil),
        Control(
            reference: iso("A.8.32"), kind: .behaviour,
            requirement: "Changes to systems go through change management.",
            population: .families(changeManaged),
            limitation: "The log does not show whether a change was approved; compare the findings with change tickets."
        ),
        Control(
            reference: nist("AC-2"), kind: .behaviour,
            requirement: "Accounts are created, changed and removed by authorised people, per conditions set.",
            population: .families(changes), limitation: nil),
        Control(
            reference: nist("AC-5"), kind: .behaviour, requirement: "Duties are separated.",
            population: .families(changes), limitation: nil),
        Control(
            reference: nist("AC-6"), kind: .behaviour,
            requirement: "Least privilege: privileged functions are used only by those authorised.",
            population: .families(privileged), limitation: nil),
        Control(
            reference: nist("AC-7"), kind: .behaviour,
            requirement: "Consecutive invalid logon attempts are limited and the account locked.",
            population: .codes(invalidAttempts), limitation: nil),
        Control(
            reference: nist("AU-5"), kind: .behaviour,
            requirement: "Audit logging process failures are alerted and responded to.",
            population: .all, limitation: nil),
        Control(
            reference: nist("CM-3"), kind: .behaviour, requirement: "Configuration changes are controlled.",
            population: .families(changeManaged), limitation: nil),
        Control(
            reference: sox("APD"), kind: .behaviour,
            requirement:
                "Access to programs and data: access is granted, changed and removed with authorisation, and "
                + "privileged access is restricted.",
            population: .families(privileged),
            limitation: "The log shows changes, not the whole population of access; see the privileged-access state."),
        Control(
            reference: sox("PC"), kind: .behaviour,
            requirement: "Program changes: changes are authorised, tested and approved before they reach production.",
            population: .families(changeManaged), limitation: nil),
        Control(
            reference: sox("CO"), kind: .behaviour,
            requirement: "Computer operations: jobs and logging run, and failures are detected and resolved.",
            population: .families([.availability, .configuration]), limitation: nil),
    ]

    static let review: [Control] = [
        Control(
            reference: pci("10.4.1"), kind: .review,
            requirement:
                "Audit logs are reviewed at least once daily (10.4.1.1: by automated mechanisms). This report is "
                + "an automated analysis of the period; it supports the review and is not the daily review itself.",
            population: .all, limitation: nil),
        Control(
            reference: pci("10.4.3"), kind: .review,
            requirement: "Exceptions and anomalies found in the review are addressed.", population: .all,
            limitation: "Addressing is recorded in the reviewer sign-off, not in the log."),
        Control(
            reference: pci("10.5.1"), kind: .review,
            requirement: "Audit log history is kept for 12 months, 3 months at hand.", population: .none,
            limitation: "A report shows its period only; retention is shown by the evidence archive."),
        Control(
            reference: nist("AU-6"), kind: .review,
            requirement: "Audit records are reviewed and analysed at a set frequency, and findings reported.",
            population: .all, limitation: nil),
        Control(
            reference: nist("AU-9"), kind: .review,
            requirement: "Audit information is protected from unauthorised change.", population: .none,
            limitation: "Tamper evidence comes from the evidence manifest and archive, not from the log."),
        Control(
            reference: iso("A.8.16"), kind: .review,
            requirement:
                "Networks, systems and applications are monitored for anomalous behaviour, and it is acted on.",
            population: .all, limitation: nil),
    ]

    /// The control with `id`, nil for an id not in the matrix.
    public static func control(_ id: String) -> Control? { standard.first { $0.id == id } }
}
