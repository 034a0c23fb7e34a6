import Foundation

/// Everything a generation run depends on, checked and resolved from the flags: the
/// same settings always give the same bytes.
struct GeneratorSettings {
    /// First day, local in `zone`.
    var start: CivilDate
    /// Day after the last day.
    var end: CivilDate
    /// Operational events per day at least (logins, executions, …).
    var eventsPerDay: Int
    /// Administration changes per weekday: fixed, since real audit trails grow by
    /// logins and executions, not by configuration changes.
    var adminPerDay: Int
    /// When above zero, raise the operations per day to reach about this many MiB.
    var targetMB: Double
    var prefix: PrefixStyle
    var zone: TimeZone
    /// The zone's abbreviations, for `journal-short-full` (nil otherwise).
    var abbreviations: ZoneAbbreviations? = nil
    var seed: UInt64
    /// Fraction of lines to corrupt.
    var malformed: Double
    var hostile: Bool
    /// The truth window, half-open, local days.
    var truthFrom: CivilDate
    var truthTo: CivilDate
    var silentGaps: [SilentGap]
    /// Engines `Engine-01` … on hosts `engine01` …
    var engines: Int
    /// The encoding the lines are written in.
    var encoding: TextEncoding = .utf8

    var days: Int { end.dayNumber - start.dayNumber }

    /// Mean bytes of an operation's line after its time stamp: host, tag and pid (26 bytes),
    /// the Nexthink header, the text and the line end, as measured on generated months.
    private static let operationLineTail = 95.1
    /// The same for administration lines.
    private static let adminLineTail = 94.7

    /// The operations per day: `eventsPerDay`, or more to reach `targetMB`.
    ///
    /// An operation writes 1.45 lines on average (45 % are sessions: a login and its
    /// logout); administration adds a fixed amount per weekday.
    var operationsPerDay: Int {
        guard targetMB > 0 else { return eventsPerDay }
        let stamp = prefix.stampLength
        let bytesPerDay = targetMB * 1_048_576 / Double(max(days, 1))
        let adminBytes = Double(adminPerDay) * 5 / 7 * (stamp + GeneratorSettings.adminLineTail)
        let perOperation = 1.45 * (stamp + GeneratorSettings.operationLineTail)
        return max(eventsPerDay, Int((bytesPerDay - adminBytes) / perOperation))
    }
}
