/// Writes the syslog prefix in front of a Nexthink header: the stamp in one
/// `PrefixStyle`, the host, the program tag and a pid that changes daily (`1000 + day
/// of month`), so that a file holds several pids, as a long-running log does.
///
/// The styles that vary per line (a priority, an RFC 5424 fraction, MSGID, structured
/// data, BOM) draw from the random stream they are given, the prefix's own, so the
/// events of a seed stay the same whatever the style.
struct LinePrefix {
    /// The host names, by host index: `portal01`, then `engine01`, `engine02`, …
    let hosts: [[UInt8]]
    /// The zone's abbreviations, for `journal-short-full` (nil for the other styles).
    let abbreviations: ZoneAbbreviations?
    /// Whether an `rfc5424` line may carry a UTF-8 BOM before its message: not when the
    /// lines are written in another encoding, which the BOM would misstate. The draw is
    /// made either way.
    let writesByteOrderMark: Bool

    init(hosts: [[UInt8]], abbreviations: ZoneAbbreviations? = nil, writesByteOrderMark: Bool = true) {
        self.hosts = hosts
        self.abbreviations = abbreviations
        self.writesByteOrderMark = writesByteOrderMark
    }

    private static let portalTag: [UInt8] = Array("nxportal".utf8)
    private static let consoleTag: [UInt8] = Array("nxconsole".utf8)
    private static let engineTag: [UInt8] = Array("nxengine".utf8)

    /// The facilities a priority is drawn from: log audit (13) and local0 to local7 (16-23).
    private static let facilities = [13, 16, 17, 18, 19, 20, 21, 22, 23]
    /// The severities a priority is drawn from: notice (5) and informational (6).
    private static let severities = [5, 6]
    private static let auditMessageID: [UInt8] = Array("audit".utf8)
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// SD-PARAM values as written, their `"`, `\` and `]` escaped with a backslash (RFC 5424 6.3.3).
    private static let notes: [[UInt8]] = [
        #"a \"quoted\" \] value \\ end"#, #"C:\\Program Files\\Nexthink\\"#, #"[bracketed\]"#, "plain",
        #"ends with a quote \""#,
    ].map { Array($0.utf8) }

    /// Appends the prefix of a line logged at `instant` (microseconds, UTC) by `component` on host `host`.
    func append(
        to text: inout LineBuffer, style: PrefixStyle, instant: Int64, local: LocalTime,
        component: EventTemplate.Component, host: Int, random: inout SeededRandom
    ) {
        switch style {
        case .rfc3164:
            local.appendSyslog(to: &text)
        case .rfc3339:
            local.appendISO(to: &text, fraction: .microseconds, zone: .offset)
        case .rfc3339z:
            LocalTime(instant: instant, offsetSeconds: 0).appendISO(to: &text, fraction: .milliseconds, zone: .utc)
        case .isoLocal:
            local.appendISO(to: &text, fraction: .microseconds, zone: .none)
        case .rfc5424:
            appendRFC5424(to: &text, local: local, component: component, host: host, random: &random)
            return
        case .priRFC3164:
            LinePrefix.appendPriority(to: &text, random: &random)
            local.appendSyslog(to: &text)
        case .priRFC3339:
            LinePrefix.appendPriority(to: &text, random: &random)
            local.appendISO(to: &text, fraction: .microseconds, zone: .offset)
        case .isoCompactOffset, .journalShortISOPrecise:
            local.appendISO(to: &text, fraction: .microseconds, zone: .compactOffset)
        case .isoHourOffset:
            local.appendISO(to: &text, fraction: .digits(0), zone: .hourOffset, separator: UInt8(ascii: " "))
        case .journalShort:
            local.appendJournal(to: &text, precise: false)
        case .journalShortPrecise:
            local.appendJournal(to: &text, precise: true)
        case .journalShortISO:
            local.appendISO(to: &text, fraction: .digits(0), zone: .compactOffset)
        case .journalShortFull:
            guard let abbreviation = abbreviations?.abbreviation(offsetSeconds: local.offsetSeconds) else {
                preconditionFailure("journal-short-full needs a zone whose abbreviations are known at every instant")
            }
            local.appendJournalFull(to: &text, abbreviation: abbreviation)
        case .mixed:
            preconditionFailure("a mixed prefix draws a concrete style per line")
        }
        text.append(UInt8(ascii: " "))
        text.append(hosts[host])
        text.append(UInt8(ascii: " "))
        text.append(LinePrefix.tag(of: component))
        text.append(UInt8(ascii: "["))
        text.append(decimal: 1000 + local.date.day)
        text.append("]: ")
    }

    private static func tag(of component: EventTemplate.Component) -> [UInt8] {
        switch component {
        case .portal: portalTag
        case .console: consoleTag
        case .engine: engineTag
        }
    }

    /// `<134>`: a facility and a severity drawn from `random`.
    private static func appendPriority(to text: inout LineBuffer, random: inout SeededRandom) {
        let facility = random.pick(facilities)
        let severity = random.pick(severities)
        text.append(UInt8(ascii: "<"))
        text.append(decimal: facility * 8 + severity)
        text.append(UInt8(ascii: ">"))
    }

    /// `<PRI>1 TIMESTAMP HOST APP-NAME PROCID MSGID STRUCTURED-DATA ` and at times a BOM, as
    /// rsyslog's `RSYSLOG_SyslogProtocol23Format` writes them.
    private func appendRFC5424(
        to text: inout LineBuffer, local: LocalTime, component: EventTemplate.Component, host: Int,
        random: inout SeededRandom
    ) {
        LinePrefix.appendPriority(to: &text, random: &random)
        text.append("1 ")
        local.appendISO(to: &text, fraction: .digits(random.below(10)), zone: .offset)
        text.append(UInt8(ascii: " "))
        text.append(hosts[host])
        text.append(UInt8(ascii: " "))
        text.append(LinePrefix.tag(of: component))
        text.append(UInt8(ascii: " "))
        text.append(decimal: 1000 + local.date.day)
        text.append(UInt8(ascii: " "))
        if random.below(2) == 0 {
            text.append(UInt8(ascii: "-"))
        } else {
            text.append(LinePrefix.auditMessageID)
        }
        text.append(UInt8(ascii: " "))
        LinePrefix.appendStructuredData(to: &text, random: &random)
        text.append(UInt8(ascii: " "))
        if random.below(4) == 0, writesByteOrderMark {
            text.append(LinePrefix.byteOrderMark)
        }
    }

    /// STRUCTURED-DATA: `-` in a third of the lines, else one or two elements, some of whose
    /// values hold escaped `"`, `\` and `]`. No value holds a `|`, so the Nexthink header's
    /// first `|` stays the line's first.
    private static func appendStructuredData(to text: inout LineBuffer, random: inout SeededRandom) {
        switch random.below(6) {
        case 0, 1:
            text.append(UInt8(ascii: "-"))
        case 2:
            appendSequence(to: &text, random: &random)
        case 3:
            appendOrigin(to: &text, random: &random, note: false)
        case 4:
            appendSequence(to: &text, random: &random)
            appendOrigin(to: &text, random: &random, note: true)
        default:
            text.append(#"[nxaudit@32473 note=""#)
            text.append(random.pick(notes))
            text.append("\"]")
        }
    }

    /// `[meta sequenceId="42"]`.
    private static func appendSequence(to text: inout LineBuffer, random: inout SeededRandom) {
        text.append(#"[meta sequenceId=""#)
        text.append(decimal: random.int(in: 1..<100_000))
        text.append("\"]")
    }

    /// `[origin ip="10.0.0.5"]`, with `note` an escaped value as well.
    private static func appendOrigin(to text: inout LineBuffer, random: inout SeededRandom, note: Bool) {
        text.append(#"[origin ip="10.0.0."#)
        text.append(decimal: random.int(in: 1..<255))
        text.append(UInt8(ascii: "\""))
        if note {
            text.append(#" note=""#)
            text.append(random.pick(notes))
            text.append(UInt8(ascii: "\""))
        }
        text.append(UInt8(ascii: "]"))
    }
}
