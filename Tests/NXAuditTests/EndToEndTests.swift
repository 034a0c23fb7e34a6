import Foundation
import Testing
@testable import NXAudit

/// Runs the real `nxaudit` executable and checks the numbers in the XML it writes.
@Suite("End to end", .serialized)
struct EndToEndTests {
    struct Truth: Decodable {
        var events: Int
        var malformed: Int
        var malformed_total: Int
        var codes: [String: Int]
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
        #expect(truth.malformed == truth.malformed_total)
        #expect(Int(coverage["linesMalformed"]!) == truth.malformed)
        #expect(truth.malformed > 0)
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
        #expect(result.status == 0, "\(result.stderr)")
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
        for run in ["a", "b"] {
            let result = try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                                      log, "--output", dir.path + "/" + run])
            #expect(result.status == 0, "\(result.stderr)")
        }
        for name in ["nxaudit-2026-10.html", "nxaudit-2026-10.xml"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/a/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/" + name))
            #expect(a == b, "\(name) differs between runs")
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
        dir.write("tpl/html/report.mustache", "<html>\n{{#findings}}\n")
        let result = try nxaudit(["report", "--month", "2026-10", log, "--templates", dir.path + "/tpl", "--output", dir.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("tpl/html/report.mustache:"))
    }

    @Test func anEmptyPeriodIsAFindingNotACleanReport() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-09-05T09:00:00Z h t: [Portal|SYSTEM|20001|*system] Portal is starting\n")
        let result = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let findings = try xmlElements("finding", in: xml)
        #expect(findings.contains { $0["rule"] == "no_events_in_period" && $0["severity"] == "high" })
    }

    @Test func codesPrintsTheWholeCatalog() throws {
        let result = try nxaudit(["codes", "--tsv"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == CodeCatalog.standard.codes.count)
        #expect(rows.contains { $0.hasPrefix("21003\tPortal\tremote-execution\t") })
    }
}

/// The committed sample reports are golden files: the current build must reproduce them byte for byte.
@Suite("Samples")
struct SampleTests {
    @Test func sampleReportsAreCurrentAndMatchTheirTruth() throws {
        let dir = TemporaryDirectory()
        let samples = Checkout.root.appendingPathComponent("samples").path
        let result = try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                                  "samples/logs", "--output", dir.path],
                                 environment: ["SOURCE_DATE_EPOCH": "1793491200"], in: Checkout.root.path)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["nxaudit-2026-10.html", "nxaudit-2026-10.xml"] {
            let fresh = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + name))
            let committed = try Data(contentsOf: URL(fileURLWithPath: samples + "/reports/" + name))
            #expect(fresh == committed, "samples/reports/\(name) is stale: run Scripts/make-samples.sh --reports and review the diff")
        }
        let truth = try JSONDecoder().decode(EndToEndTests.Truth.self,
                                             from: Data(contentsOf: URL(fileURLWithPath: samples + "/truth.json")))
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let counts = try xmlElements("eventCount", in: xml)
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) }) == truth.codes.filter { $0.value > 0 })
        #expect(Int(try xmlElements("coverage", in: xml)[0]["eventsInPeriod"]!) == truth.events)
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
        #expect(process.terminationStatus == 0)
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
        #expect(result.status == 0, "\(result.stderr)")
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
