import ArgumentParser
import Foundation
import NXAudit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Read audit logs for a period and write the compliance reports (HTML and XML by default).",
        discussion: """
            The period is whole calendar days in --timezone, written as a half-open interval in the report. \
            Name it with --month, with --from and --to, or with --period and a keyword computed from now \
            (--now, else SOURCE_DATE_EPOCH, else the clock): \(PeriodKeyword.allCases.map(\.rawValue).joined(separator: ", ")).

            Files: DIR/NAME.html, .xml, .json, .TABLE.csv and NAME.manifest.json, NAME being --name with \
            {period} (2026-10, 2026-Q3, 2026 or 2026-10-01_2026-10-15), {from} and {to} replaced. A report \
            already there is left alone when the new one has the same bytes, and is not replaced unless --force.

            Exit codes: 0 report written; 1 report written, findings at or above --fail-on; 2 report written \
            but evidence insufficient (no event in the period, a gap longer than the threshold, or more \
            malformed lines than --max-malformed); 64 usage; 66 an input missing or unreadable; 70 internal \
            error; 73 an output cannot be created or a different report is already there; 74 I/O error; \
            78 a template, the schema or the policy is broken; 65 a baseline that is not to be trusted.

            Examples:
              A month, by hand:
                nxaudit report --month 2026-10 --timezone Europe/Zurich \\
                  /var/log/nexthink
              A date range, with a policy, into a folder:
                nxaudit report --from 2026-10-01 --to 2026-10-15 \\
                  --policy policy.yaml --output reports audit.log audit.log.1
              Scheduled on the 1st (cron, systemd): last month, exit 1 on high:
                nxaudit report --period last-month --timezone Europe/Zurich \\
                  --policy /etc/nxaudit/policy.yaml --fail-on high --quiet \\
                  --output /var/lib/nxaudit/reports /var/log/nexthink
              One format to standard output:
                nxaudit report --month 2026-10 --format xml --output - audit.log
            """
    )

    @Argument(help: "Log files or directories (a directory contributes its *.log, *.log.N and *.log.N.gz files); - for standard input.")
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Read the period from this evidence archive (nxaudit archive add) instead of log files.", valueName: "PATH"))
    var archive: String?

    @Option(help: "First day of the period, YYYY-MM-DD (included).")
    var from: String?

    @Option(help: "Last day of the period, YYYY-MM-DD (included).")
    var to: String?

    @Option(help: "A calendar month, YYYY-MM, instead of --from/--to.")
    var month: String?

    @Option(help: ArgumentHelp("A period relative to now: \(PeriodKeyword.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "keyword"))
    var period: String?

    @Option(help: "The instant --period counts from, RFC 3339 (2026-11-01T02:00:00+01:00); default SOURCE_DATE_EPOCH, else the clock.")
    var now: String?

    @Option(help: "IANA time zone for the period's day boundaries and for stamps without zone.")
    var timezone: String = "UTC"

    @Option(help: "Year of RFC 3164 stamps (which have none); default: each file's modification date.")
    var year: Int?

    @Option(help: "Policy file (YAML): approved accounts, business hours, thresholds, severities. Default: the documented defaults.")
    var policy: String?

    @Option(help: "The previous period's XML report: adds a comparison (checked against its manifest when one is beside it).")
    var baseline: String?

    @Option(help: "A stretch of the period without any event longer than this is a gap: 90m, 24h, 2d (default: the policy's, 24h).")
    var gapThreshold: String?

    @Option(help: "Directory the reports are written to (created if missing); - writes the one --format to standard output.")
    var output: String = "."

    @Option(help: "File name pattern without extension; {period}, {from} and {to} are replaced.")
    var name: String = ReportWriter.defaultBase(period: "{period}")

    @Flag(help: "Replace reports of the same name that differ from the new ones.")
    var force = false

    @Option(help: "Formats to write, comma-separated: html, xml, json, csv (CSV: one file per table).")
    var format: String = "html,xml"

    @Option(help: "Folder of templates overriding the defaults file by file.")
    var templates: String?

    @Option(help: ArgumentHelp("Exit 1 when a finding has this severity or a higher one: info, low, medium, high, critical.",
                               valueName: "severity"))
    var failOn: String?

    @Option(help: "Exit 2 when more lines than this are malformed: a count (100) or a share of the lines read (0.5%).")
    var maxMalformed: String?

    @Flag(help: "No progress line and no summary on standard error (errors are still printed).")
    var quiet = false

    @Option(help: ArgumentHelp("The end-of-run summary: text on standard error, or json on standard output.", valueName: "text|json"))
    var summary: String = "text"

    func validate() throws {
        if inputs.isEmpty, archive == nil {
            throw ValidationError("name at least one log file or directory, e.g. nxaudit report --month 2026-10 /var/log/nexthink, or read an archive with --archive PATH.")
        }
        if !inputs.isEmpty, archive != nil {
            throw ValidationError("give log files or --archive, not both: a report reads one body of evidence (ingest the files first with nxaudit archive add).")
        }
        if archive != nil, year != nil {
            throw ValidationError("--year does not apply to --archive: the year of each RFC 3164 stamp was fixed when it was ingested (nxaudit archive add --year).")
        }
        _ = try reportPeriod()
        let formats = try formats()
        if output == "-" {
            guard formats.count == 1, formats[0] != .csv else {
                throw ValidationError("--output - writes one document to standard output; give one --format of html, xml or json.")
            }
        }
        if let year, !(1970...9999).contains(year) {
            throw ValidationError("--year \(year) is not a plausible year; give the four-digit year of the log's RFC 3164 lines.")
        }
        _ = try currentTime()
        _ = try gapThresholdSeconds()
        _ = try fileBase(for: try reportPeriod())
        _ = try failOnSeverity()
        _ = try malformedLimit()
        guard summary == "text" || summary == "json" else {
            throw ValidationError("--summary '\(summary)' is not a summary kind; choose text or json.")
        }
        if summary == "json" && output == "-" {
            throw ValidationError("--summary json and --output - both write to standard output; choose one (the text summary goes to standard error).")
        }
    }

    func gapThresholdSeconds() throws -> Int64? {
        guard let gapThreshold else { return nil }
        guard let seconds = DurationText.seconds(gapThreshold) else {
            throw ValidationError("--gap-threshold '\(gapThreshold)' is not a duration; write a whole number with m, h or d, e.g. 24h or 2d.")
        }
        return seconds
    }

    func failOnSeverity() throws -> Severity? {
        guard let failOn else { return nil }
        guard let severity = Severity(rawValue: failOn.lowercased()) else {
            throw ValidationError("--fail-on '\(failOn)' is not a severity; choose from \(Severity.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return severity
    }

    func malformedLimit() throws -> RunVerdict.MalformedLimit? {
        guard let maxMalformed else { return nil }
        guard let limit = RunVerdict.MalformedLimit(maxMalformed) else {
            throw ValidationError("--max-malformed '\(maxMalformed)' is neither a count (100) nor a share (0.5% or 0.005).")
        }
        return limit
    }

    /// The instant period keywords count from.
    func nowSeconds() throws -> Int64 {
        if let now {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            guard let date = formatter.date(from: now) else {
                throw ValidationError("--now '\(now)' is not an RFC 3339 instant; write it like 2026-11-01T02:00:00+01:00 or 2026-11-01T01:00:00Z.")
            }
            return Int64(date.timeIntervalSince1970)
        }
        return try currentTime()
    }

    func reportPeriod() throws -> ReportPeriod {
        do {
            let zone = try ReportPeriod.timeZone(named: timezone)
            if let period {
                guard month == nil, from == nil, to == nil else {
                    throw ValidationError("--period cannot be combined with --month or --from/--to; give one way of naming the period.")
                }
                guard let keyword = PeriodKeyword(rawValue: period) else {
                    throw ValidationError("--period '\(period)' is not a period keyword; choose from \(PeriodKeyword.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return try keyword.period(today: PeriodKeyword.today(nowSeconds: try nowSeconds(), timeZone: zone), timeZone: zone)
            }
            if now != nil {
                throw ValidationError("--now only sets the instant --period counts from; give --period with it, or drop it.")
            }
            switch (month, from, to) {
            case (let month?, nil, nil):
                return try ReportPeriod(month: month, timeZone: zone)
            case (nil, let from?, let to?):
                return try ReportPeriod(firstDay: try ReportPeriod.day(from, flag: "--from"),
                                        lastDay: try ReportPeriod.day(to, flag: "--to"), timeZone: zone)
            case (.some, _, _):
                throw ValidationError("--month cannot be combined with --from/--to; give either a month or a date range.")
            case (nil, nil, nil):
                throw ValidationError("name the period: --month YYYY-MM, --from YYYY-MM-DD --to YYYY-MM-DD, or --period last-month.")
            case (nil, _, _):
                throw ValidationError("--from and --to go together; give both days of the range (both are included).")
            }
        } catch let error as PeriodError {
            throw ValidationError(error.description)
        }
    }

    /// The file name without extension: `--name` with its tokens replaced.
    func fileBase(for period: ReportPeriod) throws -> String {
        var base = name
        for (token, value) in [("{period}", period.label), ("{from}", period.firstDay.description), ("{to}", period.lastDay.description)] {
            base = base.replacingOccurrences(of: token, with: value)
        }
        if let open = base.firstIndex(of: "{") {
            throw ValidationError("--name '\(name)': \(base[open...].prefix { $0 != "}" })} is not a token; use {period}, {from} and {to}.")
        }
        guard !base.isEmpty, !base.contains("/"), !base.hasPrefix("."), base.allSatisfy({ !$0.isNewline }) else {
            throw ValidationError("--name '\(name)' must give a plain file name (no '/', not starting with '.'); --output chooses the folder.")
        }
        return base
    }

    func formats() throws -> [ReportFormat] {
        let names = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let formats = try names.map { name in
            guard let format = ReportFormat(rawValue: name) else {
                throw ValidationError("--format '\(name)' is not a format; choose from \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            return format
        }
        guard !formats.isEmpty else { throw ValidationError("--format is empty; give one or more of html, xml, json, csv.") }
        return formats.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The policy file's settings (or the defaults), with command-line flags over them.
    func analysisPolicy() throws -> AnalysisPolicy {
        var result = AnalysisPolicy.defaults
        if let policy {
            do {
                result = try PolicyFile.load(path: policy, ruleIDs: Analyzer.standardRuleIDs)
            } catch {
                printError("policy \(error.description)")
                throw ExitCode(error.isMissing ? ExitStatus.noInput : ExitStatus.config)
            }
        }
        if let gap = try gapThresholdSeconds() {
            result.gapThresholdSeconds = gap
            result.origins["thresholds.gap"] = "--gap-threshold"
        }
        return result
    }

    func run() throws {
        let period = try reportPeriod()
        let display = ProgressDisplay.forStandardError(quiet: quiet)
        var request = ReportPipeline.Request(
            inputs: inputs, period: period, yearPolicy: year.map { .fixed($0) } ?? .modificationTime,
            formats: try formats(), tool: ToolInfo(version: NXAuditVersion.current),
            generatedAtSeconds: try currentTime(), policy: try analysisPolicy(), baselinePath: baseline)
        request.archivePath = archive
        if let display { request.watch = { total in display.start(totalBytes: total) } }
        do {
            let templateSet = try TemplateSet(overrides: templates)
            let outcome = try ReportPipeline.run(request, templates: templateSet)
            display?.stop()
            let verdict = RunVerdict(outcome.report, failOn: try failOnSeverity(), maxMalformed: try malformedLimit())
            let written = try write(outcome, period: period)
            // Printed even with --quiet: a cron job mails what a run writes on standard error.
            for warning in RunVerdict.inputWarnings(outcome.report) { printError("warning: " + warning) }
            if summary == "json" {
                print(RunSummary.json(outcome.report, written: written, verdict: verdict))
            } else if !quiet {
                printSummary(RunSummary.text(outcome.report, written: written, verdict: verdict))
            }
            if verdict.status != .ok { throw ExitCode(verdict.status.rawValue) }
        } catch let error as EvidenceError {
            display?.stop()
            printError(error.description)
            if case .readFailed = error { throw ExitCode(ExitStatus.ioError) }
            throw ExitCode(ExitStatus.noInput)
        } catch let error as ArchiveError {
            display?.stop()
            throw archiveExit(for: error)
        } catch let error as RenderError {
            display?.stop()
            printError(error.description)
            if case .reportInvalid = error, templates == nil {
                printError("this is a bug in nxaudit's own templates; please report it with the command line used.")
                throw ExitCode(ExitStatus.software)
            }
            throw ExitCode(ExitStatus.config)
        } catch let error as BaselineReport.Failure {
            display?.stop()
            printError(error.description)
            if case .unreadable = error { throw ExitCode(ExitStatus.noInput) }
            throw ExitCode(ExitStatus.dataError)
        } catch let error as OutputError {
            display?.stop()
            printError(error.description)
            if case .writeFailed = error { throw ExitCode(ExitStatus.ioError) }
            throw ExitCode(ExitStatus.cannotCreate)
        }
    }

    /// Writes the reports and their manifest (all or nothing), or the one document to standard output.
    func write(_ outcome: ReportPipeline.Outcome, period: ReportPeriod) throws -> [(WrittenFile, ReportWriter.Outcome)] {
        if output == "-" {
            try ReportWriter.writeStandardOutput(outcome.files[0].document.parts)
            return []
        }
        let base = try fileBase(for: period)
        var planned = outcome.files.map { ReportWriter.Planned(name: "\(base).\($0.suffix)", parts: $0.document.parts) }
        // The manifest holds the reports' digests, so it is planned from them and written last.
        let reports = planned.map { WrittenFile(path: output + "/" + $0.name, name: $0.name, size: $0.size, sha256: $0.sha256) }
        let manifest = EvidenceManifest(report: outcome.report, arguments: Array(CommandLine.arguments.dropFirst()),
                                        yearPolicy: yearPolicyValue, formats: try formats(), outputs: reports)
        planned.append(ReportWriter.Planned(name: EvidenceManifest.fileName(base: base), parts: [manifest.json()]))
        return try ReportWriter.writeAll(planned, to: output, force: force)
    }

    var yearPolicyValue: YearPolicy { year.map { .fixed($0) } ?? .modificationTime }
}

/// The paragraph printed on standard error at the end of a run, or its JSON form.
enum RunSummary {
    static func text(_ report: AuditReport, written: [(WrittenFile, ReportWriter.Outcome)], verdict: RunVerdict) -> String {
        let a = report.accounting
        let severities = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = report.findings.count { $0.severity == severity }
            return n > 0 ? "\(n) \(severity.rawValue)" : nil
        }
        let wrote = written.filter { $0.1 == .written }.map(\.0.path)
        let kept = written.filter { $0.1 == .unchanged }.map(\.0.path)
        var files = wrote.isEmpty ? "" : "wrote \(wrote.joined(separator: ", "))"
        if !kept.isEmpty { files += (files.isEmpty ? "" : "; ") + "unchanged (same bytes already there) \(kept.joined(separator: ", "))" }
        if written.isEmpty { files = "wrote the report to standard output (no manifest)" }
        return """
            nxaudit: period \(report.period.interval) \(report.period.timeZone.ianaName): \
            \(a.linesRead) lines read from \(report.inputs.count) file(s), \(a.eventsInPeriod) events in period, \
            \(a.eventsOutsidePeriod) outside, \(a.duplicates.count) duplicate, \(a.linesMalformed) malformed; \
            \(report.findings.count) finding(s)\(severities.isEmpty ? "" : " (" + severities.joined(separator: ", ") + ")"); \
            \(files); \(verdict.meaning).
            """
    }

    struct JSONSummary: Encodable {
        struct Period: Encodable { var label, from, to, start, end, timezone: String }
        struct File: Encodable { var path, sha256, outcome: String; var size: Int64 }
        var period: Period
        var inputs, linesRead, eventsInPeriod, eventsOutsidePeriod, duplicates, linesMalformed, findings: Int
        var findingsBySeverity: [String: Int]
        var files: [File]
        var exitStatus: Int32
        var exitMeaning: String
        var reasons: [String]
        var warnings: [String]
    }

    static func json(_ report: AuditReport, written: [(WrittenFile, ReportWriter.Outcome)], verdict: RunVerdict) -> String {
        let a = report.accounting
        let clock = ZoneClock(zone: report.period.timeZone)
        let summary = JSONSummary(
            period: .init(label: report.period.label, from: report.period.firstDay.description, to: report.period.lastDay.description,
                          start: clock.format(utcSeconds: report.period.startSeconds), end: clock.format(utcSeconds: report.period.endSeconds),
                          timezone: report.period.timeZone.ianaName),
            inputs: report.inputs.count, linesRead: a.linesRead, eventsInPeriod: a.eventsInPeriod,
            eventsOutsidePeriod: a.eventsOutsidePeriod, duplicates: a.duplicates.count, linesMalformed: a.linesMalformed,
            findings: report.findings.count,
            findingsBySeverity: Dictionary(uniqueKeysWithValues: Severity.allCases.map { s in (s.rawValue, report.findings.count { $0.severity == s }) }),
            files: written.map { .init(path: $0.0.path, sha256: $0.0.sha256, outcome: $0.1.rawValue, size: $0.0.size) },
            exitStatus: verdict.status.rawValue, exitMeaning: verdict.meaning, reasons: verdict.reasons,
            warnings: RunVerdict.inputWarnings(report))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(summary), as: UTF8.self)
    }
}

/// Prints the summary paragraph on standard error.
func printSummary(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
