import Dispatch

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
        EvidenceGapRule(),
        MalformedLinesRule(),
        FailedLoginBurstRule(),
        FailuresWithoutLockoutRule(),
        SelfModificationRule(),
        ChangeOutsideBusinessHoursRule(),
        ChangeByUnapprovedAdministratorRule(),
        ShortLivedAccountRule(),
        LockoutAfterThresholdRule(),
        RemoteExecutionByUnapprovedOperatorRule(),
        RemoteExecutionViaAPIRule(),
        MassRemoteExecutionRule(),
        ExecutionAfterActionChangeRule(),
    ]

    /// The rule ids a policy's severity overrides may name.
    public static var standardRuleIDs: Set<String> { Set(standardRules.map(\.id)) }

    /// Approved accounts, business hours, thresholds (the gap threshold included) and severity overrides.
    public var policy: AnalysisPolicy
    /// Stretches without any event longer than this are gaps.
    var gapThresholdSeconds: Int64 { policy.gapThresholdSeconds }
    /// The resolution the evidence's occupancy must have for this analysis's gaps to be
    /// exact (`EvidenceReader.gapResolutionSeconds`): the coarsest, so the smallest.
    public var gapResolutionSeconds: Int64 { Occupancy.resolution(forThreshold: gapThresholdSeconds) }

    /// Whether several rules' hits on one incident make one finding (`FindingGroups`); a rule's
    /// own tests look at its hits alone.
    package var groupsIncidents = true

    public init(
        catalog: CodeCatalog = .standard, rules: [any FindingRule] = Analyzer.standardRules,
        policy: AnalysisPolicy = .defaults
    ) {
        self.catalog = catalog
        self.rules = rules
        self.policy = policy
    }

    /// Whether the analysis needs the full event of `code`; other events are only counted.
    ///
    /// Every code that feeds a register or a rule is retained, and every unknown
    /// code (listed for review); logins, logouts and metric computations, most of
    /// a month's lines, are counted in the census only. The answer is decided once
    /// per known code here, so the reader's question per line is one lookup.
    public var retains: @Sendable (Int) -> Bool {
        let decided = Dictionary(
            catalog.codes.map { ($0.code, Self.needsEvent($0)) }, uniquingKeysWith: { first, _ in first })
        return { code in decided[code] ?? true }
    }

    /// Whether an event of the known code `known` feeds a register or a rule.
    static func needsEvent(_ known: AuditCode) -> Bool {
        switch known.family {
        case .privilege, .account, .configuration, .remoteExecution, .availability: true
        case .authentication: known.login?.isInvalidAttempt ?? false
        case .coverage, .other: false
        }
    }

    public func analyze(
        _ evidence: consuming Evidence, period: ReportPeriod, tool: ToolInfo, generatedAtSeconds: Int64
    ) -> AuditReport {
        let entries = entries(of: evidence.events)
        // The entries are the events from here on: a yearly report's events go (their strings
        // the entries share stay).
        evidence.events = []
        var coverage = coverage(of: evidence.census, period: period)
        coverage.firstEventSeconds = evidence.firstEventSeconds
        coverage.lastEventSeconds = evidence.lastEventSeconds
        let zone = period.timeZone
        let context = AnalysisContext(
            entries: entries, catalog: catalog, period: period, accounting: evidence.accounting,
            coverage: coverage, policy: policy,
            failureRuns: FailureRun.runs(in: entries, catalog: catalog, window: policy.burstWindowSeconds),
            interruptions: AuditLoggingInterruptedRule.interruptions(in: entries, catalog: catalog),
            formatTime: { ZoneClock(zone: zone).format(utcSeconds: $0) })
        var findings: [Finding] = []
        var runs: [RuleRun] = []
        for rule in rules {
            let skipped = rule.notEvaluated(under: policy)
            let override = policy.severityOverrides[rule.id]
            var found = skipped == nil ? rule.findings(in: context) : []
            if let override {
                for index in found.indices { found[index].severity = override }
            }
            findings += found
            runs.append(
                RuleRun(
                    id: rule.id, question: rule.question, recommendation: rule.recommendation,
                    severity: override ?? rule.severity,
                    severityOverridden: override != nil,
                    family: rule.family, controls: rule.controls, findings: found.count, notEvaluatedBecause: skipped))
        }
        findings = groupsIncidents ? FindingGroups.group(findings) : FindingGroups.alone(findings)
        // A rule's count is of the findings that name it, an incident once.
        for index in runs.indices { runs[index].findings = findings.count { $0.rules.contains(runs[index].id) } }
        // The quoted line of each finding: its first evidence's entry (the first, if a location
        // repeats). Only those few locations are looked up; a map of every entry would be the
        // largest thing a yearly report builds.
        let quoted = Set(findings.compactMap(\.evidence.first))
        var byLocation: [EvidenceLocation: RegisterEntry] = [:]
        for entry in entries where quoted.contains(entry.location) && byLocation[entry.location] == nil {
            byLocation[entry.location] = entry
        }
        for index in findings.indices {
            findings[index].id = "F-\(period.label)-\(Digits.pad(index + 1, 3))"
            if let key = findings[index].evidence.first.flatMap({ byLocation[$0] }) {
                findings[index].quote = "[\(key.source)|\(key.code)|\(key.actor)] \(key.text)"
            }
            for rule in findings[index].rules {
                for id in policy.organisationControls[rule, default: []]
                where !findings[index].organisationControls.contains(id) {
                    findings[index].organisationControls.append(id)
                }
            }
            findings[index].fingerprint = Finding.fingerprint(
                rule: findings[index].rule, subject: findings[index].subject, concern: findings[index].concern)
        }
        let privilegeRegister = entries.filter { $0.family == .privilege || $0.family == .account }

        return AuditReport(
            tool: tool,
            generatedAtSeconds: generatedAtSeconds,
            period: period,
            inputs: evidence.inputs,
            accounting: evidence.accounting,
            coverage: coverage,
            policy: policy,
            eventCounts: eventCounts(evidence.census),
            privilegeRegister: privilegeRegister,
            accessState: AccessStateBuilder.build(privilegeRegister, catalog: catalog),
            configurationRegister: entries.filter { $0.family == .configuration },
            remoteExecutions: remoteExecutions(entries),
            authentication: authentication(entries, census: evidence.census),
            availability: entries.filter { $0.family == .availability },
            interruptions: context.interruptions.map {
                LoggingInterruption(
                    subject: $0.subject, fromSeconds: $0.stop.utcSeconds, toSeconds: $0.restart?.utcSeconds,
                    isMoment: $0.isMoment)
            },
            unknownCodeEvents: entries.filter { catalog[$0.code] == nil },
            findings: findings,
            rules: runs,
            controls: ControlMatrix.build(
                controls: ControlCatalog.standard, census: evidence.census, catalog: catalog,
                findings: findings, rules: runs))
    }

    /// The register rows of `events`, in their order, made on all cores a block at a time.
    func entries(of events: [AuditEvent]) -> [RegisterEntry] {
        let block = 8192
        let blocks = (events.count + block - 1) / block
        return [RegisterEntry](unsafeUninitializedCapacity: events.count) { rows, made in
            // Each block writes its own rows only: the pointers are shared, the memory is not.
            nonisolated(unsafe) let start = rows.baseAddress
            events.withUnsafeBufferPointer { events in
                nonisolated(unsafe) let events = events
                DispatchQueue.concurrentPerform(iterations: blocks) { index in
                    for position in index * block..<min(events.count, (index + 1) * block) {
                        (start! + position).initialize(to: entry(events[position]))
                    }
                }
            }
            made = events.count
        }
    }

    /// The register row for one event.
    func entry(_ event: AuditEvent) -> RegisterEntry {
        let known = catalog[event.code]
        let subject = MessageSubject.of(known?.subject, text: event.text)
        return RegisterEntry(
            utcSeconds: event.utcSeconds, code: event.code,
            action: known?.description ?? "Unknown code \(event.code)",
            family: known?.family ?? .other, source: event.source, actor: event.user,
            target: subject.target, details: subject.details, text: event.text, location: event.location)
    }

    func eventCounts(_ census: Census) -> [EventCount] {
        census.codeCounts.keys.sorted().map { EventCount(code: $0, count: census.codeCounts[$0]!, known: catalog[$0]) }
    }

    func remoteExecutions(_ entries: [RegisterEntry]) -> RemoteExecutionSummary {
        let executions = catalog.executions
        let runs = entries.filter { executions[$0.code] != nil }
        return RemoteExecutionSummary(
            entries: runs,
            byActor: Tally.counting(runs.map(\.actor)),
            byAction: Tally.counting(runs.map { $0.target.isEmpty ? $0.text : $0.target }),
            byChannel: Tally.counting(runs.map { executions[$0.code]!.label }))
    }

    func authentication(_ entries: [RegisterEntry], census: Census) -> AuthenticationSummary {
        let logins = catalog.logins
        let failures = entries.compactMap { entry in
            logins[entry.code].flatMap { $0.outcome == .failure ? FailureRun.account(of: entry, login: $0) : nil }
        }
        func count(_ outcome: LoginRole.Outcome) -> Int {
            logins.reduce(0) { $1.value.outcome == outcome ? $0 + census.codeCounts[$1.key, default: 0] : $0 }
        }
        return AuthenticationSummary(
            successfulLogins: count(.success),
            logouts: count(.logout),
            failuresByAccount: Tally.counting(failures),
            lockouts: entries.filter { logins[$0.code]?.outcome == .lockout })
    }

    func coverage(of census: Census, period: ReportPeriod) -> Coverage {
        let keys = census.sources.keys.sorted()
        // Gaps of all sources together: the sources' occupancies merged.
        var all = Occupancy(resolution: census.sources.first?.value.occupancy.resolution ?? gapResolutionSeconds)
        let sources = keys.map { key in
            let stats = census.sources[key]!
            all.merge(stats.occupancy)
            return SourceCoverage(
                source: key.source, host: key.host, eventsRead: stats.eventsRead, eventsInPeriod: stats.eventsInPeriod,
                firstSeconds: stats.firstSeconds, lastSeconds: stats.lastSeconds,
                gaps: stats.occupancy.gaps(in: period, threshold: gapThresholdSeconds))
        }
        return Coverage(
            sources: sources,
            eventsPerDay: census.dayCounts.enumerated().map {
                DayCount(day: period.firstDay.adding(days: $0.offset), count: $0.element)
            },
            gaps: all.gaps(in: period, threshold: gapThresholdSeconds),
            gapThresholdSeconds: gapThresholdSeconds, firstEventSeconds: nil, lastEventSeconds: nil)
    }
}
