/// Many failed logins for one account in a short time: password guessing; says whether a lockout followed.
struct FailedLoginBurstRule: FindingRule {
    let id = "failed_login_burst"
    let severity = Severity.medium
    let family = FindingFamily.authentication
    let controls = ["ISO 27001 A.8.5", "NIST AC-7", "ISO 27001 A.8.16"]
    let question = "Did one account fail to log in many times in a short window, and was it locked?"
    let recommendation =
        "Confirm with the account owner; if the attempts were not theirs, treat them as an attack and check the "
        + "lockout configuration."

    func findings(in context: AnalysisContext) -> [Finding] {
        let policy = context.policy
        return context.failureRuns
            .filter { $0.densest(within: policy.burstWindowSeconds) >= policy.burstSize }
            .map { run in
                let outcome =
                    run.lockout.map { "the account was locked at \(context.formatTime($0.utcSeconds))" }
                    ?? "no lockout followed"
                return finding(
                    "\(run.failures.count) failed logins for \(run.account) from "
                        + "\(context.formatTime(run.first)) to \(context.formatTime(run.last)) (at least "
                        + "\(policy.burstSize) within \(policy.burstWindowSeconds / 60) min); \(outcome).",
                    at: run.first, until: max(run.last, run.lockout?.utcSeconds ?? run.last), subject: run.account,
                    evidence: Array(run.failures.prefix(10).map(\.location))
                        + (run.lockout.map { [$0.location] } ?? []),
                    evidenceTotal: run.failures.count + (run.lockout == nil ? 0 : 1))
            }
    }
}
