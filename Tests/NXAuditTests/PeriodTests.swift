import Foundation
import Testing
@testable import NXAudit

@Suite("Report period and time zones")
struct PeriodTests {
    @Test func monthOf31DaysInZurichSpansTheDSTChange() throws {
        let october = try ReportPeriod(month: "2026-10", timeZone: TimeZone(identifier: "Europe/Zurich")!)
        #expect(october.dayCount == 31)
        #expect(october.interval == "[2026-10-01T00:00:00+02:00, 2026-11-01T00:00:00+01:00)")
        // 31 days and the hour given back on 25 October.
        #expect(october.endSeconds - october.startSeconds == 31 * 86_400 + 3600)
        #expect(october.label == "2026-10")
    }

    @Test func monthOf30Days() throws {
        let november = try ReportPeriod(month: "2026-11", timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(november.dayCount == 30)
        #expect(november.lastDay == CivilDate(year: 2026, month: 11, day: 30))
        #expect(november.interval == "[2026-11-01T00:00:00-04:00, 2026-12-01T00:00:00-05:00)")
    }

    @Test func februaryOfALeapYear() throws {
        let february = try ReportPeriod(month: "2028-02", timeZone: TimeZone(identifier: "UTC")!)
        #expect(february.dayCount == 29)
    }

    @Test func dateRangeLabel() throws {
        let range = try period("2026-10-01", "2026-10-15")
        #expect(range.label == "2026-10-01_2026-10-15")
        #expect(range.dayCount == 15)
    }

    /// The edges fall at local midnight: 23:59:59 on the last day is in, 00:00:00 after it is out.
    @Test func boundariesInANonUTCZone() throws {
        let zone = "Asia/Kolkata"  // +05:30, no DST
        let dir = TemporaryDirectory()
        let log = dir.write(
            "edges.log",
            """
            2026-09-30T23:59:59+05:30 h t: [Portal|SYSTEM|20001|*system] before the period
            2026-10-01T00:00:00+05:30 h t: [Portal|SYSTEM|20001|*system] first second
            2026-10-31T23:59:59+05:30 h t: [Portal|SYSTEM|20001|*system] last second
            2026-10-31T18:30:00Z h t: [Portal|SYSTEM|20001|*system] after the period (00:00 local)
            Oct 31 23:59:59 h t: [Portal|SYSTEM|20002|*system] last second, zone-less
            Nov  1 00:00:00 h t: [Portal|SYSTEM|20002|*system] after the period, zone-less
            Sep 30 23:59:59 h t: [Portal|SYSTEM|20002|*system] before the period, zone-less

            """)
        let p = try period("2026-10-01", "2026-10-31", zone)
        let evidence = try readEvidence([log], period: p)
        #expect(evidence.events.map(\.text) == ["first second", "last second", "last second, zone-less"])
        #expect(evidence.accounting.eventsOutsidePeriod == 4)
        #expect(evidence.accounting.balances)
    }

    @Test func theRepeatedHourIsNeitherLostNorDoubleCounted() throws {
        // Europe/Zurich gives back 03:00 → 02:00 on 25 October 2026: 02:xx happens twice.
        let dir = TemporaryDirectory()
        let log = dir.write(
            "dst.log",
            """
            Oct 25 01:59:00 h t: [Portal|SYSTEM|20001|*system] a
            Oct 25 02:10:00 h t: [Portal|SYSTEM|20001|*system] b first pass
            Oct 25 02:50:00 h t: [Portal|SYSTEM|20001|*system] c first pass
            Oct 25 02:49:00 h t: [Portal|SYSTEM|20001|*system] d first pass, a minute out of order
            Oct 25 02:05:00 h t: [Portal|SYSTEM|20001|*system] e second pass
            Oct 25 02:55:00 h t: [Portal|SYSTEM|20001|*system] f second pass
            Oct 25 03:00:00 h t: [Portal|SYSTEM|20001|*system] g

            """)
        let p = try ReportPeriod(month: "2026-10", timeZone: TimeZone(identifier: "Europe/Zurich")!)
        let evidence = try readEvidence([log], period: p)
        let clock = ZoneClock(zone: p.timeZone)
        let times = evidence.events.map { "\($0.text.prefix(1)) \(clock.format(utcSeconds: $0.utcSeconds))" }
        #expect(
            times == [
                "a 2026-10-25T01:59:00+02:00",
                "b 2026-10-25T02:10:00+02:00",
                "d 2026-10-25T02:49:00+02:00",
                "c 2026-10-25T02:50:00+02:00",
                "e 2026-10-25T02:05:00+01:00",
                "f 2026-10-25T02:55:00+01:00",
                "g 2026-10-25T03:00:00+01:00",
            ])
    }

    @Test func skippedHourIsPlacedWithTheOffsetBeforeTheChange() {
        // 29 March 2026, Zurich skips 02:00–03:00; 02:30 can only be a clock not yet moved.
        let clock = ZoneClock(zone: TimeZone(identifier: "Europe/Zurich")!)
        let naive = LocalDateTime(
            date: CivilDate(year: 2026, month: 3, day: 29)!, hour: 2, minute: 30, second: 0, microsecond: 0
        ).naiveSeconds
        #expect(clock.instants(forNaiveSeconds: naive).isEmpty)
        #expect(clock.format(utcSeconds: clock.instant(forNaiveSeconds: naive)) == "2026-03-29T03:30:00+02:00")
    }

    @Test(arguments: [
        ("2026-10-31", "2026-10-01", "--from 2026-10-31 is after --to 2026-10-01; swap them.")
    ])
    func fromAfterToSaysWhatToDo(from: String, to: String, message: String) {
        #expect(throws: PeriodError.fromAfterTo(from: CivilDate(iso: from)!, to: CivilDate(iso: to)!)) {
            try ReportPeriod(
                firstDay: CivilDate(iso: from)!, lastDay: CivilDate(iso: to)!, timeZone: TimeZone(identifier: "UTC")!)
        }
        #expect(PeriodError.fromAfterTo(from: CivilDate(iso: from)!, to: CivilDate(iso: to)!).description == message)
    }

    @Test(arguments: ["2026-1-01", "2026-02-30", "20261001", "2026-10-01T00:00", ""])
    func malformedDatesAreRefused(text: String) {
        #expect(throws: PeriodError.malformedDate(flag: "--from", text: text)) {
            try ReportPeriod.day(text, flag: "--from")
        }
    }

    @Test(arguments: ["2026-13", "2026-1", "Oct 2026"])
    func malformedMonthsAreRefused(text: String) {
        #expect(throws: PeriodError.malformedMonth(text)) {
            try ReportPeriod(month: text, timeZone: TimeZone(identifier: "UTC")!)
        }
    }

    @Test(arguments: ["Mars/Olympus", "CEST", "europe/zurich"])
    func unknownZonesAreRefused(name: String) {
        #expect(throws: PeriodError.unknownTimeZone(name)) { try ReportPeriod.timeZone(named: name) }
    }

    @Test func civilDateRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 2026, month: 10, day: 1)!.daysSinceEpoch == 20_727)
    }
}

@Suite("Weekdays")
struct WeekdayTests {
    @Test(arguments: [("1970-01-01", 4), ("2026-10-05", 1), ("2026-10-11", 7), ("1969-12-29", 1), ("2028-02-29", 2)])
    func isoWeekdays(date: String, weekday: Int) {
        #expect(CivilDate(iso: date)!.weekday == weekday)
    }
}
