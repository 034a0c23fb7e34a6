import Foundation
import Testing
@testable import NXAudit

/// The committed sample reports are golden files: the current build must reproduce them byte for byte.
@Suite("Samples")
struct SampleTests {
    /// `NXAUDIT_RECORD=1 swift test` re-records the golden reports (as `Scripts/make-samples.sh --reports`
    /// does) and fails, so that a re-recording is always followed by a look at the diff and a clean run.
    static let recording = ProcessInfo.processInfo.environment["NXAUDIT_RECORD"] == "1"

    @Test func sampleReportsAreCurrentAndMatchTheirTruth() throws {
        let dir = TemporaryDirectory()
        let samples = Checkout.root.appendingPathComponent("samples").path
        let arguments = [
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
            "--policy", "samples/policy.yaml", "--format", "html,xml,json,csv,oscal", "samples/logs",
        ]
        if Self.recording {
            // Removed first rather than replaced with --force: the manifest records the command line.
            try? FileManager.default.removeItem(atPath: samples + "/reports")
            let recorded = try nxaudit(
                arguments + ["--output", "samples/reports"],
                environment: ["SOURCE_DATE_EPOCH": "1793491200"], in: Checkout.root.path)
            Issue.record(
                """
                NXAUDIT_RECORD=1: re-recorded samples/reports (exit \(recorded.status)); review \
                the diff, then run the tests without it
                """
            )
        }
        let result = try nxaudit(
            arguments + ["--output", dir.path],
            environment: ["SOURCE_DATE_EPOCH": "1793491200"], in: Checkout.root.path)
        #expect(result.status == 0, "\(result.stderr)")  // the README's first command: complete evidence
        // Every format is a golden file; the manifest is checked by `verify` below (it records paths).
        let reports = { (folder: String) throws -> [String] in
            try FileManager.default.contentsOfDirectory(atPath: folder).filter {
                !$0.hasSuffix(".manifest.json") && !$0.hasSuffix(".sha256")
            }
            .sorted()
        }
        let names = try reports(dir.path)
        #expect(names == (try reports(samples + "/reports")), "the committed formats are the ones written")
        #expect(names.contains("nxaudit-2026-10.json") && names.contains { $0.hasSuffix(".csv") })
        for name in names {
            let fresh = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + name))
            let committed = try Data(contentsOf: URL(fileURLWithPath: samples + "/reports/" + name))
            #expect(
                fresh == committed,
                """
                samples/reports/\(name) is stale: run NXAUDIT_RECORD=1 swift test \
                (or Scripts/make-samples.sh --reports) and review the diff
                """
            )
        }
        let truth = try JSONDecoder().decode(
            EndToEndTests.Truth.self,
            from: Data(contentsOf: URL(fileURLWithPath: samples + "/truth.json")))
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let counts = try xmlElements("eventCount", in: xml)
        #expect(
            Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) })
                == truth.codes.filter { $0.value > 0 })
        #expect(Int(try xmlElements("coverage", in: xml)[0]["eventsInPeriod"]!) == truth.events)
        // Under the sample policy's 24 h window the short-lived accounts are those of the truth (2 h) too.
        let shortLived = try xmlElements("finding", in: xml).filter { $0["rule"] == "short_lived_account" }
        // The committed manifest vouches for the committed reports and sample logs.
        let verified = try nxaudit(["verify", "--inputs", "samples/reports"], in: Checkout.root.path)
        #expect(verified.status == 0, "\(verified.stdout)")
        let scenarios = try JSONDecoder().decode(
            TruthTests.Truth.self, from: Data(contentsOf: URL(fileURLWithPath: samples + "/truth.json")))
        #expect(shortLived.map { $0["subject"]! } == scenarios.shortLivedAccounts.map(\.account))
    }
}
