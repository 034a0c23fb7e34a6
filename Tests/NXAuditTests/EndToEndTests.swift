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
        var malformedTotal: Int
        var codes: [String: Int]
        var quirk20205As20204: Int
        var linesTotal: Int
        /// Lines per file, when the generator wrote a folder.
        var files: [String: Int]?

        /// The codes a report lists: the truth also names codes whose every event was corrupted.
        var reportedCodes: [String: Int] { codes.filter { $0.value > 0 } }

        enum CodingKeys: String, CodingKey {
            case events, malformed, codes, files
            case malformedTotal = "malformed_total", linesTotal = "lines_total"
            case quirk20205As20204 = "quirk_20205_as_20204"
        }
    }

    /// A generated October in Europe/Zurich, mixed prefixes, 1 % corrupted lines.
    @Test func generatedMonthMatchesTheTruthFileExactly() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-11-01", "--prefix", "mixed", "--malformed", "0.01", "--seed",
                "11",
            ])
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let out = dir.path + "/reports"
        let result = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
            log, "--output", out,
        ])
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
        try #require(truth.malformed == truth.malformedTotal, "precondition on the generated input")
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
        let (log, truthPath) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-09-25", "--end", "2026-11-03", "--prefix", "rfc3164", "--events-per-day", "60",
                "--truth-from", "2026-10-01", "--truth-to", "2026-11-01",
            ])
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let result = try nxaudit([
            "report", "--from", "2026-10-01", "--to", "2026-10-31", "--timezone", "Europe/Zurich",
            "--year", "2026", "--format", "xml", log, "--output", dir.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        #expect(Int(coverage["eventsInPeriod"]!) == truth.events)
        #expect(Int(coverage["eventsOutsidePeriod"]!)! > 0)
        let counts = try xmlElements("eventCount", in: xml)
        #expect(
            Dictionary(uniqueKeysWithValues: counts.map { ($0["code"]!, Int($0["count"]!)!) })
                == truth.codes.filter { $0.value > 0 })
        let input = try #require(try xmlElements("input", in: xml).first)
        #expect(input["yearBasis"] == "option")
        #expect(input["years"] == "2026")
    }

    @Test func aScriptAccountIsEscapedInTheHTMLAndTheXMLStaysValid() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            """
            2026-10-05T09:00:00+02:00 portal01 nxportal[1]: [Portal|USER|20201|<script>alert(1)</script>] \
            User created <script>alert(1)</script> is created

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
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-10-08", "--prefix", "mixed", "--malformed", "0.02",
                "--events-per-day", "50",
            ])
        // The same command twice (the manifest records the command line, so the output directory is the same).
        var runs: [[Data]] = []
        let names = ["nxaudit-2026-10.html", "nxaudit-2026-10.xml", "nxaudit-2026-10.manifest.json"]
        for _ in 0..<2 {
            let result = try nxaudit([
                "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026",
                log, "--output", dir.path + "/out",
            ])
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
        (
            ["report", "--month", "2026-10", "--from", "2026-10-01", "--to", "2026-10-02", "x.log"],
            "cannot be combined"
        ),
        (["report", "--from", "2026-10-01", "x.log"], "go together"),
        (["report", "x.log"], "name the period"),
        (["report", "--month", "2026-10"], "name at least one log"),
        (["report", "--month", "2026-10", "--format", "docx", "x.log"], "not a format"),
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
        let result = try nxaudit([
            "report", "--month", "2026-10", log, "--templates", dir.path + "/tpl", "--output", dir.path,
        ])
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
