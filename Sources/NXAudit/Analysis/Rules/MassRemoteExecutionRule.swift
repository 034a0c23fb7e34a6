/// One remote execution on more devices than the policy's mass-execution threshold.
struct MassRemoteExecutionRule: FindingRule {
    let id = "mass_remote_execution"
    let severity = Severity.high
    let family = FindingFamily.remoteExecution
    let controls = ["PCI DSS 7.2.2", "ISO 27001 A.8.2", "ISO 27001 A.8.18", "NIST AC-6", "SOX ITGC PC"]
    let question = "Did one remote execution reach more devices than the mass-execution threshold?"
    let recommendation =
        "Confirm the execution was approved for that many devices, and by whom."

    func findings(in context: AnalysisContext) -> [Finding] {
        let threshold = context.policy.massExecutionDevices
        let executions = context.catalog.executions
        return context.entries.compactMap { run in
            guard let channel = executions[run.code], let devices = MessageSubject.deviceCount(run.text),
                devices > threshold
            else { return nil }
            return finding(
                "\(run.actor) ran "
                    + "\(run.target.isEmpty ? "a remote action" : "remote action \(run.target)") on \(devices) "
                    + "devices through the \(channel.label) at \(context.formatTime(run.utcSeconds)), more than "
                    + "the threshold of \(threshold).",
                at: run.utcSeconds, subject: run.actor, evidence: [run.location])
        }
    }
}
