/// How much a finding matters to an auditor. Ordered from least to most severe.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// A compliance finding: what a rule concluded, backed by evidence lines.
public struct Finding: Sendable, Equatable {
    /// The rule's stable snake_case id.
    public var rule: String
    public var severity: Severity
    public var family: FindingFamily
    /// One sentence saying what was found.
    public var summary: String
    /// When it happened (UTC seconds), when the finding is about one moment.
    public var utcSeconds: Int64?
    /// The first and last instants of the incident (UTC seconds): of the events it rests on, or
    /// of the stretch of time it is about; nil for a finding about no time (the inputs, an empty period).
    public var firstUTCSeconds: Int64?
    public var lastUTCSeconds: Int64?
    /// How many logged events the finding rests on, listed in `evidence` or not; 0 for a finding
    /// about missing events or unreadable lines.
    public var eventCount = 0
    /// The account, object or source the finding is about.
    public var subject: String
    /// The controls this finding is evidence for (e.g. `PCI DSS 10.2.1.6`).
    public var controls: [String]
    /// The lines that back it.
    public var evidence: [EvidenceLocation]
    /// Every rule the incident breaks, `rule` first: several rules that hit the same incident
    /// (one outage seen as a stop and as a gap; one run of failed logins seen as a burst and
    /// as failures without lockout) are one finding.
    public var rules: [String] = []
    /// What the incident's other hits said (another rule, or the same rule about another part
    /// of it: the Engine that disconnected when the Portal stopped), in report order.
    public var also: [AlsoSaid] = []
    /// The stretches of time the finding is about (a gap, an outage, a silent day), to tell
    /// which findings are one incident; empty for a finding about events.
    public var spans: [Range<Int64>] = []
    /// The organisation's own control IDs for its rules (the policy's `control_ids`).
    public var organisationControls: [String] = []
    /// What a reviewer should do about it.
    public var recommendation = ""
    /// The key event, as the log says it: `[Portal|20203|mallory] User updated mallory is created`;
    /// empty when the finding is not about a logged event (a gap, the inputs).
    public var quote = ""
    /// How many more lines back it than `evidence` lists (the XML's and CSV's evidence is the same list).
    public var moreEvidence = 0
    /// Unique in the report: `F-2026-10-007` (the period's label and the place in report order).
    public var id = ""
    /// Stable across periods: the same rule on the same subject about the same thing has the same
    /// fingerprint every month, so a comparison can say new, recurring or resolved, and a
    /// reviewer's disposition can be carried forward. `FP-` and 12 hex digits.
    public var fingerprint = ""
    /// What the finding concerns beyond its rule and subject (the object or action), when the
    /// same subject can have unrelated findings of one rule; part of the fingerprint.
    public var concern = ""
    /// Whether it is a hole in the evidence itself (a stretch or day without events, no event
    /// at all, a component's logging stopped and not back): logging controls are then not operating.
    public var interruptsEvidence: Bool

    public init(
        rule: String, severity: Severity, family: FindingFamily, summary: String,
        utcSeconds: Int64? = nil, subject: String, controls: [String], evidence: [EvidenceLocation],
        interruptsEvidence: Bool = false
    ) {
        self.interruptsEvidence = interruptsEvidence
        self.rule = rule
        self.severity = severity
        self.family = family
        self.summary = summary
        self.utcSeconds = utcSeconds
        self.subject = subject
        self.controls = controls
        self.evidence = evidence
    }

    /// `FP-` and the first 12 hex digits of the SHA-256 of rule, subject and concern.
    public static func fingerprint(rule: String, subject: String, concern: String) -> String {
        let digest = SHA256()
        digest.update("\(rule)\u{1F}\(subject)\u{1F}\(concern)")
        return "FP-" + digest.hex().prefix(12)
    }

    /// The report's total order: most severe first, then rule, time, subject, evidence.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.utcSeconds != b.utcSeconds { return (a.utcSeconds ?? .min) < (b.utcSeconds ?? .min) }
        if a.subject != b.subject { return a.subject < b.subject }
        return a.evidence.lexicographicallyPrecedes(b.evidence)
    }
}

/// One more hit of a grouped finding: its rule and its sentence.
public struct AlsoSaid: Sendable, Equatable {
    public var rule: String
    public var summary: String
}
