import Foundation

/// The paragraph printed on standard error at the end of a run, or its JSON form.
public enum RunSummary {
    /// One paragraph: the period, what was read, the findings by severity, the files and the verdict.
    public static func text(
        _ report: AuditReport, written run: ReportDestination.Written, verdict: RunVerdict
    ) -> String {
        let written = run.files
        let a = report.accounting
        let severities = Severity.allCases.reversed().compactMap { severity -> String? in
            let n = report.findings.count { $0.severity == severity }
            return n > 0 ? "\(n) \(severity.rawValue)" : nil
        }
        let wrote = written.filter { $0.1 == .written }.map(\.0.path)
        let kept = written.filter { $0.1 == .unchanged }.map(\.0.path)
        var files = wrote.isEmpty ? "" : "wrote \(wrote.joined(separator: ", "))"
        if !kept.isEmpty {
            files +=
                (files.isEmpty ? "" : "; ") + "unchanged (same bytes already there) \(kept.joined(separator: ", "))"
        }
        if written.isEmpty { files = "wrote the report to standard output (no manifest)" }
        if let signer = run.signer { files += "; signed the manifest and checksum list with the \(signer)" }
        return """
            nxaudit: period \(report.period.interval) \(report.period.timeZone.ianaName): \
            \(a.linesRead) lines read from \(report.inputs.count) file(s), \(a.eventsInPeriod) events in period, \
            \(a.eventsOutsidePeriod) outside, \(a.duplicates.count) duplicate, \(a.linesMalformed) malformed\
            \(a.linesNotAuditLog > 0 ? ", \(a.linesNotAuditLog) in inputs that are not audit logs" : ""); \
            \(report.findings.count) \
            finding(s)\(severities.isEmpty ? "" : " (" + severities.joined(separator: ", ") + ")"); \
            \(files); \(verdict.meaning).
            """
    }

    /// The JSON form's fields; `exitStatus` and `exitMeaning` are the verdict's.
    struct JSONSummary: Encodable {
        struct Period: Encodable { var label, from, to, start, end, timezone: String }
        struct File: Encodable { var path, sha256, outcome: String; var size: Int64 }
        var period: Period
        var inputs, linesRead, eventsInPeriod, eventsOutsidePeriod, duplicates, linesMalformed, findings: Int
        var findingsBySeverity: [String: Int]
        var files: [File]
        /// The key that signed the manifest and the checksum list.
        struct Signer: Encodable { var type, fingerprint: String }
        var signedWith: Signer?
        var exitStatus: Int32
        var exitMeaning: String
        var reasons: [String]
        var warnings: [String]
    }

    /// The same as one line of JSON (keys sorted), for a scheduler to parse.
    public static func json(
        _ report: AuditReport, written run: ReportDestination.Written, verdict: RunVerdict
    ) -> String {
        let written = run.files
        let a = report.accounting
        let clock = ZoneClock(zone: report.period.timeZone)
        let summary = JSONSummary(
            period: .init(
                label: report.period.label, from: report.period.firstDay.description,
                to: report.period.lastDay.description,
                start: clock.format(utcSeconds: report.period.startSeconds),
                end: clock.format(utcSeconds: report.period.endSeconds),
                timezone: report.period.timeZone.ianaName),
            inputs: report.inputs.count, linesRead: a.linesRead, eventsInPeriod: a.eventsInPeriod,
            eventsOutsidePeriod: a.eventsOutsidePeriod, duplicates: a.duplicates.count,
            linesMalformed: a.linesMalformed,
            findings: report.findings.count,
            findingsBySeverity: Dictionary(
                uniqueKeysWithValues: Severity.allCases.map { s in
                    (s.rawValue, report.findings.count { $0.severity == s })
                }),
            files: written.map { .init(path: $0.0.path, sha256: $0.0.sha256, outcome: $0.1.rawValue, size: $0.0.size) },
            signedWith: run.signer.map { .init(type: $0.type, fingerprint: $0.fingerprint) },
            exitStatus: verdict.status.rawValue, exitMeaning: verdict.meaning, reasons: verdict.reasons,
            warnings: RunVerdict.inputWarnings(report))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(summary), as: UTF8.self)
    }
}
