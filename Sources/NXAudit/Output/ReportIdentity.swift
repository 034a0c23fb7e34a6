/// The identity of a report: derived from what the report is about (tool version, period,
/// zone, every input's SHA-256 in reading order, the archive's head, the policy's settings),
/// so the same evidence under the same options has the same ID wherever its files lie, and
/// any change to an input gives a new one.
extension AuditReport {
    /// `NXA-3F2A-91C0-77DE-0B41`: the first 64 bits of the SHA-256 of the report's identity.
    public var reportID: String {
        let digest = SHA256()
        digest.update("nxaudit report identity 1\n")
        digest.update("\(tool.name) \(tool.version)\n\(period.interval) \(period.timeZone.ianaName)\n")
        for input in inputs { digest.update("input \(input.sha256)\n") }
        if let archive { digest.update("archive \(archive.head)\n") }
        for setting in policy.settings(reportZone: period.timeZone) {
            digest.update("policy \(setting.key)=\(setting.value)\n")
        }
        let hex = digest.hex().uppercased().prefix(16)
        return "NXA-"
            + stride(from: 0, to: 16, by: 4).map { offset in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return String(hex[start..<hex.index(start, offsetBy: 4)])
            }.joined(separator: "-")
    }
}
