/// Per control: its population (the period's events of its own codes), what counts as an
/// exception to it, and its status, so "operating" or "examined, no exceptions" is said as
/// plainly as an exception, with its scope.
///
/// - A logging control is not operating when the evidence has a hole (`Finding.interruptsEvidence`:
///   a stretch or a day without events, no event at all, logging stopped and not back), which
///   holds for every event type; it operates with exceptions when a finding cites it
///   (unreadable lines, for PCI DSS 10.2.2). A stop followed by its restart is logging at
///   work, and the content of logged events is never an exception to it.
/// - A behaviour control's exceptions are the findings (low or above) of the rules citing it.
/// - A review control is supported by the report; the findings citing it are for the review.
enum ControlMatrix {
    /// How many reasons a logging control row names.
    static let reasonLimit = 3

    static func build(
        controls: [Control], census: Census, catalog: CodeCatalog, findings: [Finding], rules: [RuleRun]
    ) -> [ControlResult] {
        // One pass over the findings and the rules, not one per control: a month can hold
        // thousands of findings, and every control would otherwise scan them all.
        var citing: [String: [Finding]] = [:]
        for finding in findings where finding.severity > .info {
            // Info findings are observations (a lockout: the control working), not exceptions.
            for (index, id) in finding.controls.enumerated() where !finding.controls[..<index].contains(id) {
                citing[id, default: []].append(finding)
            }
        }
        let interruptions = findings.filter(\.interruptsEvidence)
        var rulesByControl: [String: [Int]] = [:]
        for (position, rule) in rules.enumerated() {
            for (index, id) in rule.controls.enumerated() where !rule.controls[..<index].contains(id) {
                rulesByControl[id, default: []].append(position)
            }
        }
        return controls.map { control in
            let population = count(control.population, census: census, catalog: catalog)
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
            var exceptions = citing[control.id, default: []].count
            var reasons: [String] = []
            let status: ControlResult.Status
            switch control.kind {
            case _ where control.population == .none:
                status = .notShown
            case .logging:
                // The holes in the evidence, and the findings about this control's own records
                // (unreadable lines for PCI DSS 10.2.2).
                let own = citing[control.id, default: []].filter { !$0.interruptsEvidence }
                let holes = interruptions + own
                exceptions = holes.count
                reasons = holes.prefix(reasonLimit).map(\.summary)
                if holes.count > reasonLimit { reasons.append("and \(holes.count - reasonLimit) more") }
                status =
                    !interruptions.isEmpty
                    ? .notOperating
                    : !own.isEmpty ? .operatingWithExceptions : population > 0 ? .operating : .noEventsOfItsTypes
            case .behaviour:
                status =
                    exceptions > 0
                    ? .exceptions
                    : evaluated.isEmpty && !notEvaluated.isEmpty
                        ? .notTested : population > 0 ? .noExceptions : .noPopulation
            case .review:
                status = .supported
            }
            return ControlResult(
                control: control, population: population, exceptions: exceptions, status: status, reasons: reasons,
                rules: evaluated, rulesNotEvaluated: notEvaluated)
        }
    }

    /// The period's events in a control's population.
    static func count(_ scope: Control.Scope, census: Census, catalog: CodeCatalog) -> Int {
        switch scope {
        case .all: census.codeCounts.values.reduce(0, +)
        case .none: 0
        case .codes(let codes): codes.reduce(0) { $0 + census.codeCounts[$1, default: 0] }
        case .families(let families):
            census.codeCounts.reduce(0) { sum, pair in
                families.contains(catalog[pair.key]?.family ?? .other) ? sum + pair.value : sum
            }
        }
    }
}
