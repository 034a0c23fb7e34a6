/// Metric history was cleared: data was removed from the Engines.
struct MetricHistoryClearedRule: FindingRule {
    let id = "metric_history_cleared"
    let severity = Severity.medium
    let family = FindingFamily.configuration
    let controls = ["ISO 27001 A.8.10", "SOX ITGC CO"]
    let question = "Was metric history cleared (data removed)?"
    let recommendation =
        "Confirm the clear was approved and the data was no longer needed; record the approval."

    func findings(in context: AnalysisContext) -> [Finding] {
        let changes = context.catalog.configurationChanges
        return context.entries.filter { changes[$0.code]?.object == .metricHistory }.map { clear in
            finding(
                "\(clear.actor) triggered \"\(clear.action)\" at \(context.formatTime(clear.utcSeconds)): "
                    + "\(clear.text)",
                at: clear.utcSeconds, subject: clear.actor, evidence: [clear.location])
        }
    }
}
