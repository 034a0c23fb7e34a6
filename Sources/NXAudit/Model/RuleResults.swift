/// One rule as it ran in a report: what it asks, under which settings, and what it found.
public struct RuleRun: Sendable, Equatable {
    public var id: String
    public var question: String
    /// What a reviewer should do about one of its findings.
    public var recommendation: String
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
    public enum Status: String, Sendable, CaseIterable {
        /// Logging: events of its types are present and the evidence is complete.
        case operating
        /// Logging: events are recorded, but some records fall short (unreadable lines; see `reasons`).
        case operatingWithExceptions = "operating, with exceptions"
        /// Logging: the evidence has a hole: a stretch without events, logging stopped (see `reasons`).
        case notOperating = "not operating"
        /// Logging: no event of its types in the period (none happened, or none was logged).
        case noEventsOfItsTypes = "no events of its types"
        /// Behaviour: findings about the events' content.
        case exceptions
        /// Behaviour: the population was examined by rules that ran, and none found anything.
        case noExceptions = "examined, no exceptions"
        /// Behaviour: the population is empty.
        case noPopulation = "no events in its population"
        /// Behaviour: no rule that tests it could run (the policy lacks a list).
        case notTested = "not tested"
        /// Review: the report supports it; the review is the organisation's.
        case supported
        /// No event of the audit trail can show it (see the limitation).
        case notShown = "not shown by the audit trail"

        /// The machine token (schema 2, OSCAL): `examined-no-exceptions`, `not-shown`, ...
        public var key: String {
            switch self {
            case .noPopulation: "no-events-in-population"
            case .notShown: "not-shown"
            default: rawValue.replacingOccurrences(of: ", ", with: "-").replacingOccurrences(of: " ", with: "-")
            }
        }

        /// The status `text` names, as a token or as the text of schema-1 reports.
        public init?(text: String) {
            guard let status = Self.allCases.first(where: { $0.key == text || $0.rawValue == text }) else {
                return nil
            }
            self = status
        }
    }

    public var control: Control
    /// The control's population: the period's events of its own codes.
    public var population: Int
    /// Logging: the holes in the evidence and the findings citing it (unreadable lines);
    /// behaviour: findings of severity low or above that cite it; review: findings it is to review.
    public var exceptions: Int
    public var status: Status
    /// Why a logging control is not operating, or operates with exceptions: the first findings' sentences.
    public var reasons: [String]
    /// The rules that test the control and ran.
    public var rules: [String]
    /// Rules that test the control but could not run, with the reason.
    public var rulesNotEvaluated: [String]
}
