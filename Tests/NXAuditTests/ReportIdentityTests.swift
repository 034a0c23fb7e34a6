import Foundation
import Testing
@testable import NXAudit

/// A report's ID follows its evidence and options, nothing else.
@Suite("Report identity")
struct ReportIdentityTests {
    static let line = "2026-10-05T09:00:00Z p x: [Portal|USER|20206|admin] Role Auditor is added"

    @Test func theSameEvidenceHasTheSameIDAndAnyChangeGivesAnother() throws {
        let first = try analyze([Self.line]).reportID
        #expect(first.wholeMatch(of: /NXA(-[0-9A-F]{4}){4}/) != nil, "\(first)")
        #expect(try analyze([Self.line]).reportID == first, "reproducible")
        #expect(try analyze([Self.line + "."]).reportID != first, "an input's bytes")
        #expect(try analyze(Self.line + "\n", "2026-10-01", "2026-10-30").reportID != first, "the period")
        var policy = AnalysisPolicy.defaults
        policy.gapThresholdSeconds = 3600
        #expect(try analyze([Self.line], policy: policy).reportID != first, "the policy")
    }

    @Test func pageOneAndTheXMLCarryIt() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", Self.line + "\n")
        #expect(
            try nxaudit(["report", "--month", "2026-10", "--format", "html,xml", "--output", dir.path, log]).status == 2
        )
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let id = try #require(try xmlElements("complianceReport", in: xml).first?["reportId"])
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("<tr><th scope=\"row\">Report ID</th><td class=\"mono\">\(id)</td></tr>"))
        #expect(html.contains("Verdict: Evidence incomplete"))
    }
}
