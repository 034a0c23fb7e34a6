import Testing
@testable import NXAudit

/// The roles the catalog rows carry, pinned against the meanings the analysis has always
/// given these codes (the tables that used to be written in the analysis), and shown to
/// reach the analysis from one row.
@Suite("Code roles")
struct CodeRoleTests {
    let catalog = CodeCatalog.standard

    @Test func loginRolesAndWhereTheAccountIsNamed() {
        #expect(catalog.codes(withLogin: [.success]) == [20101, 20801, 10006, 50000])
        #expect(catalog.codes(withLogin: [.logout]) == [20102, 10007, 50002, 50003])
        #expect(catalog.codes(withLogin: [.failure]) == [20103, 20803, 50001])
        #expect(catalog.codes(withLogin: [.lockout]) == [20104])
        #expect(Set(catalog.logins.filter { $0.value.account == .text }.keys) == [20103, 20104])
    }

    @Test func eachStopIsEndedByTheStartsOfItsService() {
        #expect(
            catalog.restarts == [
                20004: [20001, 20002], 20704: [20703],
                10002: [10001], 10003: [10001], 10004: [10001],
                53090: [53091], 52090: [52091],
            ])
        #expect(Set(catalog.lifecycles.filter { $0.value.objectInText }.keys) == [20703, 20704, 52090, 52091])
        #expect(Set(catalog.lifecycles.filter { $0.value.transition == .restart }.keys) == [51111])
    }

    @Test func remoteExecutionChannels() {
        #expect(catalog.executions.mapValues(\.label) == [21001: "Finder (manual)", 21002: "API", 21003: "API v2"])
        #expect(catalog.codes.filter { $0.execution?.isAPI ?? false }.map(\.code) == [21002, 21003])
    }

    @Test func accessChangesTheirObjectEffectAndName() {
        let changes = catalog.accessChanges
        #expect(changes.count == 23)
        #expect(
            Set(changes.filter { $0.value.namesAccount }.keys) == [20201, 20202, 20203, 10009, 10010, 10011, 10012])
        #expect(catalog.unnamedAccessCodes.map(\.code) == [20204, 20205])
        #expect(changes[20209] == AccessChange(.profile, .create))
        #expect(
            changes[51011]
                == AccessChange(.applianceAccount, .enable, naming: .fixed("Portal remote management account")))
        #expect(changes[52010]?.naming == .fixed("Portal admin account"))
        // Every privilege and account code has an access role: none falls through the access state unread.
        let register = catalog.codes.filter { $0.family == .privilege || $0.family == .account }.map(\.code)
        #expect(register.allSatisfy { changes[$0] != nil })
    }

    @Test func configurationObjects() {
        #expect(
            catalog.configurationChanges.filter { $0.value.object == .remoteAction }.mapValues(\.effect)
                == [20901: .update, 20902: .create, 20903: .remove])
        #expect(Set(catalog.configurationChanges.filter { $0.value.object == .metricHistory }.keys) == [21102, 21103])
    }

    @Test func subjectTemplatesAndTheHeaderAlias() {
        #expect(
            Set(catalog.subjects.keys)
                == Set(
                    Array(20101...20104) + Array(20201...20211) + Array(20501...20504)
                        + [20901, 20902, 20903, 21001, 21002, 21003]
                        + [10009, 10010, 10011, 10012, 10017, 10018, 10019, 10028]))
        #expect(catalog.subjects[20104] == .enclosed(prefix: "User ", suffix: " is locked"))
        #expect(catalog.aliases.map(\.code) == [20205])
        #expect(catalog.aliases.first?.alias.headerCode == 20204)
    }

    @Test func theControlMatrixPopulationsComeFromTheRoles() {
        #expect(ControlCatalog.control("PCI DSS 10.2.1.4")?.population == .codes([20103, 20803, 50001, 20104]))
        #expect(ControlCatalog.control("NIST AC-7")?.population == .codes([20103, 20803, 50001, 20104]))
        let clears = Set(catalog.configurationChanges.filter { $0.value.object == .metricHistory }.keys)
        #expect(!clears.isEmpty && ControlCatalog.control("ISO 27001 A.8.10")?.population == .codes(clears))
    }

    /// A code the vendor might add: one row with its roles, and the analysis reads it.
    @Test func aNewCodeIsOneRow() {
        let extended = CodeCatalog(
            codes: catalog.codes + [
                .portal(20105, "User locked by an administrator", .authentication).login(.lockout),
                .portal(20005, "Portal is paused", .availability).lifecycle(.stop, of: .portal),
            ])
        let analyzer = Analyzer(catalog: extended)
        #expect(analyzer.retains(20105))
        #expect(!Analyzer().retains(20101))
        #expect(extended.restarts[20005] == [20001, 20002])

        func entry(_ code: Int, _ seconds: Int64, actor: String = "*system") -> RegisterEntry {
            RegisterEntry(
                utcSeconds: seconds, code: code, action: extended[code]!.description, family: extended[code]!.family,
                source: "Portal", actor: actor, target: "", details: "", text: "",
                location: EvidenceLocation(input: 0, path: "audit.log", line: Int(seconds)))
        }
        let interruptions = AuditLoggingInterruptedRule.interruptions(
            in: [entry(20005, 10), entry(20002, 70)], catalog: extended)
        #expect(interruptions.map { [$0.stop.code, $0.restart?.code] } == [[20005, 20002]])
        let runs = FailureRun.runs(
            in: [entry(20803, 10, actor: "jane"), entry(20105, 20, actor: "jane")], catalog: extended, window: 600)
        #expect(runs.map { $0.lockout?.code } == [20105])
    }
}
