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
            (--now, else SOURCE_DATE_EPOCH, else the clock): \
            \(PeriodKeyword.allCases.map(\.rawValue).joined(separator: ", ")).

            Files: DIR/NAME.html, .xml, .json, .TABLE.csv and NAME.manifest.json, NAME being --name with \
            {period} (2026-10, 2026-Q3, 2026 or 2026-10-01_2026-10-15), {from} and {to} replaced. A report \
            already there is left alone when the new one has the same bytes, and is not replaced unless --force.

            \(ExitStatus.summary([
                .ok: "report written", .checkFailed: "report written, findings at or above --fail-on",
                .insufficientEvidence: "report written but evidence insufficient (no event in the period, a gap longer "
                    + "than the threshold, or more malformed lines than --max-malformed)",
                .usage: "usage", .noInput: "an input missing or unreadable", .software: "internal error",
                .cannotCreate: "an output cannot be created or a different report is already there",
                .ioError: "I/O error",
                .config: "a template, the schema or the policy is broken",
                .dataError: "a baseline that is not to be trusted",
            ]))

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

    @OptionGroup var evidence: EvidenceOptions
    @OptionGroup var period: PeriodOptions

    @Option(help: "Year of RFC 3164 stamps (which have none); default: each file's modification date.")
    var year: Int?

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var verdict: VerdictOptions

    @Flag(help: "No progress line and no summary on standard error (errors are still printed).")
    var quiet = false

    @OptionGroup var summaryOption: SummaryOption
    var summary: SummaryKind { summaryOption.summary }

    func validate() throws {
        if evidence.inputs.isEmpty, evidence.archive == nil {
            throw ValidationError(
                "name at least one log file or directory, e.g. nxaudit report --month 2026-10 "
                    + "/var/log/nexthink, or read an archive with --archive PATH."
            )
        }
        if !evidence.inputs.isEmpty, evidence.archive != nil {
            throw ValidationError(
                "give log files or --archive, not both: a report reads one body of evidence (ingest the "
                    + "files first with nxaudit archive add)."
            )
        }
        if evidence.archive != nil, year != nil {
            throw ValidationError(
                "--year does not apply to --archive: the year of each RFC 3164 stamp was fixed when it was "
                    + "ingested (nxaudit archive add --year)."
            )
        }
        _ = try period.reportPeriod()
        if output.toStandardOutput,
            output.format.formats.count != 1 || [.csv, .pdf].contains(output.format.formats[0])
        {
            throw ValidationError(
                "--output - writes one document to standard output; give one --format of html, xml, json or oscal.")
        }
        if output.toStandardOutput, output.signKey != nil {
            throw ValidationError("--sign-key signs the manifest, and --output - writes none; give an --output folder.")
        }
        if let year, !(1970...9999).contains(year) {
            throw ValidationError(
                "--year \(year) is not a plausible year; give the four-digit year of the log's RFC 3164 lines.")
        }
        _ = try currentTime()
        if summary == .json, output.toStandardOutput {
            throw ValidationError(
                "--summary json and --output - both write to standard output; choose one (the text summary "
                    + "goes to standard error)."
            )
        }
    }

    func run() throws {
        // ssh-keygen and WeasyPrint are found before a single line is read.
        let destination = try output.destination()
        let display = ProgressDisplay.forStandardError(quiet: quiet)
        defer { display?.stop() }
        var request = ReportPipeline.Request(
            inputs: evidence.inputs, period: try period.reportPeriod(),
            yearPolicy: year.map { .fixed($0) } ?? .modificationTime,
            formats: ReportFormat.needed(by: output.format.formats), tool: ToolInfo(version: NXAuditVersion.current),
            generatedAtSeconds: try currentTime(), policy: try analysis.analysisPolicy(),
            baselinePath: analysis.baseline)
        request.archivePath = evidence.archive
        request.failOn = verdict.failOn
        request.maxMalformed = verdict.maxMalformed
        if let display { request.watch = { total in display.start(totalBytes: total) } }
        let outcome = try ReportPipeline.run(request, templates: try TemplateSet(overrides: output.templates))
        display?.stop()
        let verdict = outcome.verdict
        let written = try destination.write(
            outcome, of: request, arguments: Array(CommandLine.arguments.dropFirst()))
        // Printed even with --quiet: a cron job mails what a run writes on standard error.
        for warning in RunVerdict.inputWarnings(outcome.report) { printError("warning: " + warning) }
        if !written.removedSignatures.isEmpty {
            printError(
                "warning: removed \(written.removedSignatures.joined(separator: ", ")): they signed the manifest "
                    + "this run replaced; give --sign-key to sign the new one.")
        }
        if !written.refusedURLs.isEmpty {
            printError(
                "warning: the PDF renderer refused to fetch \(written.refusedURLs.count) URL(s) the HTML names "
                    + "(\(written.refusedURLs.prefix(3).joined(separator: ", "))): nxaudit's PDF fetches nothing; "
                    + "a custom template must be self-contained.")
        }
        switch summary {
        case .json: print(RunSummary.json(outcome.report, written: written, verdict: verdict))
        case .text where !quiet: printSummary(RunSummary.text(outcome.report, written: written, verdict: verdict))
        case .text: break
        }
        if verdict.status != .ok { throw ExitCode(verdict.exitStatus) }
    }
}

/// Prints the summary paragraph on standard error.
func printSummary(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
