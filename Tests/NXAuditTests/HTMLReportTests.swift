import Foundation
import Testing
@testable import NXAudit

/// The HTML document a person reads: charts, sign-off, and no value a reader needs left empty.
@Suite("HTML report")
struct HTMLReportTests {
    /// The committed sample report (regenerated and compared byte for byte by the sample test).
    static func sample() throws -> String {
        try String(
            contentsOfFile: Checkout.root.appendingPathComponent("samples/reports/nxaudit-2026-10.html").path,
            encoding: .utf8)
    }

    static func section(_ id: String, in html: String) throws -> Substring {
        let open = try #require(html.range(of: "<section id=\"\(id)\""))
        let start = try #require(html.range(of: ">", range: open.upperBound..<html.endIndex))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return html[start.upperBound..<end.lowerBound]
    }

    @Test func chartsAreInlineSVGAndShowTheOutage() throws {
        let html = try Self.sample()
        let summary = try Self.section("summary", in: html)
        #expect(summary.contains("<svg class=\"chart\""))
        #expect(summary.contains("<title>2026-10-05: "))
        #expect(!summary.contains("no event</title>"), "the sample's evidence is complete")
        let availability = try Self.section("availability", in: html)
        #expect(availability.contains("down from 2026-10-04T03:00:00+02:00 to 2026-10-04T04:14:00+02:00"))
        #expect(try Self.section("remote", in: html).contains("<title>Finder (manual): "))
        // Self-contained: nothing to fetch, nothing to run.
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
    }

    /// `samples/silent-day/`: nothing is logged from 17 October 00:00 for 26 hours.
    @Test func theSilentDayExampleIsMarkedOnTheChartAndExitsTwo() throws {
        let dir = TemporaryDirectory()
        let result = try nxaudit(
            [
                "report", "--from", "2026-10-14", "--to", "2026-10-20", "--timezone", "Europe/Zurich",
                "samples/silent-day", "--output", dir.path,
            ], in: Checkout.root.path)
        #expect(result.status == 2, "\(result.stderr)")
        let because =
            "no event from 2026-10-16 19:47 to 2026-10-18 08:04 (36.3 h): longer than the gap threshold of 24h"
        #expect(result.stderr.contains("evidence is insufficient (\(because))"))
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10-14_2026-10-20.html", encoding: .utf8)
        // Page one says it before anything else.
        let verdict = try Self.section("verdict", in: html)
        #expect(verdict.contains("Verdict: Evidence incomplete") && verdict.contains("<li>\(because)</li>"))
        #expect(verdict.contains("exit 2: report written but the evidence is insufficient"))
        #expect(html.range(of: "id=\"verdict\"")!.lowerBound < html.range(of: "id=\"summary\"")!.lowerBound)
        let summary = try Self.section("summary", in: html)
        #expect(summary.contains("<title>2026-10-17: no event</title>"), "the silent day is marked")
        #expect(
            summary.contains("height=\"150\" fill=\"#b3261e\" fill-opacity=\"0.35\"><title>2026-10-17: no event"),
            "over the chart's whole height, not a sliver")
        #expect(
            try Self.section("availability", in: html).contains("no event at all (gaps)"), "the gap is on the timeline")
        #expect(summary.contains("<title>No event for "), "the gap is a band")
        let gaps = try xmlElements(
            "coverage/gaps/gap",
            in: try String(
                contentsOfFile: dir.path + "/nxaudit-2026-10-14_2026-10-20.xml", encoding: .utf8))
        try #require(gaps.count == 1)
        // The 26 silent hours, widened to the events on either side.
        #expect(gaps[0]["from"]!.hasPrefix("2026-10-16T") && gaps[0]["to"]!.hasPrefix("2026-10-18T"))
    }

    @Test func theAuthenticationSectionRepeatsTheBurstsAndThresholdFindings() throws {
        let html = try Self.sample()
        let xml = try String(
            contentsOfFile: Checkout.root.appendingPathComponent("samples/reports/nxaudit-2026-10.xml").path,
            encoding: .utf8)
        let rules = ["failed_login_burst", "failures_without_lockout", "lockout_after_threshold"]
        let expected = try xmlElements("finding", in: xml).filter { rules.contains($0["rule"]!) }.count
        let authentication = try Self.section("authentication", in: html)
        #expect(expected >= 6, "precondition: the sample has bursts")
        #expect(authentication.components(separatedBy: "<span class=\"muted\"><code>").count - 1 == expected)
    }

    @Test func theSignOffListsEveryFindingOnceInReportOrderWithItsID() throws {
        let html = try Self.sample()
        let xml = try String(
            contentsOfFile: Checkout.root.appendingPathComponent("samples/reports/nxaudit-2026-10.xml").path,
            encoding: .utf8)
        let findings = try xmlElements("finding", in: xml)
        let signoff = try Self.section("signoff", in: html)
        let ids = signoff.components(separatedBy: "<td class=\"mono fid\">").dropFirst().map {
            String($0.prefix { $0 != "<" })
        }
        #expect(ids == findings.map { $0["id"]! })
        #expect(Set(ids).count == ids.count, "IDs are unique")
        #expect(ids.first == "F-2026-10-001")
        let observations = signoff.components(separatedBy: "<span class=\"muted\">observation</span>").count - 1
        #expect(observations == findings.count { $0["severity"] == "info" })
        for role in ["Prepared by", "Reviewed by", "Approved by"] { #expect(signoff.contains("<th>\(role)</th>")) }
        #expect(signoff.contains("not one of the accounts the findings name as actors"))
        let reportID = try #require(try xmlElements("complianceReport", in: xml).first?["reportId"])
        #expect(signoff.contains("covers report <strong class=\"mono\">\(reportID)</strong>"))
    }

    @Test func noValueAReaderNeedsIsRenderedEmpty() throws {
        let html = try Self.sample()
        // Numbers, severities, rule ids, times and evidence are never blank.
        for empty in [
            "<td class=\"num\"></td>", "<span class=\"n\"></span>", "class=\"sev sev-\"", "<code></code>",
            "<td class=\"time mono\"></td>", "<strong></strong>", "<p class=\"meta\">Evidence: </p>",
        ] {
            #expect(!html.contains(empty), "\(empty)")
        }
        let header = try #require(html.range(of: "</header>")).lowerBound
        let title = html[..<header]
        #expect(
            title.contains(
                "<strong>2026-10-01</strong> to <strong>2026-10-31</strong> (31 days), time zone "
                    + "<strong>Europe/Zurich</strong>"
            ))
        #expect(title.contains("[2026-10-01T00:00:00+02:00, 2026-11-01T00:00:00+01:00)"))
        // Every finding has a rule, a severity and a sentence.
        let findings = try Self.section("findings", in: html).components(separatedBy: "<div class=\"finding ")
            .dropFirst()
        #expect(!findings.isEmpty)
        for finding in findings {
            #expect(finding.range(of: #"<strong>[^<]+</strong>"#, options: .regularExpression) != nil)
            #expect(finding.range(of: #"rules? <code class="rule">[a-z_]+</code>"#, options: .regularExpression) != nil)
            #expect(finding.range(of: #"F-2026-10-[0-9]{3}"#, options: .regularExpression) != nil)
            #expect(finding.range(of: #"FP-[0-9a-f]{12}"#, options: .regularExpression) != nil)
        }
    }

    /// The XML's schema refuses the same emptiness: a report with a blank summary, requirement or zone is not written.
    @Test(arguments: [
        (#"<summary>[^<]+</summary>"#, "<summary></summary>"),
        (#"<requirement>[^<]+</requirement>"#, "<requirement></requirement>"),
        (#"timezone="[^"]+""#, #"timezone="""#),
        (#"<setting key="[^"]+""#, #"<setting key="""#),
    ])
    func anEmptyRequiredValueFailsTheSchema(pattern: String, replacement: String) throws {
        let xml = try String(
            contentsOfFile: Checkout.root.appendingPathComponent("samples/reports/nxaudit-2026-10.xml").path,
            encoding: .utf8)
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/xml/nxaudit-report-2.xsd")
        #expect(validator.validate(xml).isEmpty)
        let range = try #require(xml.range(of: pattern, options: .regularExpression))
        let emptied = xml.replacingCharacters(in: range, with: replacement)
        #expect(validator.validate(emptied).contains { $0.message.contains("minLength") })
    }

    /// The custom template of `samples/custom-templates` replaces the HTML document only; XML and partials stay
    /// the defaults.
    @Test func theSampleCustomTemplateOverridesTheHTMLFileByFile() throws {
        let dir = TemporaryDirectory()
        let result = try nxaudit(
            [
                "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                "--policy", "samples/policy.yaml", "--templates", "samples/custom-templates",
                "samples/logs", "--output", dir.path,
            ], in: Checkout.root.path)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.html", encoding: .utf8)
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(html.contains("<title>Audit summary 2026-10</title>"))
        #expect(html.contains(":root { --ink:"), "the default styles partial is used by the override")
        let severe = try xmlElements("finding", in: xml).filter {
            $0["severity"] == "high" || $0["severity"] == "critical"
        }
        #expect(html.components(separatedBy: "<li><span class=\"sev").count - 1 == severe.count)
        let withExceptions = try xmlElements("controlMatrix/controlResult", in: xml).filter { $0["exceptions"] != "0" }
        #expect(html.components(separatedBy: "<tr><td>").count - 1 == withExceptions.count)
        let committed = try String(
            contentsOfFile: Checkout.root.appendingPathComponent("samples/reports/nxaudit-2026-10.xml").path,
            encoding: .utf8)
        #expect(xml == committed, "the XML comes from the default templates")
    }

    @Test(arguments: [
        (0.0, "0"), (12.5, "12.5"), (3.14159, "3.14"), (1000, "1000"), (0.05, "0.05"), (7.999, "8"), (-0.5, "-0.5"),
        (-2.25, "-2.25"),
    ])
    func chartNumbersAreShortAndTheSameEverywhere(value: Double, text: String) {
        #expect(Charts.number(value) == text)
    }
}
