import Foundation
import Testing
@testable import NXAudit

/// The policy file: every key read, every mistake named with its line and key.
@Suite("Policy file")
struct PolicyFileTests {
    func parse(_ text: String) throws(PolicyError) -> AnalysisPolicy {
        try PolicyFile.parse(text, path: "policy.yaml", ruleIDs: Analyzer.standardRuleIDs)
    }

    @Test func theSamplePolicyIsReadWhole() throws {
        let path = Checkout.root.appendingPathComponent("samples/policy.yaml").path
        let policy = try PolicyFile.load(path: path, ruleIDs: Analyzer.standardRuleIDs)
        #expect(policy.approvedAdministrators == ["admin", "secops.lead", "it.manager"])
        #expect(policy.approvedOperators?.contains("anna.k") == true)
        #expect(policy.serviceAccounts.isEmpty)
        #expect(policy.timeZone?.identifier == "Europe/Zurich")
        #expect(policy.businessStartMinute == 480 && policy.businessEndMinute == 1080)
        #expect(policy.workingDays == [1, 2, 3, 4, 5])
        #expect(policy.burstSize == 6 && policy.burstWindowSeconds == 300 && policy.lockoutThreshold == 10)
        #expect(policy.shortLivedAccountSeconds == 86_400 && policy.gapThresholdSeconds == 86_400)
        #expect(policy.massExecutionDevices == 100 && policy.executionAfterChangeSeconds == 3600)
        #expect(policy.severityOverrides == ["short_lived_account": .high])
        #expect(policy.file == path)
        #expect(policy.origins["approved_administrators"] == "\(path):15")
    }

    @Test func aMinimalPolicyKeepsEveryDefault() throws {
        var policy = try parse("version: 1\n")
        #expect(policy.file == "policy.yaml")
        policy.file = nil
        #expect(policy == .defaults)
        let settings = policy.settings(reportZone: try ReportPeriod.timeZone(named: "UTC"))
        #expect(settings.allSatisfy { $0.origin == "default" })
        #expect(settings.first { $0.key == "approved_administrators" }?.value.contains("not evaluated") == true)
    }

    @Test func settingsNameTheLineThatSetThem() throws {
        let policy = try parse(
            """
            version: 1
            thresholds:
              gap: 36h
              lockout_attempts: 12
            business_hours:
              working_days: [mon, tue, Wednesday]
              start: "07:30"
              end: "24:00"
            """)
        #expect(policy.gapThresholdSeconds == 36 * 3600)
        #expect(policy.workingDays == [1, 2, 3])
        #expect(policy.businessStartMinute == 450 && policy.businessEndMinute == 1440)
        let settings = policy.settings(reportZone: try ReportPeriod.timeZone(named: "UTC"))
        #expect(
            settings.first { $0.key == "thresholds.gap" }
                == PolicySetting(key: "thresholds.gap", value: "36h", origin: "policy.yaml:3"))
        #expect(
            settings.first { $0.key == "thresholds.lockout_attempts" }?.value == "12 (above the 10 of PCI DSS 8.3.4)")
        #expect(settings.first { $0.key == "business_hours.start" }?.value == "07:30")
        #expect(settings.first { $0.key == "business_hours.time_zone" }?.value == "the report's zone (UTC)")
    }

    @Test(arguments: [
        ("version: 2", 1, "version", "must be 1"),
        ("approved_administrators: [admin]", 1, "version", "is missing"),
        ("version: 1\nthresholds:\n  lokout_attempts: 3", 3, "thresholds.lokout_attempts", "is not a policy key"),
        ("version: 1\nthresholds:\n  lockout_attempts: ten", 3, "thresholds.lockout_attempts", "whole number"),
        ("version: 1\nthresholds:\n  lockout_attempts: 0", 3, "thresholds.lockout_attempts", "whole number"),
        ("version: 1\nthresholds:\n  gap: 24", 3, "thresholds.gap", "must be a duration"),
        ("version: 1\nbusiness_hours:\n  start: 8am", 3, "business_hours.start", "HH:MM"),
        ("version: 1\nbusiness_hours:\n  time_zone: CEST", 3, "business_hours.time_zone", "IANA"),
        (
            "version: 1\nbusiness_hours:\n  working_days: [monday, funday]", 3, "business_hours.working_days",
            "not a day"
        ),
        ("version: 1\nseverity:\n  no_such_rule: high", 3, "severity.no_such_rule", "not a rule id"),
        ("version: 1\nseverity:\n  short_lived_account: urgent", 3, "severity.short_lived_account", "must be one of"),
        ("version: 1\napproved_operators: ana", 2, "approved_operators", "must be a list"),
        ("version: 1\nlockout_attempts: 3", 2, "lockout_attempts", "is not a policy key"),
        ("version: 1\nthresholds:\n  gap: 200000000000000d", 3, "thresholds.gap", "must be a duration"),
        ("version: 1\nthresholds:\n  gap: 3651d", 3, "thresholds.gap", "must be a duration"),
        ("version: 1\nthresholds:\n  gap: +5h", 3, "thresholds.gap", "must be a duration"),
        ("version: 1\nthresholds:\n  lockout_attempts: +5", 3, "thresholds.lockout_attempts", "whole number"),
        ("version: 1\nbusiness_hours:\n  start: \"+8:00\"", 3, "business_hours.start", "HH:MM"),
        ("version: 1\napproved_administrators: [admin, ~]", 2, "approved_administrators", "not an account name"),
        (
            "version: 1\nbusiness_hours:\n  start: \"18:00\"\n  end: \"08:00\"", 2, "business_hours",
            "start must be before end"
        ),
    ])
    func aMistakeNamesItsLineAndKey(text: String, line: Int, key: String, message: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? PolicyError else { return false }
            return error.line == line && error.key == key && error.message.contains(message)
                && error.description.hasPrefix("policy.yaml:\(line):")
        }
    }

    @Test func brokenYAMLAndEndsBeforeStartAreErrors() {
        #expect(throws: PolicyError.self) { try parse("version: 1\n  bad: [") }
        #expect(throws: PolicyError.self) { try parse("") }
    }

    @Test func theCommandLineExitsWithConfigOrNoInputAndNamesThePlace() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|ana] Role R is added\n")
        let bad = dir.write("policy.yaml", "version: 1\nthresholds:\n  gap: soon\n")
        let broken = try nxaudit(["report", "--month", "2026-10", "--policy", bad, log, "--output", dir.path])
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("policy.yaml:3:8: thresholds.gap must be a duration"), "\(broken.stderr)")
        let missing = try nxaudit([
            "report", "--month", "2026-10", "--policy", dir.path + "/none.yaml", log, "--output", dir.path,
        ])
        #expect(missing.status == 66)
        #expect(
            !FileManager.default.fileExists(atPath: dir.path + "/nxaudit-2026-10.html"),
            "no report under a broken policy")
    }

    @Test func theReportListsThePolicyAndAFlagOverridesIt() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|ana] Role R is added\n")
        let policy = dir.write("policy.yaml", "version: 1\napproved_administrators: [root]\nthresholds:\n  gap: 36h\n")
        let result = try nxaudit([
            "report", "--month", "2026-10", "--format", "xml", "--policy", policy, "--gap-threshold", "48h",
            log, "--output", dir.path,
        ])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let settings = try xmlElements("policy/setting", in: xml)
        #expect(
            settings.first { $0["key"] == "thresholds.gap" } == [
                "key": "thresholds.gap", "value": "2d", "origin": "option",
            ])
        #expect(settings.first { $0["key"] == "approved_administrators" }?["origin"] == "\(policy):2")
        #expect(try xmlElements("complianceReport/policy", in: xml).first?["defaults"] == "false")
        #expect(
            try xmlElements("finding", in: xml).contains {
                $0["rule"] == "change_by_unapproved_administrator" && $0["subject"] == "ana"
            })

        let defaults = try nxaudit([
            "report", "--month", "2026-10", "--format", "xml", log, "--output", dir.path + "/d",
        ])
        #expect(defaults.status == 2)  // written; the sparse evidence has gaps: exit 2
        let plain = try String(contentsOfFile: dir.path + "/d/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("complianceReport/policy", in: plain).first?["defaults"] == "true")
        #expect(
            try xmlElements("rules/rule", in: plain).contains {
                $0["id"] == "change_by_unapproved_administrator" && $0["evaluated"] == "false"
            })
    }
}

/// The organisation's own control IDs and the classification its printed reports carry.
@Suite("Policy: control IDs and classification")
struct PolicyControlIDTests {
    @Test func controlIDsAreShownBesideTheStandardOnesAndTheClassificationOnEveryPage() throws {
        let policy = try PolicyFile.parse(
            """
            version: 1
            classification: Internal - PCI
            organisation: Example AG <Compliance & Risk>
            prepared_by: IT Security Operations
            control_ids:
              self_modification: [ORG-IAM-07, SOX-APD-3]
              failed_login_burst: ORG-IAM-11
            """, path: "p.yaml", ruleIDs: Analyzer.standardRuleIDs)
        #expect(policy.organisationControls["self_modification"] == ["ORG-IAM-07", "SOX-APD-3"])
        #expect(policy.organisationControls["failed_login_burst"] == ["ORG-IAM-11"])
        #expect(policy.classification == "Internal - PCI")
        let settings = policy.settings(reportZone: TimeZone(identifier: "UTC")!)
        #expect(settings.contains { $0.key == "control_ids.self_modification" && $0.origin == "p.yaml:6" })
        #expect(
            policy.organisation == "Example AG <Compliance & Risk>" && policy.preparedBy == "IT Security Operations")
        #expect(settings.contains { $0.key == "prepared_by" && $0.origin == "p.yaml:4" })
        let report = try analyze(
            ["2026-10-05T10:00:00Z p x: [Portal|USER|20203|mallory] User updated mallory is created"], policy: policy)
        let finding = try #require(report.findings.first { $0.rule == "self_modification" })
        #expect(finding.organisationControls == ["ORG-IAM-07", "SOX-APD-3"])
        let view = ReportView(report)
        #expect(view.verdict.classification == "Internal - PCI")
        let html = try ReportRenderer(templates: TemplateSet()).render(view, as: .html)
        #expect(html.contains("<tr><th>Prepared by</th><td class=\"blank\">IT Security Operations</td>"))
    }

    @Test(arguments: [
        ("classification: \"x; } body { display: none\"", "classification", "p.yaml:2"),
        ("control_ids:\n  no_such_rule: [A]", "not a rule id", "p.yaml:3"),
        ("control_ids:\n  self_modification: [\"has space\"]", "control ID", "p.yaml:3"),
        ("organisation: \"Example\\nAG\"", "one line", "p.yaml:2"),
        ("prepared_by: [a, b]", "one line", "p.yaml:2"),
        ("prepared_by: \"  \"", "one line", "p.yaml:2"),
    ])
    func badValuesAreRefusedWithWhereAndWhat(line: String, message: String, location: String) {
        #expect {
            try PolicyFile.parse("version: 1\n\(line)\n", path: "p.yaml", ruleIDs: Analyzer.standardRuleIDs)
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains(location)
        }
    }
}
