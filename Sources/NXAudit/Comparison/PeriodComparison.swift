/// This period against a previous report: what changed in findings, controls, administrators and access.
public struct PeriodComparison: Sendable {
    public var baseline: BaselineReport
    public var eventsThen, eventsNow: Int

    /// Findings per rule, then and now, for every rule of either report, in the current rule order.
    public var findingsByRule: [(rule: String, then: Int, now: Int)]
    /// Controls whose status is not the same as in the baseline.
    public var controlsChanged: [(control: String, then: String, now: String)]
    /// Accounts that changed accounts, roles or profiles this period but not in the baseline's.
    public var newAdministrators: [String]
    /// Objects of this period's access state that the baseline's did not list, and those removed this period.
    public var accessAdded: [AccessObject]
    public var accessRemoved: [AccessObject]

    public init(report: AuditReport, baseline: BaselineReport) {
        self.baseline = baseline
        eventsThen = baseline.eventsInPeriod
        eventsNow = report.accounting.eventsInPeriod
        var rules = report.rules.map(\.id)
        rules += baseline.findingsByRule.keys.filter { !rules.contains($0) }.sorted()
        findingsByRule = rules.map { rule in
            (rule, baseline.findingsByRule[rule] ?? 0, report.rules.first { $0.id == rule }?.findings ?? 0)
        }
        controlsChanged = report.controls.compactMap { result in
            guard let then = baseline.controlStatus[result.control.id], then != result.status.rawValue else { return nil }
            return (result.control.id, then, result.status.rawValue)
        }
        // The baseline's names were read back from XML, where they were cleaned for display; compare like with like.
        let clean = DisplayText.clean
        let administrators = Set(report.privilegeRegister.map(\.actor).filter { !Accounts.isSystem($0) })
        newAdministrators = administrators.filter { !baseline.administrators.contains(clean($0)) }.sorted()
        accessAdded = report.accessState.objects.filter {
            $0.createdInPeriod && $0.stateAtEnd != .removed && baseline.accessObjects["\($0.kind.rawValue)|\(clean($0.name))"] == nil
        }
        accessRemoved = report.accessState.objects.filter { $0.stateAtEnd == .removed }
    }
}
