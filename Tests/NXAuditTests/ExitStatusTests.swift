import Foundation
import Testing
@testable import NXAudit

/// The exit table is written once, in `ExitStatus`; the README shows it.
@Suite("Exit statuses")
struct ExitStatusTests {
    /// The rows of the README's "### Exit codes" table: number and meaning, as written.
    func readmeRows() throws -> [(code: Int32, meaning: String)] {
        let readme = try String(contentsOf: Checkout.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n### Exit codes\n").dropFirst().first, "README.md has an '### Exit codes' section")
        return try section.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
            .dropFirst(2)  // the header and its rule
            .map { row in
                let cells = row.dropFirst(2).dropLast(2).split(separator: " | ", maxSplits: 1, omittingEmptySubsequences: false)
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

    @Test func nxauditsOwnInvalidXMLIsABugToReport() {
        let invalid = [XMLDiagnostic(line: 3, message: "Element 'bogus': No matching global declaration")]
        let own = RenderError.reportInvalid(template: "built-in:xml/report.mustache", diagnostics: invalid, byBuiltInTemplates: true)
        #expect(own.exitStatus == .software)
        #expect(own.exitMessage.hasSuffix("\nthis is a bug in nxaudit's own templates; please report it with the command line used."))
        let users = RenderError.reportInvalid(template: "mine/xml/report.mustache", diagnostics: invalid, byBuiltInTemplates: false)
        #expect(users.exitStatus == .config)
        #expect(users.exitMessage == users.description)
    }
}
