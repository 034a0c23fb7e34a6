import Foundation
import Yams

/// Reads a policy file (YAML) into an `AnalysisPolicy`.
///
/// Every key is checked: an unknown key, a wrong type or an out-of-range value
/// is a `PolicyError` naming the file, line, column and key, so a typo never
/// falls back to a default silently. The format is documented in the README
/// ("Policy") and in `samples/policy.yaml`.
public enum PolicyFile {
    /// The keys a policy may hold, section by section, in the order the report lists them.
    static let sections: [(section: String?, keys: [String])] = [
        (
            nil,
            [
                "version", "approved_administrators", "approved_operators", "service_accounts", "classification",
                "organisation", "prepared_by",
            ]
        ),
        ("business_hours", ["time_zone", "start", "end", "working_days"]),
        (
            "thresholds",
            [
                "failed_login_burst", "failed_login_window", "lockout_attempts", "short_lived_account",
                "gap", "mass_execution_devices", "execution_after_change",
            ]
        ),
        ("severity", []),
        ("control_ids", []),
    ]

    /// The policy in the file at `path`; `ruleIDs` are the ids severity overrides may name.
    public static func load(path: String, ruleIDs: Set<String>) throws(PolicyError) -> AnalysisPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(
                path: path, line: nil, column: nil, key: nil,
                message: "cannot be read; check the path given to --policy.", isMissing: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PolicyError(
                path: path, line: nil, column: nil, key: nil, message: "is not UTF-8 text; save it as UTF-8.")
        }
        var policy = try parse(text, path: path, ruleIDs: ruleIDs)
        policy.fileSHA256 = SHA256.hex(of: data)
        return policy
    }

    public static func parse(_ text: String, path: String, ruleIDs: Set<String>) throws(PolicyError) -> AnalysisPolicy {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, path: path)
        } catch {
            throw PolicyError(path: path, line: nil, column: nil, key: nil, message: "is not valid YAML: \(error)")
        }
        var reader = Reader(path: path, ruleIDs: ruleIDs)
        guard let root else {
            throw PolicyError(
                path: path, line: 1, column: 1, key: nil,
                message: "is empty; write at least `version: 1`, or leave --policy out to use the defaults.")
        }
        try reader.readRoot(root)
        return reader.policy
    }

    static func yamlError(_ error: YamlError, path: String) -> PolicyError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return PolicyError(
                path: path, line: mark.line, column: mark.column, key: nil, message: "is not valid YAML: \(problem).")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyError(
                path: path, line: context.mark.line, column: context.mark.column, key: duplicates.first,
                message: "is given twice in the same section (this is the first); keep one.")
        default:
            return PolicyError(path: path, line: nil, column: nil, key: nil, message: "is not valid YAML: \(error).")
        }
    }

    /// Walks the node tree, checking each key and filling in the policy.
    struct Reader {
        let path: String
        let ruleIDs: Set<String>
        var policy = AnalysisPolicy()

        init(path: String, ruleIDs: Set<String>) {
            self.path = path
            self.ruleIDs = ruleIDs
            policy.file = path
        }

        func fail(_ node: Node?, _ key: String?, _ message: String) -> PolicyError {
            PolicyError(path: path, line: node?.mark?.line, column: node?.mark?.column, key: key, message: message)
        }

        /// The pairs of a mapping node, keys as text, refusing keys not in `known` (unless nil).
        func pairs(
            _ node: Node, _ key: String?, known: [String]?
        ) throws(PolicyError) -> [(key: String, keyNode: Node, value: Node)] {
            guard let mapping = node.mapping else {
                throw fail(
                    node, key, "must be a mapping of keys to values\(key == nil ? " (`version: 1` and sections)" : "")."
                )
            }
            var result: [(String, Node, Node)] = []
            for (keyNode, value) in mapping {
                guard let name = keyNode.scalar?.string else {
                    throw fail(keyNode, key, "has a key that is not plain text.")
                }
                let full = key.map { "\($0).\(name)" } ?? name
                if let known, !known.contains(name) {
                    throw fail(keyNode, full, "is not a policy key; known here: \(known.joined(separator: ", ")).")
                }
                result.append((name, keyNode, value))
            }
            return result
        }

        mutating func readRoot(_ root: Node) throws(PolicyError) {
            let top = PolicyFile.sections[0].keys + PolicyFile.sections.compactMap(\.section)
            var sawVersion = false
            var hoursNode: Node?
            for (name, keyNode, value) in try pairs(root, nil, known: top) {
                if name == "business_hours" { hoursNode = keyNode }
                switch name {
                case "version":
                    guard value.scalar?.string == "1" else {
                        throw fail(value, name, "must be 1, the only policy format this nxaudit reads.")
                    }
                    sawVersion = true
                case "approved_administrators": policy.approvedAdministrators = try names(value, name)
                case "approved_operators": policy.approvedOperators = try names(value, name)
                case "service_accounts": policy.serviceAccounts = try names(value, name)
                case "business_hours": try readBusinessHours(value)
                case "thresholds": try readThresholds(value)
                case "severity": try readSeverity(value)
                case "control_ids": try readControlIDs(value)
                case "classification":
                    guard let text = value.scalar?.string, text.wholeMatch(of: /[A-Za-z0-9 .\/_-]{1,40}/) != nil
                    else {
                        throw fail(
                            value, name,
                            "must be 1 to 40 letters, digits, spaces or . / _ -, e.g. \"Confidential\" or "
                                + "\"Internal - PCI\".")
                    }
                    policy.classification = text
                case "organisation", "prepared_by":
                    guard let text = value.scalar?.string, text.count <= 200, PrintableText.oneLine(text) == text,
                        !text.trimmingCharacters(in: .whitespaces).isEmpty
                    else {
                        throw fail(
                            value, name, "must be one line of 1 to 200 printable characters, e.g. \"Example AG\".")
                    }
                    if name == "organisation" { policy.organisation = text } else { policy.preparedBy = text }
                default: break
                }
                if !["version", "business_hours", "thresholds", "severity", "control_ids"].contains(name) {
                    policy.origins[name] = origin(keyNode)
                }
            }
            guard sawVersion else {
                throw fail(root, "version", "is missing; start the file with `version: 1`.")
            }
            if policy.businessStartMinute >= policy.businessEndMinute {
                throw fail(
                    hoursNode, "business_hours",
                    "start must be before end (same day), e.g. start: \"08:00\", end: \"18:00\".")
            }
        }

        func origin(_ node: Node) -> String { "\(path):\(node.mark?.line ?? 0)" }

        func names(_ node: Node, _ key: String) throws(PolicyError) -> Set<String> {
            guard let items = node.sequence else {
                throw fail(node, key, "must be a list of account names, e.g. [admin, secops.lead].")
            }
            var names = Set<String>()
            for item in items {
                guard let name = item.scalar?.string, !name.isEmpty, item.null == nil else {
                    throw fail(item, key, "holds an entry that is not an account name.")
                }
                names.insert(name)
            }
            return names
        }

        mutating func readBusinessHours(_ node: Node) throws(PolicyError) {
            for (name, keyNode, value) in try pairs(node, "business_hours", known: PolicyFile.sections[1].keys) {
                let key = "business_hours.\(name)"
                switch name {
                case "time_zone":
                    let text = value.scalar?.string ?? ""
                    guard let zone = try? ReportPeriod.timeZone(named: text) else {
                        throw fail(value, key, "'\(text)' is not an IANA time zone name, e.g. Europe/Zurich or UTC.")
                    }
                    policy.timeZone = zone
                case "start", "end":
                    guard let text = value.scalar?.string,
                        let minute = Self.minuteOfDay(text, allowing24: name == "end")
                    else {
                        throw fail(value, key, "must be a time of day written \"HH:MM\" (quoted), e.g. \"08:00\".")
                    }
                    if name == "start" {
                        policy.businessStartMinute = minute
                    } else {
                        policy.businessEndMinute = minute
                    }
                case "working_days":
                    guard let items = value.sequence, items.count > 0 else {
                        throw fail(
                            value, key, "must be a list of days, e.g. [monday, tuesday, wednesday, thursday, friday].")
                    }
                    var days = Set<Int>()
                    for item in items {
                        guard let text = item.scalar?.string, let day = Self.weekday(text) else {
                            throw fail(
                                item, key,
                                "'\(item.scalar?.string ?? "")' is not a day; write monday ... sunday or mon ... sun.")
                        }
                        days.insert(day)
                    }
                    policy.workingDays = days
                default: break
                }
                policy.origins[key] = origin(keyNode)
            }
        }

        mutating func readThresholds(_ node: Node) throws(PolicyError) {
            for (name, keyNode, value) in try pairs(node, "thresholds", known: PolicyFile.sections[2].keys) {
                let key = "thresholds.\(name)"
                switch name {
                case "failed_login_burst": policy.burstSize = try count(value, key, 2...1000)
                case "lockout_attempts": policy.lockoutThreshold = try count(value, key, 1...1000)
                case "mass_execution_devices": policy.massExecutionDevices = try count(value, key, 1...10_000_000)
                case "failed_login_window": policy.burstWindowSeconds = try duration(value, key)
                case "short_lived_account": policy.shortLivedAccountSeconds = try duration(value, key)
                case "gap": policy.gapThresholdSeconds = try duration(value, key)
                case "execution_after_change": policy.executionAfterChangeSeconds = try duration(value, key)
                default: break
                }
                policy.origins[key] = origin(keyNode)
            }
        }

        mutating func readSeverity(_ node: Node) throws(PolicyError) {
            for (name, keyNode, value) in try pairs(node, "severity", known: nil) {
                let key = "severity.\(name)"
                guard ruleIDs.contains(name) else {
                    throw fail(keyNode, key, "'\(name)' is not a rule id; `nxaudit rules` lists them.")
                }
                guard let text = value.scalar?.string, let severity = Severity(rawValue: text) else {
                    throw fail(
                        value, key, "must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                policy.severityOverrides[name] = severity
                policy.origins[key] = origin(keyNode)
            }
        }

        /// `control_ids: {rule_id: [ORG-IAM-07, ...]}`: the organisation's control IDs per rule.
        mutating func readControlIDs(_ node: Node) throws(PolicyError) {
            for (name, keyNode, value) in try pairs(node, "control_ids", known: nil) {
                let key = "control_ids.\(name)"
                guard ruleIDs.contains(name) else {
                    throw fail(keyNode, key, "'\(name)' is not a rule id; `nxaudit rules` lists them.")
                }
                let items = value.sequence.map { Array($0) } ?? [value]
                var ids: [String] = []
                for item in items {
                    guard let text = item.scalar?.string, text.wholeMatch(of: /[A-Za-z0-9._:\/-]{1,40}/) != nil else {
                        throw fail(
                            item, key,
                            "must be a control ID or a list of them: 1 to 40 letters, digits or . _ : / -, e.g. "
                                + "[ORG-IAM-07, SOX-APD-3].")
                    }
                    if !ids.contains(text) { ids.append(text) }
                }
                policy.organisationControls[name] = ids
                policy.origins[key] = origin(keyNode)
            }
        }

        func count(_ node: Node, _ key: String, _ range: ClosedRange<Int>) throws(PolicyError) -> Int {
            guard let text = node.scalar?.string, !text.isEmpty, text.count <= 9,
                text.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(text), range.contains(value)
            else {
                throw fail(
                    node, key,
                    "must be a whole number from \(range.lowerBound) to \(range.upperBound), not "
                        + "'\(node.scalar?.string ?? "a list")'."
                )
            }
            return value
        }

        func duration(_ node: Node, _ key: String) throws(PolicyError) -> Int64 {
            guard let text = node.scalar?.string, let seconds = DurationText.seconds(text) else {
                throw fail(
                    node, key,
                    "must be a duration: a whole number followed by m, h or d, e.g. 5m, 2h or 1d; not "
                        + "'\(node.scalar?.string ?? "a list")'."
                )
            }
            return seconds
        }

        /// `HH:MM` → minutes since midnight; `24:00` only for an end.
        static func minuteOfDay(_ text: String, allowing24: Bool) -> Int? {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let h = Int(parts[0]), let m = Int(parts[1]), (0...59).contains(m)
            else { return nil }
            if h == 24 && m == 0 && allowing24 { return 24 * 60 }
            return (0...23).contains(h) ? h * 60 + m : nil
        }

        static let dayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

        static func weekday(_ text: String) -> Int? {
            let lower = text.lowercased()
            return dayNames.firstIndex { $0 == lower || $0.prefix(3) == lower }.map { $0 + 1 }
        }
    }
}

/// A policy file that cannot be used, with where and what to fix.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    /// The key in dotted form (`thresholds.gap`), when the error is about one.
    public var key: String?
    public var message: String
    /// The file itself is missing or unreadable (an input error rather than a configuration error).
    public var isMissing = false

    /// `policy.yaml:12:5: thresholds.gap: must be a duration ...`
    public var description: String {
        var place = path
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(place): \(key.map { "\($0) " } ?? "")\(message)"
    }
}
