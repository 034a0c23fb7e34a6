/// Remote actions run through an API channel by an account that is not a declared
/// service account: scripted executions under a person's name.
struct RemoteExecutionViaAPIRule: FindingRule {
    let id = "remote_execution_via_api"
    let severity = Severity.low
    let family = FindingFamily.remoteExecution
    let controls = ["ISO 27001 A.8.18", "NIST AC-6", "ISO 27001 A.8.16"]
    let question = "Were remote actions run through the API by accounts that are not declared service accounts?"
    let recommendation =
        "Identify the integration behind the API calls; declare it as a service account or stop it."

    func notEvaluated(under policy: AnalysisPolicy) -> String? {
        policy.serviceAccounts.isEmpty
            ? "the policy names no service accounts (service_accounts), so API use cannot be told from a person's" : nil
    }

    func findings(in context: AnalysisContext) -> [Finding] {
        let services = context.policy.serviceAccounts
        var result: [Finding] = []
        // One finding per API code and actor, the codes in catalog order.
        for api in context.catalog.codes {
            guard let channel = api.execution, channel.isAPI else { continue }
            let code = api.code
            let runs = context.entries.filter {
                $0.code == code && !Accounts.isSystem($0.actor) && !services.contains($0.actor)
            }
            for (actor, runs) in RemoteExecutions.byActor(runs) {
                result.append(
                    finding(
                        "\(actor), not a declared service account, ran \(runs.count) remote execution(s) "
                            + "through the \(channel.label) (\(code)) from "
                            + "\(context.formatTime(runs[0].utcSeconds)) to "
                            + "\(context.formatTime(runs[runs.count - 1].utcSeconds)): "
                            + "\(RemoteExecutions.actions(runs)).\(RemoteExecutions.evidenceNote(runs))",
                        at: runs[0].utcSeconds, until: runs[runs.count - 1].utcSeconds,
                        subject: actor, evidence: RemoteExecutions.evidence(runs),
                        evidenceTotal: runs.count))
            }
        }
        return result
    }
}
