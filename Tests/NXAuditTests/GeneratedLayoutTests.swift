import Foundation
import Testing

/// The layouts `nxaudit-loggen` writes besides one file (a logrotate set, one file per host and the
/// all-Engines download, a log across New Year in RFC 3164), reported by the real executable and
/// compared with the generator's truth file number for number.
@Suite("Generated layouts against the truth", .serialized)
struct GeneratedLayoutTests {
    typealias Truth = EndToEndTests.Truth

    /// Runs `nxaudit-loggen` with `arguments`, which say where to write.
    static func generate(_ arguments: [String]) throws {
        let result = try run(Checkout.generator, arguments)
        try #require(result.status == 0, "nxaudit-loggen \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    static func truth(_ path: String) throws -> Truth {
        try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs `nxaudit report` in Europe/Zurich with `--year 2026` and returns its exit status and XML.
    static func report(
        _ period: [String], _ inputs: [String], into output: String
    ) throws -> (status: Int32, xml: String) {
        let result = try nxaudit(
            ["report"] + period + ["--timezone", "Europe/Zurich", "--year", "2026", "--format", "xml"]
                + inputs + ["--output", output])
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        let xmlName = names.first { $0.hasSuffix(".xml") }
        let xml = try #require(xmlName, "no XML report: \(result.stderr)")
        return (result.status, try String(contentsOfFile: output + "/" + xml, encoding: .utf8))
    }

    static func eventCounts(_ xml: String) throws -> [String: Int] {
        Dictionary(
            uniqueKeysWithValues: try xmlElements("eventCount", in: xml).map { ($0["code"]!, Int($0["count"]!)!) })
    }

    static func coverage(_ xml: String) throws -> [String: Int] {
        let element = try #require(try xmlElements("coverage", in: xml).first)
        return element.compactMapValues { Int($0) }
    }

    /// A month and a few days around it, rotated into four files the way logrotate leaves them.
    @Test func aRotatedFolderIsReadOldestFirstAndMatchesTheTruth() throws {
        let dir = TemporaryDirectory()
        let logs = dir.path + "/logs"
        let truthPath = dir.path + "/truth.json"
        try Self.generate([
            "--start", "2026-09-29", "--end", "2026-11-02", "--prefix", "mixed", "--malformed", "0.01", "--seed", "5",
            "--truth-from", "2026-10-01", "--truth-to", "2026-11-01", "--rotate", "4", "--output-dir", logs, "--truth",
            truthPath,
        ])
        let truth = try Self.truth(truthPath)
        let files = try #require(truth.files)
        try #require(truth.malformed > 0, "precondition on the generated input")
        // The days around the month make lines outside the period, corrupted ones among them.
        try #require(truth.malformedTotal > truth.malformed, "precondition on the generated input")

        let (status, xml) = try Self.report(["--month", "2026-10"], [logs], into: dir.path + "/out")
        #expect(status == 0)

        let inputs = try xmlElements("coverage/inputs/input", in: xml)
        let names = inputs.map { URL(fileURLWithPath: $0["path"]!).lastPathComponent }
        #expect(names == ["audit.log.3.gz", "audit.log.2.gz", "audit.log.1", "audit.log"])
        #expect(inputs.map { $0["compressed"] } == ["true", "true", "false", "false"])
        for (name, input) in zip(names, inputs) {
            #expect(Int(input["linesRead"]!) == files[name], "\(name)")
        }
        #expect(inputs.map { Int($0["linesRead"]!)! }.reduce(0, +) == truth.linesTotal)

        #expect(try Self.eventCounts(xml) == truth.reportedCodes)
        let coverage = try Self.coverage(xml)
        #expect(coverage["eventsInPeriod"] == truth.events)
        #expect(coverage["linesRead"] == truth.linesTotal)
        // A line that is not an event has no place in time: the report counts every one it read,
        // while the truth's `malformed` counts only those whose event fell in the window.
        #expect(coverage["linesMalformed"] == truth.malformedTotal)
        #expect(coverage["eventsOutsidePeriod"] == truth.linesTotal - truth.events - truth.malformedTotal)
        #expect(coverage["duplicates"] == 0)
    }

    /// The Portal file with the all-Engines download, and the same with each Engine's file as well.
    @Test func perHostFilesAndTheAllEnginesDownloadMatchTheTruth() throws {
        let dir = TemporaryDirectory()
        let hosts = dir.path + "/hosts"
        let truthPath = dir.path + "/truth.json"
        // Days before and after the month, so each file must be cut line by line, not at its first or last line.
        try Self.generate([
            "--start", "2026-09-29", "--end", "2026-11-02", "--prefix", "mixed", "--events-per-day", "60", "--seed",
            "7",
            "--truth-from", "2026-10-01", "--truth-to", "2026-11-01",
            "--engines", "3", "--split-hosts", "--output-dir", hosts, "--truth", truthPath,
        ])
        let truth = try Self.truth(truthPath)
        let files = try #require(truth.files)
        let engines = ["engine01", "engine02", "engine03"]
        // Each Engine's file whole, one after the other: every Engine covers the whole span, so the
        // download goes back in time at each file boundary.
        let joined = try engines.map { try Data(contentsOf: URL(fileURLWithPath: "\(hosts)/\($0).log")) }.reduce(
            Data(), +)
        try #require(
            try Data(contentsOf: URL(fileURLWithPath: hosts + "/all-engines.log")) == joined,
            "precondition on the generated input")
        try #require(engines.allSatisfy { (files["\($0).log"] ?? 0) > 0 }, "precondition on the generated input")
        try #require(truth.malformedTotal == 0, "precondition on the generated input")
        let download = try #require(files["all-engines.log"])

        let portal = hosts + "/portal01.log", all = hosts + "/all-engines.log"
        let (status, xml) = try Self.report(["--month", "2026-10"], [portal, all], into: dir.path + "/two")
        #expect(status == 0)
        #expect(try Self.eventCounts(xml) == truth.reportedCodes)
        let coverage = try Self.coverage(xml)
        #expect(coverage["eventsInPeriod"] == truth.events)
        #expect(coverage["eventsOutsidePeriod"] == truth.linesTotal - truth.events)
        #expect(coverage["duplicates"] == 0)
        // Every line of the download is credited to the Engine that logged it.
        let sources = try xmlElements("source", in: xml)
        for engine in engines {
            let read = sources.filter { $0["host"] == engine }.map { Int($0["eventsRead"]!)! }.reduce(0, +)
            #expect(read == files["\(engine).log"], "\(engine)")
        }

        let every = [portal] + engines.map { "\(hosts)/\($0).log" } + [all]
        let (statusAll, xmlAll) = try Self.report(["--month", "2026-10"], every, into: dir.path + "/all")
        #expect(statusAll == 0)
        #expect(try Self.eventCounts(xmlAll) == truth.reportedCodes)
        let coverageAll = try Self.coverage(xmlAll)
        #expect(coverageAll["eventsInPeriod"] == truth.events)
        // The Engine files came first, so the download holds nothing new: each of its lines is a duplicate.
        #expect(coverageAll["duplicates"] == download)
        let downloadInput = try #require(
            try xmlElements("coverage/inputs/input", in: xmlAll).first { $0["path"]!.hasSuffix("/all-engines.log") })
        #expect(Int(downloadInput["duplicates"]!) == download)
        #expect(Int(downloadInput["linesRead"]!) == download)
    }

    /// RFC 3164 stamps carry no year: with `--year 2026`, the January lines of a log that
    /// started in December belong to 2027.
    @Test func aLogAcrossNewYearInRFC3164TakesTheNextYearInJanuary() throws {
        let dir = TemporaryDirectory()
        let generation = [
            "--start", "2026-12-28", "--end", "2027-01-05", "--prefix", "rfc3164", "--events-per-day", "60", "--seed",
            "3",
        ]
        let (log, truthPath) = try generateLog(
            in: dir, arguments: generation + ["--truth-from", "2026-12-28", "--truth-to", "2027-01-05"])
        let (januaryLog, januaryTruthPath) = try generateLog(
            in: dir, name: "january.log",
            arguments: generation + ["--truth-from", "2027-01-01", "--truth-to", "2027-01-05"])
        // The truth window changes the truth, not the log: both truths describe the one log.
        try #require(
            try Data(contentsOf: URL(fileURLWithPath: log)) == Data(contentsOf: URL(fileURLWithPath: januaryLog)),
            "precondition: the generator is deterministic whatever the truth window")
        let truth = try Self.truth(truthPath)
        let january = try Self.truth(januaryTruthPath)
        try #require(january.events > 0 && january.events < truth.events, "precondition on the generated input")

        let (status, xml) = try Self.report(
            ["--from", "2026-12-28", "--to", "2027-01-04"], [log], into: dir.path + "/span")
        #expect(status == 0)
        #expect(try Self.eventCounts(xml) == truth.reportedCodes)
        let coverage = try Self.coverage(xml)
        #expect(coverage["eventsInPeriod"] == truth.events)
        #expect(coverage["eventsOutsidePeriod"] == 0)
        let input = try #require(try xmlElements("coverage/inputs/input", in: xml).first)
        #expect(input["yearBasis"] == "--year")
        #expect(input["years"] == "2026 2027")

        let (monthStatus, monthXML) = try Self.report(["--month", "2027-01"], [log], into: dir.path + "/month")
        // The log ends on 4 January: the rest of the month is a gap, so the report is written with exit 2.
        #expect(monthStatus == 2)
        #expect(try Self.eventCounts(monthXML) == january.reportedCodes)
        let monthCoverage = try Self.coverage(monthXML)
        #expect(monthCoverage["eventsInPeriod"] == january.events)
        #expect(monthCoverage["eventsOutsidePeriod"] == truth.linesTotal - january.events)
    }

    /// The vendor documents 20205 ("Updated account ownership") logged with 20204 in its header.
    @Test func a20205LoggedAs20204CountsAs20205() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-11-01", "--events-per-day", "60", "--seed", "7",
            ])
        let truth = try Self.truth(truthPath)
        try #require(truth.quirk20205As20204 > 0, "precondition on the generated input")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        // The quirk is in the log: more 20204 headers than the truth's 20204 events, by the quirk lines.
        try #require(
            lines.count { $0.contains("|20204|") } == truth.codes["20204", default: 0] + truth.quirk20205As20204,
            "precondition on the generated input")

        let (status, xml) = try Self.report(["--month", "2026-10"], [log], into: dir.path + "/out")
        #expect(status == 0)
        let counts = try Self.eventCounts(xml)
        #expect(counts["20205"] == truth.codes["20205"])
        #expect(counts["20204"] == truth.codes["20204"])
        // The register lists each quirk line as a 20205.
        let entries = try xmlElements("privilegeRegister/entry", in: xml).filter { $0["code"] == "20205" }
        #expect(entries.count == truth.codes["20205"])
        let quirkLines = entries.filter { lines[Int($0["line"]!)! - 1].contains("|20204|") }
        #expect(quirkLines.count == truth.quirk20205As20204)
    }

    /// The promise of `--help`: the same arguments always give the same bytes.
    @Test func theGeneratorGivesTheSameBytesForTheSameArgumentsAndOthersForAnotherSeed() throws {
        let dir = TemporaryDirectory()
        let arguments = [
            "--start", "2026-10-01", "--end", "2026-10-15", "--hostile", "--malformed", "0.05", "--engines", "2",
            "--prefix", "mixed", "--events-per-day", "60", "--silent-gap", "2026-10-07T10:00/5",
        ]
        var outputs: [(log: Data, truth: Data)] = []
        for (name, seed) in [("first.log", "4"), ("second.log", "4"), ("other.log", "5")] {
            let (log, truth) = try generateLog(in: dir, name: name, arguments: arguments + ["--seed", seed])
            outputs.append(
                (try Data(contentsOf: URL(fileURLWithPath: log)), try Data(contentsOf: URL(fileURLWithPath: truth))))
        }
        // The options took effect, so their draws are part of what is compared.
        let truth = try JSONDecoder().decode(TruthTests.Truth.self, from: outputs[0].truth)
        try #require(truth.silentGaps.count == 1, "precondition on the generated input")
        try #require(
            try Self.truth(dir.path + "/first.log.truth.json").malformedTotal > 0, "precondition on the generated input"
        )
        try #require(
            String(decoding: outputs[0].log, as: UTF8.self).contains(" engine02 "),
            "precondition on the generated input")

        #expect(!outputs[0].log.isEmpty)
        #expect(outputs[0].log == outputs[1].log)
        #expect(outputs[0].truth == outputs[1].truth)
        #expect(outputs[0].log != outputs[2].log)
        #expect(outputs[0].truth != outputs[2].truth)
    }

    /// `TruthTests` compares each rule with a scenario list of the truth: an empty list would let
    /// a rule that finds nothing pass. Its October, with the silent 17 October.
    @Test func everyScenarioListIsFilledForTheMonthTheRuleTestsUse() throws {
        let dir = TemporaryDirectory()
        let (_, truthPath) = try generateLog(
            in: dir,
            arguments: TruthTests.october)
        let truth = try JSONDecoder().decode(
            TruthTests.Truth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        #expect(!truth.lockouts.isEmpty)
        #expect(!truth.bruteforce.isEmpty)
        #expect(!truth.failuresWithoutLockout.isEmpty)
        #expect(!truth.offhoursPrivilege.isEmpty)
        #expect(!truth.selfPrivilege.isEmpty)
        #expect(!truth.historyClears.isEmpty)
        #expect(!truth.outages.isEmpty)
        #expect(!truth.remoteExec.isEmpty)
        #expect(!truth.shortLivedAccounts.isEmpty)
        #expect(truth.silentGaps.count == 1)
    }
}
