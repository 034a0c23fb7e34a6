/// Lines that could not be read as events: the evidence is incomplete by that many lines.
struct MalformedLinesRule: FindingRule {
    let id = "malformed_lines"
    let severity = Severity.low
    let family = FindingFamily.coverage
    let controls = ["PCI DSS 10.2.2", "PCI DSS 10.7.2", "NIST AU-5"]
    let question = "Are there lines that cannot be read as events?"
    let recommendation =
        "Look at the listed lines: fix the collector or template that wrote them, and make sure they hold no "
        + "audit event the report could not read."

    func findings(in context: AnalysisContext) -> [Finding] {
        let malformed = context.accounting.malformed
        guard !malformed.isEmpty else { return [] }
        let parts = malformed.keys.sorted().map { "\(malformed[$0]!.count) \($0.rawValue)" }.joined(separator: ", ")
        return [
            finding(
                "\(context.accounting.linesMalformed) of \(context.accounting.linesRead) line(s) read are "
                    + "not events (\(parts)); their time is unknown, so they may belong to the period.",
                subject: "inputs", evidence: malformed.keys.sorted().flatMap { malformed[$0]!.examples.prefix(3) },
                evidenceTotal: context.accounting.linesMalformed, events: 0)
        ]
    }
}
