import Foundation
import Testing
@testable import NXAudit

/// The exit table is written once, in `ExitStatus`; the README and `nxaudit --help` show it.
@Suite("Exit statuses")
struct ExitStatusTests {
    /// The rows of the README's "### Exit codes" table: number and meaning, as written.
    func readmeRows() throws -> [(code: Int32, meaning: String)] {
        let readme = try String(contentsOf: Checkout.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(
            readme.components(separatedBy: "\n### Exit codes\n").dropFirst().first,
            "README.md has an '### Exit codes' section")
        return try section.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
            .dropFirst(2)  // the header and its rule
            .map { row in
                let cells = row.dropFirst(2).dropLast(2).split(
                    separator: " | ", maxSplits: 1, omittingEmptySubsequences: false)
                let code = try #require(Int32(cells[0]), "\(row)")
                return (code, String(cells[1]))
            }
    }

    @Test func theReadmeTableIsTheCodesTable() throws {
        let rows = try readmeRows()
        #expect(rows.map(\.code) == ExitStatus.allCases.map(\.rawValue))
        for (row, status) in zip(rows, ExitStatus.allCases) {
            #expect(row.meaning == status.meaning, "README's meaning of \(row.code) differs from ExitStatus.\(status)")
        }
    }

    @Test func theHelpListsEveryStatus() throws {
        let help = try nxaudit(["--help"])
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n")
        let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for status in ExitStatus.allCases {
            #expect(
                lines.contains { $0.hasPrefix("  \(status.rawValue) ") },
                "no line for \(status.rawValue) in:\n\(help.stdout)")
            #expect(
                words.contains(
                    "\(status.rawValue) " + status.meaning.split(whereSeparator: \.isWhitespace).joined(separator: " "))
            )
        }
    }

    @Test func nxauditsOwnInvalidXMLIsABugToReport() {
        let invalid = [XMLDiagnostic(line: 3, message: "Element 'bogus': No matching global declaration")]
        let own = RenderError.reportInvalid(
            template: "built-in:xml/report.mustache", diagnostics: invalid, byBuiltInTemplates: true)
        #expect(own.exitStatus == .software)
        #expect(
            own.exitMessage.hasSuffix(
                "\nthis is a bug in nxaudit's own templates; please report it with the command line used."))
        let users = RenderError.reportInvalid(
            template: "mine/xml/report.mustache", diagnostics: invalid, byBuiltInTemplates: false)
        #expect(users.exitStatus == .config)
        #expect(users.exitMessage == users.description)
    }

    @Test func aUsersTemplateThatRendersInvalidXMLExits78() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        #expect(try nxaudit(["templates", "export", dir.path + "/tpl"]).status == 0)
        let template = dir.path + "/tpl/xml/report.mustache"
        let text = try String(contentsOfFile: template, encoding: .utf8)
        try text.replacingOccurrences(of: "complianceReport", with: "bogus").write(
            toFile: template, atomically: true, encoding: .utf8)
        let result = try nxaudit([
            "report", "--month", "2026-10", "--templates", dir.path + "/tpl", "--output", dir.path + "/out", log,
        ])
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("nxaudit: the XML rendered from \(template) is not valid"), "\(result.stderr)")
        #expect(!result.stderr.contains("please report"))
    }

    @Test(arguments: [("nxaudit-{period}", "nxaudit-2026-10"), ("audit_{from}_{to}", "audit_2026-10-01_2026-10-31")])
    func namePatternsNameThePeriod(pattern: String, base: String) throws {
        #expect(try ReportNamePattern(pattern).base(for: period("2026-10-01", "2026-10-31")) == base)
    }

    @Test(arguments: [
        ("x-{month}", ReportNamePattern.Failure.unknownToken("{month}")), ("../x", .notAPlainName),
        ("", .notAPlainName),
        (".hidden-{period}", .notAPlainName),
    ])
    func namePatternsThatCannotNameAFile(pattern: String, failure: ReportNamePattern.Failure) {
        #expect(throws: failure) { try ReportNamePattern(pattern) }
    }
}
