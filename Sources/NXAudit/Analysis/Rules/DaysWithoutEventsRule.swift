/// Local days of the period without any event: audit logging may have been off, or logs are missing.
struct DaysWithoutEventsRule: FindingRule {
    let id = "days_without_events"
    let severity = Severity.medium
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.7.2", "NIST AU-5"]
    let question = "Are there days of the period without any event?"
    let recommendation =
        "Find out whether the appliance logged nothing on those days or the logs were lost (rotation, "
        + "collection); recover the missing files if they exist."

    func findings(in context: AnalysisContext) -> [Finding] {
        let silent = context.coverage.daysWithoutEvents
        // With no event at all, no_events_in_period says it once.
        guard !silent.isEmpty, context.accounting.eventsInPeriod > 0 else { return [] }
        let clock = ZoneClock(zone: context.period.timeZone)
        let list = silent.prefix(31).map(\.description).joined(separator: ", ")
        return [
            finding(
                "\(silent.count) day(s) of the period have no event: "
                    + "\(list)\(silent.count > 31 ? ", ..." : ""). Check that logs for these days were collected.",
                subject: "period", evidence: [], interruptsEvidence: true,
                spans: silent.map { day in
                    let start = clock.instant(forNaiveSeconds: Int64(day.daysSinceEpoch) * 86_400)
                    return start..<clock.instant(forNaiveSeconds: Int64(day.daysSinceEpoch + 1) * 86_400)
                })
        ]
    }
}
