import Foundation
import Testing
@testable import NXAudit

/// The control matrix and the privileged-access state at period end.
@Suite("Controls and access state")
struct ControlMatrixTests {
    func row(_ report: AuditReport, _ id: String) throws -> ControlResult {
        try #require(report.controls.first { $0.control.id == id })
    }

    @Test func everyControlARuleCitesIsInTheMatrixAndEveryReferenceControlIsThere() {
        let ids = Set(ControlCatalog.standard.map(\.id))
        #expect(ids.count == ControlCatalog.standard.count, "one row per control")
        for rule in Analyzer.standardRules {
            for control in rule.controls { #expect(ids.contains(control), "\(rule.id) cites \(control)") }
        }
        // The controls of compliance-controls.md the issue names.
        for id in [
            "PCI DSS 10.2.1.2", "PCI DSS 10.2.1.3", "PCI DSS 10.2.1.4", "PCI DSS 10.2.1.5", "PCI DSS 10.2.1.6",
            "PCI DSS 10.2.1.7", "PCI DSS 10.2.2", "PCI DSS 10.4.1", "PCI DSS 10.4.3", "PCI DSS 10.7.2", "PCI DSS 8.3.4",
            "ISO 27001 A.5.18", "ISO 27001 A.8.2", "ISO 27001 A.8.15", "ISO 27001 A.8.16", "ISO 27001 A.8.32",
            "NIST AC-2(4)", "NIST AU-2", "NIST AU-6", "SOX access", "SOX change", "SOX operations",
        ] {
            #expect(ids.contains(id), "\(id)")
        }
    }

    @Test func aCleanLogIsExaminedWithNoExceptionsAndControlsWithoutEventsHaveNoEvidence() throws {
        let report = try analyze([
            "2026-10-05T09:00:00Z p x: [Portal|USER|20206|admin] Role Auditor is added",
            "2026-10-05T09:10:00Z p x: [Portal|HIERARCHY|20503|admin] Hierarchy EMEA is updated",
        ])
        let access = try row(report, "PCI DSS 10.2.1.5")
        #expect(access.eventsExamined == 1 && access.exceptions == 0 && access.status == .noExceptions)
        #expect(try row(report, "ISO 27001 A.8.32").eventsExamined == 1)
        #expect(try row(report, "PCI DSS 10.2.1.2").eventsExamined == 2)
        let availability = try row(report, "PCI DSS 10.2.1.6")
        #expect(availability.eventsExamined == 0 && availability.status == .noEvidence)
        let logRead = try row(report, "PCI DSS 10.2.1.3")
        #expect(logRead.status == .noEvidence && logRead.control.limitation != nil)
        // Days without events are exceptions to the coverage controls even in a clean log.
        #expect(try row(report, "PCI DSS 10.5.1").status == .exceptions)
    }

    @Test func exceptionsCountTheFindingsThatCiteTheControl() throws {
        let failures = (0..<11).map {
            String(
                format:
                    "2026-10-05T10:00:%02dZ p x: [Portal|LOGIN|20103|*system] User eve failed login "
                    + "attempts - wrong password",
                $0 * 5)
        }
        let report = try analyze(failures)
        let lockout = try row(report, "PCI DSS 8.3.4")
        #expect(lockout.eventsExamined == 11)
        #expect(lockout.exceptions == report.findings.count { $0.controls.contains("PCI DSS 8.3.4") })
        #expect(lockout.exceptions == 1, "failures_without_lockout")
        #expect(lockout.status == .exceptions)
        #expect(lockout.rules.contains("failures_without_lockout") && lockout.rules.contains("lockout_after_threshold"))
    }

    @Test func aLockoutIsAnObservationNotAnException() throws {
        let report = try analyze(["2026-10-05T10:00:00Z p x: [Portal|LOGIN|20104|eve] User eve is locked"])
        #expect(report.findings.first { $0.rule == "account_locked" }?.severity == .info)
        let lockout = try row(report, "PCI DSS 8.3.4")
        #expect(lockout.eventsExamined == 1 && lockout.exceptions == 0 && lockout.status == .noExceptions)
    }

    @Test func theEmptyPeriodHasNoEvidenceButTheCoverageControlsShowTheException() throws {
        let report = try analyze(["2026-09-05T09:00:00Z p x: [Portal|USER|20206|admin] Role Auditor is added"])
        #expect(try row(report, "PCI DSS 10.2.1.5").status == .noEvidence)
        #expect(try row(report, "ISO 27001 A.8.15").status == .exceptions, "no_events_in_period")
    }

    // MARK: access state

    @Test func theStateAtPeriodEndReplaysCreationsChangesAndRemovals() throws {
        let report = try analyze([
            "2026-10-02T09:00:00Z p x: [Portal|USER|20201|admin] User created new.hire is created",
            "2026-10-03T09:00:00Z p x: [Portal|USER|20203|secops] User updated new.hire is created",
            "2026-10-04T09:00:00Z p x: [Portal|USER|20202|admin] User deleted leaver is removed",
            "2026-10-05T09:00:00Z p x: [Portal|USER|20209|admin] Added profile Helpdesk roles: Helpdesk L1",
            "2026-10-06T09:00:00Z p x: [Portal|USER|20210|admin] Updated profile Helpdesk roles: Helpdesk "
                + "L1, Helpdesk L2",
            "2026-10-07T09:00:00Z p x: [Portal|USER|20208|admin] Role Old Role is removed",
            "2026-10-08T09:00:00Z p x: [Portal|USER|20204|admin] Updated profile of 4 users",
            "2026-10-09T09:00:00Z p x: [Console|Appliance|51021|root] SSH Nexthink account enabled",
            "2026-10-09T10:00:00Z p x: [Console|Appliance|51020|root] SSH Nexthink account password updated",
            "2026-10-10T09:00:00Z e x: [Engine-01|Database|10009|portal] Finder account creation:[finder.ana]",
            "2026-10-11T09:00:00Z p x: [Console|Appliance|51000|root] Console password updated",
        ])
        let state = report.accessState
        #expect(
            report.privilegeRegister.count == state.objects.reduce(0) { $0 + $1.changes } + state.unnamedChanges.count,
            "every change of the register is in the table or in the unnamed list")
        func object(_ name: String) -> AccessObject? { state.objects.first { $0.name == name } }
        let hire = try #require(object("new.hire"))
        #expect(hire.kind == .portalAccount && hire.stateAtEnd == .exists && hire.createdInPeriod)
        #expect(hire.changes == 2 && hire.changedBy == ["admin", "secops"])
        #expect(object("new.hire")?.evidence.map(\.line) == [1, 2])
        #expect(object("leaver")?.stateAtEnd == .removed && object("leaver")?.createdInPeriod == false)
        #expect(object("Helpdesk")?.roles == "Helpdesk L1, Helpdesk L2")
        #expect(object("Old Role")?.kind == .role && object("Old Role")?.stateAtEnd == .removed)
        #expect(object("SSH nexthink account")?.stateAtEnd == .enabled, "a password change keeps it enabled")
        #expect(object("finder.ana @ Engine-01")?.kind == .finderAccount)
        #expect(object("Web Console account")?.changes == 1, "51000 is a change of an appliance account, not dropped")
        #expect(state.unnamedChanges.map(\.code) == [20204])
        #expect(state.limitations.contains { $0.contains("existed before the period") })
        #expect(state.limitations.contains { $0.contains("1 change(s) do not name") })
        #expect(state.objects.map(\.kind) == state.objects.map(\.kind).sorted(), "by kind, then name")
    }

    @Test func theReportRendersTheMatrixAndTheStateInBothFormats() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            """
            2026-10-02T09:00:00Z p x: [Portal|USER|20201|admin] User created <b>x</b> is created

            """)
        let result = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let rows = try xmlElements("controlMatrix/control", in: xml)
        #expect(rows.count == ControlCatalog.standard.count)
        #expect(rows.first { $0["id"] == "PCI DSS 10.2.1.5" }?["status"] == "examined, no exceptions")
        #expect(try xmlElements("accessState/object", in: xml).map { $0["name"] } == ["<b>x</b>"])
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("id=\"controls\"") && html.contains("id=\"access\"") && html.contains("id=\"policy\""))
        #expect(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x</b>"))
        #expect(html.contains("No policy file was given"))
    }
}

@Suite("Rules command")
struct RulesCommandTests {
    @Test func rulesListsEveryRuleWithItsControlsAndQuestion() throws {
        let result = try nxaudit(["rules", "--tsv"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(rows.first == ["id", "severity", "family", "controls", "question"])
        #expect(rows.dropFirst().map { $0[0] } == Analyzer.standardRules.map(\.id))
        let known = Set(ControlCatalog.standard.map(\.id))
        for row in rows.dropFirst() {
            #expect(Severity(rawValue: row[1]) != nil && FindingFamily(rawValue: row[2]) != nil, "\(row[0])")
            #expect(row[3].components(separatedBy: "; ").allSatisfy(known.contains), "\(row[0])")
            #expect(row[4].hasSuffix("?"), "\(row[0]) asks a question")
        }
        let text = try nxaudit(["rules"])
        #expect(text.stdout.contains("\(Analyzer.standardRules.count) rules."))
    }
}
