import Foundation
import Testing
@testable import NXAudit

@Suite("Code catalog")
struct CodeCatalogTests {
    /// Rows of `../shared/reference/audit-codes.tsv`: the project's reference list of codes.
    static func referenceRows() throws -> [[String]] {
        let path = Checkout.root.appendingPathComponent("../shared/reference/audit-codes.tsv").standardizedFileURL.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func everyReferenceCodeIsKnownWithItsDescriptionAndComponent() throws {
        let rows = try Self.referenceRows()
        #expect(rows.count == CodeCatalog.standard.codes.count)
        for row in rows {
            let code = try #require(Int(row[0]))
            let entry = try #require(CodeCatalog.standard[code], "code \(code) missing")
            #expect(entry.component.rawValue == row[1], "component of \(code)")
            #expect(entry.category == row[2], "category of \(code)")
            #expect(entry.description == row[3], "description of \(code)")
        }
    }

    @Test func allSixtyTwoPortalCodesOfTheVendorTable() throws {
        let seed = Checkout.root.appendingPathComponent("../shared/seed/000_76f718ea2077bc78.txt").standardizedFileURL.path
        let text = try String(contentsOfFile: seed, encoding: .utf8)
        let codes = text.split(separator: "\n").compactMap { line -> Int? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.first.flatMap { Int($0) }
        }
        #expect(codes.count == 62)
        for code in codes {
            #expect(CodeCatalog.standard[code]?.component == .portal, "Portal code \(code)")
        }
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
