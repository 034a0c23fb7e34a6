import Foundation

/// Periods named relative to "now", for scheduled runs: `--period last-month`.
///
/// Each is whole local days of the report's zone; "now" is the run's injected clock
/// (`--now`, `SOURCE_DATE_EPOCH`, else the system clock), so tests and reruns pin it.
public enum PeriodKeyword: String, Sendable, CaseIterable {
    case lastMonth = "last-month"
    case thisMonth = "this-month"
    case lastQuarter = "last-quarter"
    case thisQuarter = "this-quarter"
    case lastYear = "last-year"
    case yesterday
    case last7Days = "last-7-days"

    /// What the keyword covers, for `--help` and the README.
    public var meaning: String {
        switch self {
        case .lastMonth: "the calendar month before today's"
        case .thisMonth: "from the 1st of this month to today, included"
        case .lastQuarter: "the calendar quarter before today's (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec)"
        case .thisQuarter: "from the first day of this quarter to today, included"
        case .lastYear: "the calendar year before today's"
        case .yesterday: "the day before today"
        case .last7Days: "the seven days before today (today excluded)"
        }
    }

    /// The period this keyword names when the local date in `timeZone` is `today`.
    public func period(today: CivilDate, timeZone: TimeZone) throws(PeriodError) -> ReportPeriod {
        // Years 1 to 9999 only (what reports can write); a clock outside them is a usage error, not a crash.
        guard (2...9999).contains(today.year) else { throw .outOfRange(from: today, to: today) }
        let (first, last): (CivilDate, CivilDate)
        func monthStart(_ year: Int, _ month: Int) -> CivilDate {
            CivilDate(daysSinceEpoch: CivilDate.daysFromCivil(year: year, month: month, day: 1))
        }
        func monthEnd(_ year: Int, _ month: Int) -> CivilDate {
            CivilDate(
                daysSinceEpoch: CivilDate.daysFromCivil(
                    year: year, month: month, day: CivilDate.daysIn(month: month, year: year)))
        }
        let quarterMonth = (today.month - 1) / 3 * 3 + 1
        switch self {
        case .lastMonth:
            let (y, m) = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
            (first, last) = (monthStart(y, m), monthEnd(y, m))
        case .thisMonth:
            (first, last) = (monthStart(today.year, today.month), today)
        case .lastQuarter:
            let (y, m) = quarterMonth == 1 ? (today.year - 1, 10) : (today.year, quarterMonth - 3)
            (first, last) = (monthStart(y, m), monthEnd(y, m + 2))
        case .thisQuarter:
            (first, last) = (monthStart(today.year, quarterMonth), today)
        case .lastYear:
            (first, last) = (monthStart(today.year - 1, 1), monthEnd(today.year - 1, 12))
        case .yesterday:
            (first, last) = (today.adding(days: -1), today.adding(days: -1))
        case .last7Days:
            (first, last) = (today.adding(days: -7), today.adding(days: -1))
        }
        return try ReportPeriod(
            firstDay: first, lastDay: last, timeZone: timeZone, toDate: self == .thisMonth || self == .thisQuarter)
    }

    /// The local date in `timeZone` at the instant `nowSeconds`.
    public static func today(nowSeconds: Int64, timeZone: TimeZone) -> CivilDate {
        // Clamped to the years reports can write, so the sum cannot overflow.
        let now = min(max(nowSeconds, -62_135_596_800), 253_402_300_799)
        let local = now + Int64(ZoneClock(zone: timeZone).offset(atUTCSeconds: now))
        return CivilDate(daysSinceEpoch: Int(floorDiv(local, 86_400)))
    }
}
