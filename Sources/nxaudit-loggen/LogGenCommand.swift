import ArgumentParser
import Foundation

/// `nxaudit-loggen`: writes a synthetic Nexthink classic audit trail, and optionally
/// the truth a correct analyzer must find in it. The command parses and checks the
/// flags, wires `LogGenerator` to an `OutputLayout`, writes the truth, and reports.
@main
struct LogGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nxaudit-loggen",
        abstract: "Writes a synthetic Nexthink classic audit trail, deterministic by seed, with a truth file.",
        discussion: """
            Lines are rsyslog-prefixed "[Source|Category|Code|User] Text" lines with realistic \
            daily activity (administration on weekdays 08:00-18:00, logins and remote actions \
            every day) and injected compliance scenarios: brute-force bursts with lockouts, \
            failures without lockout, off-hours and self privilege changes, short-lived accounts, \
            metric history clears, a monthly outage. Some 20205 events carry 20204 in their \
            header, as the vendor documents; failed logins (20103) name the account only in the text.

            The truth file (--truth) states, for the window --truth-from..--truth-to, the events \
            per code, the corrupted lines, and each scenario all of whose lines were written \
            intact (not dropped by --silent-gap, not spoilt by --malformed).

            On standard error, one line: "wrote N bytes, M events in truth window" (N counts the \
            stream once, before compression). The same arguments always give the same bytes. \
            Exit codes: 0 written; 64 usage error; \
            70 internal error; 73 an output cannot be created; 74 I/O error.

            Examples:
              nxaudit-loggen --start 2026-10-01 --end 2026-11-01 > october.log
              nxaudit-loggen --start 2026-01-01 --end 2027-01-01 --target-mb 500 > y.log
              nxaudit-loggen --start 2026-10-01 --end 2026-11-01 --truth t.json > x.log
              nxaudit-loggen --start 2026-10-01 --end 2026-11-01 --rotate 4 --output-dir d
              nxaudit-loggen --start 2026-10-01 --end 2026-11-01 --engines 3 \\
                  --split-hosts --output-dir hosts
            """
    )

    @Option(help: ArgumentHelp("First day, in --tz.", valueName: "yyyy-mm-dd"), transform: CivilDate.argument)
    var start: CivilDate

    @Option(
        help: ArgumentHelp("Day after the last day (exclusive).", valueName: "yyyy-mm-dd"),
        transform: CivilDate.argument)
    var end: CivilDate

    @Option(name: .customLong("events-per-day"), help: "Operational events per day (logins, executions, ...).")
    var eventsPerDay = 300

    @Option(name: .customLong("admin-per-day"), help: "Administration changes per weekday (fixed).")
    var adminPerDay = 25

    @Option(name: .customLong("target-mb"), help: "Raise the events per day to reach about this many MiB.")
    var targetMB = 0.0

    @Option(
        help: ArgumentHelp(
            "Line prefix: rfc3164 (Oct  5 14:03:22 host tag[pid]:), rfc3339 (2026-10-05T14:03:22.123456+02:00), "
                + "rfc3339z (UTC, ms), iso-local (no offset); rfc5424 (<134>1 STAMP HOST APP PROCID MSGID SD, "
                + "fraction of 0-9 digits, structured data and BOM varying per line); pri-rfc3164 and "
                + "pri-rfc3339 (<134> in front); iso-compact-offset (+0200); iso-hour-offset "
                + "(2026-10-05 14:03:22+02, whole-hour zones only); journal-short (Oct 05 14:03:22), "
                + "journal-short-precise (.123456), journal-short-iso (+0200), journal-short-iso-precise, "
                + "journal-short-full (Mon 2026-10-05 14:03:22 CEST; "
                + ZoneAbbreviations.supportedZones.joined(separator: ", ") + " only); "
                + "mixed draws rfc3164, rfc3339 or rfc3339z per line. Whatever the prefix, a seed's events "
                + "and truth are the same (not with --target-mb, which sizes the events by the prefix)."))
    var prefix: PrefixStyle = .rfc3339

    @Option(
        help: ArgumentHelp(
            "IANA zone of the appliance clock (local stamps are written in it); give the report the same --timezone.",
            valueName: "zone"))
    var tz = "Europe/Zurich"

    @Option(help: "Seed of the pseudo-random draws.")
    var seed = 1

    @Option(help: ArgumentHelp("Fraction of lines to corrupt, 0 to 1.", valueName: "fraction"))
    var malformed = 0.0

    @Flag(help: "Include markup, quotes, pipes, brackets, RTL and emoji in names.")
    var hostile = false

    @Option(
        help: ArgumentHelp(
            "Encoding of the lines: utf-8, or windows-1252 as a Windows collector writes them (characters "
                + "Windows-1252 has become its bytes, every other one becomes ?; no RFC 5424 BOM). With "
                + "windows-1252, five accented accounts (françois.m, jürgen.k, zoë.p, müller.a, šimon.k) are "
                + "drawn like the other users: the events differ from the utf-8 run only by those accounts, and "
                + "the truth counts the lines with bytes of 0x80 or more (windows1252_lines).",
            valueName: "encoding"))
    var encoding: TextEncoding = .utf8

    @Option(help: ArgumentHelp("Write the JSON truth file here.", valueName: "file"))
    var truth: String?

    @Option(
        name: .customLong("truth-from"),
        help: ArgumentHelp("Truth window start (default --start).", valueName: "yyyy-mm-dd"),
        transform: CivilDate.argument)
    var truthFrom: CivilDate?

    @Option(
        name: .customLong("truth-to"),
        help: ArgumentHelp("Truth window end, exclusive (default --end).", valueName: "yyyy-mm-dd"),
        transform: CivilDate.argument)
    var truthTo: CivilDate?

    @Option(
        name: .customLong("silent-gap"),
        help: ArgumentHelp("Drop every event in this local window (repeatable).", valueName: "yyyy-mm-ddThh:mm/hours"),
        transform: SilentGap.argument)
    var silentGaps: [SilentGap] = []

    @Option(help: "Engines Engine-01 ... on hosts engine01 ...; Engine events are spread over them.")
    var engines = 1

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("output-dir"), help: ArgumentHelp("Folder for --rotate or --split-hosts.", valueName: "dir"))
    var outputDirectory: String?

    @Option(
        help: ArgumentHelp(
            "Split the stream into K files as logrotate leaves them: audit.log (newest), audit.log.1, "
                + "audit.log.2.gz ... audit.log.(K-1).gz (oldest).",
            valueName: "K"))
    var rotate: Int?

    @Flag(
        name: .customLong("split-hosts"),
        help:
            """
            One file per host (portal01.log, engine01.log, ...) plus all-engines.log, the Engine \
            files joined as the Audit Trail API returns them.
            """
    )
    var splitHosts = false

    func validate() throws {
        guard start < end else {
            throw ValidationError(
                "--end \(end) is not after --start \(start); --end is the day after the last day, so give a later one.")
        }
        guard TimeZone(identifier: tz) != nil else {
            throw ValidationError("--tz \(tz) is not an IANA time zone; give one such as Europe/Zurich or UTC.")
        }
        try validatePrefix()
        guard eventsPerDay >= 0 else {
            throw ValidationError("--events-per-day \(eventsPerDay) is negative; give 0 or more.")
        }
        guard adminPerDay >= 0 else {
            throw ValidationError("--admin-per-day \(adminPerDay) is negative; give 0 or more.")
        }
        guard targetMB.isFinite, targetMB >= 0, targetMB <= 1_000_000 else {
            throw ValidationError(
                "--target-mb \(targetMB) is not a size in MiB; give a number from 0 (off) to 1000000.")
        }
        guard malformed.isFinite, (0...1).contains(malformed) else {
            throw ValidationError(
                "--malformed \(malformed) is not a fraction; give a number from 0 to 1, such as 0.01 for "
                    + "one line in a hundred."
            )
        }
        guard (1...999).contains(engines) else {
            throw ValidationError("--engines \(engines) is out of range; give a number of Engines from 1 to 999.")
        }
        if let truthFrom, let truthTo, truthFrom >= truthTo {
            throw ValidationError(
                "--truth-to \(truthTo) is not after --truth-from \(truthFrom); the window is half-open, so "
                    + "give a later --truth-to."
            )
        }
        if (truthFrom != nil || truthTo != nil), truth == nil {
            throw ValidationError(
                "--truth-from and --truth-to set the window of the truth file; add --truth FILE, or leave them out.")
        }
        if let rotate, !(1...1000).contains(rotate) {
            throw ValidationError(
                "--rotate \(rotate) is not a number of files; give 1 to 1000 (4 makes audit.log, "
                    + "audit.log.1, audit.log.2.gz, audit.log.3.gz)."
            )
        }
        if rotate != nil, splitHosts {
            throw ValidationError("--rotate and --split-hosts are two different layouts; give one of them.")
        }
        if (rotate != nil || splitHosts), outputDirectory == nil {
            throw ValidationError(
                "\(rotate != nil ? "--rotate" : "--split-hosts") writes several files; add --output-dir "
                    + "DIR to say where."
            )
        }
        if outputDirectory != nil, rotate == nil, !splitHosts {
            throw ValidationError(
                "--output-dir needs a layout; add --rotate K or --split-hosts, or write one file with --output FILE.")
        }
        if output != nil, outputDirectory != nil {
            throw ValidationError(
                "--output and --output-dir both say where to write; give --output for one stream, "
                    + "--output-dir for a folder."
            )
        }
    }

    /// The styles that can write only some offsets or zones: refused for a zone or period they cannot write.
    private func validatePrefix() throws {
        guard let zone = TimeZone(identifier: tz) else { return }
        switch prefix {
        case .isoHourOffset:
            let offsets = ZoneOffsets(zone: zone).offsets(from: start, through: end.adding(days: -1))
            if let odd = offsets.first(where: { $0 % 3600 != 0 }) {
                throw ValidationError(
                    "--prefix iso-hour-offset writes offsets in whole hours, but --tz \(tz) is "
                        + "\(LogGenCommand.offsetText(odd)) within --start..--end; give a zone whose offsets are "
                        + "whole hours (Europe/Zurich, America/New_York, UTC, ...) or another --prefix, such as "
                        + "iso-compact-offset."
                )
            }
        case .journalShortFull:
            let supported = ZoneAbbreviations.supportedZones.joined(separator: ", ")
            guard let abbreviations = ZoneAbbreviations(zone: tz) else {
                throw ValidationError(
                    "--prefix journal-short-full writes the zone's abbreviation, which the generator knows "
                        + "only for \(supported); --tz \(tz) is not one of them: give one of those, or another "
                        + "--prefix, such as journal-short-iso."
                )
            }
            let offsets = ZoneOffsets(zone: zone).offsets(from: start, through: end.adding(days: -1))
            if let odd = offsets.first(where: { abbreviations.abbreviation(offsetSeconds: $0) == nil }) {
                throw ValidationError(
                    "--prefix journal-short-full: --tz \(tz) is \(LogGenCommand.offsetText(odd)) within "
                        + "--start..--end, neither its standard nor its summer offset, so its abbreviation is "
                        + "unknown; give a later period or another --prefix, such as journal-short-iso."
                )
            }
        default:
            break
        }
    }

    /// `+05:30`, for messages.
    private static func offsetText(_ seconds: Int) -> String {
        var text = LineBuffer()
        LocalTime(instant: 0, offsetSeconds: seconds).appendISO(to: &text, fraction: .digits(0), zone: .offset)
        return String(text.string.dropFirst(19))
    }

    func run() throws {
        let settings = GeneratorSettings(
            start: start, end: end, eventsPerDay: eventsPerDay, adminPerDay: adminPerDay, targetMB: targetMB,
            prefix: prefix, zone: TimeZone(identifier: tz)!,
            abbreviations: prefix == .journalShortFull ? ZoneAbbreviations(zone: tz) : nil,
            seed: UInt64(bitPattern: Int64(seed)),
            malformed: malformed, hostile: hostile, truthFrom: truthFrom ?? start, truthTo: truthTo ?? end,
            silentGaps: silentGaps, engines: engines, encoding: encoding
        )
        let destination: OutputLayout.Destination =
            if let rotate, let outputDirectory {
                .rotated(directory: outputDirectory, count: rotate)
            } else if splitHosts, let outputDirectory { .perHost(directory: outputDirectory) } else if let output {
                .file(output)
            } else { .standardOutput }
        do {
            var generator = LogGenerator(settings: settings)
            let layout = try OutputLayout(destination: destination, hostNames: generator.hostNames)
            var result = try generator.generate(into: layout)
            let summary = try layout.finish()
            result.linesTotal = summary.lines
            result.files = summary.files
            if let truth {
                do {
                    try Data(result.json.text.utf8).write(to: URL(fileURLWithPath: truth))
                } catch {
                    throw LogGenError.cannotCreate(path: truth, reason: (error as NSError).localizedDescription)
                }
            }
            FileHandle.standardError.write(
                Data("wrote \(summary.bytes) bytes, \(result.events) events in truth window\n".utf8))
        } catch let error as LogGenError {
            FileHandle.standardError.write(Data("nxaudit-loggen: \(error)\n".utf8))
            throw ExitCode(error.exitStatus)
        }
    }
}
