/// An account changed its own account: a change no second person approved.
struct SelfModificationRule: FindingRule {
    let id = "self_modification"
    let severity = Severity.high
    let family = FindingFamily.privilege
    let controls = ["PCI DSS 7.2.2", "ISO 27001 A.5.3", "ISO 27001 A.8.2", "NIST AC-5", "NIST AC-6", "SOX ITGC APD"]
    let question = "Did an account change its own account?"
    let recommendation =
        "Have someone other than the account's holder review and approve the change (segregation of duties)."

    func findings(in context: AnalysisContext) -> [Finding] {
        // Changes whose text names the account: Portal users, Engines' Finder accounts.
        let changes = context.catalog.accessChanges
        return context.entries.filter {
            (changes[$0.code]?.namesAccount ?? false) && !Accounts.isSystem($0.actor) && $0.actor == $0.target
        }.map { change in
            finding(
                "\(change.actor) changed its own account (\(change.action), \(change.code)) at "
                    + "\(context.formatTime(change.utcSeconds)).",
                at: change.utcSeconds, subject: change.actor, evidence: [change.location])
        }
    }
}
