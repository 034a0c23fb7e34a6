/// Stretches of the period without any event longer than the gap threshold.
struct EvidenceGapRule: FindingRule {
    let id = "evidence_gap"
    let severity = Severity.medium
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.7.2", "NIST AU-5"]
    let question = "Are there stretches without any event longer than the gap threshold?"
    let recommendation =
        "Find out why nothing was logged in the stretch (appliance down, rsyslog stopped, files lost in "
        + "collection) and recover the missing lines if they exist."

    func findings(in context: AnalysisContext) -> [Finding] {
        // With no event at all, no_events_in_period says it once.
        guard context.accounting.eventsInPeriod > 0 else { return [] }
        let threshold = DurationText.hours(context.coverage.gapThresholdSeconds)
        return context.coverage.gaps.map { gap in
            finding(
                "No event from any source for \(DurationText.hours(gap.seconds)) h, from "
                    + "\(context.formatTime(gap.fromSeconds)) to \(context.formatTime(gap.toSeconds)) (threshold "
                    + "\(threshold) h); audit logging may have stopped or logs are missing.",
                at: gap.fromSeconds, subject: "all sources", evidence: [], interruptsEvidence: true,
                spans: [gap.fromSeconds..<gap.toSeconds])
        }
    }
}
