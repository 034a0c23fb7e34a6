import Foundation
import Testing
@testable import NXAudit

/// The registers and rules against what the generator injected, through the real executable.
@Suite("Registers and rules against the truth file", .serialized)
struct TruthTests {
    struct Truth: Decodable {
        struct Lockout: Decodable { var account: String; var at: String }
        struct Clear: Decodable { var actor: String; var code: Int; var at: String }
        struct Outage: Decodable { var stopped: String; var started: String }
        struct Burst: Decodable { var account: String; var failures: Int; var first: String }
        struct Change: Decodable { var actor: String; var at: String }
        struct ShortLived: Decodable { var account: String; var created: String }
        struct Silence: Decodable { var from: String; var to: String }
        var lockouts: [Lockout]
        var bruteforce: [Burst]
        var failuresWithoutLockout: [Burst]
        var offhoursPrivilege: [Change]
        var selfPrivilege: [Change]
        var historyClears: [Clear]
        var outages: [Outage]
        var remoteExec: [String: Int]
        var shortLivedAccounts: [ShortLived]
        var silentGaps: [Silence]

        enum CodingKeys: String, CodingKey {
            case lockouts, bruteforce, outages
            case failuresWithoutLockout = "failures_without_lockout", offhoursPrivilege = "offhours_privilege"
            case selfPrivilege = "self_privilege", historyClears = "history_clears", remoteExec = "remote_exec"
            case shortLivedAccounts = "short_lived_accounts", silentGaps = "silent_gaps"
        }
    }

    /// ISO text of the generator's truth (with microseconds) to whole UTC seconds.
    static func seconds(_ iso: String) -> Int64 {
        let noFraction = iso.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)
        return Int64(ISO8601DateFormatter().date(from: noFraction)!.timeIntervalSince1970)
    }

    /// The generator's definition of a short-lived account: created and removed within 2 hours.
    static let truthPolicy = "version: 1\nthresholds:\n  short_lived_account: 2h\n"

    /// The generated October of these tests: mixed prefixes, 80 operations a day, nothing logged on 17 October.
    static let october = [
        "--start", "2026-10-01", "--end", "2026-11-01", "--prefix", "mixed", "--events-per-day", "80", "--seed", "31",
        "--silent-gap", "2026-10-17T00:00/26",
    ]

    /// A generated October whose 17 October has no event; the truth holds only what was written.
    func generateAndReport() throws -> (truth: Truth, xml: String, dir: TemporaryDirectory) {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(
            in: dir,
            arguments: Self.october)
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let policy = dir.write("policy.yaml", Self.truthPolicy)
        let result = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
            "--policy", policy, "--format", "xml", log, "--output", dir.path,
        ])
        // The silent day is a gap longer than 24 h: the report is written, and exit 2 says the evidence has a hole.
        #expect(result.status == 2, "\(result.stderr)")
        return (truth, try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8), dir)
    }

    @Test func remoteExecutionsAndTheirTotalsMatchTheTruth() throws {
        let (truth, xml, _) = try generateAndReport()
        let runs = try xmlElements("remoteExecutions/entry", in: xml)
        var perActorCode: [String: Int] = [:]
        for run in runs { perActorCode["\(run["actor"]!)|\(run["code"]!)", default: 0] += 1 }
        #expect(perActorCode == truth.remoteExec)
        let channels = Dictionary(
            uniqueKeysWithValues: try xmlElements("remoteExecutions/byChannel/channel", in: xml)
                .map { ($0["id"]!, Int($0["count"]!)!) })
        func total(_ code: Int) -> Int { truth.remoteExec.filter { $0.key.hasSuffix("|\(code)") }.values.reduce(0, +) }
        #expect(channels == ["finder": total(21001), "api": total(21002), "api-v2": total(21003)])
        let actors = try xmlElements("remoteExecutions/byActor/tally", in: xml)
        #expect(actors.map { Int($0["count"]!)! }.reduce(0, +) == runs.count)
        #expect(actors.map { Int($0["count"]!)! } == actors.map { Int($0["count"]!)! }.sorted(by: >), "most first")
    }

    @Test func lockoutsHistoryClearsAndOutagesAreFindingsWithTheirEvidence() throws {
        let (truth, xml, _) = try generateAndReport()
        let findings = try xmlFindings(in: xml)
        try #require(
            !truth.lockouts.isEmpty && !truth.historyClears.isEmpty && !truth.outages.isEmpty,
            "precondition on the generated input")

        let locked = findings.filter { $0["rule"] == "account_locked" }
        #expect(locked.map { $0["subject"]! }.sorted() == truth.lockouts.map(\.account).sorted())
        #expect(Set(locked.map { Self.seconds($0["time"]!) }) == Set(truth.lockouts.map { Self.seconds($0.at) }))

        let clears = findings.filter { $0["rule"] == "metric_history_cleared" }
        #expect(Set(clears.map { Self.seconds($0["time"]!) }) == Set(truth.historyClears.map { Self.seconds($0.at) }))
        #expect(clears.map { $0["subject"]! }.sorted() == truth.historyClears.map(\.actor).sorted())

        // Each Portal outage is a finding at its stop, backed by the stop and the restart lines.
        let portal = findings.filter { $0["rule"] == "audit_logging_interrupted" && $0["subject"] == "Portal" }
        #expect(Set(portal.map { Self.seconds($0["time"]!) }) == Set(truth.outages.map { Self.seconds($0.stopped) }))
        for outage in truth.outages {
            let minutes = Int((Double(Self.seconds(outage.started) - Self.seconds(outage.stopped)) / 60).rounded())
            #expect(xml.contains("after \(minutes) min"), "outage of \(minutes) min")
        }
    }

    /// Each rule's findings are exactly the generator's injected scenarios: no more, no fewer.
    @Test func authenticationAndPrivilegeRulesAgreeExactlyWithTheTruth() throws {
        let (truth, xml, _) = try generateAndReport()
        let findings = try xmlFindings(in: xml)
        func found(_ rule: String) -> [String] {
            findings.filter { $0["rules"]!.split(separator: " ").contains(Substring(rule)) }.map {
                "\($0["subject"]!) \(Self.seconds($0["time"]!))"
            }.sorted()
        }
        try #require(
            !truth.bruteforce.isEmpty && !truth.failuresWithoutLockout.isEmpty && !truth.offhoursPrivilege.isEmpty
                && !truth.selfPrivilege.isEmpty && !truth.shortLivedAccounts.isEmpty,
            "precondition on the generated input")
        #expect(
            found("short_lived_account")
                == truth.shortLivedAccounts.map { "\($0.account) \(Self.seconds($0.created))" }.sorted())
        #expect(
            found("failed_login_burst") == truth.bruteforce.map { "\($0.account) \(Self.seconds($0.first))" }.sorted())
        #expect(
            found("failures_without_lockout")
                == truth.failuresWithoutLockout.map { "\($0.account) \(Self.seconds($0.first))" }.sorted())
        #expect(found("self_modification") == truth.selfPrivilege.map { "\($0.actor) \(Self.seconds($0.at))" }.sorted())
        #expect(
            found("change_outside_business_hours")
                == truth.offhoursPrivilege.map { "\($0.actor) \(Self.seconds($0.at))" }.sorted())
        for burst in truth.bruteforce {
            #expect(
                xml.contains("\(burst.failures) failed logins for \(burst.account) from"),
                "\(burst.account): \(burst.failures)")
        }
    }

    @Test func theSilentDayIsAGapAndADayWithoutEvents() throws {
        let (truth, xml, _) = try generateAndReport()
        let findings = try xmlFindings(in: xml)
        #expect(findings.contains { $0["rules"]!.contains("days_without_events") })
        #expect(xml.contains("2026-10-17"))
        let days = try xmlElements("coverage/days/day", in: xml)
        #expect(days.filter { $0["events"] == "0" }.map { $0["date"]! } == ["2026-10-17"])
        // Each gap found holds exactly one of the generator's silent windows, and each window is in one gap.
        let gaps = try xmlElements("coverage/gaps/gap", in: xml)
        try #require(truth.silentGaps.count == 1, "precondition on the generated input")
        #expect(gaps.count == truth.silentGaps.count)
        for silence in truth.silentGaps {
            let holding = gaps.filter {
                Self.seconds($0["from"]!) <= Self.seconds(silence.from)
                    && Self.seconds($0["to"]!) >= Self.seconds(silence.to)
            }
            #expect(holding.count == 1, "\(silence.from)–\(silence.to)")
        }
        let gapFindings = try xmlFindings(in: xml).filter { $0["rules"]!.contains("evidence_gap") }
        #expect(
            gapFindings.map { $0["time"]! } == gaps.map { $0["from"]! }, "every gap is a finding, not only a number")
    }

    @Test func findingsAreInReportOrder() throws {
        let (_, xml, _) = try generateAndReport()
        let findings = try xmlFindings(in: xml)
        let rank = Dictionary(
            uniqueKeysWithValues: Severity.allCases.enumerated().map { ($0.element.rawValue, $0.offset) })
        let keys = findings.map { (-rank[$0["severity"]!]!, $0["rule"]!, $0["time"].map(Self.seconds) ?? Int64.min) }
        #expect(findings.count > 5)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// Lines out of time order (an Engine concatenation) give the same report as the sorted file.
    @Test func shuffledLinesGiveTheSameRegistersAsSortedOnes() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-10-08", "--prefix", "rfc3339z", "--events-per-day", "50",
                "--seed", "9",
            ])
        var lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        var generator = SystemRandomNumberGenerator()
        lines.shuffle(using: &generator)
        let shuffled = dir.write("shuffled.log", lines.joined(separator: "\n") + "\n")
        let names = [
            "privilegeRegister", "configurationRegister", "remoteExecutions", "availability", "authentication/lockouts",
        ]
        var registers: [[[String]]] = []
        for (index, path) in [log, shuffled].enumerated() {
            let out = dir.path + "/out\(index)"
            // Written; the sparse evidence has gaps: exit 2.
            #expect(
                try nxaudit(["report", "--month", "2026-10", "--format", "xml", path, "--output", out]).status == 2)
            let xml = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)
            registers.append(
                try names.map { name in
                    try xmlElements("\(name)/entry", in: xml).map {
                        "\($0["time"]!) \($0["code"]!) \($0["actor"]!) \($0["target"]!)"
                    }
                })
        }
        #expect(registers[0].allSatisfy { !$0.isEmpty })
        #expect(registers[0] == registers[1])
        for rows in registers[1] {
            let times = rows.map { TruthTests.seconds(String($0.prefix(while: { $0 != " " }))) }
            #expect(times == times.sorted(), "each register is in time order")
        }
    }

    @Test func unknownCodesAreKeptListedAndAFinding() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            """
            2026-10-05T09:00:00Z h t: [Portal|NEW|29999|ana] Something new happened
            2026-10-05T09:01:00Z h t: [Portal|NEW|29999|ben] Something new again
            2026-10-05T09:02:00Z h t: [Portal|USER|20206|ana] Role R is added

            """)
        // Written; the sparse evidence has gaps: exit 2.
        #expect(
            try nxaudit(["report", "--month", "2026-10", "--format", "xml", log, "--output", dir.path]).status == 2)
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("unknownCodes/entry", in: xml).map { $0["actor"]! } == ["ana", "ben"])
        #expect(
            try xmlElements("eventCount", in: xml).contains {
                $0["code"] == "29999" && $0["count"] == "2" && $0["known"] == "false"
            })
        let finding = try #require(try xmlFindings(in: xml).first { $0["rule"] == "unknown_audit_code" })
        #expect(finding["subject"] == "29999")
        #expect(
            try xmlElements("finding/evidence", in: xml).filter { $0["line"] == "1" || $0["line"] == "2" }.count == 2)
    }
}
