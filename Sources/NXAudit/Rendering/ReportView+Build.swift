import Foundation

extension ReportView {
    /// The CSS class and machine token of a control's status.
    static func token(_ status: ControlResult.Status) -> String {
        switch status {
        case .operating, .noExceptions: "clean"
        case .notOperating, .exceptions, .operatingWithExceptions: "exceptions"
        case .supported: "supported"
        case .noEventsOfItsTypes, .noPopulation, .notTested, .notShown: "noevidence"
        }
    }

    /// The rules whose findings the authentication section repeats.
    static let failedLoginRules: Set<String> = [
        "failed_login_burst", "failures_without_lockout", "lockout_after_threshold",
    ]

    /// The view of `report`, with every time in the report's zone and every log string cleaned.
    /// The view of `report`; `verdict` is the run's (by default: no `--fail-on`, no `--max-malformed`).
    public init(_ report: AuditReport, verdict: RunVerdict? = nil) {
        let clock = ZoneClock(zone: report.period.timeZone)
        let time = { (seconds: Int64) in clock.format(utcSeconds: seconds) }
        let clean = DisplayText.clean

        func location(_ l: EvidenceLocation) -> LocationView {
            LocationView(file: clean(l.path), line: l.line, location: clean(l.description))
        }
        func table(_ entries: [RegisterEntry]) -> TableView {
            TableView(entries, timeZone: report.period.timeZone)
        }
        func gap(_ g: Gap) -> GapView {
            GapView(from: time(g.fromSeconds), to: time(g.toSeconds), hours: DurationText.hours(g.seconds))
        }
        func tallies(_ t: [Tally]) -> [TallyView] { t.map { TallyView(key: clean($0.key), count: $0.count) } }

        let period = report.period
        tool = ToolView(name: report.tool.name, version: report.tool.version)
        generatedAt = ZoneClock(zone: TimeZone(identifier: "UTC")!).format(utcSeconds: report.generatedAtSeconds)
        self.period = PeriodView(
            label: period.label, from: period.firstDay.description, to: period.lastDay.description,
            start: time(period.startSeconds), end: time(period.endSeconds), interval: period.interval,
            timezone: period.timeZone.ianaName, days: period.dayCount)

        let severities = Severity.allCases.reversed().map { severity in
            SeverityCountView(severity: severity.rawValue, count: report.findings.count { $0.severity == severity })
        }
        let families = Set(report.findings.map(\.family)).sorted().map(\.title).joined(separator: ", ")
        summary = SummaryView(
            linesRead: report.accounting.linesRead, eventsInPeriod: report.accounting.eventsInPeriod,
            linesMalformed: report.accounting.linesMalformed, findings: report.findings.count,
            bySeverity: severities, familiesWithFindings: families)

        findings = report.findings.map { f in
            FindingView(
                id: f.id, fingerprint: f.fingerprint, trend: report.comparison?.trend(of: f) ?? "",
                hasTrend: report.comparison?.trend(of: f) != nil, rules: f.rules,
                ruleList: f.rules.joined(separator: " "),
                also: f.also.map { AlsoView(rule: $0.rule, summary: clean($0.summary)) },
                hasAlso: !f.also.isEmpty, organisationControls: f.organisationControls,
                organisationControlList: f.organisationControls.joined(separator: ", "),
                organisationControlTokens: f.organisationControls.joined(separator: " "),
                hasOrganisationControls: !f.organisationControls.isEmpty, recommendation: clean(f.recommendation),
                quote: clean(f.quote), hasQuote: !f.quote.isEmpty,
                evidenceRanges: EvidenceRanges.text(f.evidence, clean: clean), moreEvidence: f.moreEvidence,
                hasMoreEvidence: f.moreEvidence > 0,
                moreEvidenceNote: f.family == .coverage
                    ? "not listed" : "the registers of the XML report and the CSV exports list every event",
                rule: f.rule, severity: f.severity.rawValue, family: f.family.rawValue, familyTitle: f.family.title,
                summary: clean(f.summary), subject: clean(f.subject), isSevere: f.severity >= .high,
                hasTime: f.utcSeconds != nil,
                time: f.utcSeconds.map(time) ?? "", first: f.firstUTCSeconds.map(time) ?? "",
                last: f.lastUTCSeconds.map(time) ?? "", hasSpan: f.firstUTCSeconds != nil, events: f.eventCount,
                controls: f.controls.map(ControlView.init),
                controlList: f.controls.joined(separator: ", "), evidence: f.evidence.map(location),
                hasEvidence: !f.evidence.isEmpty)
        }
        hasFindings = !findings.isEmpty
        eventCounts = report.eventCounts.map { c in
            EventCountView(
                code: c.code, count: c.count, description: c.known?.description ?? "Unknown code",
                component: c.known?.component.rawValue ?? "", family: (c.known?.family ?? .other).rawValue,
                known: c.known != nil)
        }
        privilegeRegister = table(report.privilegeRegister)
        configurationRegister = table(report.configurationRegister)
        availability = table(report.availability)
        unknownCodes = table(report.unknownCodeEvents)
        let remote = report.remoteExecutions
        self.remote = RemoteView(
            count: remote.entries.count, hasRows: !remote.entries.isEmpty, byActor: tallies(remote.byActor),
            byAction: tallies(remote.byAction), byChannel: tallies(remote.byChannel),
            channels: remote.byChannel.map { tally in
                ChannelCountView(
                    key: ExecutionChannel.allCases.first { $0.label == tally.key }?.key ?? "", label: tally.key,
                    count: tally.count)
            },
            executions: table(remote.entries))
        let auth = report.authentication
        authentication = AuthenticationView(
            successfulLogins: auth.successfulLogins, logouts: auth.logouts, failures: auth.failures,
            lockoutCount: auth.lockouts.count, failuresByAccount: tallies(auth.failuresByAccount),
            hasFailures: auth.failures > 0, lockouts: table(auth.lockouts),
            burstFindings: findings.filter { Self.failedLoginRules.contains($0.rule) },
            hasBurstFindings: findings.contains { Self.failedLoginRules.contains($0.rule) })

        let accounting = report.accounting
        let days = report.coverage.eventsPerDay.map { DayView(date: $0.day.description, events: $0.count) }
        let silent = days.filter { $0.events == 0 }
        let sources = report.coverage.sources
        coverage = CoverageView(
            linesRead: accounting.linesRead, eventsInPeriod: accounting.eventsInPeriod,
            eventsOutsidePeriod: accounting.eventsOutsidePeriod, duplicates: accounting.duplicates.count,
            linesMalformed: accounting.linesMalformed,
            duplicateExamples: accounting.duplicates.examples.map(location),
            hasDuplicates: accounting.duplicates.count > 0,
            moreDuplicates: accounting.duplicates.count - accounting.duplicates.examples.count,
            hasMoreDuplicates: accounting.duplicates.count > accounting.duplicates.examples.count,
            linesNotAuditLog: accounting.linesNotAuditLog, hasNonLogInputs: accounting.linesNotAuditLog > 0,
            windows1252Lines: accounting.windows1252.count,
            windows1252Examples: accounting.windows1252.examples.map(location),
            hasWindows1252: accounting.windows1252.count > 0,
            moreWindows1252: accounting.windows1252.count - accounting.windows1252.examples.count,
            hasMoreWindows1252: accounting.windows1252.count > accounting.windows1252.examples.count,
            balanced: accounting.balances, hasEvents: accounting.eventsInPeriod > 0,
            hasAnyEvent: report.coverage.firstEventSeconds != nil,
            firstEvent: report.coverage.firstEventSeconds.map(time) ?? "",
            lastEvent: report.coverage.lastEventSeconds.map(time) ?? "",
            inputs: report.inputs.map { input in
                InputView(
                    path: clean(input.input.path), sha256: input.sha256, size: Int(input.input.size),
                    bytesRead: input.bytesRead,
                    linesRead: input.accounting.linesRead, eventsInPeriod: input.accounting.eventsInPeriod,
                    eventsOutsidePeriod: input.accounting.eventsOutsidePeriod,
                    duplicates: input.accounting.duplicates.count,
                    linesMalformed: input.accounting.linesMalformed, compressed: input.input.isGzip,
                    hasYearAssumption: input.yearAssumption != nil,
                    yearBasis: input.yearAssumption?.basis.rawValue ?? "",
                    years: input.yearAssumption?.years.map(String.init).joined(separator: " ") ?? "",
                    yearAssumption: input.yearAssumption?.sentence ?? "", isNotAuditLog: input.content != nil,
                    contentKind: input.content?.kind.rawValue ?? "", contentDetail: input.content?.detail ?? "",
                    content: input.content?.description ?? "", linesNotAuditLog: input.accounting.linesNotAuditLog,
                    windows1252Lines: input.accounting.windows1252.count,
                    hasWindows1252: input.accounting.windows1252.count > 0)
            },
            archive: report.archive.map {
                ArchiveView(path: clean($0.path), head: $0.head, batches: $0.batches, rowsRead: $0.rowsRead)
            },
            malformed: accounting.malformed.keys.sorted().map { reason in
                let tally = accounting.malformed[reason]!
                return MalformedView(
                    reason: reason.rawValue, explanation: reason.explanation, count: tally.count,
                    examples: tally.examples.map(location), more: tally.count - tally.examples.count,
                    hasMore: tally.count > tally.examples.count)
            },
            hasMalformed: accounting.linesMalformed > 0,
            sources: sources.map {
                SourceView(
                    source: clean($0.source), host: clean($0.host), eventsRead: $0.eventsRead,
                    eventsInPeriod: $0.eventsInPeriod, first: time($0.firstSeconds), last: time($0.lastSeconds),
                    gaps: $0.gaps.map(gap), hasGaps: !$0.gaps.isEmpty)
            },
            gaps: report.coverage.gaps.map(gap), hasGaps: !report.coverage.gaps.isEmpty,
            gapThresholdHours: DurationText.hours(report.coverage.gapThresholdSeconds),
            days: days, daysWithoutEvents: silent, hasDaysWithoutEvents: !silent.isEmpty)

        policy = PolicyView(
            usesDefaults: report.policy.file == nil, file: report.policy.file.map(clean) ?? "",
            sha256: report.policy.fileSHA256 ?? "",
            settings: report.policy.settings(reportZone: period.timeZone).map {
                PolicySettingView(key: $0.key, value: clean($0.value), origin: clean($0.origin))
            }, organisation: report.policy.organisation.map(clean), preparedBy: report.policy.preparedBy.map(clean))
        rules = report.rules.map { r in
            RuleView(
                id: r.id, question: r.question, recommendation: r.recommendation,
                organisationControls: report.policy.organisationControls[r.id, default: []],
                organisationControlList: report.policy.organisationControls[r.id, default: []].joined(separator: ", "),
                hasOrganisationControls: report.policy.organisationControls[r.id] != nil, severity: r.severity.rawValue,
                family: r.family.rawValue,
                controlList: r.controls.joined(separator: ", "), controls: r.controls.map(ControlView.init),
                severityOverridden: r.severityOverridden,
                findings: r.findings, evaluated: r.notEvaluatedBecause == nil,
                notEvaluatedBecause: r.notEvaluatedBecause ?? "")
        }
        let rows = report.controls.map { c in
            ControlRowView(
                id: c.control.id, framework: c.control.framework,
                frameworkName: c.control.reference.framework.rawValue,
                frameworkVersion: c.control.reference.framework.version, reference: c.control.reference.reference,
                frameworkKey: c.control.reference.framework.key,
                kind: c.control.kind.rawValue, requirement: c.control.requirement, population: c.population,
                exceptions: c.exceptions, hasExceptions: c.exceptions > 0, status: c.status.rawValue,
                statusKey: c.status.key,
                statusToken: Self.token(c.status), reasons: c.reasons.map(clean), hasReasons: !c.reasons.isEmpty,
                ruleList: c.rules.joined(separator: ", "), ruleIds: c.rules, hasRules: !c.rules.isEmpty,
                notEvaluated: c.rulesNotEvaluated,
                notRunRuleIds: c.rulesNotEvaluated.map { String($0.prefix { $0 != ":" }) },
                hasNotEvaluated: !c.rulesNotEvaluated.isEmpty,
                limitation: c.control.limitation ?? "", hasLimitation: c.control.limitation != nil)
        }
        let results = report.controls
        func count(_ status: ControlResult.Status) -> Int { results.count { $0.status == status } }
        controls = ControlMatrixView(
            rows: rows, logging: rows.filter { $0.kind == "logging" },
            behaviour: rows.filter { $0.kind == "behaviour" },
            review: rows.filter { $0.kind == "review" }, loggingOperating: count(.operating),
            loggingNotOperating: count(.notOperating), loggingWithExceptions: count(.operatingWithExceptions),
            hasLoggingWithExceptions: count(.operatingWithExceptions) > 0, behaviourWithExceptions: count(.exceptions),
            behaviourWithoutExceptions: count(.noExceptions), hasLoggingNotOperating: count(.notOperating) > 0,
            hasBehaviourExceptions: count(.exceptions) > 0,
            exceptionList: results.filter { $0.status == .exceptions }.map(\.control.id).joined(separator: ", "))
        let perFamily = FindingFamily.allCases.compactMap { family -> (label: String, count: Int)? in
            let n = report.findings.count { $0.family == family }
            return n > 0 ? (family.title, n) : nil
        }
        let channels = report.remoteExecutions.byChannel.map { (label: $0.key, count: $0.count) }
        charts = ChartsView(
            eventsPerDay: RenderedMarkup(renderText: Charts.eventsPerDay(report)),
            findingsByFamily: RenderedMarkup(renderText: Charts.bars(perFamily, label: "Findings per family")),
            remoteByChannel: RenderedMarkup(renderText: Charts.bars(channels, label: "Remote executions per channel")),
            outageTimeline: RenderedMarkup(renderText: Charts.outageTimeline(report)),
            hasFindingsByFamily: !perFamily.isEmpty, hasRemoteByChannel: !channels.isEmpty,
            hasOutages: !report.interruptions.isEmpty || !report.coverage.gaps.isEmpty)
        // Every finding, info ones too (marked as observations), so the sign-off and page one agree.
        signOff = report.findings.enumerated().map { index, f in
            SignOffRowView(
                number: index + 1, id: f.id, severity: f.severity.rawValue, rule: f.rule, subject: clean(f.subject),
                time: f.utcSeconds.map(time) ?? "", isObservation: f.severity == .info, hasTime: f.utcSeconds != nil)
        }
        hasExceptions = report.findings.contains { $0.severity > .info }
        self.verdict = VerdictView(
            report, verdict: verdict ?? RunVerdict(report, failOn: nil, maxMalformed: nil), sources: coverage.sources,
            clean: clean)
        let state = report.accessState
        func accessObject(_ o: AccessObject) -> AccessObjectView {
            AccessObjectView(
                kind: o.kind.rawValue, kindKey: o.kind.key, name: clean(o.name), state: o.stateAtEnd.rawValue,
                origin: o.createdInPeriod ? "created in period" : "existed before the period",
                roles: clean(o.roles ?? ""), changedBy: o.changedBy.map(clean).joined(separator: ", "),
                firstChange: time(o.firstChangeSeconds), lastChange: time(o.lastChangeSeconds),
                changedByNames: o.changedBy.map(clean),
                hasRoles: o.roles != nil, createdInPeriod: o.createdInPeriod, changes: o.changes,
                evidence: o.evidence.map(location))
        }
        let objects = state.objects.map(accessObject)
        accessState = AccessStateView(
            objects: objects, shownObjects: Array(objects.prefix(TableView.shownLimit)),
            shownCount: min(objects.count, TableView.shownLimit), isSummarised: objects.count > TableView.shownLimit,
            count: state.objects.count, hasObjects: !state.objects.isEmpty,
            created: state.objects.count(where: \.createdInPeriod),
            removed: state.objects.count { $0.stateAtEnd == .removed },
            existedBefore: state.objects.count { !$0.createdInPeriod },
            unnamedChanges: table(state.unnamedChanges), limitations: state.limitations)
        comparison = report.comparison.map { c in
            ComparisonView(
                file: clean(c.baseline.path), sha256: c.baseline.sha256, verification: clean(c.baseline.verification),
                label: clean(c.baseline.periodLabel), from: clean(c.baseline.from), to: clean(c.baseline.to),
                verified: c.baseline.manifest != nil, manifest: clean(c.baseline.manifest ?? ""),
                eventsThen: c.eventsThen, eventsNow: c.eventsNow,
                findingsByRule: c.findingsByRule.map { rule, then, now in
                    RuleDeltaView(
                        rule: clean(rule), then: then, now: now,
                        change: now > then ? "+\(now - then)" : now < then ? "-\(then - now)" : "0",
                        changed: now != then)
                },
                controlsChanged: c.controlsChanged.map {
                    // Statuses as people read them where nxaudit knows the token; the tokens as written.
                    ControlChangeView(
                        control: clean($0.control),
                        then: clean(ControlResult.Status(text: $0.then)?.rawValue ?? $0.then),
                        now: ControlResult.Status(text: $0.now)?.rawValue ?? $0.now, thenKey: clean($0.then),
                        nowKey: $0.now)
                },
                hasControlsChanged: !c.controlsChanged.isEmpty,
                newAdministrators: c.newAdministrators.map(clean), hasNewAdministrators: !c.newAdministrators.isEmpty,
                accessAdded: c.accessAdded.map(accessObject), accessRemoved: c.accessRemoved.map(accessObject),
                hasAccessAdded: !c.accessAdded.isEmpty, hasAccessRemoved: !c.accessRemoved.isEmpty,
                tracksFindings: c.tracksFindings,
                newFindings: report.findings.count { c.trend(of: $0) == "new" },
                recurringFindings: report.findings.count { c.trend(of: $0) == "recurring" },
                resolved: c.resolved.map {
                    ResolvedFindingView(
                        id: clean($0.id), fingerprint: clean($0.fingerprint), rule: clean($0.rule),
                        severity: clean($0.severity), subject: $0.subject)
                }, hasResolved: !c.resolved.isEmpty)
        }
    }
}
