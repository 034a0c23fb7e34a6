import Foundation
import Testing
@testable import NXAudit

/// The availability, data-removal and evidence-coverage rules on fixtures and near misses.
@Suite("Availability and coverage rules")
struct AvailabilityRuleTests {
    @Test(arguments: [
        // stop, start of the same component, expected duration
        (
            "[Portal|SYSTEM|20004|*system] Portal is stopped", "[Portal|SYSTEM|20002|*system] Portal is up and running",
            "45 min"
        ),
        (
            "[Engine-01|MAIN|10003|nxengine] Engine gracefuly stopped",
            "[Engine-01|General|10001|nxengine] Engine is up and running", "45 min"
        ),
        ("[Console|Appliance|53090|root] Portal stopped", "[Console|Appliance|53091|root] Portal started", "45 min"),
        (
            "[Console|Appliance|52090|root] Engine engine01 stopped",
            "[Console|Appliance|52091|root] Engine engine01 started", "45 min"
        ),
    ])
    func eachStopIsPairedWithItsRestartAndItsDuration(stop: String, start: String, duration: String) throws {
        let found = try findings(
            "audit_logging_interrupted",
            [
                "2026-10-05T10:00:00Z h t: \(stop)",
                "2026-10-05T10:45:00Z h t: \(start)",
            ])
        #expect(found.count == 1)
        #expect(found.first?.summary.contains("after \(duration)") == true, "\(found.first?.summary ?? "")")
        #expect(found.first?.evidence.map(\.line) == [1, 2])
    }

    @Test func aStopWithoutRestartAndARestartOfAnotherEngineStayOpen() throws {
        let found = try findings(
            "audit_logging_interrupted",
            [
                "2026-10-05T10:00:00Z h t: [Engine-01|MAIN|10003|nxengine] Engine gracefuly stopped",
                "2026-10-05T10:10:00Z h t: [Engine-02|General|10001|nxengine] Engine is up and running",
            ])
        #expect(found.count == 1)
        #expect(found.first?.summary.contains("no restart is logged before the period ends") == true)
        #expect(found.first?.evidence.map(\.line) == [1])
    }

    @Test func anRsyslogRestartIsAFindingAndAStartAloneIsNot() throws {
        let lines = [
            "2026-10-05T10:00:00Z h t: [Console|Appliance|51111|root] rsyslog service restarted",
            "2026-10-05T10:05:00Z h t: [Portal|SYSTEM|20001|*system] Portal is starting",
            "2026-10-05T10:06:00Z h t: [Console|Appliance|51112|root] crond service restarted",
        ]
        let found = try findings("audit_logging_interrupted", lines)
        #expect(found.map { $0.evidence.map(\.line) } == [[1]])
        #expect(found.first?.summary.contains("rsyslog") == true)
    }

    @Test func historyClearsAreFindingsComputesAreNot() throws {
        let found = try findings(
            "metric_history_cleared",
            [
                "2026-10-05T10:00:00Z h t: [Portal|METRIC|21102|ana] Metric Boot time history clear triggered by query",
                "2026-10-05T10:01:00Z h t: [Portal|METRIC|21103|ana] Metric Crash rate clear triggered",
                "2026-10-05T10:02:00Z h t: [Portal|METRIC|21101|ana] Metric Boot time compute triggered",
                "2026-10-05T10:03:00Z h t: [Portal|METRIC|21104|ana] Metric Boot time compute triggered by query",
            ])
        #expect(found.map { $0.evidence.map(\.line) } == [[1], [2]])
    }

    /// One event every `hours` hours through October (UTC), skipping none.
    func steady(every hours: Int, skipping skipped: ClosedRange<Int>? = nil) -> [String] {
        stride(from: 0, to: 31 * 24, by: hours).compactMap { h in
            if let skipped, skipped.contains(h) { return nil }
            return String(
                format: "2026-10-%02dT%02d:00:00Z h t: [Portal|USER|20206|admin] Role R is added", 1 + h / 24, h % 24)
        }
    }

    @Test func aStretchLongerThanTheThresholdIsAGapOneExactlyAsLongIsNot() throws {
        // Events every 12 h: no gap at 24 h. Leaving out one event makes a 24 h stretch: still no gap.
        #expect(try findings("evidence_gap", steady(every: 12)).isEmpty)
        #expect(try findings("evidence_gap", steady(every: 12, skipping: 120...120)).isEmpty)
        // Leaving out two makes 36 h: a gap, from the last event before to the first after.
        let gap = try findings("evidence_gap", steady(every: 12, skipping: 120...132))
        #expect(gap.count == 1)
        #expect(
            gap.first?.summary.contains("for 36 h, from 2026-10-05T12:00:00+00:00 to 2026-10-07T00:00:00+00:00") == true
        )
        var shorter = AnalysisPolicy.defaults
        shorter.gapThresholdSeconds = 12 * 3600
        #expect(try findings("evidence_gap", steady(every: 12, skipping: 120...120), policy: shorter).count == 1)
    }

    @Test func aDayWithoutEventsIsNamedAndTheEmptyPeriodIsSaidOnce() throws {
        let found = try findings("days_without_events", steady(every: 6, skipping: 96...119))
        #expect(found.count == 1)
        #expect(found.first?.summary.contains("1 day(s) of the period have no event: 2026-10-05") == true)
        #expect(try findings("days_without_events", steady(every: 6)).isEmpty)
        let empty = try analyze(["2026-09-30T10:00:00Z h t: [Portal|USER|20206|admin] Role R is added"])
        #expect(empty.findings.map(\.rule) == ["no_events_in_period"])
    }

    @Test func malformedLinesAreOneFindingWithExamplesByReason() throws {
        let found = try findings(
            "malformed_lines",
            [
                "2026-10-05T10:00:00Z h t: [Portal|USER|20206|admin] Role R is added",
                "garbage without a stamp",
                "2026-10-05T10:00:00Z h t: no header here",
                "",
            ])
        #expect(found.count == 1)
        #expect(found.first?.summary.contains("3 of 4 line(s) read are not events") == true)
        #expect(found.first?.evidence.map(\.line).sorted() == [2, 3, 4])
        #expect(
            try findings("malformed_lines", ["2026-10-05T10:00:00Z h t: [Portal|USER|20206|admin] Role R is added"])
                .isEmpty)
    }

    @Test func anotherEnginesReconnectDoesNotEndADisconnect() throws {
        let report = try analyze(
            """
            2026-10-05T10:00:00Z p x: [Portal|ENGINE|20704|*system] Engine alpha is disconnected
            2026-10-05T10:05:00Z p x: [Portal|ENGINE|20703|*system] Engine beta is connected
            2026-10-05T14:00:00Z p x: [Portal|ENGINE|20703|*system] Engine alpha is connected

            """)
        let outage = try #require(report.findings.first { $0.rule == "audit_logging_interrupted" })
        #expect(outage.summary.contains("after 4 h 0 min"), "\(outage.summary)")
        #expect(outage.evidence.map(\.line) == [1, 3])
    }

    @Test(arguments: [
        (150.0, "2 h 30 min"), (179.6, "3 h 0 min"), (119.4, "119 min"), (119.5, "2 h 0 min"), (120, "2 h 0 min"),
        (0.5, "less than a minute"),
    ])
    func durationsRoundOnce(minutes: Double, text: String) {
        #expect(DurationText.spoken(minutes: minutes) == text)
    }
}
