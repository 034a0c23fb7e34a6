/// An account was locked, but only after more failed logins than the lockout threshold
/// (PCI DSS 8.3.4: at most 10 attempts).
struct LockoutAfterThresholdRule: FindingRule {
    let id = "lockout_after_threshold"
    let severity = Severity.medium
    let family = FindingFamily.authentication
    let controls = ["PCI DSS 8.3.4", "NIST AC-7"]
    let question = "Was an account locked only after more failed logins than the lockout threshold?"
    let recommendation =
        "Check the lockout threshold configured on the appliance against the policy's (PCI DSS 8.3.4 asks for at "
        + "most 10 attempts)."

    func findings(in context: AnalysisContext) -> [Finding] {
        let threshold = context.policy.lockoutThreshold
        return context.failureRuns.compactMap { run in
            // Only the failures logged before the lock count; the account may keep failing after it.
            guard let lock = run.lockout else { return nil }
            let before = run.failures.filter { ($0.utcSeconds, $0.location) < (lock.utcSeconds, lock.location) }
            guard before.count > threshold else { return nil }
            return finding(
                "\(run.account) was locked at \(context.formatTime(lock.utcSeconds)) only after "
                    + "\(before.count) failed logins in a row (threshold \(threshold)).",
                at: run.first, until: lock.utcSeconds, subject: run.account,
                evidence: before.prefix(12).map(\.location) + [lock.location], evidenceTotal: before.count + 1)
        }
    }
}
