import Foundation
import Testing
@testable import NXAudit

/// The JSON and CSV exports.
@Suite("Exports")
struct ExportTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("", ""),
        // A comma, quote or line break followed by a combining mark is one Character, but still a separator.
        ("a,\u{301}b", "\"a,\u{301}b\""), ("\"\u{301}x", "\"\"\"\u{301}x\""), ("a\r\nb", "\"a\r\nb\""),
        ("\r=1", "\"'\r=1\""),
    ])
    func cellsAreQuotedAndFormulasNeutralised(text: String, cell: String) {
        #expect(CSV.cell(text) == cell)
    }

    @Test func aDocumentHasAHeaderAndCRLFLineEnds() {
        #expect(CSV.document(header: ["a", "b"], rows: [["1", "x,y"], ["2", ""]]) == "a,b\r\n1,\"x,y\"\r\n2,\r\n")
    }

    @Test func everyRegisterRowIsInTheCSVAndTheJSONCarriesTheModel() throws {
        let dir = TemporaryDirectory()
        let rows = TableView.shownLimit + 10
        var lines = (0..<rows).map { i in
            String(
                format: "2026-10-05T09:%02d:%02dZ h t: [Portal|USER|20206|admin] Role role-%d is added", i / 60 % 60,
                i % 60, i)
        }
        lines.append(
            "2026-10-05T10:00:00Z h t: [Portal|EXECUTION|21001|=1+1] Remote action Fix VPN executed "
                + "manually on 3 devices"
        )
        lines.append("2026-10-05T10:01:00Z h t: [Portal|USER|20206|@evil] Role \"quoted, with comma\" is added")
        let log = dir.write("audit.log", lines.joined(separator: "\n") + "\n")
        let result = try nxaudit([
            "report", "--month", "2026-10", "--format", "xml,json,csv", log, "--output", dir.path,
        ])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let prefix = dir.path + "/nxaudit-2026-10."
        #expect(!FileManager.default.fileExists(atPath: prefix + "html"), "only the formats asked for")

        let csv = try String(contentsOfFile: prefix + "privilege-register.csv", encoding: .utf8)
        let records = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(records.count == 1 + rows + 1, "header, every row (the HTML shows only \(TableView.shownLimit))")
        #expect(records.last?.contains("'@evil") == true)
        #expect(records.last?.contains("\"\"\"quoted, with comma\"\"\"") == true)
        let remote = try String(contentsOfFile: prefix + "remote-executions.csv", encoding: .utf8)
        #expect(remote.contains(",'=1+1,Fix VPN,"), "\(remote)")
        let findings = try String(contentsOfFile: prefix + "findings.csv", encoding: .utf8)
        #expect(
            findings.hasPrefix(
                "id,fingerprint,trend,severity,rule,family,time,subject,summary,controls,organisation_controls,evidence,"
                    + "more_evidence,quote,"
                    + "recommendation\r\n"))

        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: prefix + "json")))
            as! [String: Any]
        let register = json["privilegeRegister"] as! [String: Any]
        #expect(register["count"] as? Int == rows + 1)
        #expect((register["rows"] as? [Any])?.count == rows + 1)
        let xml = try String(contentsOfFile: prefix + "xml", encoding: .utf8)
        #expect((json["findings"] as? [Any])?.count == (try xmlElements("finding", in: xml)).count)
        #expect(
            (json["controls"] as? [String: Any])?["rows"].map { ($0 as! [Any]).count } == ControlCatalog.standard.count)

        let manifest = try ManifestVerifier.load(prefix + "manifest.json")
        #expect(manifest.outputs.map(\.file).contains("nxaudit-2026-10.unknown-codes.csv"))
        #expect(manifest.outputs.count == 2 + 9, "xml, json and nine CSV tables")
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let result = try nxaudit(["report", "--month", "2026-10", "--format", "html,docx", "x.log"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("html, xml, json, csv, oscal, pdf"))
    }
}
