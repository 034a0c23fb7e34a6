import Foundation
import Testing
@testable import NXAudit

@Suite("Code catalog")
struct CodeCatalogTests {
    /// One row of `docs/audit-codes.tsv`, the reference the catalog is checked against.
    struct ReferenceRow {
        var code: Int
        var component, category, description, documentedTemplate, vendorPage, versionNote: String
    }

    static func referenceRows() throws -> [ReferenceRow] {
        let text = try String(
            contentsOfFile: Checkout.root.appendingPathComponent("docs/audit-codes.tsv").path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "code\tcomponent\tcategory\tdescription\tdocumented_template\tvendor_page\tversion_note")
        return try lines.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(cells.count == 7, "row '\(line)' has \(cells.count) cells, not 7")
            return ReferenceRow(
                code: try #require(Int(cells[0])), component: cells[1], category: cells[2], description: cells[3],
                documentedTemplate: cells[4], vendorPage: cells[5], versionNote: cells[6])
        }
    }

    @Test func everyReferenceCodeIsKnownWithItsDescriptionComponentAndTemplate() throws {
        let rows = try Self.referenceRows()
        #expect(rows.count == CodeCatalog.standard.codes.count)
        for row in rows {
            let entry = try #require(CodeCatalog.standard[row.code], "code \(row.code) missing")
            #expect(entry.component.rawValue == row.component, "component of \(row.code)")
            #expect(entry.category == row.category, "category of \(row.code)")
            #expect(entry.description == row.description, "description of \(row.code)")
            // The documented template is the whole line's header and text; the catalog keeps the text.
            let text =
                row.documentedTemplate.firstRange(of: "] ").map { String(row.documentedTemplate[$0.upperBound...]) }
                ?? ""
            #expect(entry.documentedText == text, "documented text of \(row.code)")
            #expect(row.vendorPage.hasPrefix("Audit trail codes "), "vendor page of \(row.code)")
        }
    }

    @Test func allSixtyTwoPortalCodesOfTheVendorTable() throws {
        let portal = try Self.referenceRows().filter { $0.vendorPage == "Audit trail codes Portal (classic)" }
        #expect(portal.count == 62)
        for row in portal {
            #expect(CodeCatalog.standard[row.code]?.component == .portal, "Portal code \(row.code)")
        }
    }

    @Test func codesWhoseMeaningChangedBetweenVersionsSaySo() throws {
        let noted = try Self.referenceRows().filter { !$0.versionNote.isEmpty }.map(\.code)
        #expect(Set(noted).isSuperset(of: [50002, 50003, 51106, 51107, 51108, 10029]))
        #expect(CodeCatalog.standard[10029]?.component == .engine)
    }

    @Test(arguments: [
        (20201, FindingFamily.account), (20203, .account), (20204, .privilege), (20205, .account),
        (20206, .privilege), (20211, .privilege), (20501, .configuration), (20902, .configuration),
        (21001, .remoteExecution), (21002, .remoteExecution), (21003, .remoteExecution),
        (20103, .authentication), (20104, .authentication), (20004, .availability), (20704, .availability),
        (10003, .availability), (10009, .account), (51111, .availability), (53090, .availability),
        (51010, .privilege), (52000, .configuration),
    ])
    func familiesFollowTheControlsReference(code: Int, family: FindingFamily) {
        #expect(CodeCatalog.standard[code]?.family == family)
    }

    @Test func codesAreUnique() {
        let codes = CodeCatalog.standard.codes.map(\.code)
        #expect(Set(codes).count == codes.count)
    }
}
