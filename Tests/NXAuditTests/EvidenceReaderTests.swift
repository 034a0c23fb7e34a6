import Foundation
import Testing
@testable import NXAudit

@Suite("Evidence reader")
struct EvidenceReaderTests {
    /// Everything a report shows of the evidence, in a comparable form.
    struct Summary: Equatable {
        var accounting: LineAccounting
        var census: Census
        var events: [AuditEvent]
        var inputs: [InputRecord]
        var first: Int64?
        var last: Int64?

        init(_ e: Evidence) {
            (accounting, census, events, inputs, first, last) = (
                e.accounting, e.census, e.events, e.inputs, e.firstEventSeconds, e.lastEventSeconds
            )
        }
    }

    /// Reading in many small pieces on several threads gives what one pass gives,
    /// including a New Year rollover of RFC 3164 stamps and the repeated DST hour.
    @Test(arguments: [YearPolicy.fixed(2025), .modificationTime])
    func piecesReadInParallelEqualOnePass(policy: YearPolicy) throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2025-10-20", "--end", "2026-01-05", "--prefix", "rfc3164", "--events-per-day", "40",
                "--admin-per-day", "5", "--malformed", "0.01", "--seed", "5",
            ])
        // Put the file's modification time in January 2026, where the log ends.
        let january = Date(timeIntervalSince1970: 1_767_600_000)
        try FileManager.default.setAttributes([.modificationDate: january], ofItemAtPath: log)
        let p = try ReportPeriod(
            firstDay: CivilDate(iso: "2025-10-01")!, lastDay: CivilDate(iso: "2026-01-31")!,
            timeZone: TimeZone(identifier: "Europe/Zurich")!)
        let inputs = try EvidenceInput.resolve([log])
        var single = EvidenceReader(period: p, yearPolicy: policy)
        single.pieceSize = 1 << 40
        single.concurrency = 1
        var pieces = EvidenceReader(period: p, yearPolicy: policy)
        pieces.pieceSize = 20_000
        pieces.concurrency = 4
        let one = try single.read(inputs)
        let many = try pieces.read(inputs)
        #expect(try ByteSource.splitPoints(path: log, size: inputs[0].size, target: 20_000).count > 20)
        #expect(Summary(many) == Summary(one))
        #expect(one.accounting.balances)
        #expect(one.inputs[0].yearAssumption?.years == [2025, 2026])
        // The generated days all fall in the period: nothing is outside, every event is placed.
        #expect(one.accounting.eventsOutsidePeriod == 0)
    }

    /// Hosts whose bytes differ but read as the same text (a letter composed and decomposed,
    /// which Swift's String == equates) are one source in the report,
    /// every event of both counted, however the file is cut into pieces. (A piece tells them apart
    /// by bytes and merges them at its end, so the instants' order differs between readings;
    /// analysis sorts them. The pipeline fuzz target found this: regressions/pipeline.)
    @Test(
        arguments: [([0xC3, 0xA9], [0x65, 0xCC, 0x81], "h\u{E9}01")]
            as [([UInt8], [UInt8], String)])
    func hostsThatReadAlikeAreOneSourceInAnyPieces(first: [UInt8], second: [UInt8], host: String) throws {
        let dir = TemporaryDirectory()
        func line(_ hour: Int, _ hostBytes: [UInt8]) -> [UInt8] {
            Array("2026-10-24T\(hour):00:00Z h".utf8) + hostBytes
                + Array("01 nxportal[1]: [Portal|SYSTEM|20001|system] Portal is stopped\n".utf8)
        }
        let log = dir.write("audit.log", bytes: line(10, first) + line(11, second) + line(12, first))
        let inputs = try EvidenceInput.resolve([log])
        let p = try period("2026-10-01", "2026-10-31")
        var whole = EvidenceReader(period: p, yearPolicy: .fixed(2026))
        whole.pieceSize = 1 << 40
        whole.concurrency = 1
        var pieces = whole
        pieces.pieceSize = 1
        for evidence in [try whole.read(inputs), try pieces.read(inputs)] {
            let sources = evidence.census.sources
            #expect(sources.keys.map(\.host) == [host])
            let stats = try #require(sources.values.first)
            #expect(stats.eventsInPeriod == 3)
            let tenOClock: Int64 = 1_792_836_000  // 2026-10-24 10:00 UTC
            #expect(stats.occupancy.stretches.map(\.first) == [tenOClock, tenOClock + 3600, tenOClock + 7200])
        }
    }

    @Test func yearFromModificationTimeRollsBackForLaterMonths() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            """
            Dec 31 23:59:00 h t: [Portal|SYSTEM|20001|*system] old year
            Jan  1 00:01:00 h t: [Portal|SYSTEM|20001|*system] new year

            """)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_767_830_400)], ofItemAtPath: log)  // 2026-01-08
        let p = try period("2025-12-01", "2026-01-31")
        let evidence = try readEvidence([log], period: p, yearPolicy: .modificationTime)
        let clock = ZoneClock(zone: p.timeZone)
        #expect(
            evidence.events.map { clock.format(utcSeconds: $0.utcSeconds) } == [
                "2025-12-31T23:59:00+00:00", "2026-01-01T00:01:00+00:00",
            ])
        #expect(evidence.inputs[0].yearAssumption == YearAssumption(basis: .modificationTime, years: [2025, 2026]))
    }

    @Test func onlyRetainedCodesAreKeptWholeButAllAreCounted() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            """
            2026-10-05T09:00:00Z portal01 nxportal[1]: [Portal|LOGIN|20101|ana] User ana logged with session id 1
            2026-10-05T09:01:00Z portal01 nxportal[1]: [Portal|USER|20206|ana] Role R is added
            2026-10-05T09:02:00Z engine01 nxengine[2]: [Engine-01|General|10001|nxengine] Engine is up and running

            """)
        let p = try period("2026-10-01", "2026-10-31")
        let evidence = try readEvidence([log], period: p, retains: Analyzer().retains)
        #expect(evidence.events.map(\.code) == [20206, 10001])
        #expect(evidence.census.codeCounts == [20101: 1, 20206: 1, 10001: 1])
        #expect(
            evidence.census.sources.keys.sorted() == [
                SourceKey(source: "Engine-01", host: "engine01"), SourceKey(source: "Portal", host: "portal01"),
            ])
        #expect(evidence.census.sources[SourceKey(source: "Portal", host: "portal01")]?.eventsInPeriod == 2)
    }
}

/// The reader's in-place sort gives the order of a stable sort by `chronological`, ties and
/// all, whatever order the events come in.
@Suite("Chronological sort")
struct ChronologicalSortTests {
    @Test func itEqualsAStableSort() {
        var random = SeededNumbers(seed: 5)
        for round in 0..<200 {
            let count = Int(random.next() % 400)
            var events = (0..<count).map { index in
                AuditEvent(
                    utcSeconds: 1_790_000_000 + Int64(random.next() % 40), microsecond: Int32(random.next() % 3),
                    source: "Portal", category: "USER", code: 20206, user: "u\(index)", text: "t",
                    location: EvidenceLocation(
                        input: Int(random.next() % 2), path: "p", line: Int(random.next() % UInt64(max(1, count)))))
            }
            if round % 10 == 0 { events.sort(by: AuditEvent.chronological) }  // already in order
            let expected = events.sorted(by: AuditEvent.chronological)
            events.sortChronologically()
            #expect(events == expected, "round \(round)")
        }
    }
}

@Suite("Overlapping inputs")
struct DuplicateTests {
    let a = "2026-10-05T09:00:00Z h t: [Portal|LOGIN|20103|*system] User eve failed login attempts - wrong password"
    let b = "2026-10-05T09:00:01Z h t: [Portal|USER|20206|ana] Role R is added"
    let c = "2026-10-05T09:00:02Z h t: [Portal|USER|20208|ana] Role R is removed"

    func read(_ files: [String]) throws -> Evidence {
        let dir = TemporaryDirectory()
        let paths = files.enumerated().map { dir.write("input\($0.offset).log", $0.element) }
        return try readEvidence(paths, period: try period("2026-10-01", "2026-10-31"))
    }

    @Test func theSameLineInTwoInputsCountsOnce() throws {
        let evidence = try read(["\(a)\n\(b)\n", "\(b)\n\(c)\n"])
        #expect(evidence.events.map(\.code) == [20103, 20206, 20208])
        #expect(evidence.accounting.duplicates.count == 1)
        #expect(evidence.accounting.duplicates.examples.map(\.description).first?.hasSuffix("input1.log:1") == true)
        #expect(evidence.accounting.balances)
        #expect(evidence.accounting.linesRead == 4)
    }

    @Test func identicalLinesInsideOneFileAreSeparateEvents() throws {
        // Two failed logins in the same second are two; a copy holding one of them adds nothing, one holding
        // three adds one.
        let once = try read(["\(a)\n\(a)\n", "\(a)\n"])
        #expect(once.census.codeCounts[20103] == 2)
        #expect(once.accounting.duplicates.count == 1)
        let more = try read(["\(a)\n\(a)\n", "\(a)\n\(a)\n\(a)\n"])
        #expect(more.census.codeCounts[20103] == 3)
        #expect(more.accounting.duplicates.count == 2)
        #expect(more.accounting.balances)
    }

    @Test func emptyLinesAreNotDuplicatesOfEachOther() throws {
        let evidence = try read(["\n\(b)\n", "\n\(b)\n"])
        #expect(evidence.accounting.malformed[.empty]?.count == 2)
        #expect(evidence.accounting.duplicates.count == 1)
    }

    /// A collection copied by hand beside the rotated files: the report equals the one without the copy.
    @Test func aHandCollectedCopyChangesNothingButTheDuplicateCount() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-10-11", "--prefix", "mixed", "--events-per-day", "80",
                "--malformed", "0.01",
            ])
        let copy = dir.path + "/copy-of-audit.log"
        try FileManager.default.copyItem(atPath: log, toPath: copy)
        let p = try period("2026-10-01", "2026-10-31", "Europe/Zurich")
        let alone = try readEvidence([log], period: p)
        let both = try readEvidence([log, copy], period: p)
        #expect(both.census.codeCounts == alone.census.codeCounts)
        #expect(both.events == alone.events)
        // Every good line of the copy is a duplicate; a malformed line is malformed in both files.
        #expect(both.accounting.duplicates.count == alone.accounting.linesRead - alone.accounting.linesMalformed)
        #expect(both.accounting.linesMalformed == 2 * alone.accounting.linesMalformed)
        #expect(alone.accounting.linesMalformed > 0)
        #expect(both.accounting.balances)
    }
}
