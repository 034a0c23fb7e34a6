/// A privilege, account or configuration change outside business hours or on a day off.
struct ChangeOutsideBusinessHoursRule: FindingRule {
    let id = "change_outside_business_hours"
    let severity = Severity.medium
    let family = FindingFamily.privilege
    let controls = ["PCI DSS 6.5.1", "ISO 27001 A.8.32", "NIST CM-3", "SOX ITGC PC"]
    let question = "Were privilege, account or configuration changes made outside business hours?"
    let recommendation =
        "Match each change with an approved change ticket for that window; investigate changes without one."

    func findings(in context: AnalysisContext) -> [Finding] {
        let policy = context.policy
        let zone = policy.timeZone ?? context.period.timeZone
        let clock = ZoneClock(zone: zone)
        // The sentence gives the time in the zone business hours are read in.
        let when = { (seconds: Int64) in
            policy.timeZone == nil
                ? context.formatTime(seconds) : "\(clock.format(utcSeconds: seconds)) (\(zone.ianaName))"
        }
        return context.entries.filter { entry in
            guard [.privilege, .account, .configuration].contains(entry.family) else { return false }
            let local = entry.utcSeconds + Int64(clock.offset(atUTCSeconds: entry.utcSeconds))
            let day = floorDiv(local, 86_400)
            let minute = Int((local - day * 86_400) / 60)
            return !policy.isBusinessTime(weekday: CivilDate(daysSinceEpoch: Int(day)).weekday, minuteOfDay: minute)
        }.map { change in
            finding(
                "\(change.actor) made a change outside business hours: \(change.action) "
                    + "(\(change.code))\(change.target.isEmpty ? "" : " on \(change.target)") at "
                    + "\(when(change.utcSeconds)).",
                at: change.utcSeconds, subject: change.actor, evidence: [change.location])
        }
    }
}
