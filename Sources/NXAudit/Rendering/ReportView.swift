import Foundation
import Mustache

/// The view model every template receives: plain strings, numbers, booleans and lists.
///
/// Built once from `AuditReport`. Every string that comes from a log or a path
/// has passed through `DisplayText.clean`; the template engine escapes it for
/// HTML and XML. Field names are the template authors' interface (README:
/// "Writing templates"): rename none without a schema version bump.
public struct ReportView: Sendable, Encodable {
    public var tool: ToolView
    public var generatedAt: String
    public var period: PeriodView
    /// Page one: the verdict.
    public var verdict: VerdictView
    public var summary: SummaryView
    public var findings: [FindingView]
    public var hasFindings: Bool
    public var eventCounts: [EventCountView]
    public var privilegeRegister: TableView
    public var configurationRegister: TableView
    public var availability: TableView
    public var unknownCodes: TableView
    public var remote: RemoteView
    public var authentication: AuthenticationView
    public var coverage: CoverageView
    public var policy: PolicyView
    public var rules: [RuleView]
    public var controls: ControlMatrixView
    public var accessState: AccessStateView
    /// Inline SVG for the HTML (not in the JSON export).
    public var charts: ChartsView
    /// The exceptions (findings of severity low or above), numbered for the reviewer's sign-off.
    public var signOff: [SignOffRowView]
    public var hasExceptions: Bool
    /// The comparison with the previous report (`--baseline`); nil without one.
    public var comparison: ComparisonView?

    enum CodingKeys: String, CodingKey {
        case tool, generatedAt, period, verdict, summary, findings, hasFindings, eventCounts, privilegeRegister,
            configurationRegister
        case availability, unknownCodes, remote, authentication, coverage, policy, rules, controls, accessState,
            signOff, comparison
    }
}

/// This period against the previous report.
public struct ComparisonView: Sendable, Encodable {
    public var file, sha256, verification, label, from, to: String
    /// Whether the manifest beside the baseline names it with the same SHA-256, and that manifest's name.
    public var verified: Bool
    public var manifest: String
    public var eventsThen, eventsNow: Int
    public var findingsByRule: [RuleDeltaView]
    public var controlsChanged: [ControlChangeView]
    public var hasControlsChanged: Bool
    public var newAdministrators: [String]
    public var hasNewAdministrators: Bool
    public var accessAdded, accessRemoved: [AccessObjectView]
    public var hasAccessAdded, hasAccessRemoved: Bool
    /// Whether the baseline carries finding fingerprints; then how many of this period's
    /// findings are new and recurring, and the baseline's findings that are resolved.
    public var tracksFindings: Bool
    public var newFindings, recurringFindings: Int
    public var resolved: [ResolvedFindingView]
    public var hasResolved: Bool
}

/// A finding of the baseline that this period no longer has.
public struct ResolvedFindingView: Sendable, Encodable {
    public var id, fingerprint, rule, severity, subject: String
}

public struct RuleDeltaView: Sendable, Encodable {
    public var rule: String
    public var then, now: Int
    /// `+2`, `-1` or `0`.
    public var change: String
    public var changed: Bool
}

/// A control whose status changed: as people read the statuses, and as tokens.
public struct ControlChangeView: Sendable, Encodable { public var control, then, now, thenKey, nowKey: String }

/// Charts as SVG markup, inserted with `{{{charts.eventsPerDay}}}`; each is empty when it has nothing to show.
public struct ChartsView: Sendable {
    public var eventsPerDay, findingsByFamily, remoteByChannel, outageTimeline: RenderedMarkup
    public var hasFindingsByFamily, hasRemoteByChannel, hasOutages: Bool
}

/// One exception in the sign-off block.
public struct SignOffRowView: Sendable, Encodable {
    public var number: Int
    /// The finding's ID, as the findings list and the XML give it.
    public var id: String
    public var severity, rule, subject, time: String
    /// An info finding: listed, needs no disposition.
    public var isObservation: Bool
    /// False for findings about the whole period or the inputs (no single moment).
    public var hasTime: Bool
}

/// The settings the rules ran under.
public struct PolicyView: Sendable, Encodable {
    /// True when no policy file was given: the documented defaults apply.
    public var usesDefaults: Bool
    public var file: String
    /// SHA-256 of the policy file, empty with the defaults.
    public var sha256: String
    public var settings: [PolicySettingView]
    /// The policy's `organisation` and `prepared_by`; nil when it names none (a section on them is false).
    public var organisation, preparedBy: String?
}

public struct PolicySettingView: Sendable, Encodable { public var key, value, origin: String }

/// One rule of the run.
public struct RuleView: Sendable, Encodable {
    public var id, question, recommendation: String
    /// The organisation's control IDs for the rule (the policy's `control_ids`), and comma-separated.
    public var organisationControls: [String]
    public var organisationControlList: String
    public var hasOrganisationControls: Bool
    public var severity, family, controlList: String
    public var controls: [ControlView]
    public var severityOverridden: Bool
    public var findings: Int
    public var evaluated: Bool
    /// Why it did not run, when `evaluated` is false.
    public var notEvaluatedBecause: String
}

public struct ControlMatrixView: Sendable, Encodable {
    public var rows: [ControlRowView]
    /// The rows by kind: "is it logged?", "did what was logged break a rule?", reviews supported.
    public var logging, behaviour, review: [ControlRowView]
    /// Logging controls operating and not operating; behaviour controls with and without exceptions.
    public var loggingOperating, loggingNotOperating: Int
    /// Logging controls operating with exceptions (unreadable records).
    public var loggingWithExceptions: Int
    public var hasLoggingWithExceptions: Bool
    public var behaviourWithExceptions, behaviourWithoutExceptions: Int
    public var hasLoggingNotOperating, hasBehaviourExceptions: Bool
    /// Ids of the behaviour controls with exceptions, for the summary.
    public var exceptionList: String
}

public struct ControlRowView: Sendable, Encodable {
    /// `PCI DSS 10.2.1.4`; the framework with its version (`PCI DSS 4.0.1`), its name and version
    /// apart, and the framework's own reference (`10.2.1.4`).
    public var id, framework, frameworkName, frameworkVersion, reference: String
    /// The framework's token: `pci-dss`, `iso-iec-27001`, `nist-sp-800-53`, `sox-itgc`.
    public var frameworkKey: String
    /// `logging`, `behaviour` or `review`.
    public var kind: String
    public var requirement: String
    /// The control's population: the period's events of its own codes.
    public var population: Int
    public var exceptions: Int
    /// Whether `exceptions` is above zero (a Mustache section on a number is true even for 0).
    public var hasExceptions: Bool
    /// See `ControlResult.Status`: as people read it, and as a token (`examined-no-exceptions`).
    public var status, statusKey: String
    /// `exceptions`, `clean`, `noevidence`, `supported`: a CSS class / machine token.
    public var statusToken: String
    /// Why a logging control is not operating.
    public var reasons: [String]
    public var hasReasons: Bool
    public var ruleList: String
    public var ruleIds: [String]
    public var hasRules: Bool
    /// Rules that test the control but did not run, as `rule: reason`, and their ids.
    public var notEvaluated: [String]
    public var notRunRuleIds: [String]
    public var hasNotEvaluated: Bool
    public var limitation: String
    public var hasLimitation: Bool
}

public struct AccessStateView: Sendable, Encodable {
    /// Every object (the XML lists them all).
    public var objects: [AccessObjectView]
    /// The first `TableView.shownLimit` objects, for documents people read.
    public var shownObjects: [AccessObjectView]
    public var shownCount: Int
    /// Whether `shownObjects` leaves objects out (the report must say so).
    public var isSummarised: Bool
    public var count: Int
    public var hasObjects: Bool

    enum CodingKeys: String, CodingKey {
        case objects, count, created, removed, existedBefore, unnamedChanges, limitations
    }
    /// Counts for the summary line.
    public var created, removed, existedBefore: Int
    public var unnamedChanges: TableView
    public var limitations: [String]
}

public struct AccessObjectView: Sendable, Encodable {
    /// `kind` as people read it (`Portal account`), `kindKey` as a token (`portal-account`).
    public var kind, kindKey, name, state, origin, roles, changedBy, firstChange, lastChange: String
    public var changedByNames: [String]
    public var hasRoles, createdInPeriod: Bool
    public var changes: Int
    public var evidence: [LocationView]
}

public struct ToolView: Sendable, Encodable { public var name, version: String }

public struct PeriodView: Sendable, Encodable {
    /// `2026-10` or `2026-10-01_2026-10-15`.
    public var label: String
    /// First and last day, included (`YYYY-MM-DD`).
    public var from, to: String
    /// Start (included) and end (excluded) instants with offsets.
    public var start, end: String
    /// `[start, end)`.
    public var interval: String
    public var timezone: String
    public var days: Int
}

public struct SummaryView: Sendable, Encodable {
    public var linesRead, eventsInPeriod, linesMalformed, findings: Int
    public var bySeverity: [SeverityCountView]
    public var familiesWithFindings: String
}

public struct SeverityCountView: Sendable, Encodable { public var severity: String; public var count: Int }

public struct FindingView: Sendable, Encodable {
    /// `F-2026-10-007`, unique in the report; `FP-…`, the same every period for the same finding.
    public var id, fingerprint: String
    /// With a baseline that carries fingerprints: `new` or `recurring`.
    public var trend: String
    public var hasTrend: Bool
    /// Every rule the incident breaks (`rule` first), and what the others said.
    public var rules: [String]
    public var ruleList: String
    public var also: [AlsoView]
    public var hasAlso: Bool
    /// The organisation's control IDs for its rules (the policy's `control_ids`).
    public var organisationControls: [String]
    public var organisationControlList: String
    /// The same, space-separated (an XML list).
    public var organisationControlTokens: String
    public var hasOrganisationControls: Bool
    /// What a reviewer should do; the key event as the log says it.
    public var recommendation, quote: String
    public var hasQuote: Bool
    /// The evidence with consecutive lines as ranges, for people; how many lines are not listed, and where they are.
    public var evidenceRanges: [String]
    public var moreEvidence: Int
    public var hasMoreEvidence: Bool
    public var moreEvidenceNote: String
    public var rule, severity, family, familyTitle, summary, subject: String
    /// High or critical.
    public var isSevere: Bool
    public var hasTime: Bool
    public var time: String
    /// The first and last instants of the incident, when it has a time; how many logged events it rests on.
    public var first, last: String
    public var hasSpan: Bool
    public var events: Int
    public var controls: [ControlView]
    public var controlList: String
    public var evidence: [LocationView]
    public var hasEvidence: Bool
}

/// A control a finding or rule cites: its short id and the citation in parts.
public struct ControlView: Sendable, Encodable {
    /// `PCI DSS 10.2.1.6`.
    public var id: String
    /// `pci-dss`; the framework's name (`PCI DSS`) and the version its references are of (`4.0.1`).
    public var framework, frameworkName, version: String
    /// The framework's own reference: `10.2.1.6`, `A.8.15`, `AU-5`, `APD`.
    public var reference: String

    init(id: String) {
        self.id = id
        let reference = ControlCatalog.control(id)?.reference
        framework = reference?.framework.key ?? ""
        frameworkName = reference?.framework.rawValue ?? ""
        version = reference?.framework.version ?? ""
        self.reference = reference?.reference ?? id
    }
}

public struct LocationView: Sendable, Encodable {
    public var file: String
    public var line: Int
    /// `file:line`
    public var location: String
}

public struct EventCountView: Sendable, Encodable, MustacheParent {
    public var code, count: Int
    public var description, component, family: String
    public var known: Bool

    public func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "count": count
        case "description": description
        case "component": component
        case "family": family
        case "known": known
        default: nil
        }
    }
}

/// A register: its rows, how many there are, and what a reader sees first.
///
/// It holds the report's entries, not rows: a row (`EntryView`, the entry's text cleaned
/// and its time in the report's zone) is made when a template, the renderer or an export
/// reads it, so a register of hundreds of thousands of entries is not held a second time
/// as rows. Templates see the same fields either way.
public struct TableView: Sendable, Encodable, MustacheParent {
    public var count: Int
    public var hasRows: Bool
    /// The rows rendered with the format's row template (`xml/row`, `html/row`), for
    /// `{{{renderedRows}}}`: every row in XML, the shown rows in HTML.
    public var renderedRows = RenderedMarkup(renderText: "")
    /// The first `shownCount` rows are those shown in documents people read; all of them
    /// when the register is small.
    public var shownCount: Int
    /// Whether `shownRows` leaves rows out (the report must say so).
    public var isSummarised: Bool
    /// Rows per action, most first: the totals a reader sees before the rows.
    public var byAction: [TallyView]
    let entries: [RegisterEntry]
    let timeZone: TimeZone

    /// How many rows a register shows to people before it is summarised.
    public static let shownLimit = 2000

    /// The names a template can use.
    static let fieldNames = [
        "count", "hasRows", "renderedRows", "rows", "shownRows", "shownCount", "isSummarised", "byAction",
    ]

    init(_ entries: [RegisterEntry], timeZone: TimeZone) {
        count = entries.count
        hasRows = !entries.isEmpty
        self.entries = entries
        self.timeZone = timeZone
        shownCount = min(entries.count, Self.shownLimit)
        isSummarised = entries.count > Self.shownLimit
        byAction = Tally.counting(entries.map(\.action)).map { TallyView(key: $0.key, count: $0.count) }
    }

    /// Every row, in time order (the XML lists them all).
    public var rows: [EntryView] { rows(0..<count) }
    /// The rows documents for people show.
    public var shownRows: [EntryView] { rows(0..<shownCount) }

    /// The rows `range`, made now (one zone clock for them: a clock is not shared between threads).
    func rows(_ range: Range<Int>) -> [EntryView] {
        let clock = ZoneClock(zone: timeZone)
        return entries[range].map { EntryView($0, clock: clock) }
    }

    /// JSON lists every row once (the shown rows and the rendered markup are for templates),
    /// each made as it is written.
    enum CodingKeys: String, CodingKey { case count, rows, byAction }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        var list = container.nestedUnkeyedContainer(forKey: .rows)
        let clock = ZoneClock(zone: timeZone)
        for entry in entries { try list.encode(EntryView(entry, clock: clock)) }
        try container.encode(byAction, forKey: .byAction)
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "count": count
        case "hasRows": hasRows
        case "renderedRows": renderedRows
        case "rows": rows
        case "shownRows": shownRows
        case "shownCount": shownCount
        case "isSummarised": isSummarised
        case "byAction": byAction
        default: nil
        }
    }
}

/// One register row. Hands its fields out directly (no reflection): registers can hold 100 000 rows.
public struct EntryView: Sendable, Encodable, MustacheParent {
    public var time, action, family, source, actor, target, details, text, file, location: String
    public var code, line: Int

    /// The names a row template can use.
    static let fieldNames: Set<String> = [
        "time", "code", "action", "family", "source", "actor", "target", "details",
        "text", "file", "line", "location",
    ]

    /// A field as text, for the compiled row templates.
    func field(_ name: String) -> String {
        switch name {
        case "code": String(code)
        case "line": String(line)
        default: child(named: name) as? String ?? ""
        }
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "time": time
        case "code": code
        case "action": action
        case "family": family
        case "source": source
        case "actor": actor
        case "target": target
        case "details": details
        case "text": text
        case "file": file
        case "line": line
        case "location": location
        default: nil
        }
    }
}

extension EntryView {
    /// The row of `entry`: its text cleaned for display, its time on `clock`.
    init(_ entry: RegisterEntry, clock: ZoneClock) {
        let clean = DisplayText.clean
        self.init(
            time: clock.format(utcSeconds: entry.utcSeconds), action: entry.action, family: entry.family.rawValue,
            source: clean(entry.source), actor: clean(entry.actor), target: clean(entry.target),
            details: clean(entry.details), text: clean(entry.text), file: clean(entry.location.path),
            location: clean(entry.location.description), code: entry.code, line: entry.location.line)
    }
}

public struct TallyView: Sendable, Encodable { public var key: String; public var count: Int }

/// Remote executions through one channel: its token, its name, how many.
public struct ChannelCountView: Sendable, Encodable {
    public var key, label: String
    public var count: Int
}

public struct RemoteView: Sendable, Encodable {
    public var count: Int
    public var hasRows: Bool
    public var byActor, byAction, byChannel: [TallyView]
    /// `byChannel` with each channel's token (`finder`, `api`, `api-v2`).
    public var channels: [ChannelCountView]
    /// Every execution, with `shownRows`, `shownCount` and `isSummarised` as in a register.
    public var executions: TableView
}

public struct AuthenticationView: Sendable, Encodable {
    public var successfulLogins, logouts, failures, lockoutCount: Int
    public var failuresByAccount: [TallyView]
    public var hasFailures: Bool
    public var lockouts: TableView
    /// The findings about failed logins (bursts, failures without lockout, late lockouts), in report order.
    public var burstFindings: [FindingView]
    public var hasBurstFindings: Bool
}

/// The evidence archive a report read: its path and chain head at the time.
public struct ArchiveView: Sendable, Encodable {
    public var path, head: String
    public var batches, rowsRead: Int
}

public struct CoverageView: Sendable, Encodable {
    public var linesRead, eventsInPeriod, eventsOutsidePeriod, duplicates, linesMalformed: Int
    /// The first duplicate lines, and how many more there are.
    public var duplicateExamples: [LocationView]
    public var hasDuplicates: Bool
    public var moreDuplicates: Int
    public var hasMoreDuplicates: Bool
    /// Lines of inputs that are not audit logs (an API error response, an HTML page).
    public var linesNotAuditLog: Int
    public var hasNonLogInputs: Bool
    /// Lines whose bytes are not UTF-8, read as Windows-1252: how many, the first, how many more.
    public var windows1252Lines: Int
    public var windows1252Examples: [LocationView]
    public var hasWindows1252: Bool
    public var moreWindows1252: Int
    public var hasMoreWindows1252: Bool
    /// Always true in a written report: in period + outside + duplicates + malformed + non-log = read.
    public var balanced: Bool
    public var hasEvents: Bool
    /// Whether any event was read at all, and the first and last (in the period or not).
    public var hasAnyEvent: Bool
    public var firstEvent, lastEvent: String
    public var inputs: [InputView]
    /// Set when the lines were read from an evidence archive instead of files.
    public var archive: ArchiveView?
    public var malformed: [MalformedView]
    public var hasMalformed: Bool
    public var sources: [SourceView]
    /// Stretches without any event longer than `gapThresholdHours`.
    public var gaps: [GapView]
    public var hasGaps: Bool
    public var gapThresholdHours: String
    public var days: [DayView]
    public var daysWithoutEvents: [DayView]
    public var hasDaysWithoutEvents: Bool
}

public struct InputView: Sendable, Encodable {
    public var path: String
    /// SHA-256 of the file as stored, 64 hex digits.
    public var sha256: String
    public var size, bytesRead, linesRead, eventsInPeriod, eventsOutsidePeriod, duplicates, linesMalformed: Int
    public var compressed: Bool
    public var hasYearAssumption: Bool
    public var yearBasis, years, yearAssumption: String
    /// Set when the input is not an audit log: what it is (`api-error-response`, `html-page`),
    /// its message or title, and a sentence for a person.
    public var isNotAuditLog: Bool
    public var contentKind, contentDetail, content: String
    public var linesNotAuditLog: Int
    public var windows1252Lines: Int
    public var hasWindows1252: Bool
}

public struct MalformedView: Sendable, Encodable {
    public var reason, explanation: String
    public var count: Int
    public var examples: [LocationView]
    /// How many lines of this reason are not among the examples.
    public var more: Int
    public var hasMore: Bool
}

public struct SourceView: Sendable, Encodable {
    public var source, host: String
    public var eventsRead, eventsInPeriod: Int
    public var first, last: String
    public var gaps: [GapView]
    public var hasGaps: Bool
}

public struct GapView: Sendable, Encodable {
    public var from, to: String
    /// Length in hours, one decimal.
    public var hours: String
}

public struct DayView: Sendable, Encodable { public var date: String; public var events: Int }

/// Markup nxaudit rendered from a template (so already escaped): `{{{renderedRows}}}` inserts it as it is.
public struct RenderedMarkup: Sendable, MustacheCustomRenderable {
    public var renderText: String
    public var isNull: Bool { false }
}

extension ReportView {
    /// Every register of the report, for filling in `renderedRows`.
    static var tables: [WritableKeyPath<ReportView, TableView>] {
        [
            \.privilegeRegister, \.configurationRegister, \.availability, \.unknownCodes, \.remote.executions,
            \.authentication.lockouts, \.accessState.unnamedChanges,
        ]
    }
}

/// Another rule the same incident breaks, and what it said.
public struct AlsoView: Sendable, Encodable {
    public var rule, summary: String
}
