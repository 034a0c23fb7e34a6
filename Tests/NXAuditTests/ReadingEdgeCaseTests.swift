import Foundation
import Testing
@testable import NXAudit

/// Reading at its edges: cut-off gzip, year state across pieces and concatenations, a line of
/// exactly the limit, stamps past year 9999, rotation ties; each pinned by the input that showed it.
@Suite("Reading edge cases")
struct ReadingEdgeCaseTests {

    @Test func aCutOffGzipIsAReadErrorNotAShortLog() throws {
        let dir = TemporaryDirectory()
        let lines = (0..<5000).map {
            "2026-10-05T10:00:00Z p x: [Portal|LOGIN|20101|u\($0)] User u\($0) logged with session id \($0)"
        }
        let plain = dir.write("audit.log.1", lines.joined(separator: "\n") + "\n")
        #expect(try run("/bin/gzip", ["-n", plain]).status == 0)
        let whole = try Data(contentsOf: URL(fileURLWithPath: plain + ".gz"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: plain + ".gz"))
        #expect {
            try readEvidence([plain + ".gz"], period: try period("2026-10-01", "2026-10-31"))
        } throws: { error in
            guard case EvidenceError.readFailed(let path, _) = error else { return false }
            return path == plain + ".gz"
        }
        let result = try nxaudit(["report", "--month", "2026-10", plain + ".gz", "--output", dir.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("gzip data is damaged"))
    }

    /// A piece without any RFC 3164 line must pass the year state on to the next.
    @Test func yearStateCrossesPiecesWithoutYearlessLines() throws {
        let dir = TemporaryDirectory()
        var lines = (0..<200).map {
            "Dec 31 10:00:\(String(format: "%02d", $0 % 60)) h t: [Portal|SYSTEM|20001|*system] december \($0)"
        }
        lines += (0..<400).map { "2025-12-31T12:00:00Z h t: [Portal|SYSTEM|20002|*system] iso only \($0)" }
        lines += (0..<200).map {
            "Jan  1 10:00:\(String(format: "%02d", $0 % 60)) h t: [Portal|SYSTEM|20001|*system] january \($0)"
        }
        let log = dir.write("audit.log", lines.joined(separator: "\n") + "\n")
        let p = try period("2025-12-01", "2026-01-31")
        var reader = EvidenceReader(period: p, yearPolicy: .fixed(2025))
        reader.pieceSize = 4000
        let evidence = try reader.read(EvidenceInput.resolve([log]))
        let january = evidence.events.filter { $0.text.hasPrefix("january") }
        #expect(january.count == 200)
        #expect(january.allSatisfy { ZoneClock(zone: p.timeZone).localDate(utcSeconds: $0.utcSeconds).year == 2026 })
        #expect(evidence.inputs[0].yearAssumption?.years == [2025, 2026])
    }

    @Test func outOfOrderConcatenationIsNotANewYear() throws {
        let report = try analyze(
            """
            Dec 10 10:00:00 e1 t: [Engine-01|General|10001|nxengine] Engine is up and running
            Jun 10 10:00:00 e2 t: [Engine-02|General|10001|nxengine] Engine is up and running

            """, "2026-01-01", "2026-12-31")
        #expect(report.accounting.eventsInPeriod == 2)
    }

    @Test func aLineOfExactlyTheLimitEndingInCRLFIsNotOverlong() throws {
        let dir = TemporaryDirectory()
        let body = String(repeating: "x", count: 100)
        let path = dir.write("crlf.log", body + "\r\n" + body + "\n" + body + "x\r\n")
        var scanner = LineScanner()
        scanner.maxLineLength = 100
        var flags: [Bool] = []
        try scanner.scan(try ByteSource(input: EvidenceInput.resolve([path])[0])) { _, overlong in
            flags.append(overlong)
        }
        #expect(flags == [false, false, true])
    }

    @Test func stampsBeyondYear9999AreBadTimestamps() throws {
        #expect(
            LineParser.parse("9999-12-31T23:00:00-05:00 h p: [Portal|SYSTEM|20001|*system] x")
                == .malformed(.badTimestamp))
        #expect(throws: PeriodError.self) { try ReportPeriod(month: "9999-12", timeZone: TimeZone(identifier: "UTC")!) }
        let result = try nxaudit(["report", "--month", "9999-12", "x.log"])
        #expect(result.status == 64)
    }

    @Test func rotationTiesAreOrderedByName() throws {
        let dir = TemporaryDirectory()
        for name in ["audit.log.1.gz", "audit.log.1", "audit.log", "audit.log.gz"] { dir.write(name, "x\n") }
        let names = try EvidenceInput.resolve([dir.path]).map { URL(fileURLWithPath: $0.path).lastPathComponent }
        #expect(names == ["audit.log.1", "audit.log.1.gz", "audit.log", "audit.log.gz"])
    }
}

/// Reading several inputs: duplicates and the year rollover, concatenated files across New Year,
/// malformed lines repeated in a later input, the spool file of standard input.
@Suite("Reading several inputs")
struct ReadingSeveralInputsTests {
    func read(
        _ files: [String], year: Int = 2025, from: String = "2025-12-01", to: String = "2026-01-31"
    ) throws -> Evidence {
        let dir = TemporaryDirectory()
        let paths = files.enumerated().map { dir.write("input\($0.offset).log", $0.element) }
        return try readEvidence(paths, period: try period(from, to), yearPolicy: .fixed(year))
    }

    @Test func aDuplicateLineStillMovesTheYearOfTheLinesAfterIt() throws {
        let december = "Dec 31 23:50:00 h p: [Portal|SYSTEM|20001|*system] x"
        let january = "Jan  1 00:10:00 h p: [Portal|LOGIN|20101|alice] User alice logged with session id 1"
        let evidence = try read(["\(december)\n", "\(december)\n\(january)\n"], from: "2026-01-01", to: "2026-01-31")
        #expect(evidence.accounting.duplicates.count == 1)
        #expect(evidence.accounting.eventsInPeriod == 1, "the January line is in 2026")
    }

    @Test func concatenatedFilesThatEachCrossNewYearStayInTheirYears() throws {
        let evidence = try read([
            """
            Dec 31 23:00:00 h p: [Engine-01|General|10001|nxengine] a
            Jan  1 01:00:00 h p: [Engine-01|General|10001|nxengine] b
            Dec 31 22:00:00 h p: [Engine-02|General|10001|nxengine] c
            Jan  1 02:00:00 h p: [Engine-02|General|10001|nxengine] d

            """
        ])
        let years = evidence.events.map {
            ($0.text, CivilDate(daysSinceEpoch: Int(floorDiv($0.utcSeconds, 86_400))).year)
        }
        #expect(years.map(\.1) == [2025, 2025, 2026, 2026])
        #expect(evidence.inputs[0].yearAssumption?.years == [2025, 2026])
    }

    @Test func aMalformedLineRepeatedInALaterInputIsMalformedNotADuplicate() throws {
        let mark = "Oct  5 10:00:00 h syslogd: -- MARK --"
        let evidence = try read(["\(mark)\n", "\(mark)\n"], year: 2026, from: "2026-10-01", to: "2026-10-31")
        #expect(evidence.accounting.malformed[.noHeader]?.count == 2)
        #expect(evidence.accounting.duplicates.count == 0)
    }

    @Test func theSpoolOfStandardInputIsRemovedWhenAnotherInputIsMissing() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("in.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|ana] Role R is added\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Checkout.executable)
        process.arguments = ["report", "--month", "2026-10", "-", dir.path + "/missing.log", "--output", dir.path]
        process.standardInput = FileHandle(forReadingAtPath: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 66)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("nxaudit-stdin-\(process.processIdentifier)-") }
        #expect(leftovers.isEmpty)
    }
}
