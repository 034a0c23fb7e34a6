/// An account created or changed a remote action and ran it soon after: a change put to
/// use on employees' devices without a second person in between.
struct ExecutionAfterActionChangeRule: FindingRule {
    let id = "execution_after_action_change"
    let severity = Severity.medium
    let family = FindingFamily.remoteExecution
    let controls = ["PCI DSS 6.5.1", "ISO 27001 A.8.32", "NIST CM-3", "SOX ITGC PC", "ISO 27001 A.8.16"]
    let question = "Did an account run a remote action shortly after creating or changing it?"
    let recommendation =
        "Review the remote action's change and the executions that followed it: who approved the change, and "
        + "whether the executions were expected."

    func findings(in context: AnalysisContext) -> [Finding] {
        let window = context.policy.executionAfterChangeSeconds
        // The latest change per actor and action; each execution within the window joins it.
        var lastChange: [String: RegisterEntry] = [:]
        var changes: [String: RegisterEntry] = [:]
        var runsAfter: [String: [RegisterEntry]] = [:]
        var order: [String] = []
        let configuration = context.catalog.configurationChanges
        let executions = context.catalog.executions
        for entry in context.entries where !entry.target.isEmpty {
            let key = "\(entry.actor)|\(entry.target)"
            if let change = configuration[entry.code], Self.putsActionToUse(change) {
                lastChange[key] = entry
            } else if executions[entry.code] != nil, let change = lastChange[key],
                entry.utcSeconds - change.utcSeconds <= window
            {
                let changeKey = "\(key)|\(change.location)"
                if runsAfter[changeKey] == nil {
                    order.append(changeKey)
                    changes[changeKey] = change
                }
                runsAfter[changeKey, default: []].append(entry)
            }
        }
        return order.map { changeKey in
            let runs = runsAfter[changeKey]!
            let change = changes[changeKey]!
            let verb = configuration[change.code]?.effect == .create ? "created" : "changed"
            return finding(
                "\(change.actor) \(verb) remote action \(change.target) at "
                    + "\(context.formatTime(change.utcSeconds)) and ran it \(runs.count) time(s) within "
                    + "\(DurationText.text(window)), first at \(context.formatTime(runs[0].utcSeconds)) "
                    + "("
                    + Tally.counting(runs.map { executions[$0.code]!.label }).map { "\($0.key) ×\($0.count)" }
                    .joined(separator: ", ")
                    + ").",
                at: change.utcSeconds, until: runs[runs.count - 1].utcSeconds, subject: change.actor,
                evidence: [change.location] + runs.prefix(RemoteExecutions.evidenceLimit).map(\.location),
                evidenceTotal: 1 + runs.count)
        }
    }

    /// A remote action created or updated: a definition someone may then run. A removal is not.
    static func putsActionToUse(_ change: ConfigurationChange) -> Bool {
        change.object == .remoteAction && (change.effect == .create || change.effect == .update)
    }
}
