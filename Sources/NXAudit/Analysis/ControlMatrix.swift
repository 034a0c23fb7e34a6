/// Per control: how many of the period's events it examined, how many findings are
/// exceptions to it, and its status, so "tested, nothing found" is said as plainly as an exception.
enum ControlMatrix {
    static func build(
        controls: [Control], census: Census, catalog: CodeCatalog, findings: [Finding], rules: [RuleRun]
    ) -> [ControlResult] {
        // One pass over the findings and the rules, not one per control: a month can hold
        // thousands of findings, and every control would otherwise scan them all.
        var exceptionsByControl: [String: Int] = [:]
        for finding in findings where finding.severity > .info {
            // Info findings are observations (a lockout: the control working), not exceptions.
            for (index, id) in finding.controls.enumerated() where !finding.controls[..<index].contains(id) {
                exceptionsByControl[id, default: 0] += 1
            }
        }
        var rulesByControl: [String: [Int]] = [:]
        for (position, rule) in rules.enumerated() {
            for (index, id) in rule.controls.enumerated() where !rule.controls[..<index].contains(id) {
                rulesByControl[id, default: []].append(position)
            }
        }
        return controls.map { control in
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
            let exceptions = exceptionsByControl[control.id, default: 0]
            var evaluated: [String] = []
            var notEvaluated: [String] = []
            for position in rulesByControl[control.id, default: []] {
                let rule = rules[position]
                if let reason = rule.notEvaluatedBecause {
                    notEvaluated.append("\(rule.id): \(reason)")
                } else {
                    evaluated.append(rule.id)
                }
            }
            let status: ControlResult.Status =
                exceptions > 0 ? .exceptions : examined > 0 ? .noExceptions : .noEvidence
            return ControlResult(
                control: control, eventsExamined: examined, exceptions: exceptions, status: status,
                rules: evaluated, rulesNotEvaluated: notEvaluated)
        }
    }
}
