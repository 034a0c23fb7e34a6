import ArgumentParser
import Foundation
import NXAudit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe log files before the first report: shapes, time, sources, defects, a command line.",
        discussion: """
            Reads every line of the inputs, whatever its date, the way a report reads it, and \
            prints per input the prefix shapes found (with a first line each), the time range, \
            the offsets stamps carry, the sources and hosts, and the year given to RFC 3164 \
            stamps; then the codes, unknown codes, malformed lines by reason, lines read as \
            Windows-1252, lines that repeat an earlier input, inputs that are not audit logs, \
            warnings in plain words, and a suggested nxaudit report command line.

            Examples:
              nxaudit inspect /var/log/nexthink
              nxaudit inspect --timezone Europe/Zurich --format json audit.log engine01.log
            """
    )

    @Argument(help: "Log files or directories, as for nxaudit report; - for standard input.")
    var inputs: [String] = []

    @Option(
        help: ArgumentHelp(
            "IANA time zone stamps without zone are read in and times are written in (default: UTC).",
            valueName: "zone"),
        transform: TimeZoneName.parse)
    var timezone: TimeZoneName?

    @Option(help: "Year of RFC 3164 stamps (which have none); default: each file's modification date.")
    var year: Int?

    @Option(help: ArgumentHelp("text for a person, json for scripts.", valueName: "text|json"))
    var format: SummaryKind = .text

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("name at least one log file or directory, e.g. nxaudit inspect /var/log/nexthink.")
        }
        if let year, !(1970...9999).contains(year) {
            throw ValidationError(
                "--year \(year) is not a plausible year; give the four-digit year of the log's RFC 3164 lines.")
        }
    }

    func run() throws {
        let inspection = try Inspection.inspect(
            inputs, zone: (timezone ?? .utc).zone, zoneGiven: timezone != nil,
            yearPolicy: year.map { .fixed($0) } ?? .modificationTime)
        switch format {
        case .text:
            print(inspection.text, terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(inspection), as: UTF8.self))
        }
    }
}
