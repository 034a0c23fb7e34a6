/// A component that writes the audit trail stopped or lost its connection.
///
/// Each stop is paired with the next start of the same component, so the report
/// says how long audit logging was interrupted; a stop without a start in the
/// period is said to last until the end of the evidence.
struct AuditLoggingInterruptedRule: FindingRule {
    let id = "audit_logging_interrupted"
    let severity = Severity.high
    let family = FindingFamily.availability
    let controls = ["PCI DSS 10.2.1.6", "PCI DSS 10.7.2", "ISO 27001 A.8.15", "NIST AU-9"]

    /// Stop code → the codes that end the interruption.
    static let pairs: [Int: Set<Int>] = [
        20004: [20001, 20002],           // Portal stopped → starting / up and running
        20704: [20703],                  // Engine disconnected → connected
        10002: [10001], 10003: [10001], 10004: [10001], // Engine stopped → up and running
        53090: [53091],                  // Console: Portal stopped → started
        52090: [52091],                  // Console: Engine stopped → started
    ]

    func findings(in context: AnalysisContext) -> [Finding] {
        var result: [Finding] = []
        for (index, stop) in context.entries.enumerated() {
            if stop.code == 51111 {
                result.append(finding(
                    "rsyslog, which writes the audit trail, was restarted at \(context.formatTime(stop.utcSeconds)) by \(stop.actor); lines may be missing around it.",
                    at: stop.utcSeconds, subject: stop.source, evidence: [stop.location]))
                continue
            }
            guard let ends = Self.pairs[stop.code] else { continue }
            let restart = context.entries[(index + 1)...].first {
                ends.contains($0.code) && $0.source == stop.source && $0.target == stop.target
            }
            let what = "\(stop.action) (\(stop.code))" + (stop.target.isEmpty ? "" : " for \(stop.target)")
            if let restart {
                let minutes = Double(restart.utcSeconds - stop.utcSeconds) / 60
                result.append(finding(
                    "\(what) at \(context.formatTime(stop.utcSeconds)); back at \(context.formatTime(restart.utcSeconds)) (\(restart.code)) after \(Self.duration(minutes)).",
                    at: stop.utcSeconds, subject: stop.target.isEmpty ? stop.source : stop.target,
                    evidence: [stop.location, restart.location]))
            } else {
                result.append(finding(
                    "\(what) at \(context.formatTime(stop.utcSeconds)); no restart is logged before the period ends.",
                    at: stop.utcSeconds, subject: stop.target.isEmpty ? stop.source : stop.target,
                    evidence: [stop.location]))
            }
        }
        return result
    }

    static func duration(_ minutes: Double) -> String {
        if minutes < 1 { return "less than a minute" }
        if minutes < 120 { return "\(Int(minutes.rounded())) min" }
        return "\(Int((minutes / 60).rounded())) h \(Int(minutes.truncatingRemainder(dividingBy: 60).rounded())) min"
    }
}
