import ArgumentParser
import Foundation
import NXAudit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Read audit logs for a period and write the HTML and XML compliance reports.",
        discussion: """
            The period is whole calendar days in --timezone, written as a half-open interval in the report.

            Examples:
              nxaudit report --month 2026-10 --timezone Europe/Zurich /var/log/nexthink
              nxaudit report --from 2026-10-01 --to 2026-10-15 audit.log audit.log.1 --output reports
            """
    )

    @Argument(help: "Log files or directories (a directory contributes its *.log, *.log.N and *.log.N.gz files); - for standard input.")
    var inputs: [String] = []

    @Option(help: "First day of the period, YYYY-MM-DD (included).")
    var from: String?

    @Option(help: "Last day of the period, YYYY-MM-DD (included).")
    var to: String?

    @Option(help: "A calendar month, YYYY-MM, instead of --from/--to.")
    var month: String?

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

    @Option(help: "Directory the reports are written to (created if missing).")
    var output: String = "."

    @Option(help: "Formats to write, comma-separated: html, xml, json, csv (CSV: one file per table).")
    var format: String = "html,xml"

    @Option(help: "Folder of templates overriding the defaults file by file.")
    var templates: String?

    func validate() throws {
        if inputs.isEmpty {
            throw ValidationError("name at least one log file or directory, e.g. nxaudit report --month 2026-10 /var/log/nexthink.")
        }
        _ = try period()
        _ = try formats()
        if let year, !(1970...9999).contains(year) {
            throw ValidationError("--year \(year) is not a plausible year; give the four-digit year of the log's RFC 3164 lines.")
        }
        _ = try generationTime()
        _ = try gapThresholdSeconds()
    }

    func gapThresholdSeconds() throws -> Int64? {
        guard let gapThreshold else { return nil }
        guard let seconds = DurationText.seconds(gapThreshold) else {
            throw ValidationError("--gap-threshold '\(gapThreshold)' is not a duration; write a whole number with m, h or d, e.g. 24h or 2d.")
        }
        return seconds
    }

    func period() throws -> ReportPeriod {
        do {
            let zone = try ReportPeriod.timeZone(named: timezone)
            switch (month, from, to) {
            case (let month?, nil, nil):
                return try ReportPeriod(month: month, timeZone: zone)
            case (nil, let from?, let to?):
                return try ReportPeriod(firstDay: try ReportPeriod.day(from, flag: "--from"),
                                        lastDay: try ReportPeriod.day(to, flag: "--to"), timeZone: zone)
            case (.some, _, _):
                throw ValidationError("--month cannot be combined with --from/--to; give either a month or a date range.")
            case (nil, nil, nil):
                throw ValidationError("name the period: --month YYYY-MM, or --from YYYY-MM-DD --to YYYY-MM-DD.")
            case (nil, _, _):
                throw ValidationError("--from and --to go together; give both days of the range (both are included).")
            }
        } catch let error as PeriodError {
            throw ValidationError(error.description)
        }
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

    /// The report's generation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
    func generationTime() throws -> Int64 {
        if let value = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int64(value), seconds >= 0 else {
                throw ValidationError("SOURCE_DATE_EPOCH='\(value)' is not a count of seconds since 1970; unset it or fix it.")
            }
            return seconds
        }
        return Int64(Date().timeIntervalSince1970)
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
        let period = try period()
        let request = ReportPipeline.Request(
            inputs: inputs, period: period, yearPolicy: year.map { .fixed($0) } ?? .modificationTime,
            formats: try formats(), tool: ToolInfo(version: NXAuditVersion.current),
            generatedAtSeconds: try generationTime(), policy: try analysisPolicy(), baselinePath: baseline)
        do {
            let defaults = try TemplateSet.locateDefaults(
                executablePath: CommandLine.arguments[0], environment: ProcessInfo.processInfo.environment)
            let templateSet = try TemplateSet(defaults: defaults, overrides: templates)
            let outcome = try ReportPipeline.run(request, templates: templateSet)
            var written: [WrittenFile] = []
            for file in outcome.files {
                written.append(try ReportWriter.write(
                    file.document.parts, to: output, name: ReportWriter.fileName(period: period, suffix: file.suffix)))
            }
            // The manifest comes last: it holds the reports' digests.
            let manifest = EvidenceManifest(report: outcome.report, arguments: Array(CommandLine.arguments.dropFirst()),
                                            yearPolicy: request.yearPolicy, formats: request.formats, outputs: written)
            written.append(try ReportWriter.write(manifest.json(), to: output, name: EvidenceManifest.fileName(period: period)))
            FileHandle.standardError.write(Data((RunSummary.text(outcome.report, written: written.map(\.path)) + "\n").utf8))
        } catch let error as EvidenceError {
            printError(error.description)
            if case .readFailed = error { throw ExitCode(ExitStatus.ioError) }
            throw ExitCode(ExitStatus.noInput)
        } catch let error as RenderError {
            printError(error.description)
            if case .reportInvalid = error, templates == nil {
                printError("this is a bug in nxaudit's own templates; please report it with the command line used.")
                throw ExitCode(ExitStatus.software)
            }
            throw ExitCode(ExitStatus.config)
        } catch let error as BaselineReport.Failure {
            printError(error.description)
            if case .unreadable = error { throw ExitCode(ExitStatus.noInput) }
            throw ExitCode(ExitStatus.dataError)
        } catch let error as OutputError {
            printError(error.description)
            if case .writeFailed = error { throw ExitCode(ExitStatus.ioError) }
            throw ExitCode(ExitStatus.cannotCreate)
        }
    }
}

/// The paragraph printed on standard error at the end of a run.
enum RunSummary {
    static func text(_ report: AuditReport, written: [String]) -> String {
        let a = report.accounting
        let severities = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = report.findings.count { $0.severity == severity }
            return n > 0 ? "\(n) \(severity.rawValue)" : nil
        }
        return """
            nxaudit: period \(report.period.interval) \(report.period.timeZone.ianaName): \
            \(a.linesRead) lines read from \(report.inputs.count) file(s), \(a.eventsInPeriod) events in period, \
            \(a.eventsOutsidePeriod) outside, \(a.duplicates.count) duplicate, \(a.linesMalformed) malformed; \
            \(report.findings.count) finding(s)\(severities.isEmpty ? "" : " (" + severities.joined(separator: ", ") + ")"); \
            wrote \(written.joined(separator: ", ")).
            """
    }
}
