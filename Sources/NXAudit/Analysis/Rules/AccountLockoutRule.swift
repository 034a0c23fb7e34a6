/// An account was locked: failed logins reached the lockout threshold.
struct AccountLockoutRule: FindingRule {
    let id = "account_locked"
    let severity = Severity.info
    let family = FindingFamily.authentication
    let controls = ["PCI DSS 8.3.4", "NIST AC-7"]
    let question = "Which accounts were locked after failed logins?"
    let recommendation =
        "Confirm with the account owner that the failed logins were theirs; if not, treat the attempts as an "
        + "attack on the account."

    func findings(in context: AnalysisContext) -> [Finding] {
        let logins = context.catalog.logins
        return context.entries.compactMap { lock in
            guard let login = logins[lock.code], login.outcome == .lockout else { return nil }
            let account = FailureRun.account(of: lock, login: login)
            return finding(
                "Account \(account) was locked at \(context.formatTime(lock.utcSeconds)).",
                at: lock.utcSeconds, subject: account, evidence: [lock.location])
        }
    }
}
