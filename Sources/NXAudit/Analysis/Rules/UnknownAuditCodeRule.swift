/// Events with codes nxaudit does not know: kept and listed, and named as a finding
/// so a reviewer classifies them by hand.
struct UnknownAuditCodeRule: FindingRule {
    let id = "unknown_audit_code"
    let severity = Severity.low
    let family = FindingFamily.other
    let controls = ["PCI DSS 10.4.1", "NIST AU-6"]
    let question = "Are there codes nxaudit does not know, to classify by hand?"
    let recommendation =
        "Look up the code in the vendor's documentation and classify its events by hand; report the code so "
        + "nxaudit can learn it."

    func findings(in context: AnalysisContext) -> [Finding] {
        let unknown = context.entries.filter { context.catalog[$0.code] == nil }
        let byCode = Dictionary(grouping: unknown, by: \.code)
        return byCode.keys.sorted().map { code in
            let events = byCode[code]!
            return finding(
                "\(events.count) event(s) carry code \(code), which is not in nxaudit's catalog; review "
                    + "them by hand (listed under Unknown codes).",
                at: events[0].utcSeconds, until: events[events.count - 1].utcSeconds, subject: String(code),
                evidence: Array(events.prefix(10).map(\.location)), evidenceTotal: events.count)
        }
    }
}
