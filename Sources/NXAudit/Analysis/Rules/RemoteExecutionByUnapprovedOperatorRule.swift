/// Remote actions run on employees' devices by an account the policy does not list as an operator.
struct RemoteExecutionByUnapprovedOperatorRule: FindingRule {
    let id = "remote_execution_by_unapproved_operator"
    let severity = Severity.high
    let family = FindingFamily.remoteExecution
    let controls = ["PCI DSS 7.2.2", "ISO 27001 A.8.2", "ISO 27001 A.8.18", "NIST AC-6", "SOX ITGC APD"]
    let question = "Did anyone who is not an approved operator run remote actions on employees' devices?"
    let recommendation =
        "Find out why the account ran remote actions; approve it as an operator or remove its right to run them."

    func notEvaluated(under policy: AnalysisPolicy) -> String? {
        policy.approvedOperators == nil ? "the policy names no approved operators (approved_operators)" : nil
    }

    func findings(in context: AnalysisContext) -> [Finding] {
        guard let approved = context.policy.approvedOperators else { return [] }
        let executions = context.catalog.executions
        let runs = context.entries.filter {
            executions[$0.code] != nil && !Accounts.isSystem($0.actor) && !approved.contains($0.actor)
        }
        return RemoteExecutions.byActor(runs).map { actor, runs in
            finding(
                "\(actor), who is not an approved operator, ran \(runs.count) remote execution(s) from "
                    + "\(context.formatTime(runs[0].utcSeconds)) to "
                    + "\(context.formatTime(runs[runs.count - 1].utcSeconds)): "
                    + "\(RemoteExecutions.actions(runs)).\(RemoteExecutions.evidenceNote(runs))",
                at: runs[0].utcSeconds, until: runs[runs.count - 1].utcSeconds, subject: actor,
                evidence: RemoteExecutions.evidence(runs),
                evidenceTotal: runs.count)
        }
    }
}

/// Helpers the remote-execution rules share.
enum RemoteExecutions {
    /// Most evidence lines a grouped finding lists; the register lists every execution.
    static let evidenceLimit = 50

    /// Executions grouped per actor, actors in name order, each group in time order.
    static func byActor(_ runs: [RegisterEntry]) -> [(String, [RegisterEntry])] {
        Dictionary(grouping: runs, by: \.actor).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `Restart Outlook ×3, Disk cleanup ×1`, most run first.
    static func actions(_ runs: [RegisterEntry]) -> String {
        let tallies = Tally.counting(runs.map { $0.target.isEmpty ? $0.text : $0.target })
        return Accounts.list(tallies.map { "\($0.key) ×\($0.count)" })
    }

    static func evidence(_ runs: [RegisterEntry]) -> [EvidenceLocation] {
        runs.prefix(evidenceLimit).map(\.location)
    }

    /// Says that the evidence list is cut, when it is.
    static func evidenceNote(_ runs: [RegisterEntry]) -> String {
        runs.count > evidenceLimit
            ? " Evidence: the first \(evidenceLimit) of \(runs.count) lines; the remote-execution register lists all."
            : ""
    }
}
