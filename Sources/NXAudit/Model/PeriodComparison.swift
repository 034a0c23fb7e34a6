/// This period against a previous report: what changed in findings, controls, administrators and access.
/// Made by `Comparison/` from the baseline's XML (`PeriodComparison(report:baseline:)`), shown by `Rendering/`.
public struct PeriodComparison: Sendable {
    /// Which report this one was compared with.
    public var baseline: BaselineIdentity
    public var eventsThen, eventsNow: Int

    /// Findings per rule, then and now, for every rule of either report, in the current rule order.
    public var findingsByRule: [(rule: String, then: Int, now: Int)]
    /// The baseline's finding fingerprints: a finding whose fingerprint is among them recurs;
    /// empty when the baseline has none (written before findings had fingerprints).
    public var baselineFingerprints: Set<String>
    /// The baseline's findings whose fingerprint no finding of this period has.
    public var resolved: [BaselineFinding]
    /// Controls whose status is not the same as in the baseline, as tokens (`ControlResult.Status.key`).
    public var controlsChanged: [(control: String, then: String, now: String)]
    /// Accounts that changed accounts, roles or profiles this period but not in the baseline's.
    public var newAdministrators: [String]
    /// Objects of this period's access state that the baseline's did not list, and those removed this period.
    public var accessAdded: [AccessObject]
    public var accessRemoved: [AccessObject]

    /// Whether the baseline carries fingerprints, so findings can be called new or recurring.
    public var tracksFindings: Bool { !baselineFingerprints.isEmpty || !resolved.isEmpty }

    /// `new` or `recurring` for a finding of this period; nil when the baseline cannot tell.
    public func trend(of finding: Finding) -> String? {
        guard tracksFindings else { return nil }
        return baselineFingerprints.contains(finding.fingerprint) ? "recurring" : "new"
    }
}

/// The previous report a comparison was made with, as the report names it.
public struct BaselineIdentity: Sendable, Equatable {
    /// The XML report's path as given, and its SHA-256.
    public var path: String
    public var sha256: String
    /// What its manifest said of it (verified, no manifest, ...).
    public var verification: String
    /// The manifest that names it with the same SHA-256; nil when none does.
    public var manifest: String? = nil
    public var periodLabel, from, to: String

    public init(path: String, sha256: String, verification: String, periodLabel: String, from: String, to: String) {
        (self.path, self.sha256, self.verification) = (path, sha256, verification)
        (self.periodLabel, self.from, self.to) = (periodLabel, from, to)
    }
}
