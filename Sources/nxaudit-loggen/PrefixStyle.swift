import ArgumentParser

/// The prefix layouts a line can carry (`--prefix`): rsyslog's file and forwarding
/// templates, RFC 5424, ISO stamps as other collectors write them, and `journalctl`'s
/// output modes; see the project's reference on syslog shapes. `mixed` draws one of the
/// first three per line, as files joined from appliances with different rsyslog templates look.
///
/// The styles after `iso-local` exist so that tests can rewrite one generated month into
/// each shape a collector produces: any draw they need (a priority, a fraction's length,
/// structured data) comes from the prefix's own random stream, so the events of a seed
/// and the truth file are the same whatever the style (unless `--target-mb` sizes the
/// events per day by `stampLength`).
enum PrefixStyle: String, CaseIterable, ExpressibleByArgument {
    /// `Oct  5 14:03:22 host tag[pid]: `: local time, no year, no zone.
    case rfc3164
    /// `2026-10-05T14:03:22.123456+02:00 host tag[pid]: `: local time with its offset.
    case rfc3339
    /// `2026-10-05T12:03:22.123Z host tag[pid]: `: UTC, milliseconds.
    case rfc3339z
    /// `2026-10-05T14:03:22.123456 host tag[pid]: `: local time, no offset.
    case isoLocal = "iso-local"
    /// `<134>1 2026-10-05T14:03:22.123+02:00 host tag pid MSGID SD MSG`: RFC 5424 as rsyslog's
    /// `RSYSLOG_SyslogProtocol23Format` writes it. The priority, the fraction's length (none to
    /// nine digits), MSGID (`-` or `audit`), the structured data (`-` or one or two elements
    /// with escaped values) and a UTF-8 BOM before the message vary per line.
    case rfc5424
    /// `<134>Oct  5 14:03:22 host tag[pid]: `: `rfc3164` with a priority in front.
    case priRFC3164 = "pri-rfc3164"
    /// `<134>2026-10-05T14:03:22.123456+02:00 host tag[pid]: `: rsyslog's `RSYSLOG_ForwardFormat`.
    case priRFC3339 = "pri-rfc3339"
    /// `2026-10-05T14:03:22.123456+0200 host tag[pid]: `: the offset without its colon.
    case isoCompactOffset = "iso-compact-offset"
    /// `2026-10-05 14:03:22+02 host tag[pid]: `: a space before the time, the offset in hours
    /// only; only for zones whose offsets are whole hours.
    case isoHourOffset = "iso-hour-offset"
    /// `Oct 05 14:03:22 host tag[pid]: `: `journalctl -o short` (the day zero-padded).
    case journalShort = "journal-short"
    /// `Oct 05 14:03:22.123456 host tag[pid]: `: `journalctl -o short-precise`.
    case journalShortPrecise = "journal-short-precise"
    /// `2026-10-05T14:03:22+0200 host tag[pid]: `: `journalctl -o short-iso`.
    case journalShortISO = "journal-short-iso"
    /// `2026-10-05T14:03:22.123456+0200 host tag[pid]: `: `journalctl -o short-iso-precise`.
    case journalShortISOPrecise = "journal-short-iso-precise"
    /// `Mon 2026-10-05 14:03:22 CEST host tag[pid]: `: `journalctl -o short-full`, the zone's
    /// abbreviation at that instant; only for the zones `ZoneAbbreviations` knows.
    case journalShortFull = "journal-short-full"
    case mixed

    /// The styles `mixed` draws from.
    static let mixable: [PrefixStyle] = [.rfc3164, .rfc3339, .rfc3339z]

    /// Bytes of the time stamp and the space after it (the mean of its parts for `mixed`),
    /// for sizing `--target-mb`. For the styles with a priority it counts the priority too,
    /// and for `rfc5424` the mean of every part by which its line differs from the
    /// `host tag[pid]: ` of the others (the version, MSGID, structured data, BOM).
    var stampLength: Double {
        switch self {
        case .rfc3164: 16
        case .rfc3339: 33
        case .rfc3339z: 25
        case .isoLocal: 27
        // `<PRI>1 ` (7), the stamp (19, a fraction of 5.4 bytes on average, the offset 6, a
        // space), then `tag pid ` is 2 bytes shorter than `tag[pid]: `, MSGID and its space 4,
        // the structured data and its space 28.9 (`LinePrefix.appendStructuredData`), the BOM
        // 0.75 (3 bytes in one line of four); 69.85 measured on a generated year.
        case .rfc5424: 7 + 31.4 - 2 + 4 + 28.9 + 0.75
        case .priRFC3164: 5 + 16
        case .priRFC3339: 5 + 33
        case .isoCompactOffset: 32
        case .isoHourOffset: 23
        case .journalShort: 16
        case .journalShortPrecise: 23
        case .journalShortISO: 25
        case .journalShortISOPrecise: 32
        // The weekday and its space, date and time and a space, `CET ` or `CEST `.
        case .journalShortFull: 4 + 20 + 4.5
        case .mixed: (16 + 33 + 25) / 3
        }
    }
}
