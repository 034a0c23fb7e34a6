/// Durations as people write them on a command line: `90m`, `24h`, `2d`, `36h`.
public enum DurationText {
    /// The longest duration accepted: ten years, far beyond any period or window.
    public static let maximumSeconds: Int64 = 3650 * 86_400

    /// Seconds in `text`, or nil when it is not a positive whole number (digits only) followed by
    /// `m`, `h` or `d`, or is longer than `maximumSeconds`.
    public static func seconds(_ text: String) -> Int64? {
        let digits = text.dropLast()
        guard let unit = text.last, !digits.isEmpty, digits.count <= 9,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int64(digits), number > 0
        else { return nil }
        let seconds: Int64
        switch unit {
        case "m": seconds = number * 60
        case "h": seconds = number * 3600
        case "d": seconds = number * 86_400
        default: return nil
        }
        return seconds <= maximumSeconds ? seconds : nil
    }

    /// `seconds` the way `seconds(_:)` reads it: whole days from two days on, else whole hours,
    /// else minutes (`90m`, `24h`, `2d`).
    public static func text(_ seconds: Int64) -> String {
        if seconds >= 2 * 86_400 && seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds > 0 && seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    /// Hours to one decimal, without a trailing `.0` (`34.8`, `24`): how reports state gaps and thresholds.
    public static func hours(_ seconds: Int64) -> String {
        let tenths = (seconds * 10 + 1800) / 3600
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// A length of time as a sentence says it, rounded once to the minute: `45 min`, `2 h 30 min`,
    /// `less than a minute`.
    public static func spoken(minutes: Double) -> String {
        if minutes < 1 { return "less than a minute" }
        let whole = Int(minutes.rounded())
        if whole < 120 { return "\(whole) min" }
        return "\(whole / 60) h \(whole % 60) min"
    }
}
