import Testing
@testable import NXAudit

@Suite("Line parser")
struct LineParserTests {
    /// Parses a line and returns its parts as strings, or fails the test.
    func parts(
        _ line: String
    ) throws -> (stamp: RawStamp, source: String, category: String, code: Int, user: String, text: String) {
        guard case .parsed(let parsed) = LineParser.parse(line) else {
            Issue.record("expected a parsed line: \(line)")
            throw ParseFailed()
        }
        let bytes = Array(line.utf8)
        func s(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        let h = parsed.header
        return (parsed.stamp, s(h.source), s(h.category), h.code, s(h.user), s(h.textStart..<bytes.count))
    }
    struct ParseFailed: Error {}

    @Test func rfc3339WithOffsetAndFraction() throws {
        let p = try parts(
            "2026-10-05T14:03:22.123456+02:00 portal01 nxportal[1234]: [Portal|USER|20206|admin] Role Auditors is added"
        )
        #expect(p.stamp == .absolute(utcSeconds: 1_791_201_802, microsecond: 123_456, offsetSeconds: 7200))
        #expect(p.source == "Portal")
        #expect(p.category == "USER")
        #expect(p.code == 20206)
        #expect(p.user == "admin")
        #expect(p.text == "Role Auditors is added")
    }

    @Test func rfc3339InUTC() throws {
        let p = try parts(
            "2026-10-05T12:03:22.123Z portal01 nxportal[1234]: [Portal|LOGIN|20101|ben.m] User ben.m "
                + "logged with session id 1a"
        )
        #expect(p.stamp == .absolute(utcSeconds: 1_791_201_802, microsecond: 123_000, offsetSeconds: 0))
        #expect(p.user == "ben.m")
    }

    @Test func rfc3164WithoutYearOrZone() throws {
        let p = try parts("Oct  5 14:03:22 portal01 nxportal[1234]: [Portal|SYSTEM|20004|*system] Portal is stopped")
        #expect(p.stamp == .yearless(month: 10, day: 5, secondOfDay: 14 * 3600 + 3 * 60 + 22, microsecond: 0))
        #expect(p.code == 20004)
        #expect(p.user == "*system")
    }

    @Test func rfc3164WithTwoDigitDay() throws {
        let p = try parts(
            "Nov 25 00:00:01 engine01 nxengine[9]: [Engine-01|General|10001|nxengine] Engine is up and running")
        #expect(p.stamp == .yearless(month: 11, day: 25, secondOfDay: 1, microsecond: 0))
        #expect(p.source == "Engine-01")
    }

    @Test func headerIsFoundWhereverItStands() throws {
        // An unusual rsyslog template: extra fields and brackets before the header.
        let p = try parts("2026-10-05T14:03:22Z host [pid 12] <13> app: msg=[Console|Login|50001|eve] Login failed")
        #expect(p.source == "Console")
        #expect(p.code == 50001)
        #expect(p.user == "eve")
        #expect(p.text == "Login failed")
    }

    @Test func pipesAndBracketsInsideTheText() throws {
        let p = try parts(
            "2026-10-05T14:03:22Z engine01 nxengine[7]: [Engine-01|DBMGR|10028|ana.k] Manual tagging:[device|PC-[42]|x]"
        )
        #expect(p.code == 10028)
        #expect(p.text == "Manual tagging:[device|PC-[42]|x]")
        #expect(MessageSubject.of(code: 10028, text: p.text).target == "device|PC-[42]|x")
    }

    @Test func accountCreationTextOfEngine() {
        #expect(MessageSubject.of(code: 10009, text: "Finder account creation:[jules.k]").target == "jules.k")
    }

    @Test func quirk20205LoggedUnder20204IsTellApartByText() throws {
        let ownership = "Updated account ownership of 3 users"
        #expect(CodeQuirks.effectiveCode(headerCode: 20204, text: ownership) == 20205)
        let profile = "Updated profile of 3 users"
        #expect(CodeQuirks.effectiveCode(headerCode: 20204, text: profile) == 20204)
        #expect(CodeQuirks.effectiveCode(headerCode: 20205, text: ownership) == 20205)
    }

    @Test func failedLoginNamesTheAccountInTheText() throws {
        let p = try parts(
            "2026-10-05T14:03:22Z portal01 nxportal[1]: [Portal|LOGIN|20103|*system] User mallory failed "
                + "login attempts - wrong password"
        )
        #expect(p.user == "*system")
        let subject = MessageSubject.of(code: 20103, text: p.text)
        #expect(subject.target == "mallory")
        #expect(subject.details == "wrong password")
    }

    @Test(arguments: [
        ("", MalformedReason.empty),
        ("   \t ", .empty),
        ("garbage \u{0}\u{1} line without header", .noTimestamp),
        ("[Portal|SYSTEM|20001|*system] Portal is starting", .noTimestamp),
        ("Foo  5 14:03:22 portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting", .noTimestamp),
        ("2026-13-05T14:03:22Z portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting", .badTimestamp),
        ("2026-04-31T14:03:22Z portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting", .badTimestamp),
        ("2026-10-05T25:03:22Z portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting", .badTimestamp),
        ("2026-10-05T14:03:22+2:00 portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting", .badTimestamp),
        ("Feb 30 14:03:22 portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting", .badTimestamp),
        ("2026-10-05T14:03:22Z portal01 x: [Portal|SY", .noHeader),
        ("2026-10-05T14:03:22Z portal01 x: [Portal/SYSTEM/20001|*system] Portal is starting", .noHeader),
        ("2026-10-05T14:03:22Z portal01 x: [Portal|SYSTEM|2001|*system] four-digit code", .noHeader),
        ("2026-10-05T14:03:22Z portal01 x: no header at all", .noHeader),
    ])
    func malformedLinesHaveAReason(line: String, reason: MalformedReason) {
        #expect(LineParser.parse(line) == .malformed(reason))
    }

    @Test func zonelessISOStampIsAWallClockReading() throws {
        let p = try parts("2026-10-05 14:03:22 portal01 x: [Portal|SYSTEM|20001|*system] Portal is starting")
        #expect(p.stamp == .zoneless(naiveSeconds: 1_791_209_002, microsecond: 0))
    }
}
