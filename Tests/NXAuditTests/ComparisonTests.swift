import Foundation
import Testing
@testable import NXAudit

/// Month over month: `--baseline` with the previous period's report.
@Suite("Comparison with a baseline")
struct ComparisonTests {
    /// September and October of one generated log, September reported first.
    func twoMonths() throws -> (dir: TemporaryDirectory, log: String, out: String) {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-09-01", "--end", "2026-11-01", "--events-per-day", "40", "--seed", "4",
            ])
        let out = dir.path + "/reports"
        let september = try nxaudit([
            "report", "--month", "2026-09", "--timezone", "Europe/Zurich", "--format", "xml", log, "--output", out,
        ])
        #expect(september.status == 0, "\(september.stderr)")
        return (dir, log, out)
    }

    func october(_ log: String, _ out: String, baseline: String) throws -> ProcessResult {
        try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--format", "html,xml",
            "--baseline", baseline, log, "--output", out,
        ])
    }

    /// Each finding is new or recurring by its fingerprint, and the baseline's findings without a
    /// match this period are resolved.
    @Test func findingsAreNewRecurringOrResolvedByFingerprint() throws {
        let dir = TemporaryDirectory()
        func line(_ day: String, _ header: String, _ text: String) -> String {
            "2026-\(day)T09:00:00Z portal01 nxportal[1]: [\(header)] \(text)"
        }
        // mallory changes her own profile in both months; eve's account is short-lived in September only.
        let log = dir.write(
            "audit.log",
            [
                line("09-03", "Portal|USER|20201|admin", "User created eve is created"),
                line("09-04", "Portal|USER|20202|admin", "User deleted eve is removed"),
                line("09-10", "Portal|USER|20203|mallory", "User updated mallory is created"),
                line("10-10", "Portal|USER|20203|mallory", "User updated mallory is created"),
                line("10-12", "Portal|USER|20201|admin", "User created zed is created"),
                line("10-12", "Portal|USER|20202|admin", "User deleted zed is removed"),
            ].joined(separator: "\n") + "\n")
        let out = dir.path + "/reports"
        let september = try nxaudit(["report", "--month", "2026-09", "--format", "xml", log, "--output", out])
        #expect(september.status == 2, "\(september.stderr)")
        let result = try nxaudit([
            "report", "--month", "2026-10", "--format", "html,xml", "--baseline", out + "/nxaudit-2026-09.xml", log,
            "--output", out,
        ])
        #expect(result.status == 2, "\(result.stderr)")
        let then = try xmlElements(
            "finding", in: try String(contentsOfFile: out + "/nxaudit-2026-09.xml", encoding: .utf8))
        let xml = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)
        let now = try xmlElements("finding", in: xml)
        func find(_ rows: [[String: String]], _ rule: String, _ subject: String) -> [String: String]? {
            rows.first { $0["rule"] == rule && $0["subject"] == subject }
        }
        let selfThen = try #require(find(then, "self_modification", "mallory"))
        let selfNow = try #require(find(now, "self_modification", "mallory"))
        #expect(selfNow["fingerprint"] == selfThen["fingerprint"] && selfNow["baselineStatus"] == "recurring")
        #expect(selfNow["id"] != nil && selfNow["id"]!.hasPrefix("F-2026-10-"))
        let zed = try #require(find(now, "short_lived_account", "zed"))
        #expect(zed["baselineStatus"] == "new")
        let eve = try #require(find(then, "short_lived_account", "eve"))
        let resolved = try xmlElements("comparison/resolvedFinding", in: xml)
        #expect(resolved.contains { $0["fingerprint"] == eve["fingerprint"] && $0["id"] == eve["id"] })
        #expect(!resolved.contains { $0["fingerprint"] == selfThen["fingerprint"] })
        // Every finding of October has a trend; every fingerprint of September is recurring or resolved.
        #expect(now.allSatisfy { $0["baselineStatus"] == "new" || $0["baselineStatus"] == "recurring" })
        let recurring = Set(now.filter { $0["baselineStatus"] == "recurring" }.map { $0["fingerprint"]! })
        #expect(Set(then.map { $0["fingerprint"]! }) == recurring.union(resolved.map { $0["fingerprint"]! }))
        let html = try String(contentsOfFile: out + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("<span class=\"trend trend-new\">new</span>"))
    }

    @Test func theComparisonAgreesWithBothReports() throws {
        let (dir, log, out) = try twoMonths()
        defer { withExtendedLifetime(dir) {} }
        let result = try october(log, out, baseline: out + "/nxaudit-2026-09.xml")
        #expect(result.status == 0, "\(result.stderr)")
        let september = try String(contentsOfFile: out + "/nxaudit-2026-09.xml", encoding: .utf8)
        let october = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)

        let comparison = try #require(try xmlElements("comparison", in: october).first)
        #expect(comparison["verified"] == "true" && comparison["manifest"] == "nxaudit-2026-09.manifest.json")
        #expect(comparison["baselinePeriod"] == "2026-09" && comparison["baselineTo"] == "2026-09-30")
        #expect(comparison["eventsThen"] == (try xmlElements("coverage", in: september))[0]["eventsInPeriod"])
        #expect(comparison["eventsNow"] == (try xmlElements("coverage", in: october))[0]["eventsInPeriod"])

        // Findings per rule: then from September's report, now from October's.
        func perRule(_ xml: String) throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try xmlElements("rules/rule", in: xml).map { ($0["id"]!, $0["findings"]!) })
        }
        let rows = try xmlElements("comparison/rule", in: october)
        #expect(rows.count == Analyzer.standardRules.count)
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0["id"]!, $0["then"]!) }) == (try perRule(september)))
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0["id"]!, $0["now"]!) }) == (try perRule(october)))

        // Controls whose status changed are exactly those that differ between the two matrices.
        func statuses(_ xml: String) throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try xmlElements("controlMatrix/control", in: xml).map {
                    ($0["id"]!, $0["status"]!)
                })
        }
        let (then, now) = (try statuses(september), try statuses(october))
        let changed = try xmlElements("comparison/controlChanged", in: october)
        #expect(Set(changed.map { $0["id"]! }) == Set(now.keys.filter { then[$0] != now[$0] }))

        // Access removed this period: every removed object of October's access state.
        let removed = try xmlElements("accessState/object", in: october).filter { $0["state"] == "removed" }.map {
            $0["name"]!
        }
        #expect(try xmlElements("comparison/accessRemoved", in: october).map { $0["name"]! } == removed)
        #expect(!removed.isEmpty, "precondition: the generated October removes accounts")

        let html = try String(contentsOfFile: out + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("<section id=\"comparison\">") && html.contains("Compared with 2026-09"))
        #expect(!september.contains("<comparison"), "no comparison without a baseline")
    }

    /// A report of schema version 1 (nxaudit 0.1), with its version-1 manifest beside it, is still a baseline:
    /// verified by its manifest, its findings resolved by fingerprint, its statuses and kinds read as tokens.
    @Test func aSchemaOneReportIsStillABaseline() throws {
        let dir = TemporaryDirectory()
        let fixtures = Checkout.root.appendingPathComponent("Tests/Fixtures/schema-1").path
        let baseline = dir.path + "/previous/nxaudit-2026-10.xml"
        try FileManager.default.createDirectory(atPath: dir.path + "/previous", withIntermediateDirectories: true)
        for name in ["nxaudit-2026-10.xml", "nxaudit-2026-10.manifest.json"] {
            try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: dir.path + "/previous/" + name)
        }
        let valid = try nxaudit(["validate", baseline])
        #expect(valid.stdout == "\(baseline): valid (schema version 1)\n")
        let then = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(!then.contains("xmlns="), "the fixture is a report of schema version 1")

        let out = dir.path + "/reports"
        let result = try nxaudit(
            [
                "report", "--month", "2026-11", "--timezone", "Europe/Zurich", "--year", "2026", "--format", "xml",
                "--policy", "samples/policy.yaml", "--baseline", baseline, "samples/logs", "--output", out,
            ], in: Checkout.root.path)
        #expect(result.status == 0 || result.status == 2, "\(result.stderr)")
        let xml = try String(contentsOfFile: out + "/nxaudit-2026-11.xml", encoding: .utf8)
        let comparison = try #require(try xmlElements("comparison", in: xml).first)
        #expect(comparison["verified"] == "true" && comparison["manifest"] == "nxaudit-2026-10.manifest.json")
        #expect(comparison["baselinePeriod"] == "2026-10")
        let thenFindings = try xmlElements("finding", in: then)
        let resolved = try xmlElements("comparison/resolvedFinding", in: xml)
        let nowPrints = Set(try xmlFindings(in: xml).map { $0["fingerprint"]! })
        #expect(!resolved.isEmpty)
        #expect(
            Set(resolved.map { $0["fingerprint"]! })
                == Set(thenFindings.map { $0["fingerprint"]! }).subtracting(nowPrints))
        let keys = Set(ControlResult.Status.allCases.map(\.key))
        let changed = try xmlElements("comparison/controlChanged", in: xml)
        #expect(!changed.isEmpty)
        #expect(
            changed.allSatisfy { keys.contains($0["then"]!) && keys.contains($0["now"]!) && $0["then"] != $0["now"] })
    }

    @Test func aNewAdministratorIsNamed() throws {
        let dir = TemporaryDirectory()
        let september = dir.write("sep.log", "2026-09-10T10:00:00Z h t: [Portal|USER|20206|admin] Role A is added\n")
        let october = dir.write(
            "oct.log",
            """
            2026-10-10T10:00:00Z h t: [Portal|USER|20206|admin] Role B is added
            2026-10-11T10:00:00Z h t: [Portal|USER|20201|mallory] User created ghost is created

            """)
        #expect(
            try nxaudit(["report", "--month", "2026-09", "--format", "xml", september, "--output", dir.path]).status
                == 2)  // written; the sparse evidence has gaps: exit 2
        let result = try nxaudit([
            "report", "--month", "2026-10", "--format", "xml", "--baseline", dir.path + "/nxaudit-2026-09.xml",
            october, "--output", dir.path,
        ])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("comparison/newAdministrator", in: xml).map { $0["account"] } == ["mallory"])
        #expect(
            try xmlElements("comparison/accessAdded", in: xml).map { $0["name"] } == ["ghost", "B"],
            "by kind (Portal account before role), then name")
    }

    @Test func anEditedMissingOrForeignBaselineIsRefused() throws {
        let (dir, log, out) = try twoMonths()
        defer { withExtendedLifetime(dir) {} }
        let baseline = out + "/nxaudit-2026-09.xml"
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        try text.replacingOccurrences(of: "eventsInPeriod=\"", with: "eventsInPeriod=\"1").write(
            toFile: baseline, atomically: true, encoding: .utf8)
        let edited = try october(log, out, baseline: baseline)
        #expect(edited.status == 65)
        #expect(edited.stderr.contains("differs from the one in"))
        #expect(
            !FileManager.default.fileExists(atPath: out + "/nxaudit-2026-10.xml"), "no report on an untrusted baseline")

        #expect(try october(log, out, baseline: out + "/none.xml").status == 66)

        // A baseline that is not of an earlier period: October's report as the baseline of September.
        #expect(
            try nxaudit([
                "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--format", "xml", log,
                "--output", dir.path + "/october",
            ]).status == 0)
        let later = try nxaudit([
            "report", "--month", "2026-09", "--timezone", "Europe/Zurich", "--format", "xml",
            "--baseline", dir.path + "/october/nxaudit-2026-10.xml", log, "--output", dir.path + "/x",
        ])
        #expect(later.status == 65)
        #expect(later.stderr.contains("not before this period starts"))

        // The manifest of the baseline's period beside it is broken: not silently ignored.
        try text.write(toFile: baseline, atomically: true, encoding: .utf8)
        try "{}".write(toFile: out + "/nxaudit-2026-09.manifest.json", atomically: true, encoding: .utf8)
        let broken = try october(log, out, baseline: baseline)
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("cannot be read as an nxaudit manifest"))
        let foreign = dir.write("foreign.xml", "<report/>")
        let refused = try october(log, out, baseline: foreign)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("not an nxaudit XML report"))
    }
}
