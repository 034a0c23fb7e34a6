/// Turns the period's evidence into the report model: registers, tallies, coverage and findings.
public struct Analyzer: Sendable {
    public let catalog: CodeCatalog
    public let rules: [any FindingRule]

    /// The rules every report runs.
    public static let standardRules: [any FindingRule] = [
        AuditLoggingInterruptedRule(),
        AccountLockoutRule(),
        MetricHistoryClearedRule(),
        UnknownAuditCodeRule(),
        NoEventsInPeriodRule(),
        DaysWithoutEventsRule(),
        MalformedLinesRule(),
    ]

    public init(catalog: CodeCatalog = .standard, rules: [any FindingRule] = Analyzer.standardRules) {
        self.catalog = catalog
        self.rules = rules
    }

    public func analyze(_ evidence: Evidence, period: ReportPeriod, tool: ToolInfo, generatedAtSeconds: Int64) -> AuditReport {
        let entries = evidence.events.map(entry)
        let coverage = Self.coverage(of: entries, period: period)
        let zone = period.timeZone
        let context = AnalysisContext(
            entries: entries, catalog: catalog, period: period, accounting: evidence.accounting,
            coverage: coverage, formatTime: { ZoneClock(zone: zone).format(utcSeconds: $0) })
        let findings = rules.flatMap { $0.findings(in: context) }.sorted(by: Finding.reportOrder)

        return AuditReport(
            tool: tool,
            generatedAtSeconds: generatedAtSeconds,
            period: period,
            inputs: evidence.inputs,
            accounting: evidence.accounting,
            coverage: coverage,
            eventCounts: eventCounts(entries),
            privilegeRegister: entries.filter { $0.family == .privilege || $0.family == .account },
            configurationRegister: entries.filter { $0.family == .configuration },
            remoteExecutions: Self.remoteExecutions(entries),
            authentication: Self.authentication(entries),
            availability: entries.filter { $0.family == .availability },
            unknownCodeEvents: entries.filter { catalog[$0.code] == nil },
            findings: findings)
    }

    /// The register row for one event.
    func entry(_ event: AuditEvent) -> RegisterEntry {
        let known = catalog[event.code]
        let subject = MessageSubject.of(code: event.code, text: event.text)
        return RegisterEntry(
            utcSeconds: event.utcSeconds, code: event.code,
            action: known?.description ?? "Unknown code \(event.code)",
            family: known?.family ?? .other, source: event.source, actor: event.user,
            target: subject.target, details: subject.details, text: event.text, location: event.location)
    }

    func eventCounts(_ entries: [RegisterEntry]) -> [EventCount] {
        var counts: [Int: Int] = [:]
        for entry in entries { counts[entry.code, default: 0] += 1 }
        return counts.keys.sorted().map { EventCount(code: $0, count: counts[$0]!, known: catalog[$0]) }
    }

    /// Counts under keys, most first, then by key: a total, stable order.
    static func tally<S: Sequence>(_ keys: S) -> [Tally] where S.Element == String {
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        return counts.map { Tally(key: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }

    static let channels: [Int: String] = [21001: "Finder (manual)", 21002: "API", 21003: "API v2"]

    static func remoteExecutions(_ entries: [RegisterEntry]) -> RemoteExecutionSummary {
        let runs = entries.filter { channels[$0.code] != nil }
        return RemoteExecutionSummary(
            entries: runs,
            byActor: tally(runs.map(\.actor)),
            byAction: tally(runs.map { $0.target.isEmpty ? $0.text : $0.target }),
            byChannel: tally(runs.map { channels[$0.code]! }))
    }

    static let loginCodes: Set<Int> = [20101, 20801, 10006, 50000]
    static let logoutCodes: Set<Int> = [20102, 10007, 50002, 50003]
    static let failureCodes: Set<Int> = [20103, 20803, 50001]

    static func authentication(_ entries: [RegisterEntry]) -> AuthenticationSummary {
        let failures = entries.filter { failureCodes.contains($0.code) }.map { entry in
            // 20103 is logged by *system: the account that failed is only in the text.
            entry.code == 20103 && !entry.target.isEmpty ? entry.target : entry.actor
        }
        return AuthenticationSummary(
            successfulLogins: entries.count { loginCodes.contains($0.code) },
            logouts: entries.count { logoutCodes.contains($0.code) },
            failuresByAccount: tally(failures),
            lockouts: entries.filter { $0.code == 20104 })
    }

    static func coverage(of entries: [RegisterEntry], period: ReportPeriod) -> Coverage {
        let clock = ZoneClock(zone: period.timeZone)
        var perDay = [Int](repeating: 0, count: period.dayCount)
        var sources: [String: SourceCoverage] = [:]
        for entry in entries {
            let day = clock.localDate(utcSeconds: entry.utcSeconds).daysSinceEpoch - period.firstDay.daysSinceEpoch
            if perDay.indices.contains(day) { perDay[day] += 1 }
            if var known = sources[entry.source] {
                known.events += 1
                known.lastSeconds = max(known.lastSeconds, entry.utcSeconds)
                known.firstSeconds = min(known.firstSeconds, entry.utcSeconds)
                sources[entry.source] = known
            } else {
                sources[entry.source] = SourceCoverage(
                    source: entry.source, events: 1, firstSeconds: entry.utcSeconds, lastSeconds: entry.utcSeconds)
            }
        }
        return Coverage(
            sources: sources.keys.sorted().map { sources[$0]! },
            eventsPerDay: perDay.enumerated().map { DayCount(day: period.firstDay.adding(days: $0.offset), count: $0.element) })
    }
}
