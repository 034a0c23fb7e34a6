import Foundation
import Testing
@testable import NXAudit

/// A finding's first and last instant and the events it rests on, for one rule's hit and for
/// an incident several hits make one finding of (schema 2's `first`, `last` and `events`).
@Suite("Finding span and events")
struct FindingSpanTests {
    /// The finding of `rule` in the grouped report of `lines`, as the XML and JSON show it.
    func view(_ rule: String, _ lines: [String]) throws -> FindingView {
        let report = try analyze(lines, grouped: true)
        return try #require(ReportView(report).findings.first { $0.rules.contains(rule) })
    }

    func failure(_ second: Int) -> String {
        String(
            format: "2026-10-05T10:%02d:%02dZ p x: [Portal|LOGIN|20103|*system] User eve failed login attempts - x",
            second / 60, second % 60)
    }

    @Test func aRunOfFailuresSpansFirstToLastAndCountsEveryFailure() throws {
        // 14 failures 20 s apart, no lockout: a burst and failures past the threshold, one incident.
        let finding = try view("failures_without_lockout", (0..<14).map { failure($0 * 20) })
        #expect(Set(finding.rules) == ["failures_without_lockout", "failed_login_burst"])
        #expect(finding.first == "2026-10-05T10:00:00+00:00" && finding.last == "2026-10-05T10:04:20+00:00")
        #expect(finding.events == 14)
        #expect(finding.evidence.count + finding.moreEvidence == 14)
    }

    @Test func aStopAndItsRestartSpanTheOutageAndTwoComponentsCountFourEvents() throws {
        let finding = try view(
            "audit_logging_interrupted",
            [
                "2026-10-05T10:00:00Z h t: [Portal|SYSTEM|20004|*system] Portal is stopped",
                "2026-10-05T10:00:05Z h t: [Portal|ENGINE|20704|*system] Engine Engine-01 is disconnected",
                "2026-10-05T10:40:00Z h t: [Portal|SYSTEM|20002|*system] Portal is up and running",
                "2026-10-05T10:45:00Z h t: [Portal|ENGINE|20703|*system] Engine Engine-01 is connected",
            ])
        #expect(finding.first == "2026-10-05T10:00:00+00:00" && finding.last == "2026-10-05T10:45:00+00:00")
        #expect(finding.events == 4)
    }

    @Test func aGapSpansItsStretchAndRestsOnNoEvent() throws {
        let lines = stride(from: 0, to: 31 * 24, by: 12).filter { !(120...132).contains($0) }.map { h in
            String(
                format: "2026-10-%02dT%02d:00:00Z h t: [Portal|USER|20206|admin] Role R is added", 1 + h / 24, h % 24)
        }
        let gap = try view("evidence_gap", lines)
        #expect(gap.first == "2026-10-05T12:00:00+00:00" && gap.last == "2026-10-07T00:00:00+00:00")
        #expect(gap.events == 0)
    }

    @Test func unreadableLinesAreNotEventsAndHaveNoTime() throws {
        let finding = try view(
            "malformed_lines",
            ["2026-10-05T10:00:00Z h t: [Portal|USER|20206|admin] Role R is added", "garbage", "also garbage"])
        #expect(finding.events == 0 && !finding.hasSpan && finding.first.isEmpty && finding.last.isEmpty)
    }
}
