/// What a finished run means for a scheduler: a clean report, a report with findings at or
/// above the level it watches, or a report whose evidence does not support its conclusions.
public struct RunVerdict: Sendable, Equatable {
    public enum Status: Int32, Sendable {
        /// Report written; no finding at or above `--fail-on`.
        case ok = 0
        /// Report written; findings at or above `--fail-on`.
        case findings = 1
        /// Report written, but the evidence is insufficient: no event in the period, a gap
        /// without events longer than the threshold, or more malformed lines than allowed.
        case insufficientEvidence = 2
    }

    public var status: Status
    /// The process's exit status for this verdict.
    public var exitStatus: ExitStatus {
        switch status {
        case .ok: .ok
        case .findings: .checkFailed
        case .insufficientEvidence: .insufficientEvidence
        }
    }
    /// Why, one sentence each; empty for `ok`.
    public var reasons: [String]

    /// The most malformed lines a run accepts: a count, or a fraction of the lines read.
    public enum MalformedLimit: Sendable, Equatable, CustomStringConvertible {
        case count(Int)
        case fraction(Double)

        /// `100` lines, or a share as a fraction of the lines read (`0.005`).
        public var description: String {
            switch self {
            case .count(let count): String(count)
            case .fraction(let fraction): String(fraction)
            }
        }

        /// `100`, `0.5%` or `0.005`.
        public init?(_ text: String) {
            if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent >= 0, percent <= 100 {
                self = .fraction(percent / 100)
            } else if let count = Int(text), count >= 0 {
                self = .count(count)
            } else if let fraction = Double(text), fraction >= 0, fraction < 1 {
                self = .fraction(fraction)
            } else {
                return nil
            }
        }

        func exceeded(malformed: Int, read: Int) -> Bool {
            switch self {
            case .count(let n): malformed > n
            case .fraction(let f): read > 0 && Double(malformed) > f * Double(read)
            }
        }

        var text: String {
            switch self {
            case .count(let n): "\(n) line(s)"
            case .fraction(let f): "\(Charts.number(f * 100))% of the lines read"
            }
        }
    }

    /// The verdict on `report`. Insufficient evidence wins over findings: a report that
    /// cannot see the whole period cannot vouch for what it did not find.
    public init(_ report: AuditReport, failOn: Severity?, maxMalformed: MalformedLimit?) {
        var insufficient: [String] = []
        let accounting = report.accounting
        if accounting.eventsInPeriod == 0 {
            insufficient.append("no event in the period")
        }
        if accounting.eventsInPeriod > 0, !report.coverage.gaps.isEmpty {
            let clock = ZoneClock(zone: report.period.timeZone)
            func short(_ seconds: Int64) -> String {
                String(clock.format(utcSeconds: seconds).prefix(16)).replacingOccurrences(of: "T", with: " ")
            }
            let gaps = report.coverage.gaps
            let named = gaps.prefix(3).map {
                "no event from \(short($0.fromSeconds)) to \(short($0.toSeconds)) (\(DurationText.hours($0.seconds)) h)"
            }
            let more = gaps.count > 3 ? " and \(gaps.count - 3) more such stretch(es)" : ""
            insufficient.append(
                named.joined(separator: ", ") + more + ": longer than the gap threshold of "
                    + DurationText.text(report.coverage.gapThresholdSeconds))
        }
        // A file named as evidence that holds lines but not one audit line is not the evidence it
        // was taken for (a binary file, another program's log): the report cannot vouch for it.
        // (Files only: from an archive, a source's lines are the period's excerpt of it.)
        for record in report.inputs where report.archive == nil {
            if let content = record.content {
                insufficient.append("\(record.input.path) is \(content.description), not an audit log")
            } else if record.accounting.linesRead > 0,
                record.accounting.linesMalformed == record.accounting.linesRead
            {
                insufficient.append("\(record.input.path) holds no audit line")
            }
        }
        if let maxMalformed, maxMalformed.exceeded(malformed: accounting.linesMalformed, read: accounting.linesRead) {
            insufficient.append("\(accounting.linesMalformed) malformed line(s), more than \(maxMalformed.text)")
        }
        if !insufficient.isEmpty {
            self.init(status: .insufficientEvidence, reasons: insufficient)
            return
        }
        if let failOn {
            let count = report.findings.count { $0.severity >= failOn }
            if count > 0 {
                self.init(status: .findings, reasons: ["\(count) finding(s) of severity \(failOn.rawValue) or above"])
                return
            }
        }
        self.init(status: .ok, reasons: [])
    }

    /// What an operator should look at in the inputs, one sentence each: an empty file, a
    /// file that is not an audit log or mostly unreadable, a `.gz` name on plain text.
    public static func inputWarnings(_ report: AuditReport) -> [String] {
        guard report.archive == nil else { return [] }
        return report.inputs.flatMap { record -> [String] in
            let path = record.input.path, a = record.accounting
            var warnings: [String] = []
            if record.input.path.hasSuffix(".gz"), !record.input.isGzip, record.input.size > 0 {
                warnings.append("\(path): named .gz but not gzip-compressed; read as plain text")
            }
            if record.bytesRead == 0 {
                warnings.append("\(path): empty (0 bytes); nothing in the report comes from it")
            } else if let content = record.content {
                warnings.append(
                    "\(path): is \(content.description), not an audit log: collect the log again "
                        + "(for the API, check the call's URL, account and the Engine's name). The run exits 2")
            } else if a.linesMalformed == a.linesRead {
                let first = a.malformed.sorted { $0.key < $1.key }.first
                let example = first.map { " (line \($0.value.examples.first?.line ?? 1): \($0.key.explanation))" } ?? ""
                warnings.append(
                    "\(path): none of its \(a.linesRead) line(s) is an audit line\(example); is it an "
                        + "audit log? The run exits 2"
                )
            } else if a.linesMalformed * 2 > a.linesRead {
                warnings.append(
                    "\(path): \(a.linesMalformed) of its \(a.linesRead) lines are malformed; the report "
                        + "lists them by reason"
                )
            }
            return warnings
        }
    }

    public init(status: Status, reasons: [String]) {
        self.status = status
        self.reasons = reasons
    }

    /// A sentence for the run's summary.
    public var meaning: String {
        switch status {
        case .ok: "exit 0: report written"
        case .findings: "exit 1: report written with \(reasons.joined(separator: "; "))"
        case .insufficientEvidence:
            "exit 2: report written but the evidence is insufficient (\(reasons.joined(separator: "; ")))"
        }
    }
}
