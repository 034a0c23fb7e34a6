/// An account created and removed again within the short-lived window: a temporary account
/// that an access review at period end would never see.
struct ShortLivedAccountRule: FindingRule {
    let id = "short_lived_account"
    let severity = Severity.medium
    let family = FindingFamily.account
    let controls = ["PCI DSS 8.2.4", "ISO 27001 A.5.18", "NIST AC-2", "SOX ITGC APD"]
    let question = "Were accounts created and removed again within the short-lived window?"
    let recommendation =
        "Find out why the account existed so briefly and what it did; short-lived accounts can hide actions."

    func findings(in context: AnalysisContext) -> [Finding] {
        let window = context.policy.shortLivedAccountSeconds
        // Open creations per kind of account (Portal user, Finder account of an Engine), source
        // and account; a removal of the same kind closes the latest one.
        let changes = context.catalog.accessChanges
        var created: [String: RegisterEntry] = [:]
        var result: [Finding] = []
        for entry in context.entries where !entry.target.isEmpty {
            guard let change = changes[entry.code], change.namesAccount else { continue }
            let key = "\(change.object.rawValue)|\(entry.source)|\(entry.target)"
            if change.effect == .create {
                created[key] = entry
            } else if change.effect == .remove, let made = created.removeValue(forKey: key),
                entry.utcSeconds - made.utcSeconds <= window
            {
                let minutes = Double(entry.utcSeconds - made.utcSeconds) / 60
                result.append(
                    finding(
                        "Account \(entry.target) was created by \(made.actor) at "
                            + "\(context.formatTime(made.utcSeconds)) and removed by \(entry.actor) at "
                            + "\(context.formatTime(entry.utcSeconds)), \(DurationText.spoken(minutes: minutes)) "
                            + "later (short-lived window \(DurationText.text(window))).",
                        at: made.utcSeconds, until: entry.utcSeconds, subject: entry.target,
                        evidence: [made.location, entry.location]))
            }
        }
        return result
    }
}
