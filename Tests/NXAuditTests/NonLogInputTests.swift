import Foundation
import Testing
@testable import NXAudit

/// Files a collection job saves in place of a log are named for what they are, not
/// counted as malformed audit lines, and make the run exit 2.
@Suite("Inputs that are not audit logs")
struct NonLogInputTests {
    @Test(
        arguments: [
            (
                "[{\"code\": 500, \"message\": \"Engine engine07 is unknown or unreachable\"}]\n",
                NonLogContent.Kind.apiErrorResponse, "Engine engine07 is unknown or unreachable"
            ),
            ("\u{FEFF}  [\n  {\"error\": \"Internal Server Error\"}\n]\n", .apiErrorResponse, "Internal Server Error"),
            ("[\"Unknown engine: engine07\"]", .apiErrorResponse, "Unknown engine: engine07"),
            ("{\"status\": 401, \"detail\": \"Bad credentials\"}\n", .apiErrorResponse, "Bad credentials"),
            (
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head><title>\n  Sign in\u{1B}[2J to\tNexthink  </title></head>\n"
                    + "<body><form></form></body></html>\n", .htmlPage, "Sign in [2J to Nexthink"
            ),
            ("<html><body>502 Bad Gateway</body></html>", .htmlPage, ""),
        ] as [(String, NonLogContent.Kind, String)])
    func isNamedForWhatItIs(content: String, kind: NonLogContent.Kind, detail: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.write("engine07.log", content)
        let evidence = try readEvidence([path], period: try period("2026-10-01", "2026-10-31"))
        let record = try #require(evidence.inputs.first)
        #expect(record.content == NonLogContent(kind: kind, detail: detail))
        #expect(evidence.accounting.linesMalformed == 0)
        #expect(evidence.accounting.linesNotAuditLog == evidence.accounting.linesRead)
        #expect(evidence.accounting.linesRead > 0 && evidence.accounting.balances)
    }

    @Test(arguments: [
        "[Portal|SYSTEM|20001|*system] Portal is starting\n",  // a header without its prefix
        "not a log at all\n", "<13>garbage\n", "[1, 2\n",
    ])
    func otherFilesWithoutAuditLinesStayMalformed(content: String) throws {
        let dir = TemporaryDirectory()
        let path = dir.write("other.log", content)
        let evidence = try readEvidence([path], period: try period("2026-10-01", "2026-10-31"))
        #expect(evidence.inputs.first?.content == nil)
        #expect(evidence.accounting.linesMalformed == evidence.accounting.linesRead)
    }

    @Test func aLogWithAnHTMLLineIsStillALog() throws {
        let dir = TemporaryDirectory()
        let path = dir.write(
            "audit.log",
            "<html>\n2026-10-05T12:03:22Z portal01 nxportal[1]: [Portal|SYSTEM|20001|*system] Portal is starting\n")
        let evidence = try readEvidence([path], period: try period("2026-10-01", "2026-10-31"))
        #expect(evidence.inputs.first?.content == nil)
        #expect(evidence.accounting.linesMalformed == 1 && evidence.accounting.eventsInPeriod == 1)
    }

    @Test func theReportNamesItAndTheRunExits2() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log", "2026-10-05T12:03:22Z portal01 nxportal[1]: [Portal|SYSTEM|20001|*system] Portal is starting\n"
        )
        let error = dir.write("engine07.log", "[{\"message\": \"Engine <b>engine07</b> is unknown\"}]\n")
        let result = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "UTC", "--format", "html,xml", "--gap-threshold", "40d",
            "--output", dir.path, log, error,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("engine07.log: is an Audit Trail API error response"))
        #expect(result.stderr.contains("1 in inputs that are not audit logs"))
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let input = try #require(try xmlElements("input", in: xml).first { $0["path"]!.hasSuffix("engine07.log") })
        #expect(input["content"] == "api-error-response")
        #expect(input["contentDetail"] == "Engine <b>engine07</b> is unknown")
        #expect(input["linesNotAuditLog"] == "1" && input["linesMalformed"] == "0")
        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        #expect(coverage["linesNotAuditLog"] == "1" && coverage["balanced"] == "true")
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("Not an audit log: an Audit Trail API error response"))
        #expect(html.contains("Engine &lt;b&gt;engine07&lt;/b&gt; is unknown"))
        #expect(!html.contains("<b>engine07"))
    }

    /// A proxy's error page without a title is named with an empty detail; the report is still written.
    @Test func aPageWithoutATitleIsStillAReport() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log", "2026-10-05T12:03:22Z portal01 nxportal[1]: [Portal|SYSTEM|20001|*system] Portal is starting\n"
        )
        let page = dir.write("engine08.log", "<html><body>502 Bad Gateway</body></html>\n")
        let result = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "UTC", "--format", "xml", "--gap-threshold", "40d",
            "--output", dir.path, log, page,
        ])
        #expect(result.status == 2, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let input = try #require(try xmlElements("input", in: xml).first { $0["path"]!.hasSuffix("engine08.log") })
        #expect(input["content"] == "html-page" && input["contentDetail"] == "")
    }
}
