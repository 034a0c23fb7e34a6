/// Per control: how many of the period's events it examined, how many findings are
/// exceptions to it, and its status, so "tested, nothing found" is said as plainly as an exception.
enum ControlMatrix {
    static func build(controls: [Control], census: Census, catalog: CodeCatalog, findings: [Finding], rules: [RuleRun]) -> [ControlResult] {
        controls.map { control in
            let examined: Int
            switch control.scope {
            case .all: examined = census.codeCounts.values.reduce(0, +)
            case .none: examined = 0
            case .codes(let codes): examined = codes.reduce(0) { $0 + census.codeCounts[$1, default: 0] }
            case .families(let families):
                examined = census.codeCounts.reduce(0) { sum, pair in
                    families.contains(catalog[pair.key]?.family ?? .other) ? sum + pair.value : sum
                }
            }
            // Info findings are observations (a lockout: the control working), not exceptions.
            let exceptions = findings.count { $0.severity > .info && $0.controls.contains(control.id) }
            let testing = rules.filter { $0.controls.contains(control.id) }
            let status: ControlResult.Status =
                exceptions > 0 ? .exceptions : examined > 0 ? .noExceptions : .noEvidence
            return ControlResult(
                control: control, eventsExamined: examined, exceptions: exceptions, status: status,
                rules: testing.filter { $0.notEvaluatedBecause == nil }.map(\.id),
                rulesNotEvaluated: testing.compactMap { rule in rule.notEvaluatedBecause.map { "\(rule.id): \($0)" } })
        }
    }
}
