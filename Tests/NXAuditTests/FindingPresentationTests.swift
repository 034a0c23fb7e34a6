import Foundation
import Testing
@testable import NXAudit

/// Fifteen failed logins of eve, two seconds apart: a burst past the lockout threshold, never locked.
let fifteenFailures = (0..<15).map {
    String(
        format: "2026-10-05T10:00:%02dZ p x: [Portal|LOGIN|20103|*system] User eve failed login attempts - bad", $0 * 2)
}

/// What a reader needs next to a finding: what to do, the key event, and the evidence
/// as ranges, with what is not listed said.
@Suite("Finding presentation")
struct FindingPresentationTests {
    @Test func consecutiveLinesBecomeRangesAndTheRestStay() {
        func at(_ path: String, _ line: Int) -> EvidenceLocation { EvidenceLocation(input: 0, path: path, line: line) }
        let locations =
            [at("a.log", 3), at("a.log", 4), at("a.log", 5), at("a.log", 9), at("a.log", 10)]
            + [at("b.log", 11), at("b.log", 12), at("b.log", 13), at("b.log", 14)]
        #expect(
            EvidenceRanges.text(locations, clean: { $0 })
                == ["a.log:3–5 (3 lines)", "a.log:9", "a.log:10", "b.log:11–14 (4 lines)"])
        #expect(EvidenceRanges.text([], clean: { $0 }).isEmpty)
    }

    @Test func aBurstSaysHowManyLinesAreNotListedQuotesItsFirstEventAndSaysWhatToDo() throws {
        let failures = fifteenFailures
        let report = try analyze(failures)
        let burst = try #require(report.findings.first { $0.rule == "failed_login_burst" })
        #expect(burst.evidence.count == 10 && burst.moreEvidence == 5)
        #expect(burst.quote == "[Portal|20103|*system] User eve failed login attempts - bad")
        #expect(burst.recommendation.contains("account owner"))
        let view = ReportView(report)
        let shown = try #require(view.findings.first { $0.rule == "failed_login_burst" })
        #expect(shown.evidenceRanges.count == 1 && shown.evidenceRanges[0].hasSuffix(":1–10 (10 lines)"))
        #expect(shown.hasMoreEvidence && shown.moreEvidenceNote.contains("XML"))
        // Every rule says what to do.
        for rule in Analyzer.standardRules { #expect(rule.recommendation.count > 20, "\(rule.id)") }
    }

    @Test func aGapHasNoKeyEvent() throws {
        let report = try analyze([
            "2026-10-05T10:00:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 1"
        ])
        let gap = try #require(report.findings.first { $0.rule == "evidence_gap" })
        #expect(gap.quote.isEmpty && gap.moreEvidence == 0)
    }
}

/// Several rules that hit one incident make one finding.
@Suite("Finding groups")
struct FindingGroupTests {
    @Test func aRunOfFailuresSeenByTwoRulesIsOneFindingLedByTheMoreSevere() throws {
        let failures = fifteenFailures
        let apart = try analyze(failures)
        #expect(
            Set(apart.findings.filter { $0.subject == "eve" }.map(\.rule))
                == ["failed_login_burst", "failures_without_lockout"])
        let report = try analyze(failures, grouped: true)
        let incident = try #require(report.findings.first { $0.subject == "eve" })
        #expect(report.findings.count { $0.subject == "eve" } == 1)
        #expect(incident.rule == "failures_without_lockout" && incident.severity == .high, "the more severe leads")
        #expect(incident.rules == ["failures_without_lockout", "failed_login_burst"])
        #expect(incident.also.count == 1 && incident.also[0].summary.contains("15 failed logins"))
        #expect(incident.also[0].rule == "failed_login_burst")
        #expect(Set(incident.controls).isSuperset(of: ["PCI DSS 8.3.4", "ISO 27001 A.8.16"]))
        #expect(incident.evidence.count == 12 && incident.moreEvidence == 3, "15 lines, 12 listed")
        #expect(report.rules.first { $0.id == "failed_login_burst" }?.findings == 1)
        #expect(report.rules.first { $0.id == "failures_without_lockout" }?.findings == 1)
    }

    @Test func aStopWithoutRestartAndTheGapAroundItAreOneIncident() throws {
        let lines = [
            "2026-10-05T00:10:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 1",
            "2026-10-05T08:00:00Z p x: [Portal|SYSTEM|20004|*system] Portal is stopped",
            "2026-10-07T12:00:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 2",
            "2026-10-07T23:50:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 3",
        ]
        let report = try analyze(lines.joined(separator: "\n") + "\n", "2026-10-05", "2026-10-07", grouped: true)
        let outage = try #require(report.findings.first { $0.rules.contains("audit_logging_interrupted") })
        #expect(outage.rules.contains("evidence_gap") && outage.rules.contains("days_without_events"))
        #expect(report.findings.count { $0.rules.contains("evidence_gap") } == 1)
        #expect(outage.interruptsEvidence)
        #expect(Set(outage.also.map(\.rule)) == Set(outage.rules.dropFirst()))
        // The IDs number the incidents.
        #expect(report.findings.map(\.id) == report.findings.indices.map { "F-2026-10-05_2026-10-07-00\($0 + 1)" })
    }

    @Test func twoComponentsDownTogetherAreOneOutageThatNamesBoth() throws {
        let report = try analyze(
            [
                "2026-10-04T01:00:00Z p x: [Portal|SYSTEM|20004|*system] Portal is stopped",
                "2026-10-04T01:00:05Z p x: [Portal|SYSTEM|20704|*system] Engine engine01 is disconnected",
                "2026-10-04T02:14:00Z p x: [Portal|SYSTEM|20001|*system] Portal is starting",
                "2026-10-04T02:15:00Z p x: [Portal|SYSTEM|20703|*system] Engine engine01 is connected",
            ], grouped: true)
        let outages = report.findings.filter { $0.rule == "audit_logging_interrupted" }
        #expect(outages.count == 1)
        let outage = try #require(outages.first)
        #expect(outage.rules == ["audit_logging_interrupted"] && outage.also.count == 1)
        #expect(outage.also.first?.summary.hasPrefix("Engine disconnected (20704)") == true, "\(outage.also)")
        let view = try #require(ReportView(report).findings.first { $0.rule == "audit_logging_interrupted" })
        #expect(view.hasAlso && view.also.first?.rule == "audit_logging_interrupted")
    }

    @Test func unrelatedFindingsStayApart() throws {
        let report = try analyze(
            [
                "2026-10-05T09:00:00Z p x: [Portal|USER|20201|admin] User created eve is created",
                "2026-10-05T09:05:00Z p x: [Portal|USER|20202|admin] User deleted eve is removed",
                "2026-10-05T10:00:00Z p x: [Portal|USER|20203|mallory] User updated mallory is created",
            ], grouped: true)
        let rules = report.findings.map(\.rules)
        #expect(rules.contains(["short_lived_account"]) && rules.contains(["self_modification"]))
    }
}
