import Foundation
import Testing
@testable import NXAudit

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
        let failures = (0..<15).map {
            String(
                format: "2026-10-05T10:00:%02dZ p x: [Portal|LOGIN|20103|*system] User eve failed login attempts - bad",
                $0 * 2)
        }
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
