/// Page one: the answer before anything else. Whether the evidence is complete (and why
/// not), the findings awaiting disposition, what was covered, the accounting in one
/// sentence, the scope of the examination, the policy, the report's ID and the exit status.
public struct VerdictView: Sendable, Encodable {
    public var evidenceComplete: Bool
    /// `Evidence complete` or `Evidence incomplete`.
    public var headline: String
    /// Why the evidence is incomplete, one sentence each.
    public var evidenceReasons: [String]
    public var exitStatus: Int
    /// `exit 2: report written but the evidence is insufficient (...)`.
    public var exitMeaning: String
    /// Findings of severity low or above, which the sign-off disposes of; info findings apart.
    public var findingsAwaiting: Int
    public var hasFindingsAwaiting: Bool
    /// Info findings: observations, listed in the sign-off but not awaiting a disposition.
    public var observations: Int
    public var hasObservations: Bool
    public var bySeverity: [SeverityCountView]
    /// Every source and host, with its first and last event.
    public var sources: [SourceView]
    /// `7631 lines read = 6059 events in the period + ...; the accounting balances.`
    public var accounting: String
    /// `100 % of the period's 6059 events were examined by 17 automated rules; no sampling.`
    public var examination: String
    /// When nothing was found: what that statement covers.
    public var negativeAssurance: String
    public var hasNegativeAssurance: Bool
    /// `samples/policy.yaml (SHA-256 ...)` or the documented defaults.
    public var policy: String
    public var reportID: String
    /// What every printed page says of the report (the policy's `classification`).
    public var classification: String
}

extension VerdictView {
    init(_ report: AuditReport, verdict: RunVerdict, sources: [SourceView], clean: (String) -> String) {
        let insufficient = verdict.status == .insufficientEvidence
        evidenceComplete = !insufficient
        headline = insufficient ? "Evidence incomplete" : "Evidence complete"
        evidenceReasons = insufficient ? verdict.reasons.map(clean) : []
        exitStatus = Int(verdict.status.rawValue)
        exitMeaning = clean(verdict.meaning)
        let awaiting = report.findings.filter { $0.severity > .info }
        findingsAwaiting = awaiting.count
        hasFindingsAwaiting = !awaiting.isEmpty
        observations = report.findings.count - awaiting.count
        hasObservations = observations > 0
        bySeverity = Severity.allCases.reversed().filter { $0 > .info }.compactMap { severity in
            let n = awaiting.count { $0.severity == severity }
            return n > 0 ? SeverityCountView(severity: severity.rawValue, count: n) : nil
        }
        self.sources = sources
        let a = report.accounting
        var terms = [
            "\(a.eventsInPeriod) events in the period", "\(a.eventsOutsidePeriod) outside it",
            "\(a.duplicates.count) duplicate lines", "\(a.linesMalformed) lines that are not events",
        ]
        if a.linesNotAuditLog > 0 { terms.append("\(a.linesNotAuditLog) lines of inputs that are not audit logs") }
        accounting =
            "\(a.linesRead) lines read from \(report.inputs.count) input(s) = " + terms.joined(separator: " + ")
            + (a.balances ? "; every line is accounted for." : "; the accounting does NOT balance.")
        let ran = report.rules.filter { $0.notEvaluatedBecause == nil }
        let notRun = report.rules.count - ran.count
        examination =
            "100 % of the period's \(a.eventsInPeriod) events were examined by \(ran.count) automated rules"
            + (notRun > 0 ? " (\(notRun) more could not run under the policy; see Policy and rules)" : "")
            + "; no sampling."
        hasNegativeAssurance = awaiting.isEmpty
        negativeAssurance =
            awaiting.isEmpty
            ? "No exceptions: the \(ran.count) rules that ran found nothing of severity low or above in the "
                + "\(a.eventsInPeriod) events of the period from \(sources.count) source(s)"
                + (insufficient ? ", but the evidence is incomplete, so this covers only what was logged." : ".")
            : ""
        if let file = report.policy.file {
            policy = "\(clean(file)) (SHA-256 \(report.policy.fileSHA256 ?? ""))"
        } else {
            policy = "the documented defaults (no policy file)"
        }
        reportID = report.reportID
        classification = report.policy.classification
    }
}
