import Foundation

/// One policy setting as the report lists it.
public struct PolicySetting: Sendable, Equatable {
    /// The policy file's key, dotted (`thresholds.gap`).
    public var key: String
    public var value: String
    /// `default`, the policy file's `path:line`, or the flag that set it.
    public var origin: String
}

extension AnalysisPolicy {
    /// Every setting the rules ran under, in the policy file's order, with where it came from.
    public func settings(reportZone: TimeZone) -> [PolicySetting] {
        func names(_ set: Set<String>?, unset: String) -> String {
            guard let set else { return unset }
            return set.isEmpty ? "none" : set.sorted().joined(separator: ", ")
        }
        func clock(_ minute: Int) -> String {
            let h = minute / 60, m = minute % 60
            return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
        }
        let days = PolicyFile.Reader.dayNames.enumerated().filter { workingDays.contains($0.offset + 1) }.map(\.element)
        var rows: [(String, String)] = [
            (
                "approved_administrators",
                names(approvedAdministrators, unset: "not set: change_by_unapproved_administrator is not evaluated")
            ),
            (
                "approved_operators",
                names(approvedOperators, unset: "not set: remote_execution_by_unapproved_operator is not evaluated")
            ),
            (
                "service_accounts",
                serviceAccounts.isEmpty
                    ? "none: remote_execution_via_api is not evaluated" : names(serviceAccounts, unset: "")
            ),
            ("business_hours.time_zone", timeZone?.ianaName ?? "the report's zone (\(reportZone.ianaName))"),
            ("business_hours.start", clock(businessStartMinute)),
            ("business_hours.end", clock(businessEndMinute)),
            ("business_hours.working_days", days.joined(separator: ", ")),
            ("thresholds.failed_login_burst", "\(burstSize) failed logins"),
            ("thresholds.failed_login_window", DurationText.text(burstWindowSeconds)),
            (
                "thresholds.lockout_attempts",
                "\(lockoutThreshold)" + (lockoutThreshold > 10 ? " (above the 10 of PCI DSS 8.3.4)" : "")
            ),
            ("thresholds.short_lived_account", DurationText.text(shortLivedAccountSeconds)),
            ("thresholds.gap", DurationText.text(gapThresholdSeconds)),
            ("thresholds.mass_execution_devices", "\(massExecutionDevices) devices"),
            ("thresholds.execution_after_change", DurationText.text(executionAfterChangeSeconds)),
        ]
        rows.append(("classification", classification))
        if let organisation { rows.append(("organisation", organisation)) }
        if let preparedBy { rows.append(("prepared_by", preparedBy)) }
        rows += severityOverrides.keys.sorted().map { ("severity.\($0)", severityOverrides[$0]!.rawValue) }
        rows += organisationControls.keys.sorted().map {
            ("control_ids.\($0)", organisationControls[$0]!.joined(separator: ", "))
        }
        return rows.map { PolicySetting(key: $0.0, value: $0.1, origin: origins[$0.0] ?? "default") }
    }
}
