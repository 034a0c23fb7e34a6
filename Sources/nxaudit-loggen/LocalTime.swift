/// An instant as the appliance's clock shows it: the wall-clock fields, and the UTC
/// offset they were read under, written the ways syslog prefixes and the truth file need.
struct LocalTime {
    /// How many fraction-of-second digits an ISO stamp carries.
    enum Fraction {
        /// Always six digits (rsyslog's high-precision format).
        case microseconds
        /// Always three digits, truncated (Python's `timespec="milliseconds"`).
        case milliseconds
        /// Six digits, or none when the microseconds are zero (Python's `isoformat()`).
        case pythonDefault
        /// Exactly this many digits, 0 to 9: fewer than six truncate the microseconds, more
        /// add zeros, as a nanosecond format writes a clock that counts microseconds.
        case digits(Int)
    }

    /// What follows the time of an ISO stamp.
    enum Zone {
        /// `+02:00`, `-03:30` (seconds only for the rare historical offsets that have them).
        case offset
        /// `+0200`, `-0530`: strftime's `%z` (seconds only for the rare historical offsets).
        case compactOffset
        /// `+02`, `-05`: hours only, for offsets of whole hours.
        case hourOffset
        /// `Z`: the reading is UTC.
        case utc
        /// Nothing: a wall-clock reading whose zone is known only from the context.
        case none
    }

    let date: CivilDate
    let hour: Int
    let minute: Int
    let second: Int
    let microsecond: Int
    let offsetSeconds: Int

    /// The clock reading at `instant` (microseconds since 1970, UTC) under `offsetSeconds`.
    init(instant: Int64, offsetSeconds: Int) {
        let local = instant + Int64(offsetSeconds) * 1_000_000
        let seconds = local >= 0 ? local / 1_000_000 : (local - 999_999) / 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        date = CivilDate(dayNumber: Int(days))
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        microsecond = Int(local - seconds * 1_000_000)
        self.offsetSeconds = offsetSeconds
    }

    private static let months: [[UInt8]] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ].map { Array($0.utf8) }

    /// Monday first, as `CivilDate.weekday` counts.
    private static let weekdays: [[UInt8]] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map { Array($0.utf8) }

    /// `Oct  5 14:03:22`: RFC 3164 as rsyslog's traditional file format writes it (no year, no zone).
    func appendSyslog(to text: inout LineBuffer) {
        text.append(LocalTime.months[date.month - 1])
        text.append(UInt8(ascii: " "))
        text.append(spacePadded: date.day, width: 2)
        text.append(UInt8(ascii: " "))
        appendClock(to: &text)
    }

    /// `Oct 05 14:03:22` (`journalctl -o short`: the day zero-padded), or with `precise`
    /// `Oct 05 14:03:22.123456` (`-o short-precise`).
    func appendJournal(to text: inout LineBuffer, precise: Bool) {
        text.append(LocalTime.months[date.month - 1])
        text.append(UInt8(ascii: " "))
        text.append(zeroPadded: date.day, width: 2)
        text.append(UInt8(ascii: " "))
        appendClock(to: &text)
        if precise {
            appendFraction(.microseconds, to: &text)
        }
    }

    /// `Mon 2026-10-05 14:03:22 CEST` (`journalctl -o short-full`), with the zone's `abbreviation`.
    func appendJournalFull(to text: inout LineBuffer, abbreviation: [UInt8]) {
        text.append(LocalTime.weekdays[date.weekday])
        text.append(UInt8(ascii: " "))
        appendISO(to: &text, fraction: .digits(0), zone: .none, separator: UInt8(ascii: " "))
        text.append(UInt8(ascii: " "))
        text.append(abbreviation)
    }

    /// `2026-10-05T14:03:22.123456+02:00` and its variants; `separator` goes between the
    /// date and the time.
    func appendISO(
        to text: inout LineBuffer, fraction: Fraction, zone: Zone, separator: UInt8 = UInt8(ascii: "T")
    ) {
        text.append(zeroPadded: date.year, width: 4)
        text.append(UInt8(ascii: "-"))
        text.append(zeroPadded: date.month, width: 2)
        text.append(UInt8(ascii: "-"))
        text.append(zeroPadded: date.day, width: 2)
        text.append(separator)
        appendClock(to: &text)
        appendFraction(fraction, to: &text)
        let magnitude = abs(offsetSeconds)
        switch zone {
        case .offset:
            text.append(UInt8(ascii: offsetSeconds < 0 ? "-" : "+"))
            text.append(zeroPadded: magnitude / 3600, width: 2)
            text.append(UInt8(ascii: ":"))
            text.append(zeroPadded: magnitude / 60 % 60, width: 2)
            if magnitude % 60 != 0 {
                text.append(UInt8(ascii: ":"))
                text.append(zeroPadded: magnitude % 60, width: 2)
            }
        case .compactOffset:
            text.append(UInt8(ascii: offsetSeconds < 0 ? "-" : "+"))
            text.append(zeroPadded: magnitude / 3600, width: 2)
            text.append(zeroPadded: magnitude / 60 % 60, width: 2)
            if magnitude % 60 != 0 {
                text.append(zeroPadded: magnitude % 60, width: 2)
            }
        case .hourOffset:
            precondition(magnitude % 3600 == 0, "an offset in hours only needs a zone whose offsets are whole hours")
            text.append(UInt8(ascii: offsetSeconds < 0 ? "-" : "+"))
            text.append(zeroPadded: magnitude / 3600, width: 2)
        case .utc:
            text.append(UInt8(ascii: "Z"))
        case .none:
            break
        }
    }

    private func appendFraction(_ fraction: Fraction, to text: inout LineBuffer) {
        switch fraction {
        case .microseconds:
            text.append(UInt8(ascii: "."))
            text.append(zeroPadded: microsecond, width: 6)
        case .milliseconds:
            text.append(UInt8(ascii: "."))
            text.append(zeroPadded: microsecond / 1000, width: 3)
        case .pythonDefault:
            if microsecond != 0 {
                text.append(UInt8(ascii: "."))
                text.append(zeroPadded: microsecond, width: 6)
            }
        case .digits(let count):
            guard count > 0 else { return }
            text.append(UInt8(ascii: "."))
            if count <= 6 {
                var divisor = 1
                for _ in count..<6 { divisor *= 10 }
                text.append(zeroPadded: microsecond / divisor, width: count)
            } else {
                text.append(zeroPadded: microsecond, width: 6)
                text.append(zeroPadded: 0, width: count - 6)
            }
        }
    }

    /// The instant as Python's `isoformat()` writes an aware datetime, the form of every time in the truth file.
    var isoText: String {
        var text = LineBuffer(capacity: 32)
        appendISO(to: &text, fraction: .pythonDefault, zone: .offset)
        return text.string
    }

    private func appendClock(to text: inout LineBuffer) {
        text.append(zeroPadded: hour, width: 2)
        text.append(UInt8(ascii: ":"))
        text.append(zeroPadded: minute, width: 2)
        text.append(UInt8(ascii: ":"))
        text.append(zeroPadded: second, width: 2)
    }
}
