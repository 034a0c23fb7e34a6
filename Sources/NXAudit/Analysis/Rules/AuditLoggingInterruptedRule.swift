/// A component that writes the audit trail stopped or lost its connection.
///
/// Each stop is paired with the next start of the same component, so the report
/// says how long audit logging was interrupted; a stop without a start in the
/// period is said to last until the end of the evidence.
struct AuditLoggingInterruptedRule: FindingRule {
    let id = "audit_logging_interrupted"
    let severity = Severity.high
    let family = FindingFamily.availability
    let controls = ["PCI DSS 10.7.2", "NIST AU-5", "SOX ITGC CO"]
    let question = "Did audit logging stop, pause or lose a component, and for how long?"
    let recommendation =
        "Match the interruption with a change or maintenance record; if there is none, find out why the component "
        + "stopped and what it did not log meanwhile."

    /// A stop and the start that ended it (nil: none before the period ends), or a logger restart.
    struct Interruption {
        var stop: RegisterEntry
        var restart: RegisterEntry?
        /// The stop's role in the catalog.
        var lifecycle: ComponentLifecycle
        /// A restart logged as one event (rsyslog): a moment, not a stretch.
        var isMoment: Bool { lifecycle.transition == .restart }
        /// The component or object that stopped, as findings and the timeline name it.
        var subject: String {
            if isMoment { return stop.source }
            guard stop.target.isEmpty else { return stop.target }
            guard lifecycle.objectInText else { return stop.source }
            // `Engine engine01 is disconnected` → `Engine engine01`: the text without its last word (and `is`).
            var stem = String(AuditLoggingInterruptedRule.stem(stop.text))
            if stem.hasSuffix(" is") { stem.removeLast(3) }
            return stem.isEmpty ? stop.text : stem
        }
    }

    /// Every interruption of the period's entries, in time order of the stops: each stop
    /// is paired with the next start of its service (`CodeCatalog.restarts`).
    static func interruptions(in entries: [RegisterEntry], catalog: CodeCatalog) -> [Interruption] {
        var result: [Interruption] = []
        for (index, stop) in entries.enumerated() {
            guard let lifecycle = catalog.lifecycles[stop.code] else { continue }
            switch lifecycle.transition {
            case .start:
                continue
            case .restart:
                result.append(Interruption(stop: stop, restart: nil, lifecycle: lifecycle))
            case .stop:
                let ends = catalog.restarts[stop.code, default: []]
                let restart = entries[(index + 1)...].first {
                    ends.contains($0.code) && $0.source == stop.source
                        && sameObject(stop, $0, objectInText: lifecycle.objectInText)
                }
                result.append(Interruption(stop: stop, restart: restart, lifecycle: lifecycle))
            }
        }
        return result
    }

    func findings(in context: AnalysisContext) -> [Finding] {
        context.interruptions.map { interruption in
            let stop = interruption.stop
            if interruption.isMoment {
                return finding(
                    "rsyslog, which writes the audit trail, was restarted at "
                        + "\(context.formatTime(stop.utcSeconds)) by \(stop.actor); lines may be missing around "
                        + "it.",
                    at: stop.utcSeconds, subject: interruption.subject, evidence: [stop.location])
            }
            let what = "\(stop.action) (\(stop.code))" + (stop.target.isEmpty ? "" : " for \(stop.target)")
            if let restart = interruption.restart {
                let minutes = Double(restart.utcSeconds - stop.utcSeconds) / 60
                return finding(
                    "\(what) at \(context.formatTime(stop.utcSeconds)); back at "
                        + "\(context.formatTime(restart.utcSeconds)) (\(restart.code)) after "
                        + "\(DurationText.spoken(minutes: minutes)).",
                    at: stop.utcSeconds, until: restart.utcSeconds, subject: interruption.subject,
                    evidence: [stop.location, restart.location],
                    spans: [stop.utcSeconds..<max(stop.utcSeconds + 1, restart.utcSeconds)])
            }
            let why =
                interruption.lifecycle.objectInText
                ? "no restart of the same object (matched by its text) is logged before the period ends."
                : "no restart is logged before the period ends."
            return finding(
                "\(what) at \(context.formatTime(stop.utcSeconds)): \(stop.text); \(why)",
                at: stop.utcSeconds, subject: interruption.subject, evidence: [stop.location], interruptsEvidence: true,
                spans: [stop.utcSeconds..<max(stop.utcSeconds + 1, context.period.endSeconds)])
        }
    }

    /// Whether a start is about the same object as a stop. For codes that name their
    /// object in an unpublished text (the Portal about an Engine), the texts must agree but
    /// for their last word (`Engine engine01 is disconnected` / `Engine engine01 is connected`);
    /// when they do not, no start is taken as the end of that stop.
    static func sameObject(_ stop: RegisterEntry, _ start: RegisterEntry, objectInText: Bool) -> Bool {
        guard objectInText else { return stop.target == start.target }
        let a = stem(stop.text)
        return !a.isEmpty && a == stem(start.text)
    }

    /// The text without its last word: what a stop and its start have in common.
    static func stem(_ text: String) -> Substring {
        guard let space = text.lastIndex(of: " ") else { return "" }
        return text[..<space]
    }
}
