/// Durations as people write them on a command line: `90m`, `24h`, `2d`, `36h`.
public enum DurationText {
    /// Seconds in `text`, or nil when it is not a positive whole number followed by `m`, `h` or `d`.
    public static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number > 0 else { return nil }
        switch unit {
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86_400
        default: return nil
        }
    }

    /// `seconds` the way `seconds(_:)` reads it: whole days from two days on, else whole hours,
    /// else minutes (`90m`, `24h`, `2d`).
    public static func text(_ seconds: Int64) -> String {
        if seconds >= 2 * 86_400 && seconds % 86_400 == 0 { return "\(seconds / 86_400)d" }
        if seconds > 0 && seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
