import Foundation
import Testing
@testable import NXAudit

/// The rules that judge against the policy, each on fixtures that trigger it and near misses that must not.
@Suite("Policy rules")
struct PolicyRuleTests {
    func line(_ time: String, _ header: String, _ text: String) -> String {
        "2026-10-05T\(time)Z p x: [\(header)] \(text)"
    }

    func policy(_ change: (inout AnalysisPolicy) -> Void) -> AnalysisPolicy {
        var policy = AnalysisPolicy.defaults
        change(&policy)
        return policy
    }

    // MARK: approved administrators

    @Test func aChangeByAnAccountNotApprovedIsAFindingApprovedAndSystemAccountsAreNot() throws {
        let lines = [
            line("10:00:00", "Portal|USER|20206|admin", "Role Auditor is added"),
            line("10:01:00", "Portal|USER|20209|mallory", "Added profile Admins roles: Admin"),
            line("10:02:00", "Engine-01|Database|10009|portal", "Finder account creation:[mallory]"),
            line("10:03:00", "Portal|HIERARCHY|20503|mallory", "Hierarchy EMEA is updated"),
        ]
        let approved = policy { $0.approvedAdministrators = ["admin"] }
        let found = try findings("change_by_unapproved_administrator", lines, policy: approved)
        #expect(found.map(\.subject) == ["mallory"])
        #expect(found.first?.evidence.map(\.line) == [2], "the configuration change (line 4) is not an access change")
        #expect(found.first?.severity == .high)
    }

    @Test func withoutApprovedAdministratorsTheRuleIsNotEvaluatedAndSaysWhy() throws {
        let report = try analyze([line("10:01:00", "Portal|USER|20209|mallory", "Added profile Admins roles: Admin")])
        #expect(report.findings.filter { $0.rule == "change_by_unapproved_administrator" }.isEmpty)
        let run = try #require(report.rules.first { $0.id == "change_by_unapproved_administrator" })
        #expect(run.notEvaluatedBecause?.contains("approved_administrators") == true)
        let matrix = try #require(report.controls.first { $0.control.id == "PCI DSS 8.2.4" })
        #expect(matrix.rulesNotEvaluated.contains { $0.hasPrefix("change_by_unapproved_administrator:") })
        #expect(!matrix.rules.contains("change_by_unapproved_administrator"))
    }

    // MARK: short-lived accounts

    func createdAndRemoved(after seconds: Int, account: String = "tmp.x", removedAccount: String? = nil) -> [String] {
        let removed = 36_000 + seconds
        return [
            line("10:00:00", "Portal|USER|20201|admin", "User created \(account) is created"),
            String(
                format: "2026-10-%02dT%02d:%02d:%02dZ p x: [Portal|USER|20202|admin] User deleted %@ is removed",
                5 + removed / 86_400, removed % 86_400 / 3600, removed % 3600 / 60, removed % 60,
                removedAccount ?? account),
        ]
    }

    @Test func anAccountRemovedWithinTheWindowIsShortLivedOneMinuteLaterItIsNot() throws {
        let twoHours = policy { $0.shortLivedAccountSeconds = 7200 }
        let inside = try findings("short_lived_account", createdAndRemoved(after: 7200), policy: twoHours)
        #expect(inside.map(\.subject) == ["tmp.x"])
        #expect(inside.first?.evidence.map(\.line) == [1, 2])
        #expect(inside.first?.summary.contains("2 h 0 min later") == true)
        #expect(try findings("short_lived_account", createdAndRemoved(after: 7260), policy: twoHours).isEmpty)
        #expect(
            try findings(
                "short_lived_account", createdAndRemoved(after: 3600, removedAccount: "tmp.y"), policy: twoHours
            ).isEmpty,
            "another account's removal")
        // The default window is 24 hours.
        #expect(try findings("short_lived_account", createdAndRemoved(after: 86_400)).count == 1)
        #expect(try findings("short_lived_account", createdAndRemoved(after: 86_460)).isEmpty)
    }

    @Test func aRemovalWithoutCreationInThePeriodIsNotShortLived() throws {
        #expect(
            try findings(
                "short_lived_account", [line("10:00:00", "Portal|USER|20202|admin", "User deleted old.one is removed")]
            ).isEmpty)
    }

    // MARK: lockout after the threshold

    func failures(_ count: Int, lockAfter: Bool) -> [String] {
        var lines: [String] = []
        for i in 0..<count {
            let time = String(format: "10:%02d:%02d", i * 7 / 60, i * 7 % 60)
            lines.append(line(time, "Portal|LOGIN|20103|*system", "User eve failed login attempts - wrong password"))
        }
        if lockAfter { lines.append(line("10:05:00", "Portal|LOGIN|20104|eve", "User eve is locked")) }
        return lines
    }

    @Test func aLockoutAfterElevenFailuresIsLateAfterTenItIsNot() throws {
        #expect(try findings("lockout_after_threshold", failures(10, lockAfter: true)).isEmpty)
        let late = try findings("lockout_after_threshold", failures(11, lockAfter: true))
        #expect(late.map(\.subject) == ["eve"])
        #expect(late.first?.evidence.last?.line == 12, "the lockout line backs it")
        #expect(
            try findings("lockout_after_threshold", failures(11, lockAfter: false)).isEmpty,
            "failures_without_lockout says that one")
        // Failures after the lock do not make it late: the account was locked after the 10th.
        let lockedInTime =
            failures(10, lockAfter: true) + [
                line("10:06:00", "Portal|LOGIN|20103|*system", "User eve failed login attempts - wrong password")
            ]
        #expect(try findings("lockout_after_threshold", lockedInTime).isEmpty)
        let stricter = policy { $0.lockoutThreshold = 5 }
        #expect(try findings("lockout_after_threshold", failures(6, lockAfter: true), policy: stricter).count == 1)
    }

    // MARK: remote executions

    func execution(
        _ time: String, _ actor: String, code: Int = 21001, action: String = "Fix VPN", devices: Int = 3
    ) -> String {
        let channel = [21001: "manually", 21002: "through the API", 21003: "through the API v2"][code]!
        return line(
            time, "Portal|EXECUTION|\(code)|\(actor)",
            "Remote action \(action) executed \(channel) on \(devices) devices")
    }

    @Test func executionsByAnAccountNotApprovedAreOneFindingPerAccount() throws {
        let lines = [
            execution("10:00:00", "ana"), execution("10:05:00", "mallory"),
            execution("10:06:00", "mallory", code: 21002, action: "Collect logs"),
            execution("10:07:00", "trudy"),
        ]
        let operators = policy { $0.approvedOperators = ["ana"] }
        let found = try findings("remote_execution_by_unapproved_operator", lines, policy: operators)
        #expect(found.map(\.subject) == ["mallory", "trudy"])
        #expect(found.first?.evidence.map(\.line) == [2, 3])
        #expect(found.first?.summary.contains("ran 2 remote execution(s)") == true)
        #expect(found.first?.summary.contains("Collect logs ×1, Fix VPN ×1") == true)
        #expect(
            try findings("remote_execution_by_unapproved_operator", lines).isEmpty,
            "not evaluated without approved_operators")
        #expect(
            try findings(
                "remote_execution_by_unapproved_operator", [execution("10:00:00", "*system")], policy: operators
            ).isEmpty,
            "system actors are not judged as people")
    }

    @Test func apiExecutionsByAPersonAreFindingsByAServiceAccountAreNot() throws {
        let lines = [
            execution("10:00:00", "svc.api", code: 21002), execution("10:01:00", "ana", code: 21002),
            execution("10:02:00", "ana", code: 21003), execution("10:03:00", "ana", code: 21001),
        ]
        let services = policy { $0.serviceAccounts = ["svc.api"] }
        let found = try findings("remote_execution_via_api", lines, policy: services)
        #expect(found.map(\.subject) == ["ana", "ana"])
        #expect(
            found.map { $0.evidence.map(\.line) } == [[2], [3]],
            "one finding per channel; the Finder run is not API use")
        #expect(try findings("remote_execution_via_api", lines).isEmpty, "not evaluated without service_accounts")
    }

    @Test func anExecutionOnMoreDevicesThanTheThresholdIsAMassExecution() throws {
        let lines = [
            execution("10:00:00", "ana", devices: 100), execution("10:01:00", "ana", devices: 101),
            line("10:02:00", "Portal|EXECUTION|21001|ana", "Remote action Fix VPN executed manually"),
        ]
        let found = try findings("mass_remote_execution", lines)
        #expect(found.map { $0.evidence.map(\.line) } == [[2]])
        #expect(found.first?.summary.contains("on 101 devices") == true)
        let lower = policy { $0.massExecutionDevices = 50 }
        #expect(try findings("mass_remote_execution", lines, policy: lower).count == 2)
    }

    @Test func runningARemoteActionWithinTheWindowAfterChangingItIsAFinding() throws {
        let lines = [
            line("10:00:00", "Portal|REMOTE_ACTION|20902|ana", "Remote action Fix VPN is created"),
            execution("10:30:00", "ana"),  // within 1 h: finding
            execution("10:40:00", "ana", action: "Disk cleanup"),  // another action
            execution("10:45:00", "bob"),  // another account
            execution("11:00:00", "ana", code: 21002),  // exactly 1 h: still within
            execution("11:00:01", "ana"),  // one second late
        ]
        let found = try findings("execution_after_action_change", lines)
        #expect(found.map(\.subject) == ["ana"])
        #expect(found.first?.evidence.map(\.line) == [1, 2, 5])
        #expect(found.first?.summary.contains("created remote action Fix VPN") == true)
        #expect(found.first?.summary.contains("ran it 2 time(s) within 1h") == true)
        #expect(
            try findings("execution_after_action_change", Array(lines.dropFirst())).isEmpty, "no change, no finding")
    }

    // MARK: business hours in the policy's zone, to the minute

    @Test(arguments: [("07:59", true), ("08:00", false), ("08:01", false), ("16:59", false), ("17:00", true)])
    func businessHoursAreReadInThePolicyZone(localTime: String, outside: Bool) throws {
        // 5 October 2026, Monday; Zurich is UTC+2; business hours 08:00–17:00 Zurich time.
        let h = Int(localTime.prefix(2))! - 2, m = Int(localTime.suffix(2))!
        let change = line(
            String(format: "%02d:%02d:00", h, m), "Portal|USER|20210|admin", "Updated profile Admins roles: Admin")
        let zurich = policy {
            $0.timeZone = TimeZone(identifier: "Europe/Zurich")
            $0.businessEndMinute = 17 * 60
        }
        let found = try findings("change_outside_business_hours", [change], policy: zurich)
        #expect(found.count == (outside ? 1 : 0))
        if outside {
            #expect(
                found.first?.summary.contains("at 2026-10-05T\(localTime):00+02:00 (Europe/Zurich)") == true,
                "the time in the policy's zone")
        }
    }

    @Test func aWorkingSaturdayIsNotOutsideBusinessHours() throws {
        let saturday = "2026-10-10T10:00:00Z p x: [Portal|USER|20210|admin] Updated profile Admins roles: Admin"
        #expect(try findings("change_outside_business_hours", [saturday]).count == 1)
        let sixDays = policy { $0.workingDays = [1, 2, 3, 4, 5, 6] }
        #expect(try findings("change_outside_business_hours", [saturday], policy: sixDays).isEmpty)
    }

    // MARK: severity overrides

    @Test func aSeverityOverrideChangesTheFindingsAndIsReported() throws {
        let lines = createdAndRemoved(after: 600)
        let raised = policy { $0.severityOverrides["short_lived_account"] = .critical }
        let report = try analyze(lines, policy: raised)
        #expect(report.findings.first { $0.rule == "short_lived_account" }?.severity == .critical)
        let run = try #require(report.rules.first { $0.id == "short_lived_account" })
        #expect(run.severity == .critical && run.severityOverridden)
        #expect(
            report.findings.first == report.findings.first { $0.rule == "short_lived_account" }, "most severe first")
    }
}

@Suite("Device counts")
struct DeviceCountTests {
    @Test(arguments: [
        ("Remote action Fix VPN executed manually on 3 devices", 3),
        ("Remote action X executed through the API v2 on 1 device", 1),
        ("Remote action on 12 devices", 12),
        ("Remote action X executed on 0 devices", 0),
    ])
    func aTextEndingInOnNDevicesGivesN(text: String, count: Int) {
        #expect(MessageSubject.deviceCount(text) == count)
    }

    @Test(arguments: [
        "Remote action X executed manually", "on devices", "X on -3 devices", "X at 3 devices", "3 devices",
        "X on 12345678901 devices", "X on 3 devices now", "X on ３ devices",
    ])
    func otherTextsGiveNone(text: String) {
        #expect(MessageSubject.deviceCount(text) == nil)
    }
}
