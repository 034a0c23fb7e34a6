import ArgumentParser

/// A calendar day (proleptic Gregorian) as the flags name it, `YYYY-MM-DD`, with the
/// arithmetic the generator needs: day numbers, weekdays and the next day across
/// month and year ends, without a `Calendar` on the hot path.
struct CivilDate: Comparable, Hashable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.length(ofMonth: month, in: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `dayNumber` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = doy - (153 * mp + 2) / 5 + 1
    }

    /// Parses exactly `YYYY-MM-DD`.
    init?(parsing text: Substring) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = CivilDate.number(bytes[0..<4]), let month = CivilDate.number(bytes[5..<7]),
            let day = CivilDate.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Monday 0 … Sunday 6, as Python's `weekday()` (1970-01-01 was a Thursday).
    var weekday: Int {
        ((dayNumber + 3) % 7 + 7) % 7
    }

    var isWeekday: Bool { weekday < 5 }

    func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + days)
    }

    var description: String {
        var text = LineBuffer()
        text.append(zeroPadded: year, width: 4)
        text.append(UInt8(ascii: "-"))
        text.append(zeroPadded: month, width: 2)
        text.append(UInt8(ascii: "-"))
        text.append(zeroPadded: day, width: 2)
        return text.string
    }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The value of a date flag; the thrown sentence is shown after argument-parser's
    /// "The value … is invalid for '--flag'".
    static func argument(_ text: String) throws -> CivilDate {
        guard let date = CivilDate(parsing: Substring(text)) else {
            throw ValidationError("'\(text)' is not a calendar day; write it as YYYY-MM-DD, for example 2026-10-01.")
        }
        return date
    }

    static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The value of ASCII digits, or nil when one is not a digit.
    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
