/// A privilege or account change by an account the policy does not list as an approved administrator.
struct ChangeByUnapprovedAdministratorRule: FindingRule {
    let id = "change_by_unapproved_administrator"
    let severity = Severity.high
    let family = FindingFamily.privilege
    let controls = [
        "PCI DSS 7.2.2", "PCI DSS 8.2.4", "ISO 27001 A.5.18", "ISO 27001 A.8.2", "NIST AC-2", "NIST AC-6",
        "SOX ITGC APD",
    ]
    let question = "Were accounts, roles or profiles changed by someone who is not an approved administrator?"
    let recommendation =
        "Find the approval for each change; revert changes without one, and either add the account to the "
        + "approved administrators or remove its rights."

    func notEvaluated(under policy: AnalysisPolicy) -> String? {
        policy.approvedAdministrators == nil
            ? "the policy names no approved administrators (approved_administrators)" : nil
    }

    func findings(in context: AnalysisContext) -> [Finding] {
        guard let approved = context.policy.approvedAdministrators else { return [] }
        return context.entries.filter {
            ($0.family == .privilege || $0.family == .account) && !Accounts.isSystem($0.actor)
                && !approved.contains($0.actor)
        }.map { change in
            finding(
                "\(change.actor), who is not an approved administrator, made a change: \(change.action) "
                    + "(\(change.code))\(change.target.isEmpty ? "" : " on \(change.target)") at "
                    + "\(context.formatTime(change.utcSeconds)).",
                at: change.utcSeconds, subject: change.actor, evidence: [change.location])
        }
    }
}
