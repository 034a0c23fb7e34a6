import ArgumentParser

/// The rsyslog prefix layouts a line can carry (`--prefix`); see the project's
/// reference on syslog shapes. `mixed` draws one of the first three per line, as files
/// joined from appliances with different rsyslog templates look.
enum PrefixStyle: String, CaseIterable, ExpressibleByArgument {
    /// `Oct  5 14:03:22 host tag[pid]: `: local time, no year, no zone.
    case rfc3164
    /// `2026-10-05T14:03:22.123456+02:00 host tag[pid]: `: local time with its offset.
    case rfc3339
    /// `2026-10-05T12:03:22.123Z host tag[pid]: `: UTC, milliseconds.
    case rfc3339z
    /// `2026-10-05T14:03:22.123456 host tag[pid]: `: local time, no offset.
    case isoLocal = "iso-local"
    case mixed

    /// The styles `mixed` draws from.
    static let mixable: [PrefixStyle] = [.rfc3164, .rfc3339, .rfc3339z]

    /// Bytes of the time stamp and the space after it (the mean of its parts for `mixed`).
    var stampLength: Double {
        switch self {
        case .rfc3164: 16
        case .rfc3339: 33
        case .rfc3339z: 25
        case .isoLocal: 27
        case .mixed: (16 + 33 + 25) / 3
        }
    }
}
