/// Writes the syslog prefix in front of a Nexthink header: the stamp in one
/// `PrefixStyle`, the host, the program tag and a pid that changes daily (`1000 + day
/// of month`), so that a file holds several pids, as a long-running log does.
struct LinePrefix {
    /// The host names, by host index: `portal01`, then `engine01`, `engine02`, …
    let hosts: [[UInt8]]

    private static let portalTag: [UInt8] = Array("nxportal".utf8)
    private static let consoleTag: [UInt8] = Array("nxconsole".utf8)
    private static let engineTag: [UInt8] = Array("nxengine".utf8)

    /// Appends the prefix of a line logged at `instant` (microseconds, UTC) by `component` on host `host`.
    func append(
        to text: inout LineBuffer, style: PrefixStyle, instant: Int64, local: LocalTime,
        component: EventTemplate.Component, host: Int
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
        case .mixed:
            preconditionFailure("a mixed prefix draws a concrete style per line")
        }
        text.append(UInt8(ascii: " "))
        text.append(hosts[host])
        text.append(UInt8(ascii: " "))
        switch component {
        case .portal: text.append(LinePrefix.portalTag)
        case .console: text.append(LinePrefix.consoleTag)
        case .engine: text.append(LinePrefix.engineTag)
        }
        text.append(UInt8(ascii: "["))
        text.append(decimal: 1000 + local.date.day)
        text.append("]: ")
    }
}
