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
        let logging = Set(ControlCatalog.standard.filter { $0.kind == .logging }.map(\.id))
        for rule in Analyzer.standardRules {
            for control in rule.controls { #expect(ids.contains(control), "\(rule.id) cites \(control)") }
            // The content of a logged event is never an exception to a logging control; only
            // unreadable records are, to the control that asks for readable records.
            let citedLogging = rule.controls.filter(logging.contains)
            #expect(citedLogging.isEmpty || (rule.id == "malformed_lines" && citedLogging == ["PCI DSS 10.2.2"]))
        }
        for id in [
            "PCI DSS 10.2.1.2", "PCI DSS 10.2.1.3", "PCI DSS 10.2.1.4", "PCI DSS 10.2.1.5", "PCI DSS 10.2.1.6",
            "PCI DSS 10.2.1.7", "PCI DSS 10.2.2", "PCI DSS 10.4.1", "PCI DSS 10.4.3", "PCI DSS 10.7.2", "PCI DSS 8.3.4",
            "PCI DSS 7.2.2", "PCI DSS 8.2.4", "PCI DSS 6.5.1", "ISO 27001 A.5.18", "ISO 27001 A.8.2",
            "ISO 27001 A.8.15", "ISO 27001 A.8.16", "ISO 27001 A.8.32", "NIST AC-2(4)", "NIST AC-7", "NIST AU-2",
            "NIST AU-5", "NIST AU-6", "NIST CM-3", "SOX ITGC APD", "SOX ITGC PC", "SOX ITGC CO",
        ] {
            #expect(ids.contains(id), "\(id)")
        }
        // Each reference in its parts.
        let lockout = ControlCatalog.control("PCI DSS 8.3.4")!
        #expect(lockout.reference.framework == .pciDSS && lockout.reference.reference == "8.3.4")
        #expect(lockout.framework == "PCI DSS 4.0.1" && lockout.kind == .behaviour)
        #expect(ControlCatalog.control("NIST AU-2")?.framework == "NIST SP 800-53 Rev. 5")
        #expect(ControlCatalog.control("ISO 27001 A.8.15")?.framework == "ISO/IEC 27001 2022")
        #expect(ControlCatalog.control("PCI DSS 10.4.1")?.kind == .review)
    }

    /// One day with events every few hours: no hole in the evidence.
    func day(_ lines: [String]) throws -> AuditReport {
        let frame = [
            "2026-10-05T00:30:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 1",
            "2026-10-05T12:00:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 2",
            "2026-10-05T23:30:00Z p x: [Portal|LOGIN|20101|ana] User ana logged with session id 3",
        ]
        return try analyze((frame + lines).joined(separator: "\n") + "\n", "2026-10-05", "2026-10-05")
    }

    @Test func loggingControlsOperateWhenTheirEventsArePresentAndTheEvidenceIsWhole() throws {
        let report = try day([
            "2026-10-05T09:00:00Z p x: [Portal|USER|20206|admin] Role Auditor is added",
            "2026-10-05T09:10:00Z p x: [Portal|HIERARCHY|20503|admin] Hierarchy EMEA is updated",
        ])
        let access = try row(report, "PCI DSS 10.2.1.5")
        #expect(access.population == 1 && access.exceptions == 0 && access.status == .operating)
        #expect(try row(report, "PCI DSS 10.2.1.2").population == 2)
        #expect(try row(report, "PCI DSS 10.2.1.6").status == .noEventsOfItsTypes)
        #expect(try row(report, "PCI DSS 10.2.1.3").status == .notShown)
        let change = try row(report, "ISO 27001 A.8.32")
        #expect(change.population == 1 && change.status == .noExceptions)
        #expect(try row(report, "NIST AC-7").status == .noPopulation)
        #expect(try row(report, "PCI DSS 10.4.1").status == .supported)
    }

    @Test func aHoleInTheEvidenceMeansNoLoggingControlOperates() throws {
        let report = try analyze([
            "2026-10-05T09:00:00Z p x: [Portal|USER|20206|admin] Role Auditor is added",
            "2026-10-05T09:10:00Z p x: [Portal|HIERARCHY|20503|admin] Hierarchy EMEA is updated",
        ])
        let holes = report.findings.filter(\.interruptsEvidence)
        #expect(!holes.isEmpty)
        for control in report.controls where control.control.kind == .logging && control.status != .notShown {
            #expect(control.status == .notOperating, "\(control.control.id)")
            #expect(control.exceptions == holes.count && control.reasons.first == holes.first?.summary)
        }
        // Behaviour controls still judge the content.
        #expect(try row(report, "PCI DSS 8.2.4").status == .noExceptions)
    }

    @Test func aLoggedFailedLoginIsEvidenceThatLoggingWorksAndAnExceptionToTheLockoutControl() throws {
        let failures = (0..<11).map {
            String(
                format:
                    "2026-10-05T10:00:%02dZ p x: [Portal|LOGIN|20103|*system] User eve failed login "
                    + "attempts - wrong password",
                $0 * 5)
        }
        let report = try day(failures)
        let logged = try row(report, "PCI DSS 10.2.1.4")
        #expect(logged.population == 11 && logged.status == .operating && logged.exceptions == 0)
        let lockout = try row(report, "PCI DSS 8.3.4")
        #expect(lockout.population == 11)
        #expect(lockout.exceptions == report.findings.count { $0.controls.contains("PCI DSS 8.3.4") })
        #expect(lockout.exceptions == 1, "failures_without_lockout")
        #expect(lockout.status == .exceptions)
        #expect(lockout.rules.contains("failures_without_lockout") && lockout.rules.contains("lockout_after_threshold"))
    }

    @Test func aStopWithItsRestartIsLoggingAtWorkAndOneWithoutIsAHole() throws {
        let restarted = try day([
            "2026-10-05T03:00:00Z p x: [Portal|SYSTEM|20004|*system] Portal is stopped",
            "2026-10-05T03:30:00Z p x: [Portal|SYSTEM|20001|*system] Portal is starting",
        ])
        #expect(try row(restarted, "PCI DSS 10.2.1.6").status == .operating)
        #expect(try row(restarted, "NIST AU-5").status == .exceptions, "the outage is answered by AU-5")
        let stopped = try day(["2026-10-05T23:40:00Z p x: [Portal|SYSTEM|20004|*system] Portal is stopped"])
        #expect(try row(stopped, "PCI DSS 10.2.1.6").status == .notOperating)
    }

    @Test func unreadableRecordsAreExceptionsToTheRecordContentControlOnly() throws {
        let report = try day(["2026-10-05T10:00:00Z p x: no header"])
        #expect(try row(report, "PCI DSS 10.2.2").status == .operatingWithExceptions)
        #expect(try row(report, "NIST AU-2").status == .operating)
    }

    @Test func aLockoutIsAnObservationNotAnException() throws {
        let report = try day(["2026-10-05T10:00:00Z p x: [Portal|LOGIN|20104|eve] User eve is locked"])
        #expect(report.findings.first { $0.rule == "account_locked" }?.severity == .info)
        let lockout = try row(report, "PCI DSS 8.3.4")
        #expect(lockout.population == 1 && lockout.exceptions == 0 && lockout.status == .noExceptions)
    }

    @Test func theEmptyPeriodHasNoPopulationAndNoLoggingControlOperates() throws {
        let report = try analyze(["2026-09-05T09:00:00Z p x: [Portal|USER|20206|admin] Role Auditor is added"])
        #expect(try row(report, "PCI DSS 8.2.4").status == .noPopulation)
        #expect(try row(report, "ISO 27001 A.8.15").status == .notOperating, "no_events_in_period")
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
        let rows = try xmlElements("controlMatrix/controlResult", in: xml)
        #expect(rows.count == ControlCatalog.standard.count)
        #expect(rows.first { $0["control"] == "PCI DSS 10.2.1.5" }?["status"] == "not-operating", "the month has holes")
        #expect(rows.first { $0["control"] == "PCI DSS 8.2.4" }?["status"] == "examined-no-exceptions")
        #expect(rows.first { $0["control"] == "PCI DSS 8.2.4" }?["kind"] == "behaviour")
        let reference = try #require(
            try xmlElements("controlMatrix/controlResult/controlRef", in: xml).first { $0["id"] == "PCI DSS 8.2.4" })
        #expect(
            reference == [
                "id": "PCI DSS 8.2.4", "framework": "pci-dss", "frameworkName": "PCI DSS",
                "version": "4.0.1", "reference": "8.2.4",
            ])
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
