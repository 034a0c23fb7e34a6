/// More failed logins in a row than the lockout threshold, and no lockout: the control of PCI DSS 8.3.4 did not act.
struct FailuresWithoutLockoutRule: FindingRule {
    let id = "failures_without_lockout"
    let severity = Severity.high
    let family = FindingFamily.authentication
    let controls = ["PCI DSS 8.3.4", "ISO 27001 A.8.5", "NIST AC-7"]
    let question = "Did an account fail more often in a row than the lockout threshold without being locked?"
    let recommendation =
        "Check the lockout threshold configured on the appliance (PCI DSS 8.3.4 asks for at most 10 attempts) and "
        + "why the account was not locked."

    func findings(in context: AnalysisContext) -> [Finding] {
        let policy = context.policy
        return context.failureRuns
            .filter { $0.failures.count > policy.lockoutThreshold && $0.lockout == nil }
            .map { run in
                finding(
                    "\(run.failures.count) failed logins in a row for \(run.account) from "
                        + "\(context.formatTime(run.first)) to \(context.formatTime(run.last)), above the "
                        + "lockout threshold of \(policy.lockoutThreshold), and the account was not locked.",
                    at: run.first, until: run.last, subject: run.account,
                    evidence: Array(run.failures.prefix(12).map(\.location)),
                    evidenceTotal: run.failures.count)
            }
    }
}
