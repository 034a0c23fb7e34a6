import ArgumentParser
import NXAudit

/// What a report reads: log files, or an evidence archive.
struct EvidenceOptions: ParsableArguments {
    @Argument(
        help:
            """
            Log files or directories (a directory contributes its *.log, *.log.N and *.log.N.gz files); \
            - for standard input.
            """
    )
    var inputs: [String] = []

    @Option(
        help: ArgumentHelp(
            "Read the period from this evidence archive (nxaudit archive add) instead of log files.", valueName: "PATH")
    )
    var archive: String?
}

/// Which days a report covers, in which zone.
struct PeriodOptions: ParsableArguments {
    @Option(help: "First day of the period, YYYY-MM-DD (included).", transform: CivilDate.parse)
    var from: CivilDate?

    @Option(help: "Last day of the period, YYYY-MM-DD (included).", transform: CivilDate.parse)
    var to: CivilDate?

    @Option(help: "A calendar month, YYYY-MM, instead of --from/--to.")
    var month: String?

    @Option(
        help: ArgumentHelp(
            "A period relative to now: \(PeriodKeyword.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "keyword"),
        transform: PeriodKeyword.parse)
    var period: PeriodKeyword?

    @Option(
        help:
            """
            The instant --period counts from, RFC 3339 (2026-11-01T02:00:00+01:00); default \
            SOURCE_DATE_EPOCH, else the clock.
            """,
        transform: Instant.parse)
    var now: Instant?

    @Option(
        help: ArgumentHelp(
            "IANA time zone for the period's day boundaries and for stamps without zone.", default: TimeZoneName.utc),
        transform: TimeZoneName.parse)
    var timezone = TimeZoneName.utc

    /// The period the flags name. Flags that do not go together, and a period reports cannot
    /// write, are usage errors.
    func reportPeriod() throws -> ReportPeriod {
        let zone = timezone.zone
        do {
            if let period {
                guard month == nil, from == nil, to == nil else {
                    throw ValidationError(
                        "--period cannot be combined with --month or --from/--to; give one way of naming the period.")
                }
                let today = PeriodKeyword.today(nowSeconds: try now?.seconds ?? currentTime(), timeZone: zone)
                return try period.period(today: today, timeZone: zone)
            }
            if now != nil {
                throw ValidationError(
                    "--now only sets the instant --period counts from; give --period with it, or drop it.")
            }
            switch (month, from, to) {
            case (let month?, nil, nil):
                return try ReportPeriod(month: month, timeZone: zone)
            case (nil, let from?, let to?):
                return try ReportPeriod(firstDay: from, lastDay: to, timeZone: zone)
            case (.some, _, _):
                throw ValidationError(
                    "--month cannot be combined with --from/--to; give either a month or a date range.")
            case (nil, nil, nil):
                throw ValidationError(
                    "name the period: --month YYYY-MM, --from YYYY-MM-DD --to YYYY-MM-DD, or --period last-month.")
            case (nil, _, _):
                throw ValidationError("--from and --to go together; give both days of the range (both are included).")
            }
        } catch let error as PeriodError {
            throw ValidationError(error.description)
        }
    }
}

/// What the analysis holds the evidence to: the policy, the previous period, the gap threshold.
struct AnalysisOptions: ParsableArguments {
    @Option(
        help:
            """
            Policy file (YAML): approved accounts, business hours, thresholds, severities. Default: \
            the documented defaults.
            """
    )
    var policy: String?

    @Option(
        help:
            "The previous period's XML report: adds a comparison (checked against its manifest when one is beside it).")
    var baseline: String?

    @Option(
        help:
            """
            A stretch of the period without any event longer than this is a gap: 90m, 24h, 2d (default: \
            the policy's, 24h).
            """,
        transform: TimeSpan.parse)
    var gapThreshold: TimeSpan?

    /// The policy file's settings (or the defaults), with command-line flags over them.
    func analysisPolicy() throws(PolicyError) -> AnalysisPolicy {
        var result =
            try policy.map { path throws(PolicyError) in
                try PolicyFile.load(path: path, ruleIDs: Analyzer.standardRuleIDs)
            }
            ?? AnalysisPolicy.defaults
        if let gapThreshold {
            result.gapThresholdSeconds = gapThreshold.seconds
            result.origins["thresholds.gap"] = "option"  // --gap-threshold, recorded as a value
        }
        return result
    }
}

/// Where the reports go, under which names, in which formats, from which templates.
struct OutputOptions: ParsableArguments {
    @Option(
        help: "Directory the reports are written to (created if missing); - writes the one --format to standard output."
    )
    var output: String = "."

    @Option(
        help: ArgumentHelp(
            "File name pattern without extension; {period}, {from} and {to} are replaced.",
            default: ReportNamePattern.standard),
        transform: ReportNamePattern.parse)
    var name = ReportNamePattern.standard

    @Flag(help: "Replace reports of the same name that differ from the new ones.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Formats to write, comma-separated: html, xml, json, csv (CSV: one file per table), oscal, pdf (PDF/A-3b "
                + "with the XML and manifest embedded; writes the XML too).",
            default: ReportFormatList.standard),
        transform: ReportFormatList.parse)
    var format = ReportFormatList.standard

    @Option(help: "Folder of templates overriding the defaults file by file.")
    var templates: String?

    @Option(
        help: ArgumentHelp(
            "Sign the manifest and the checksum list with this SSH key (ssh-keygen -Y sign -n nxaudit): a private "
                + "key file, or the public key of a key ssh-agent holds.",
            valueName: "key"))
    var signKey: String?

    @Option(
        help: ArgumentHelp(
            "WeasyPrint's command (or a Python that imports it) for --format pdf (default: weasyprint on PATH).",
            valueName: "path"))
    var pdfRenderer: String?

    var toStandardOutput: Bool { output == "-" }

    func destination() throws -> ReportDestination {
        var destination = ReportDestination(output: output, name: name, force: force)
        if let signKey {
            let keygen = try SSHKeygen.find()
            try keygen.checkUsable(key: signKey)
            destination.signing = .init(keygen: keygen, key: signKey)
        }
        if format.formats.contains(.pdf) { destination.pdfRenderer = try PDFRenderer.find(override: pdfRenderer) }
        return destination
    }
}

/// When a written report still makes the run fail: exit 1 on findings, exit 2 on too many malformed lines.
struct VerdictOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Exit 1 when a finding has this severity or a higher one: info, low, medium, high, critical.",
            valueName: "severity"),
        transform: Severity.parse)
    var failOn: Severity?

    @Option(
        help: "Exit 2 when more lines than this are malformed: a count (100) or a share of the lines read (0.5%).",
        transform: RunVerdict.MalformedLimit.parse)
    var maxMalformed: RunVerdict.MalformedLimit?
}
