/// One rule as it ran in a report: what it asks, under which settings, and what it found.
public struct RuleRun: Sendable, Equatable {
    public var id: String
    public var question: String
    /// The severity its findings carry (the policy's override, or the rule's default).
    public var severity: Severity
    public var severityOverridden: Bool
    public var family: FindingFamily
    public var controls: [String]
    public var findings: Int
    /// Why the rule did not run (the policy lacks what it needs); nil when it ran.
    public var notEvaluatedBecause: String?
}

/// One row of the control matrix.
public struct ControlResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case exceptions
        case noExceptions = "examined, no exceptions"
        case noEvidence = "no evidence in period"
    }

    public var control: Control
    /// Events of the period in the control's scope.
    public var eventsExamined: Int
    /// Findings of severity low or above that cite the control (info findings are observations).
    public var exceptions: Int
    public var status: Status
    /// The rules that test the control and ran.
    public var rules: [String]
    /// Rules that test the control but could not run, with the reason.
    public var rulesNotEvaluated: [String]
}
