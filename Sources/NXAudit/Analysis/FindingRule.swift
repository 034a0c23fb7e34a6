/// A compliance rule: looks at the period's evidence and names what an auditor must see.
///
/// Each rule lives in its own file under `Rules/` and is listed in `Analyzer.standardRules`.
public protocol FindingRule: Sendable {
    /// Stable snake_case id, used in reports, in policy severity overrides and by tools that read reports.
    var id: String { get }
    /// The default severity; a policy may override it per rule.
    var severity: Severity { get }
    var family: FindingFamily { get }
    /// The controls the rule's findings are exceptions to (ids of `ControlCatalog`).
    var controls: [String] { get }
    /// What the rule checks, one sentence for the report's list of rules.
    var question: String { get }
    /// What a reviewer should do about one of its findings, one or two sentences.
    var recommendation: String { get }
    /// Why the rule cannot run under `policy` (it needs a list the policy does not give), or nil.
    func notEvaluated(under policy: AnalysisPolicy) -> String?
    func findings(in context: AnalysisContext) -> [Finding]
}

extension FindingRule {
    public func notEvaluated(under policy: AnalysisPolicy) -> String? { nil }

    /// A finding of this rule with its id, severity, family and controls filled in
    /// (the analyzer applies the policy's severity override afterwards).
    /// - Parameters:
    ///   - evidenceTotal: how many lines back the finding when `evidence` lists only the first.
    ///   - until: the last instant of the incident, when not `utcSeconds` or the end of its spans.
    ///   - events: how many logged events it rests on, when not `evidenceTotal` (0 for lines that are not events).
    func finding(
        _ summary: String, at utcSeconds: Int64? = nil, until: Int64? = nil, subject: String,
        evidence: [EvidenceLocation], evidenceTotal: Int? = nil, events: Int? = nil, interruptsEvidence: Bool = false,
        spans: [Range<Int64>] = []
    ) -> Finding {
        var finding = Finding(
            rule: id, severity: severity, family: family, summary: summary, utcSeconds: utcSeconds,
            subject: subject, controls: controls, evidence: evidence, interruptsEvidence: interruptsEvidence)
        finding.recommendation = recommendation
        finding.spans = spans
        finding.moreEvidence = max(0, (evidenceTotal ?? evidence.count) - evidence.count)
        finding.eventCount = events ?? evidenceTotal ?? evidence.count
        finding.firstUTCSeconds = utcSeconds ?? spans.map(\.lowerBound).min()
        finding.lastUTCSeconds = until ?? spans.map(\.upperBound).max() ?? utcSeconds
        return finding
    }
}

/// What rules read: the period's events as register entries, and the evidence accounting.
public struct AnalysisContext: Sendable {
    /// One entry per event in the period, in time order.
    public let entries: [RegisterEntry]
    public let catalog: CodeCatalog
    public let period: ReportPeriod
    public let accounting: LineAccounting
    public let coverage: Coverage
    public let policy: AnalysisPolicy
    /// Failed logins grouped per account into runs (computed once; several rules judge them).
    let failureRuns: [FailureRun]
    /// Stops paired with their restarts (computed once: the rule and the report's timeline read them).
    let interruptions: [AuditLoggingInterruptedRule.Interruption]
    /// Formats an instant in the report's zone, for findings' sentences.
    public let formatTime: @Sendable (Int64) -> String
}
