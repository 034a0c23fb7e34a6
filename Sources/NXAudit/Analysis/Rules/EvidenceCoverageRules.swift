import Foundation

/// No event at all in the period: the report cannot show any control was operating.
struct NoEventsInPeriodRule: FindingRule {
    let id = "no_events_in_period"
    let severity = Severity.high
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.7.2", "ISO 27001 A.8.15", "NIST AU-7"]

    func findings(in context: AnalysisContext) -> [Finding] {
        guard context.accounting.eventsInPeriod == 0 else { return [] }
        return [finding(
            "The inputs hold no event in \(context.period.interval) (\(context.accounting.linesRead) line(s) read); an empty period is missing evidence, not a clean period.",
            subject: "period", evidence: [])]
    }
}

/// Local days of the period without any event: audit logging may have been off, or logs are missing.
struct DaysWithoutEventsRule: FindingRule {
    let id = "days_without_events"
    let severity = Severity.medium
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.5.1", "PCI DSS 10.7.2", "NIST AU-7"]

    func findings(in context: AnalysisContext) -> [Finding] {
        let silent = context.coverage.daysWithoutEvents
        // With no event at all, no_events_in_period says it once.
        guard !silent.isEmpty, context.accounting.eventsInPeriod > 0 else { return [] }
        let list = silent.prefix(31).map(\.description).joined(separator: ", ")
        return [finding(
            "\(silent.count) day(s) of the period have no event: \(list)\(silent.count > 31 ? ", ..." : ""). Check that logs for these days were collected.",
            subject: "period", evidence: [])]
    }
}

/// Stretches of the period without any event longer than the gap threshold.
struct EvidenceGapRule: FindingRule {
    let id = "evidence_gap"
    let severity = Severity.medium
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.5.1", "PCI DSS 10.7.2", "ISO 27001 A.8.15", "NIST AU-7"]

    func findings(in context: AnalysisContext) -> [Finding] {
        // With no event at all, no_events_in_period says it once.
        guard context.accounting.eventsInPeriod > 0 else { return [] }
        let threshold = Self.hours(context.coverage.gapThresholdSeconds)
        return context.coverage.gaps.map { gap in
            finding(
                "No event from any source for \(Self.hours(gap.seconds)) h, from \(context.formatTime(gap.fromSeconds)) to \(context.formatTime(gap.toSeconds)) (threshold \(threshold) h); audit logging may have stopped or logs are missing.",
                at: gap.fromSeconds, subject: "all sources", evidence: [])
        }
    }

    static func hours(_ seconds: Int64) -> String {
        let tenths = (seconds * 10 + 1800) / 3600
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }
}

/// Lines that could not be read as events: the evidence is incomplete by that many lines.
struct MalformedLinesRule: FindingRule {
    let id = "malformed_lines"
    let severity = Severity.low
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.2.2", "NIST AU-7"]

    func findings(in context: AnalysisContext) -> [Finding] {
        let malformed = context.accounting.malformed
        guard !malformed.isEmpty else { return [] }
        let parts = malformed.keys.sorted().map { "\(malformed[$0]!.count) \($0.rawValue)" }.joined(separator: ", ")
        return [finding(
            "\(context.accounting.linesMalformed) of \(context.accounting.linesRead) line(s) read are not events (\(parts)); their time is unknown, so they may belong to the period.",
            subject: "inputs", evidence: malformed.keys.sorted().flatMap { malformed[$0]!.examples.prefix(3) })]
    }
}
