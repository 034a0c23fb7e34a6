import Foundation
import Testing
@testable import NXAudit

/// Runs the real `nxaudit` executable and checks the numbers in the XML it writes.
@Suite("End to end", .serialized)
struct EndToEndTests {
    /// The counting part of `nxaudit-loggen`'s truth file.
    struct Truth: Decodable {
        var events: Int
        var malformed: Int
        var malformed_total: Int
        var codes: [String: Int]
        var quirk_20205_as_20204: Int
        var lines_total: Int
        /// Lines per file, when the generator wrote a folder.
        var files: [String: Int]?

        /// The codes a report lists: the truth also names codes whose every event was corrupted.
        var reportedCodes: [String: Int] { codes.filter { $0.value > 0 } }
    }

    /// A generated October in Europe/Zurich, mixed prefixes, 1 % corrupted lines.
    @Test func generatedMonthMatchesTheTruthFileExactly() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(in: dir, arguments: [
            "--start", "2026-10-01", "--end", "2026-11-01", "--prefix", "mixed", "--malformed", "0.01", "--seed", "11",
        ])
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let out = dir.path + "/reports"
        let result = try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                                  log, "--output", out])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)

        let counts = try xmlElements("eventCount", in: xml)
        let reported = Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) })
        let expected = truth.codes.filter { $0.value > 0 }
        #expect(reported == expected)
        #expect(!reported.isEmpty)

        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        #expect(Int(coverage["eventsInPeriod"]!) == truth.events)
        // The generated days are the period's days, so every corrupted line belongs to it.
        try #require(truth.malformed == truth.malformed_total, "precondition on the generated input")
        #expect(Int(coverage["linesMalformed"]!) == truth.malformed)
        try #require(truth.malformed > 0, "precondition on the generated input")
        let read = Int(coverage["linesRead"]!)!
        #expect(read == Int(coverage["eventsInPeriod"]!)! + Int(coverage["eventsOutsidePeriod"]!)! + truth.malformed)

        let period = try #require(try xmlElements("period", in: xml).first)
        #expect(period["from"] == "2026-10-01")
        #expect(period["to"] == "2026-10-31")
        #expect(period["timezone"] == "Europe/Zurich")
        #expect(period["start"] == "2026-10-01T00:00:00+02:00")
        #expect(period["end"] == "2026-11-01T00:00:00+01:00")

        let html = try String(contentsOfFile: out + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("[2026-10-01T00:00:00+02:00, 2026-11-01T00:00:00+01:00)"))
        #expect(html.contains("The accounting balances."))
    }

    /// Days outside the report's period are read, placed in time and counted as outside.
    @Test func aLongerLogIsCutToThePeriod() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(in: dir, arguments: [
            "--start", "2026-09-25", "--end", "2026-11-03", "--prefix", "rfc3164", "--events-per-day", "60",
            "--truth-from", "2026-10-01", "--truth-to", "2026-11-01",
        ])
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let result = try nxaudit(["report", "--from", "2026-10-01", "--to", "2026-10-31", "--timezone", "Europe/Zurich",
                                  "--year", "2026", "--format", "xml", log, "--output", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        #expect(Int(coverage["eventsInPeriod"]!) == truth.events)
        #expect(Int(coverage["eventsOutsidePeriod"]!)! > 0)
        let counts = try xmlElements("eventCount", in: xml)
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) }) == truth.codes.filter { $0.value > 0 })
        let input = try #require(try xmlElements("input", in: xml).first)
        #expect(input["yearBasis"] == "--year")
        #expect(input["years"] == "2026")
    }

    @Test func aScriptAccountIsEscapedInTheHTMLAndTheXMLStaysValid() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", """
            2026-10-05T09:00:00+02:00 portal01 nxportal[1]: [Portal|USER|20201|<script>alert(1)</script>] User created <script>alert(1)</script> is created

            """)
        let result = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/" + TemplateSet.schemaFile)
        #expect(validator.validate(xml).isEmpty)
        #expect(try xmlElements("entry", in: xml).first?["actor"] == "<script>alert(1)</script>")
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(in: dir, arguments: [
            "--start", "2026-10-01", "--end", "2026-10-08", "--prefix", "mixed", "--malformed", "0.02", "--events-per-day", "50",
        ])
        // The same command twice (the manifest records the command line, so the output directory is the same).
        var runs: [[Data]] = []
        let names = ["nxaudit-2026-10.html", "nxaudit-2026-10.xml", "nxaudit-2026-10.manifest.json"]
        for _ in 0..<2 {
            let result = try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                                      log, "--output", dir.path + "/out"])
            #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
            runs.append(try names.map { try Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/" + $0)) })
        }
        for (index, name) in names.enumerated() {
            #expect(!runs[0][index].isEmpty)
            #expect(runs[0][index] == runs[1][index], "\(name) differs between runs")
        }
    }

    @Test(arguments: [
        (["report", "--from", "2026-10-31", "--to", "2026-10-01", "x.log"], "swap them"),
        (["report", "--month", "2026-13", "x.log"], "write it as YYYY-MM"),
        (["report", "--from", "2026-10-01", "--to", "2026-1031", "x.log"], "write it as YYYY-MM-DD"),
        (["report", "--month", "2026-10", "--timezone", "Mars/Olympus", "x.log"], "not an IANA time zone"),
        (["report", "--month", "2026-10", "--from", "2026-10-01", "--to", "2026-10-02", "x.log"], "cannot be combined"),
        (["report", "--from", "2026-10-01", "x.log"], "go together"),
        (["report", "x.log"], "name the period"),
        (["report", "--month", "2026-10"], "name at least one log"),
        (["report", "--month", "2026-10", "--format", "pdf", "x.log"], "not a format"),
    ])
    func usageErrorsExit64WithASentence(arguments: [String], message: String) throws {
        let result = try nxaudit(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aMissingInputExits66NamingThePath() throws {
        let dir = TemporaryDirectory()
        let result = try nxaudit(["report", "--month", "2026-10", dir.path + "/missing.log", "--output", dir.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains(dir.path + "/missing.log: no such file or directory"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/nxaudit-2026-10.xml"))
    }

    @Test func aBrokenTemplateOverrideExits78NamingFileAndLine() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|SYSTEM|20001|*system] Portal is starting\n")
        try FileManager.default.createDirectory(atPath: dir.path + "/tpl/html", withIntermediateDirectories: true)
        dir.write("tpl/html/report.mustache", "<p>\n<b>{{rule</b>\n</p>\n")
        let result = try nxaudit(["report", "--month", "2026-10", log, "--templates", dir.path + "/tpl", "--output", dir.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("tpl/html/report.mustache:\(2):\(10):"), "\(result.stderr)")
    }

    @Test func anEmptyPeriodIsAFindingNotACleanReport() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-09-05T09:00:00Z h t: [Portal|SYSTEM|20001|*system] Portal is starting\n")
        let result = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let findings = try xmlElements("finding", in: xml)
        #expect(findings.contains { $0["rule"] == "no_events_in_period" && $0["severity"] == "high" })
    }

    @Test func codesPrintsTheWholeCatalog() throws {
        let result = try nxaudit(["codes", "--tsv"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").dropFirst()
        // Against the reference list, not against the catalog that prints them.
        let reference = try CodeCatalogTests.referenceRows()
        #expect(rows.count == reference.count)
        #expect(Set(rows.map { String($0.split(separator: "\t")[0]) }) == Set(reference.map { String($0.code) }))
        #expect(rows.filter { $0.split(separator: "\t")[1] == "Portal" }.count == 62)
        #expect(rows.contains { $0.hasPrefix("21003\tPortal\tremote-execution\t") })
    }
}

/// The committed sample reports are golden files: the current build must reproduce them byte for byte.
@Suite("Samples")
struct SampleTests {
    /// `NXAUDIT_RECORD=1 swift test` re-records the golden reports (as `Scripts/make-samples.sh --reports`
    /// does) and fails, so that a re-recording is always followed by a look at the diff and a clean run.
    static let recording = ProcessInfo.processInfo.environment["NXAUDIT_RECORD"] == "1"

    @Test func sampleReportsAreCurrentAndMatchTheirTruth() throws {
        let dir = TemporaryDirectory()
        let samples = Checkout.root.appendingPathComponent("samples").path
        let arguments = ["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                         "--policy", "samples/policy.yaml", "samples/logs"]
        if Self.recording {
            // Removed first rather than replaced with --force: the manifest records the command line.
            try? FileManager.default.removeItem(atPath: samples + "/reports")
            let recorded = try nxaudit(arguments + ["--output", "samples/reports"],
                                       environment: ["SOURCE_DATE_EPOCH": "1793491200"], in: Checkout.root.path)
            Issue.record("NXAUDIT_RECORD=1: re-recorded samples/reports (exit \(recorded.status)); review the diff, then run the tests without it")
        }
        let result = try nxaudit(arguments + ["--output", dir.path],
                                 environment: ["SOURCE_DATE_EPOCH": "1793491200"], in: Checkout.root.path)
        #expect(result.status == 0, "\(result.stderr)")  // the README's first command: complete evidence
        for name in ["nxaudit-2026-10.html", "nxaudit-2026-10.xml"] {
            let fresh = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + name))
            let committed = try Data(contentsOf: URL(fileURLWithPath: samples + "/reports/" + name))
            #expect(fresh == committed, "samples/reports/\(name) is stale: run NXAUDIT_RECORD=1 swift test (or Scripts/make-samples.sh --reports) and review the diff")
        }
        let truth = try JSONDecoder().decode(EndToEndTests.Truth.self,
                                             from: Data(contentsOf: URL(fileURLWithPath: samples + "/truth.json")))
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let counts = try xmlElements("eventCount", in: xml)
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) }) == truth.codes.filter { $0.value > 0 })
        #expect(Int(try xmlElements("coverage", in: xml)[0]["eventsInPeriod"]!) == truth.events)
        // Under the sample policy's 24 h window the short-lived accounts are those of the truth (2 h) too.
        let shortLived = try xmlElements("finding", in: xml).filter { $0["rule"] == "short_lived_account" }
        // The committed manifest vouches for the committed reports and sample logs.
        let verified = try nxaudit(["verify", "--inputs", "samples/reports"], in: Checkout.root.path)
        #expect(verified.status == 0, "\(verified.stdout)")
        let scenarios = try JSONDecoder().decode(TruthTests.Truth.self, from: Data(contentsOf: URL(fileURLWithPath: samples + "/truth.json")))
        #expect(shortLived.map { $0["subject"]! } == scenarios.short_lived_accounts.map(\.account))
    }
}

@Suite("Command line inputs")
struct CommandLineInputTests {
    @Test func standardInputIsReadAndNamedDash() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("in.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|ana] Role R is added\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Checkout.executable)
        process.arguments = ["report", "--month", "2026-10", "--format", "xml", "-", "--output", dir.path]
        process.standardInput = FileHandle(forReadingAtPath: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("input", in: xml).map { $0["path"] } == ["-"])
        #expect(try xmlElements("entry", in: xml).first?["file"] == "-")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("nxaudit-stdin-\(process.processIdentifier)-") }
        #expect(leftovers.isEmpty, "the spool file of standard input is removed")
    }

    @Test(arguments: [("90m", Int64(5400)), ("24h", 86_400), ("2d", 172_800)])
    func gapThresholds(text: String, seconds: Int64) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "24", "0h", "-3h", "1.5h", "h"])
    func badGapThresholdsAreRefused(text: String) throws {
        #expect(DurationText.seconds(text) == nil)
        let result = try nxaudit(["report", "--month", "2026-10", "--gap-threshold", text, "x.log"])
        #expect(result.status == 64)
    }

    @Test func aShorterGapThresholdFindsTheSilentStretch() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", """
            2026-10-01T00:30:00Z h t: [Portal|SYSTEM|20001|*system] a
            2026-10-01T06:30:00Z h t: [Portal|SYSTEM|20001|*system] b
            2026-10-01T23:30:00Z h t: [Portal|SYSTEM|20001|*system] c

            """)
        let result = try nxaudit(["report", "--from", "2026-10-01", "--to", "2026-10-01", "--gap-threshold", "12h",
                                  "--format", "xml", log, "--output", dir.path])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10-01_2026-10-01.xml", encoding: .utf8)
        #expect(try xmlElements("coverage/gaps/gap", in: xml) == [
            ["from": "2026-10-01T06:30:00+00:00", "to": "2026-10-01T23:30:00+00:00", "hours": "17"],
        ])
        #expect(try xmlElements("finding", in: xml).contains { $0["rule"] == "evidence_gap" })
    }
}

/// Every line read is exactly one of: in period, outside, duplicate, or malformed by reason.
@Suite("Line accounting")
struct AccountingTests {
    @Test func everyKindOfDefectIsCountedAndTheNumbersAddUp() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(in: dir, arguments: [
            "--start", "2026-09-29", "--end", "2026-11-02", "--prefix", "mixed", "--events-per-day", "60",
            "--malformed", "0.03", "--hostile", "--seed", "23", "--truth-from", "2026-10-01", "--truth-to", "2026-11-01",
        ])
        let truth = try JSONDecoder().decode(EndToEndTests.Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        var lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        let generated = lines.count
        // Defects the generator does not make, each at a known count.
        let injected: [(MalformedReason, [UInt8])] = [
            (.badTimestamp, Array("2026-02-30T10:00:00Z h t: [Portal|SYSTEM|20001|*system] 30 February".utf8)),
            (.badTimestamp, Array("Oct 32 10:00:00 h t: [Portal|SYSTEM|20001|*system] day 32".utf8)),
            (.invalidUTF8, Array("2026-10-05T10:00:00Z h t: [Portal|USER|20206|".utf8) + [0xC3, 0x28] + Array("] Role r is added".utf8)),
            (.overlong, [UInt8](repeating: UInt8(ascii: "A"), count: 200_000)),
            (.noTimestamp, [0x00, 0x00, 0xFF, 0x01]),
            (.empty, Array("  \t ".utf8)),
        ]
        var position = 17
        for (_, bytes) in injected {
            lines.insert(bytes, at: min(position, lines.count))
            position += generated / 7
        }
        // CRLF endings on a stretch of good lines change nothing.
        for i in 200..<260 where !lines[i].isEmpty { lines[i] += [0x0D] }
        let defective = dir.path + "/defective.log"
        let bytes: [UInt8] = lines.flatMap { $0 + [UInt8(0x0A)] }
        FileManager.default.createFile(atPath: defective, contents: Data(bytes))

        let result = try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                                  "--format", "xml", defective, "--output", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        func n(_ key: String) -> Int { Int(coverage[key] ?? "") ?? -1 }
        #expect(n("linesRead") == lines.count)
        #expect(n("linesRead") == n("eventsInPeriod") + n("eventsOutsidePeriod") + n("duplicates") + n("linesMalformed"))
        #expect(coverage["balanced"] == "true")
        #expect(n("eventsInPeriod") == truth.events)
        #expect(n("linesMalformed") == truth.malformed_total + injected.count)
        let reasons = Dictionary(uniqueKeysWithValues: try xmlElements("malformed", in: xml).map { ($0["reason"]!, Int($0["count"]!)!) })
        for reason in [MalformedReason.badTimestamp, .invalidUTF8, .overlong] {
            #expect(reasons[reason.rawValue] == injected.count { $0.0 == reason }, "\(reason)")
        }
        let counts = try xmlElements("eventCount", in: xml)
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) }) == truth.codes.filter { $0.value > 0 })
    }
}

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
        var failures_without_lockout: [Burst]
        var offhours_privilege: [Change]
        var self_privilege: [Change]
        var history_clears: [Clear]
        var outages: [Outage]
        var remote_exec: [String: Int]
        var short_lived_accounts: [ShortLived]
        var silent_gaps: [Silence]
    }

    /// ISO text of the generator's truth (with microseconds) to whole UTC seconds.
    static func seconds(_ iso: String) -> Int64 {
        let noFraction = iso.replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)
        return Int64(ISO8601DateFormatter().date(from: noFraction)!.timeIntervalSince1970)
    }

    /// The generator's definition of a short-lived account: created and removed within 2 hours.
    static let truthPolicy = "version: 1\nthresholds:\n  short_lived_account: 2h\n"

    /// A generated October whose 17 October has no event; the truth holds only what was written.
    func generateAndReport() throws -> (truth: Truth, xml: String, dir: TemporaryDirectory) {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(in: dir, arguments: [
            "--start", "2026-10-01", "--end", "2026-11-01", "--prefix", "mixed", "--events-per-day", "80", "--seed", "31",
            "--silent-gap", "2026-10-17T00:00/26",
        ])
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let policy = dir.write("policy.yaml", Self.truthPolicy)
        let result = try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                                  "--policy", policy, "--format", "xml", log, "--output", dir.path])
        // The silent day is a gap longer than 24 h: the report is written, and exit 2 says the evidence has a hole.
        #expect(result.status == 2, "\(result.stderr)")
        return (truth, try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8), dir)
    }

    @Test func remoteExecutionsAndTheirTotalsMatchTheTruth() throws {
        let (truth, xml, _) = try generateAndReport()
        let runs = try xmlElements("remoteExecutions/entry", in: xml)
        var perActorCode: [String: Int] = [:]
        for run in runs { perActorCode["\(run["actor"]!)|\(run["code"]!)", default: 0] += 1 }
        #expect(perActorCode == truth.remote_exec)
        let channels = Dictionary(uniqueKeysWithValues: try xmlElements("remoteExecutions/byChannel/tally", in: xml)
            .map { ($0["key"]!, Int($0["count"]!)!) })
        func total(_ code: Int) -> Int { truth.remote_exec.filter { $0.key.hasSuffix("|\(code)") }.values.reduce(0, +) }
        #expect(channels == ["Finder (manual)": total(21001), "API": total(21002), "API v2": total(21003)])
        let actors = try xmlElements("remoteExecutions/byActor/tally", in: xml)
        #expect(actors.map { Int($0["count"]!)! }.reduce(0, +) == runs.count)
        #expect(actors.map { Int($0["count"]!)! } == actors.map { Int($0["count"]!)! }.sorted(by: >), "most first")
    }

    @Test func lockoutsHistoryClearsAndOutagesAreFindingsWithTheirEvidence() throws {
        let (truth, xml, _) = try generateAndReport()
        let findings = try xmlElements("finding", in: xml)
        try #require(!truth.lockouts.isEmpty && !truth.history_clears.isEmpty && !truth.outages.isEmpty, "precondition on the generated input")

        let locked = findings.filter { $0["rule"] == "account_locked" }
        #expect(locked.map { $0["subject"]! }.sorted() == truth.lockouts.map(\.account).sorted())
        #expect(Set(locked.map { Self.seconds($0["time"]!) }) == Set(truth.lockouts.map { Self.seconds($0.at) }))

        let clears = findings.filter { $0["rule"] == "metric_history_cleared" }
        #expect(Set(clears.map { Self.seconds($0["time"]!) }) == Set(truth.history_clears.map { Self.seconds($0.at) }))
        #expect(clears.map { $0["subject"]! }.sorted() == truth.history_clears.map(\.actor).sorted())

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
        let findings = try xmlElements("finding", in: xml)
        func found(_ rule: String) -> [String] {
            findings.filter { $0["rule"] == rule }.map { "\($0["subject"]!) \(Self.seconds($0["time"]!))" }.sorted()
        }
        try #require(!truth.bruteforce.isEmpty && !truth.failures_without_lockout.isEmpty && !truth.offhours_privilege.isEmpty
                     && !truth.self_privilege.isEmpty && !truth.short_lived_accounts.isEmpty, "precondition on the generated input")
        #expect(found("short_lived_account") == truth.short_lived_accounts.map { "\($0.account) \(Self.seconds($0.created))" }.sorted())
        #expect(found("failed_login_burst") == truth.bruteforce.map { "\($0.account) \(Self.seconds($0.first))" }.sorted())
        #expect(found("failures_without_lockout") == truth.failures_without_lockout.map { "\($0.account) \(Self.seconds($0.first))" }.sorted())
        #expect(found("self_modification") == truth.self_privilege.map { "\($0.actor) \(Self.seconds($0.at))" }.sorted())
        #expect(found("change_outside_business_hours") == truth.offhours_privilege.map { "\($0.actor) \(Self.seconds($0.at))" }.sorted())
        for burst in truth.bruteforce {
            #expect(xml.contains("\(burst.failures) failed logins for \(burst.account) from"), "\(burst.account): \(burst.failures)")
        }
    }

    @Test func theSilentDayIsAGapAndADayWithoutEvents() throws {
        let (truth, xml, _) = try generateAndReport()
        let findings = try xmlElements("finding", in: xml)
        #expect(findings.contains { $0["rule"] == "days_without_events" })
        #expect(xml.contains("2026-10-17"))
        let days = try xmlElements("coverage/days/day", in: xml)
        #expect(days.filter { $0["events"] == "0" }.map { $0["date"]! } == ["2026-10-17"])
        // Each gap found holds exactly one of the generator's silent windows, and each window is in one gap.
        let gaps = try xmlElements("coverage/gaps/gap", in: xml)
        try #require(truth.silent_gaps.count == 1, "precondition on the generated input")
        #expect(gaps.count == truth.silent_gaps.count)
        for silence in truth.silent_gaps {
            let holding = gaps.filter { Self.seconds($0["from"]!) <= Self.seconds(silence.from) && Self.seconds($0["to"]!) >= Self.seconds(silence.to) }
            #expect(holding.count == 1, "\(silence.from)–\(silence.to)")
        }
        let gapFindings = try xmlElements("finding", in: xml).filter { $0["rule"] == "evidence_gap" }
        #expect(gapFindings.map { $0["time"]! } == gaps.map { $0["from"]! }, "every gap is a finding, not only a number")
    }

    @Test func findingsAreInReportOrder() throws {
        let (_, xml, _) = try generateAndReport()
        let findings = try xmlElements("finding", in: xml)
        let rank = Dictionary(uniqueKeysWithValues: Severity.allCases.enumerated().map { ($0.element.rawValue, $0.offset) })
        let keys = findings.map { (-rank[$0["severity"]!]!, $0["rule"]!, $0["time"].map(Self.seconds) ?? Int64.min) }
        #expect(findings.count > 5)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// Lines out of time order (an Engine concatenation) give the same report as the sorted file.
    @Test func shuffledLinesGiveTheSameRegistersAsSortedOnes() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(in: dir, arguments: [
            "--start", "2026-10-01", "--end", "2026-10-08", "--prefix", "rfc3339z", "--events-per-day", "50", "--seed", "9",
        ])
        var lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        var generator = SystemRandomNumberGenerator()
        lines.shuffle(using: &generator)
        let shuffled = dir.write("shuffled.log", lines.joined(separator: "\n") + "\n")
        let names = ["privilegeRegister", "configurationRegister", "remoteExecutions", "availability", "authentication/lockouts"]
        var registers: [[[String]]] = []
        for (index, path) in [log, shuffled].enumerated() {
            let out = dir.path + "/out\(index)"
            #expect(try nxaudit(["report", "--month", "2026-10", "--format", "xml", path, "--output", out]).status == 2)  // written; the sparse evidence has gaps: exit 2
            let xml = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)
            registers.append(try names.map { name in
                try xmlElements("\(name)/entry", in: xml).map { "\($0["time"]!) \($0["code"]!) \($0["actor"]!) \($0["target"]!)" }
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
        let log = dir.write("audit.log", """
            2026-10-05T09:00:00Z h t: [Portal|NEW|29999|ana] Something new happened
            2026-10-05T09:01:00Z h t: [Portal|NEW|29999|ben] Something new again
            2026-10-05T09:02:00Z h t: [Portal|USER|20206|ana] Role R is added

            """)
        #expect(try nxaudit(["report", "--month", "2026-10", "--format", "xml", log, "--output", dir.path]).status == 2)  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("unknownCodes/entry", in: xml).map { $0["actor"]! } == ["ana", "ben"])
        #expect(try xmlElements("eventCount", in: xml).contains { $0["code"] == "29999" && $0["count"] == "2" && $0["known"] == "false" })
        let finding = try #require(try xmlElements("finding", in: xml).first { $0["rule"] == "unknown_audit_code" })
        #expect(finding["subject"] == "29999")
        #expect(try xmlElements("finding/evidence", in: xml).filter { $0["line"] == "1" || $0["line"] == "2" }.count == 2)
    }
}
