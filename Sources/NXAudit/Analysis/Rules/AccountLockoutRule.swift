/// An account was locked (20104): failed logins reached the lockout threshold.
struct AccountLockoutRule: FindingRule {
    let id = "account_locked"
    let severity = Severity.info
    let family = FindingFamily.authentication
    let controls = ["PCI DSS 10.2.1.4", "PCI DSS 8.3.4", "ISO 27001 A.8.16"]
    let question = "Which accounts were locked after failed logins?"

    func findings(in context: AnalysisContext) -> [Finding] {
        context.entries.filter { $0.code == 20104 }.map { lock in
            let account = lock.target.isEmpty ? lock.actor : lock.target
            return finding("Account \(account) was locked at \(context.formatTime(lock.utcSeconds)).",
                           at: lock.utcSeconds, subject: account, evidence: [lock.location])
        }
    }
}
