/// No event at all in the period: the report cannot show any control was operating.
struct NoEventsInPeriodRule: FindingRule {
    let id = "no_events_in_period"
    let severity = Severity.high
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.7.2", "NIST AU-5"]
    let question = "Do the inputs hold any event of the period at all?"
    let recommendation =
        "Check that the inputs are the appliance's audit logs for this period; collect them again."

    func findings(in context: AnalysisContext) -> [Finding] {
        guard context.accounting.eventsInPeriod == 0 else { return [] }
        return [
            finding(
                "The inputs hold no event in \(context.period.interval) (\(context.accounting.linesRead) "
                    + "line(s) read); an empty period is missing evidence, not a clean period.",
                subject: "period", evidence: [], interruptsEvidence: true)
        ]
    }
}
