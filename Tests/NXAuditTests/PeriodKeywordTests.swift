import Foundation
import Testing
@testable import NXAudit

/// Period keywords, pinned "now", and calendar edges.
@Suite("Period keywords")
struct PeriodKeywordTests {
    let zurich = TimeZone(identifier: "Europe/Zurich")!

    func period(_ keyword: PeriodKeyword, now: String) throws -> ReportPeriod {
        let formatter = ISO8601DateFormatter()
        let seconds = Int64(formatter.date(from: now)!.timeIntervalSince1970)
        return try keyword.period(today: PeriodKeyword.today(nowSeconds: seconds, timeZone: zurich), timeZone: zurich)
    }

    /// "Now" is 1 November 2026, 00:30 in Zurich (still 31 October in UTC): the keywords count from the local date.
    @Test(arguments: [
        (
            PeriodKeyword.lastMonth, "2026-10-01", "2026-10-31",
            "[2026-10-01T00:00:00+02:00, 2026-11-01T00:00:00+01:00)", "2026-10"
        ),
        (
            .thisMonth, "2026-11-01", "2026-11-01", "[2026-11-01T00:00:00+01:00, 2026-11-02T00:00:00+01:00)",
            "2026-11-01_2026-11-01"
        ),
        (.lastQuarter, "2026-07-01", "2026-09-30", "[2026-07-01T00:00:00+02:00, 2026-10-01T00:00:00+02:00)", "2026-Q3"),
        (
            .thisQuarter, "2026-10-01", "2026-11-01", "[2026-10-01T00:00:00+02:00, 2026-11-02T00:00:00+01:00)",
            "2026-10-01_2026-11-01"
        ),
        (.lastYear, "2025-01-01", "2025-12-31", "[2025-01-01T00:00:00+01:00, 2026-01-01T00:00:00+01:00)", "2025"),
        (
            .yesterday, "2026-10-31", "2026-10-31", "[2026-10-31T00:00:00+01:00, 2026-11-01T00:00:00+01:00)",
            "2026-10-31_2026-10-31"
        ),
        (
            .last7Days, "2026-10-25", "2026-10-31", "[2026-10-25T00:00:00+02:00, 2026-11-01T00:00:00+01:00)",
            "2026-10-25_2026-10-31"
        ),
    ])
    func keywordsAreHalfOpenLocalDays(
        keyword: PeriodKeyword, from: String, to: String, interval: String, label: String
    ) throws {
        let p = try period(keyword, now: "2026-10-31T23:30:00Z")
        #expect(p.firstDay.description == from && p.lastDay.description == to)
        #expect(p.interval == interval)
        #expect(p.label == label)
    }

    @Test func yesterdayAcrossTheDSTChangeHas25Hours() throws {
        // 26 October 2026, 10:00 Zurich: yesterday is the 25th, the day clocks went back.
        let p = try period(.yesterday, now: "2026-10-26T09:00:00Z")
        #expect(p.endSeconds - p.startSeconds == 25 * 3600)
    }

    @Test func quartersAndMonthsAcrossYearsAndLeapDays() throws {
        let january = try period(.lastQuarter, now: "2026-01-15T12:00:00Z")
        #expect(
            january.label == "2025-Q4" && january.firstDay.description == "2025-10-01"
                && january.lastDay.description == "2025-12-31")
        let march2028 = try period(.lastMonth, now: "2028-03-01T12:00:00Z")
        #expect(march2028.lastDay.description == "2028-02-29" && march2028.dayCount == 29)
        let march2027 = try period(.lastMonth, now: "2027-03-01T12:00:00Z")
        #expect(march2027.dayCount == 28)
        #expect(try period(.lastYear, now: "2029-01-01T00:00:00Z").dayCount == 366, "2028 is a leap year")
        #expect(try period(.last7Days, now: "2028-03-01T12:00:00Z").firstDay.description == "2028-02-23")
    }

    @Test func aPeriodToDateIsNeverNamedLikeTheWholeMonth() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        // On the last day of October, this-month covers every day of October, but not all of its events yet.
        _ = try nxaudit([
            "report", "--period", "this-month", "--now", "2026-10-31T12:00:00Z", "--format", "xml", log, "--output",
            dir.path,
        ])
        #expect(FileManager.default.fileExists(atPath: dir.path + "/nxaudit-2026-10-01_2026-10-31.xml"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/nxaudit-2026-10.xml"))
        let tooLate = try nxaudit(
            ["report", "--period", "last-month", "--format", "xml", log, "--output", dir.path],
            environment: ["SOURCE_DATE_EPOCH": "253402300800"])
        #expect(tooLate.status == 64, "a clock beyond 9999 is a usage error, not a crash")
    }

    @Test func theCommandLinePinsNowWithTheFlagOrSourceDateEpoch() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        let flag = try nxaudit([
            "report", "--period", "last-month", "--now", "2026-11-01T02:00:00+01:00", "--timezone", "Europe/Zurich",
            "--format", "xml", "--summary", "json", log, "--output", dir.path + "/a",
        ])
        #expect(flag.status == 2, "\(flag.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/a/nxaudit-2026-10.xml"))
        // SOURCE_DATE_EPOCH 1793491200 is 2026-11-01T00:00:00Z.
        let epoch = try nxaudit([
            "report", "--period", "last-quarter", "--timezone", "Europe/Zurich", "--format", "xml", log,
            "--output", dir.path + "/b",
        ])
        #expect(FileManager.default.fileExists(atPath: dir.path + "/b/nxaudit-2026-Q3.xml"), "\(epoch.stderr)")
    }

    @Test(arguments: [
        (["--period", "last-month", "--month", "2026-10"], "cannot be combined"),
        (["--period", "last-month", "--from", "2026-10-01", "--to", "2026-10-02"], "cannot be combined"),
        (["--period", "last-fortnight"], "not a period keyword"),
        (["--month", "2026-10", "--now", "2026-11-01T00:00:00Z"], "only sets the instant"),
        (["--period", "last-month", "--now", "yesterday"], "not an RFC 3339 instant"),
        (["--period", "last-month", "--now", "0001-01-10T00:00:00Z"], "beyond the years"),
        (
            ["--month", "2026-10", "--format", "xml", "--output", "-", "--summary", "json"],
            "both write to standard output"
        ),
    ])
    func misusedPeriodFlagsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try nxaudit(["report"] + arguments + ["x.log"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
