import Foundation

/// The period a report covers: whole local days in one IANA zone, as a half-open interval.
public struct ReportPeriod: Sendable, Equatable {
    /// First day, included.
    public let firstDay: CivilDate
    /// Last day, included.
    public let lastDay: CivilDate
    /// The zone whose midnights bound the period and in which zone-less stamps are read.
    public let timeZone: TimeZone
    /// Start instant (UTC seconds), included: local midnight of `firstDay`.
    public let startSeconds: Int64
    /// End instant (UTC seconds), excluded: local midnight after `lastDay`.
    public let endSeconds: Int64
    /// A period that runs to today (`this-month`, `this-quarter`): its days may still get
    /// events, so it is never labelled like the whole month or quarter it is part of.
    public let toDate: Bool

    /// A period from `firstDay` through `lastDay`, both whole days included.
    public init(firstDay: CivilDate, lastDay: CivilDate, timeZone: TimeZone, toDate: Bool = false) throws(PeriodError) {
        guard firstDay <= lastDay else { throw .fromAfterTo(from: firstDay, to: lastDay) }
        let earliest = CivilDate(year: 1, month: 1, day: 2)!, latest = CivilDate(year: 9999, month: 12, day: 30)!
        guard firstDay >= earliest, lastDay <= latest else { throw .outOfRange(from: firstDay, to: lastDay) }
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.timeZone = timeZone
        self.toDate = toDate
        let clock = ZoneClock(zone: timeZone)
        self.startSeconds = clock.instant(forNaiveSeconds: Int64(firstDay.daysSinceEpoch) * 86_400)
        self.endSeconds = clock.instant(forNaiveSeconds: Int64(lastDay.daysSinceEpoch + 1) * 86_400)
    }

    /// The calendar month `YYYY-MM`.
    public init(month text: String, timeZone: TimeZone) throws(PeriodError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
            let year = Digits.parse(bytes[0..<4]), let month = Digits.parse(bytes[5..<7]),
            let first = CivilDate(year: year, month: month, day: 1),
            let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))
        else { throw .malformedMonth(text) }
        try self.init(firstDay: first, lastDay: last, timeZone: timeZone)
    }

    /// Looks up an IANA zone name, refusing abbreviations Foundation would guess at.
    public static func timeZone(named name: String) throws(PeriodError) -> TimeZone {
        if name == "UTC" || name == "Etc/UTC" { return TimeZone(identifier: "UTC")! }
        guard TimeZone.knownTimeZoneIdentifiers.contains(name), let zone = TimeZone(identifier: name) else {
            throw .unknownTimeZone(name)
        }
        return zone
    }

    /// Parses `YYYY-MM-DD` for the flag `flag`.
    public static func day(_ text: String, flag: String) throws(PeriodError) -> CivilDate {
        guard let date = CivilDate(iso: text) else { throw .malformedDate(flag: flag, text: text) }
        return date
    }

    /// Whether the instant lies in `[start, end)`.
    @inline(__always)
    public func contains(utcSeconds: Int64) -> Bool { utcSeconds >= startSeconds && utcSeconds < endSeconds }

    /// Number of local calendar days in the period.
    public var dayCount: Int { lastDay.daysSinceEpoch - firstDay.daysSinceEpoch + 1 }

    /// `2026-10` for a calendar month, `2026-Q3` for a calendar quarter, `2026` for a calendar
    /// year, else `2026-10-01_2026-10-15` (and always so for a period to date). Reports are named after it.
    public var label: String {
        let endsAMonth = lastDay.day == CivilDate.daysIn(month: lastDay.month, year: lastDay.year)
        let startsAMonth = firstDay.day == 1
        let year = Digits.pad(firstDay.year, 4)
        if startsAMonth && endsAMonth && lastDay.year == firstDay.year && !toDate {
            if lastDay.month == firstDay.month { return "\(year)-\(Digits.pad(firstDay.month, 2))" }
            if firstDay.month == 1 && lastDay.month == 12 { return year }
            if (firstDay.month - 1) % 3 == 0 && lastDay.month == firstDay.month + 2 {
                return "\(year)-Q\((firstDay.month + 2) / 3)"
            }
        }
        return "\(firstDay)_\(lastDay)"
    }

    /// The half-open interval with offsets: `[2026-10-01T00:00:00+02:00, 2026-11-01T00:00:00+01:00)`.
    public var interval: String {
        let clock = ZoneClock(zone: timeZone)
        return "[\(clock.format(utcSeconds: startSeconds)), \(clock.format(utcSeconds: endSeconds)))"
    }
}

/// Why a period could not be built; each message says what to change.
public enum PeriodError: Error, Equatable, CustomStringConvertible {
    case fromAfterTo(from: CivilDate, to: CivilDate)
    case malformedDate(flag: String, text: String)
    case malformedMonth(String)
    case unknownTimeZone(String)
    case outOfRange(from: CivilDate, to: CivilDate)

    public var description: String {
        switch self {
        case .fromAfterTo(let from, let to):
            "--from \(from) is after --to \(to); swap them."
        case .malformedDate(let flag, let text):
            "\(flag) '\(text)' is not a calendar date; write it as YYYY-MM-DD, for example 2026-10-01."
        case .malformedMonth(let text):
            "--month '\(text)' is not a month; write it as YYYY-MM, for example 2026-10."
        case .outOfRange(let from, let to):
            "the period \(from) to \(to) reaches beyond the years 0001 to 9999 that reports can write; "
                + "choose days from 0001-01-02 to 9999-12-30."
        case .unknownTimeZone(let name):
            "--timezone '\(name)' is not an IANA time zone; use a name such as Europe/Zurich or UTC."
        }
    }
}

extension TimeZone {
    /// The zone's IANA name as a report prints it: `UTC` where Foundation on Linux says `GMT`.
    public var ianaName: String { identifier == "GMT" ? "UTC" : identifier }
}
