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
        #expect(input["yearBasis"] == "option")
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

/// The prefix shapes of collectors other than rsyslog's file templates, and the Windows-1252
/// encoding, as `nxaudit-loggen` writes them: every line's prefix against a strict pattern of
/// its shape, and the events (the truth file) the same as with `--prefix rfc3339`, so that one
/// generated month can be rewritten into each shape.
@Suite("Generated prefix shapes and encodings")
struct GeneratedShapeTests {
    /// A zone the shapes are generated in, over a few days around its autumn clock change so
    /// that both of its offsets appear.
    struct Zone: Sendable, CustomTestStringConvertible {
        var identifier: String
        var start: String
        var end: String
        /// The sign and hours of its two offsets, as a pattern.
        var hours: String
        /// Its two offsets, sign and hours, before and after the change.
        var offsets: [String]
        /// Its two abbreviations, as a pattern.
        var abbreviations: String

        var testDescription: String { identifier }
    }

    static let zones = [
        Zone(
            identifier: "Europe/Zurich", start: "2026-10-24", end: "2026-10-27", hours: #"\+0[12]"#,
            offsets: ["+02", "+01"], abbreviations: "CEST|CET"),
        Zone(
            identifier: "America/New_York", start: "2026-10-31", end: "2026-11-03", hours: "-0[45]",
            offsets: ["-04", "-05"], abbreviations: "EDT|EST"),
    ]

    static let shapes = [
        "rfc5424", "pri-rfc3164", "pri-rfc3339", "iso-compact-offset", "iso-hour-offset", "journal-short",
        "journal-short-precise", "journal-short-iso", "journal-short-iso-precise", "journal-short-full",
    ]

    /// The arguments of a small log in `zone`, besides `--prefix`.
    static func arguments(in zone: Zone) -> [String] {
        ["--start", zone.start, "--end", zone.end, "--tz", zone.identifier, "--events-per-day", "150", "--seed", "21"]
    }

    /// The lines of a generated file, as bytes, without their line ends.
    static func lineBytes(_ path: String) throws -> [[UInt8]] {
        var lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(
            separator: 0x0A, omittingEmptySubsequences: false
        ).map { [UInt8]($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The lines of a generated UTF-8 file.
    static func lines(_ path: String) throws -> [String] {
        try lineBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The capture groups of `pattern`'s match at the start of `line` (nil for a group that took
    /// no part), or nil when it does not match.
    static func captures(_ pattern: NSRegularExpression, _ line: String) -> [String?]? {
        let whole = NSRange(line.startIndex..., in: line)
        guard let match = pattern.firstMatch(in: line, options: [.anchored], range: whole) else { return nil }
        return (0..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: line).map { String(line[$0]) }
        }
    }

    /// The strict pattern of a line's prefix in `shape`, up to the Nexthink header's first `|`.
    /// The shapes with a priority capture it first; `rfc5424` captures the priority, the
    /// fraction, the structured data and the BOM.
    static func pattern(_ shape: String, in zone: Zone) throws -> NSRegularExpression {
        let month = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        let date = #"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"#
        let time = #"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"#
        let micro = #"\.\d{6}"#
        let priority = #"<(\d{2,3})>"#
        let offset = zone.hours + ":00"
        let compact = zone.hours + "00"
        let host = "(?:portal01|engine01)"
        let tag = "(?:nxportal|nxconsole|nxengine)"
        let pid = "10(?:0[1-9]|[12][0-9]|3[01])"
        let header = #"\[(?:Portal|Console|Engine-01)\|"#
        if shape == "rfc5424" {
            let name = "[A-Za-z0-9@._-]{1,32}"
            let value = #""(?:[^"\\\]]|\\["\\\]])*""#
            let element = #"\["# + name + "(?: " + name + "=" + value + #")+\]"#
            let structured = "(-|(?:" + element + ")+)"
            return try NSRegularExpression(
                pattern: priority + "1 " + date + "T" + time + #"(\.\d{1,9})?"# + offset + " " + host + " "
                    + tag + " " + pid + " (?:-|audit) " + structured
                    + #" (\x{FEFF})?"# + header)
        }
        let stamp: String
        switch shape {
        case "pri-rfc3164": stamp = priority + month + " (?: [1-9]|[12][0-9]|3[01]) " + time
        case "pri-rfc3339": stamp = priority + date + "T" + time + micro + offset
        case "iso-compact-offset": stamp = date + "T" + time + micro + compact
        case "iso-hour-offset": stamp = date + " " + time + zone.hours
        case "journal-short": stamp = month + " (?:0[1-9]|[12][0-9]|3[01]) " + time
        case "journal-short-precise": stamp = month + " (?:0[1-9]|[12][0-9]|3[01]) " + time + micro
        case "journal-short-iso": stamp = date + "T" + time + compact
        case "journal-short-iso-precise": stamp = date + "T" + time + micro + compact
        case "journal-short-full":
            stamp = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) " + date + " " + time + " (?:" + zone.abbreviations + ")"
        default:
            Issue.record("no pattern for --prefix \(shape)")
            stamp = "(?!)"
        }
        return try NSRegularExpression(pattern: stamp + " " + host + " " + tag + #"\["# + pid + #"\]: "# + header)
    }

    /// A priority as the generator may write it: facility log audit (13) or local0-local7 (16-23),
    /// severity notice (5) or informational (6).
    static func isPriority(_ text: String?) -> Bool {
        guard let text, let value = Int(text) else { return false }
        return [13, 16, 17, 18, 19, 20, 21, 22, 23].contains(value / 8) && [5, 6].contains(value % 8)
    }

    @Test(arguments: GeneratedShapeTests.shapes, GeneratedShapeTests.zones)
    func everyLineHasTheShapesPrefixAndTheTruthIsRFC3339s(shape: String, zone: Zone) throws {
        let dir = TemporaryDirectory()
        let (log, truth) = try generateLog(
            in: dir, name: "\(shape).log", arguments: Self.arguments(in: zone) + ["--prefix", shape])
        let (plainLog, plainTruth) = try generateLog(
            in: dir, name: "rfc3339.log", arguments: Self.arguments(in: zone) + ["--prefix", "rfc3339"])
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: truth)) == Data(contentsOf: URL(fileURLWithPath: plainTruth)))

        let lines = try Self.lines(log)
        try #require(lines.count > 300, "precondition on the generated input")
        #expect(lines.count == (try Self.lines(plainLog)).count)
        let pattern = try Self.pattern(shape, in: zone)
        var structuredData: Set<String> = []
        var fractions: Set<Int> = []
        var byteOrderMarks = 0
        for (number, line) in lines.enumerated() {
            guard let groups = Self.captures(pattern, line) else {
                Issue.record("line \(number + 1) is not \(shape): \(line)")
                continue
            }
            if shape.hasPrefix("pri-") || shape == "rfc5424" {
                #expect(Self.isPriority(groups[1]), "line \(number + 1): \(line)")
            }
            if shape == "rfc5424" {
                fractions.insert(groups[2].map { $0.count - 1 } ?? 0)
                structuredData.insert(groups[3]!)
                if groups[4] != nil { byteOrderMarks += 1 }
            }
        }
        if shape == "rfc5424" {
            #expect(structuredData.contains("-"))
            #expect(structuredData.contains { $0.hasPrefix("[") })
            #expect(structuredData.contains { $0.contains("][") }, "two elements in one line")
            for escape in [#"\""#, #"\]"#, #"\\"#] {
                #expect(structuredData.contains { $0.contains(escape) }, "a value with \(escape)")
            }
            #expect(byteOrderMarks > 0, "a BOM before a message")
            #expect(fractions == Set(0...9), "fractions of every length: \(fractions.sorted())")
        }
        // The clock change is in the lines: the zone's offset (or abbreviation) before and after it.
        let marks: [String] =
            switch shape {
            case "rfc5424", "pri-rfc3339": zone.offsets.map { $0 + ":00 " }
            case "iso-compact-offset", "journal-short-iso", "journal-short-iso-precise": zone.offsets.map { $0 + "00 " }
            case "iso-hour-offset": zone.offsets.map { $0 + " " }
            case "journal-short-full": zone.abbreviations.split(separator: "|").map { " \($0) " }
            default: []
            }
        for mark in marks {
            #expect(lines.contains { $0.contains(mark) }, "no line with \"\(mark)\"")
        }
    }

    /// `journal-short-full` names the zone by its abbreviation at the line's instant.
    @Test func journalShortFullWritesCETInWinterAndCESTInSummerInZurich() throws {
        let dir = TemporaryDirectory()
        for (start, end, abbreviation) in [
            ("2026-01-12", "2026-01-15", "CET"), ("2026-07-13", "2026-07-16", "CEST"),
        ] {
            let (log, _) = try generateLog(
                in: dir, name: "\(start).log",
                arguments: [
                    "--start", start, "--end", end, "--tz", "Europe/Zurich", "--prefix", "journal-short-full",
                    "--events-per-day", "40",
                ])
            let lines = try Self.lines(log)
            try #require(!lines.isEmpty)
            let pattern = try NSRegularExpression(
                pattern: #"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ([A-Z]+) "#)
            for line in lines {
                #expect(Self.captures(pattern, line)?[1] == abbreviation, "\(line)")
            }
        }
    }

    /// The styles that cannot write every zone refuse the ones they cannot, saying why.
    @Test func aZoneTheShapeCannotWriteIsRefused() throws {
        for (shape, zone) in [("iso-hour-offset", "Asia/Kolkata"), ("journal-short-full", "Asia/Tokyo")] {
            let result = try run(
                Checkout.generator,
                ["--start", "2026-10-01", "--end", "2026-10-03", "--prefix", shape, "--tz", zone])
            #expect(result.status == 64)
            #expect(result.stderr.contains(zone) && result.stderr.contains(shape), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    /// The truth's keys the encoding test compares.
    struct EncodingTruth: Decodable, Equatable {
        var events: Int
        var codes: [String: Int]
        var linesTotal: Int
        var windows1252Lines: Int?

        enum CodingKeys: String, CodingKey {
            case events, codes
            case linesTotal = "lines_total", windows1252Lines = "windows1252_lines"
        }
    }

    /// The accounts `--encoding windows-1252` adds to the users.
    static let accentedAccounts = ["fran\u{E7}ois.m", "j\u{FC}rgen.k", "zo\u{EB}.p", "m\u{FC}ller.a", "\u{161}imon.k"]

    /// Windows-1252's 0x80–0x9F (Unicode's CP1252.TXT); nil where a byte stands for nothing.
    static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// Windows-1252 bytes as text (U+FFFD for a byte that stands for nothing).
    static func decodeWindows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if (0x80..<0xA0).contains(byte) {
                scalars.append(windows1252High[Int(byte - 0x80)] ?? "\u{FFFD}")
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// `text` as Windows-1252 can hold it: each character it lacks becomes `?`.
    static func representable(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let kept = scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) || windows1252High.contains(scalar)
            scalars.append(kept ? scalar : "?")
        }
        return String(scalars)
    }

    /// The prefix and the header up to the code: what the accented accounts leave alone.
    static func upToCode(_ line: String) -> Substring {
        var bars = 0
        let end = line.firstIndex { character in
            if character == "|" { bars += 1 }
            return bars == 3
        }
        return line[..<(end ?? line.endIndex)]
    }

    @Test func windows1252LinesAreTheUTF8RunsRecodedWithAccentedAccountsAdded() throws {
        let dir = TemporaryDirectory()
        let arguments = [
            "--start", "2026-10-05", "--end", "2026-10-08", "--tz", "Europe/Zurich", "--events-per-day", "150",
            "--seed", "8", "--hostile",
        ]
        let (utf8Log, utf8TruthPath) = try generateLog(in: dir, name: "utf8.log", arguments: arguments)
        let (log, truthPath) = try generateLog(
            in: dir, name: "windows-1252.log", arguments: arguments + ["--encoding", "windows-1252"])
        let utf8Truth = try JSONDecoder().decode(
            EncodingTruth.self, from: Data(contentsOf: URL(fileURLWithPath: utf8TruthPath)))
        let truth = try JSONDecoder().decode(
            EncodingTruth.self, from: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        #expect(utf8Truth.windows1252Lines == nil)
        #expect(truth.events == utf8Truth.events)
        #expect(truth.codes == utf8Truth.codes)
        #expect(truth.linesTotal == utf8Truth.linesTotal)

        #expect(String(data: try Data(contentsOf: URL(fileURLWithPath: log)), encoding: .utf8) == nil)
        let bytes = try Self.lineBytes(log)
        let utf8Lines = try Self.lines(utf8Log)
        try #require(bytes.count == utf8Lines.count)
        let high = bytes.filter { $0.contains { $0 >= 0x80 } }
        #expect(truth.windows1252Lines == high.count)

        var accented = 0
        var replaced = 0
        for (line, utf8Line) in zip(bytes, utf8Lines) {
            let text = Self.decodeWindows1252(line)
            if Self.accentedAccounts.contains(where: { text.contains($0) }) {
                accented += 1
                #expect(String(data: Data(line), encoding: .utf8) == nil, "\(text)")
                #expect(Self.upToCode(text) == Self.upToCode(utf8Line), "\(text)")
            } else {
                #expect(text == Self.representable(utf8Line))
                if text != utf8Line { replaced += 1 }
            }
        }
        #expect(accented > 0)
        // The hostile names' RTL override and emoji are not in Windows-1252.
        #expect(replaced > 0)
    }
}
