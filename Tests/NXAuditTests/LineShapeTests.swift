import Foundation
import Testing
@testable import NXAudit

/// Every shape a line reaches nxaudit in (collectors, journald exports, Windows shares),
/// each read as the same event, placed at the same instant.
@Suite("Line shapes")
struct LineShapeTests {
    static let header = "[Portal|USER|20201|anna.k] User created carl.b is created"
    /// 2026-10-05 14:03:22 in Europe/Zurich (CEST, +02:00) is 12:03:22 UTC.
    static let instant: Int64 = 1_791_201_802

    /// The parsed line, or a recorded issue.
    func parsed(_ line: String) -> ParsedLine? {
        guard case .parsed(let parsed) = LineParser.parse(line) else {
            Issue.record("not parsed: \(line) → \(LineParser.parse(line))")
            return nil
        }
        return parsed
    }

    /// The line's instant when read in `zone`, with its host and header fields.
    func read(
        _ line: String, zone: String = "Europe/Zurich"
    ) throws -> (
        seconds: Int64?, microsecond: Int, host: String, user: String, text: String, shape: LineShape,
        priority: Bool
    ) {
        let p = try #require(parsed(line))
        let clock = ZoneClock(zone: TimeZone(identifier: zone)!)
        var years = YearResolver(policy: .fixed(2026), modification: CivilDate(year: 2026, month: 11, day: 1)!)
        let placed = StampPlacement.place(p.stamp, years: &years, clock: clock, previous: nil)
        var copy = line
        return copy.withUTF8 { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            return (
                placed.seconds, placed.microsecond, p.text(p.host, of: bytes), p.text(p.header.user, of: bytes),
                p.text(p.header.textStart..<bytes.count, of: bytes), p.shape, p.hasPriority
            )
        }
    }

    @Test(arguments: [
        // (line prefix, shape, <PRI>?, microsecond)
        ("Oct  5 14:03:22 portal01 nxportal[1234]: ", LineShape.rfc3164, false, 0),
        ("<134>Oct  5 14:03:22 portal01 nxportal[1234]: ", .rfc3164, true, 0),
        ("Oct 05 14:03:22 portal01 nxportal[1234]: ", .rfc3164, false, 0),
        ("Oct 05 14:03:22.123456 portal01 nxportal[1234]: ", .rfc3164, false, 123_456),
        ("2026-10-05T14:03:22.123456+02:00 portal01 nxportal[1234]: ", .rfc3339, false, 123_456),
        ("<134>2026-10-05T14:03:22.123456+02:00 portal01 nxportal[1234]: ", .rfc3339, true, 123_456),
        ("2026-10-05T14:03:22+0200 portal01 nxportal[1234]: ", .rfc3339, false, 0),
        ("2026-10-05T14:03:22.123456+0200 portal01 nxportal[1234]: ", .rfc3339, false, 123_456),
        ("2026-10-05 14:03:22+02 portal01 nxportal[1234]: ", .rfc3339, false, 0),
        ("2026-10-05T12:03:22Z portal01 nxportal[1234]: ", .rfc3339, false, 0),
        ("2026-10-05T12:03:22.1z portal01 nxportal[1234]: ", .rfc3339, false, 100_000),
        ("2026-10-05T12:03:22.123456789Z portal01 nxportal[1234]: ", .rfc3339, false, 123_456),
        ("2026-10-05T06:33:22-0530 portal01 nxportal[1234]: ", .rfc3339, false, 0),
        ("2026-10-05 14:03:22 portal01 nxportal[1234]: ", .isoLocal, false, 0),
        ("<134>1 2026-10-05T14:03:22.123456+02:00 portal01 nxportal 1234 - - ", .rfc5424, true, 123_456),
        ("<13>1 2026-10-05T12:03:22Z portal01 nxportal - audit - \u{FEFF}", .rfc5424, true, 0),
        (
            "<165>1 2026-10-05T14:03:22.1234567+02:00 portal01 nxportal 1234 ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\]lication\"][x@1 a=\"\\\"q\\\" \\\\\"] ",
            .rfc5424, true, 123_456
        ),
        ("Mon 2026-10-05 14:03:22 CEST portal01 nxportal[1234]: ", .shortFull, false, 0),
        ("Mon 2026-10-05 14:03:22 portal01 nxportal[1234]: ", .shortFull, false, 0),
        ("Mon 2026-10-05 12:03:22 UTC portal01 nxportal[1234]: ", .shortFull, false, 0),
        ("Mon 2026-10-05 14:03:22 +02 portal01 nxportal[1234]: ", .shortFull, false, 0),
        ("1791201802.123456 portal01 nxportal[1234]: ", .shortUnix, false, 123_456),
    ])
    func everyShapeIsTheSameEventAtTheSameInstant(prefix: String, shape: LineShape, priority: Bool, micro: Int) throws {
        let line = try read(prefix + Self.header)
        #expect(line.seconds == Self.instant, "\(prefix)")
        #expect(line.microsecond == micro, "\(prefix)")
        #expect(line.host == "portal01", "\(prefix)")
        #expect(line.user == "anna.k")
        #expect(line.text == "User created carl.b is created")
        #expect(line.shape == shape)
        #expect(line.priority == priority)
    }

    @Test func rfc5424WithoutHostOrStructuredDataKeepsItsHeaderInTheMessage() throws {
        let line = try read("<134>1 2026-10-05T12:03:22Z - - - - - " + Self.header)
        #expect(line.seconds == Self.instant)
        #expect(line.host == "")
        #expect(line.shape == .rfc5424)
    }

    @Test func aHeaderInsideStructuredDataIsNotTheLinesHeader() throws {
        let forged = "<134>1 2026-10-05T12:03:22Z portal01 app - - [x note=\"[Portal|USER|20206|mallory] \\] x\"] "
        let line = try read(forged + Self.header)
        #expect(line.user == "anna.k")
    }

    @Test func rfc5424WithoutATimestampCannotBePlaced() {
        #expect(LineParser.parse("<134>1 - portal01 app - - - " + Self.header) == .malformed(.noTimestamp))
    }

    @Test func rfc5424WithBrokenStructuredDataIsStillAnEvent() throws {
        let line = try read("<134>1 2026-10-05T12:03:22Z portal01 app - - [unterminated " + Self.header)
        #expect(line.seconds == Self.instant)
        #expect(line.user == "anna.k")
    }

    @Test(arguments: [
        "<192>Oct  5 14:03:22 portal01 x: ", "<>Oct  5 14:03:22 portal01 x: ", "<1344>Oct  5 14:03:22 portal01 x: ",
    ])
    func anOutOfRangePriorityIsNotAPriority(prefix: String) {
        #expect(LineParser.parse(prefix + Self.header) == .malformed(.noTimestamp))
    }

    @Test(arguments: [
        ("2026-10-05T14:03:22+2 h x: ", MalformedReason.badTimestamp),
        ("2026-10-05T14:03:22+020 h x: ", .badTimestamp),
        ("2026-10-05T14:03:22+0260 h x: ", .badTimestamp),
        ("2026-10-05T14:03:22+24:00 h x: ", .badTimestamp),
        ("2026-10-05T14:03:22. h x: ", .badTimestamp),
        ("Tue 2026-10-05 14:03:22 CEST h x: ", .badTimestamp),
        ("123456.5 h x: ", .noTimestamp),
        ("1791201802 h x: ", .noTimestamp),
    ])
    func brokenStampsSayWhy(prefix: String, reason: MalformedReason) {
        #expect(LineParser.parse(prefix + Self.header) == .malformed(reason), "\(prefix)")
    }

    @Test func aZoneAbbreviationIsReadInTheReportsZone() throws {
        // The repeated hour of 25 October 2026: CEST is the first pass, CET the second.
        let first = try read("Sun 2026-10-25 02:30:00 CEST h x: " + Self.header)
        let second = try read("Sun 2026-10-25 02:30:00 CET h x: " + Self.header)
        let zurich = ZoneClock(zone: TimeZone(identifier: "Europe/Zurich")!)
        #expect(zurich.instants(forNaiveSeconds: 1_792_895_400) == [first.seconds!, second.seconds!])
        // Winter time: CET.
        #expect(try read("Thu 2026-12-03 09:00:00 CET h x: " + Self.header).seconds == 1_796_284_800)
        // New York's EDT, read in New York.
        let edt = try read("Mon 2026-10-05 08:03:22 EDT h x: " + Self.header, zone: "America/New_York")
        #expect(edt.seconds == Self.instant)
    }

    @Test func aZoneAbbreviationTheZoneDoesNotUseIsAZoneMismatch() throws {
        // CEST in New York, and CEST on a winter date in Zurich.
        let inNewYork = try read("Mon 2026-10-05 14:03:22 CEST h x: " + Self.header, zone: "America/New_York")
        #expect(inNewYork.seconds == nil)
        let winter = try read("Thu 2026-12-03 09:00:00 CEST h x: " + Self.header)
        #expect(winter.seconds == nil)
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "Mon 2026-10-05 14:03:22 CEST h x: " + Self.header + "\n")
        let evidence = try readEvidence([log], period: try period("2026-10-01", "2026-10-31", "America/New_York"))
        #expect(evidence.accounting.malformed[.zoneMismatch]?.count == 1)
        #expect(evidence.accounting.balances)
    }

    @Test func theZonesAbbreviationsComeFromTheTzDatabase() {
        let zurich = ZoneAbbreviations.offsets(zone: "Europe/Zurich")
        #expect(zurich[ZoneAbbreviation("CET")] == [3600])
        #expect(zurich[ZoneAbbreviation("CEST")] == [7200])
        let kolkata = ZoneAbbreviations.offsets(zone: "Asia/Kolkata")
        #expect(kolkata[ZoneAbbreviation("IST")]?.contains(19_800) == true)
        #expect(ZoneAbbreviations.offsets(zone: "Not/AZone").isEmpty)
        #expect(ZoneAbbreviations.offsets(zone: "../../etc/passwd").isEmpty)
        let posix = ZoneAbbreviations.posixNames(Array("<+0530>-5:30".utf8))
        #expect(posix.map { String(decoding: $0.0, as: UTF8.self) } == ["+0530"] && posix.map(\.1) == [19_800])
        let us = ZoneAbbreviations.posixNames(Array("EST5EDT,M3.2.0,M11.1.0".utf8))
        #expect(
            us.map { String(decoding: $0.0, as: UTF8.self) } == ["EST", "EDT"] && us.map(\.1) == [-18_000, -14_400])
    }

    @Test func bytesThatAreNotUTF8AreReadAsWindows1252() throws {
        // "françois.m" and "Müller €" written by a Windows tool: E7, FC, 80.
        var bytes = Array("2026-10-05T12:03:22Z portal01 nxportal[1]: [Portal|USER|20201|fran".utf8)
        bytes += [0xE7] + Array("ois.m] User created M".utf8) + [0xFC] + Array("ller ".utf8) + [0x80]
        bytes += Array(" is created".utf8)
        let p = try #require(
            bytes.withUnsafeBytes { buffer -> ParsedLine? in
                guard case .parsed(let parsed) = LineParser.parse(buffer) else { return nil }
                return parsed
            })
        #expect(p.isWindows1252)
        bytes.withUnsafeBytes { buffer in
            #expect(p.text(p.header.user, of: buffer) == "françois.m")
            #expect(p.text(p.header.textStart..<buffer.count, of: buffer) == "User created Müller € is created")
        }
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", bytes: bytes + [0x0A] + Array((Self.prefix + Self.header + "\n").utf8))
        let evidence = try readEvidence([log], period: try period("2026-10-01", "2026-10-31"))
        #expect(evidence.events.map(\.user) == ["françois.m", "anna.k"])
        #expect(evidence.accounting.windows1252.count == 1)
        #expect(evidence.accounting.windows1252.examples.map(\.line) == [1])
        #expect(evidence.accounting.linesMalformed == 0)
    }
    static let prefix = "2026-10-05T12:03:23Z portal01 nxportal[1]: "

    @Test func windows1252DecodesEveryByte() {
        let all = (0...255).map(UInt8.init)
        let text = all.withUnsafeBytes { Windows1252.decode($0) }
        #expect(text.unicodeScalars.count == 256)
        #expect(Array(text.unicodeScalars)[0x80] == "€" && Array(text.unicodeScalars)[0x9F] == "Ÿ")
        #expect(Array(text.unicodeScalars)[0xE9] == "é")
    }

    @Test func validUTF8IsNotWindows1252() throws {
        let p = try #require(parsed(Self.prefix + "[Portal|USER|20201|zoë.p] User created jürgen.k is created"))
        #expect(!p.isWindows1252)
        let long = try #require(parsed(Self.prefix + Self.header + String(repeating: "é", count: 40)))
        #expect(!long.isWindows1252)
        #expect(LineParser.isValidUTF8(UnsafeRawBufferPointer(start: nil, count: 0)))
    }
}
