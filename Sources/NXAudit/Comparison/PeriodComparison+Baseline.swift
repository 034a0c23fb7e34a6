extension PeriodComparison {
    /// Compares `report` with the previous period's report read back from its XML.
    public init(report: AuditReport, baseline: BaselineReport) {
        self.baseline = BaselineIdentity(
            path: baseline.path, sha256: baseline.sha256, verification: baseline.verification,
            periodLabel: baseline.periodLabel, from: baseline.from, to: baseline.to)
        self.baseline.manifest = baseline.manifest
        eventsThen = baseline.eventsInPeriod
        eventsNow = report.accounting.eventsInPeriod
        var rules = report.rules.map(\.id)
        rules += baseline.findingsByRule.keys.filter { !rules.contains($0) }.sorted()
        findingsByRule = rules.map { rule in
            (rule, baseline.findingsByRule[rule] ?? 0, report.rules.first { $0.id == rule }?.findings ?? 0)
        }
        baselineFingerprints = Set(baseline.findings.map(\.fingerprint))
        let now = Set(report.findings.map(\.fingerprint))
        var seen = Set<String>()
        resolved = baseline.findings.filter { !now.contains($0.fingerprint) && seen.insert($0.fingerprint).inserted }
        controlsChanged = report.controls.compactMap { result in
            guard let then = baseline.controlStatus[result.control.id], then != result.status.key else {
                return nil
            }
            return (result.control.id, then, result.status.key)
        }
        // The baseline's names were read back from XML, where they were cleaned for display; compare like with like.
        let clean = DisplayText.clean
        let administrators = Set(report.privilegeRegister.map(\.actor).filter { !Accounts.isSystem($0) })
        newAdministrators = administrators.filter { !baseline.administrators.contains(clean($0)) }.sorted()
        accessAdded = report.accessState.objects.filter {
            $0.createdInPeriod && $0.stateAtEnd != .removed
                && baseline.accessObjects["\($0.kind.key)|\(clean($0.name))"] == nil
        }
        accessRemoved = report.accessState.objects.filter { $0.stateAtEnd == .removed }
    }
}
