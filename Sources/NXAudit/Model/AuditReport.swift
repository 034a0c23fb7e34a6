/// Everything a report shows, computed once; every renderer reads only this.
public struct AuditReport: Sendable {
    /// The tool that made the report.
    public var tool: ToolInfo
    /// When the report was made (UTC seconds), from `SOURCE_DATE_EPOCH` or the clock.
    public var generatedAtSeconds: Int64
    public var period: ReportPeriod
    /// Inputs in reading order, with their line accounting and year assumption.
    public var inputs: [InputRecord]
    public var accounting: LineAccounting
    public var coverage: Coverage
    /// The policy the rules ran under, with where each setting came from.
    public var policy: AnalysisPolicy
    /// Events per code in the period, by code; unknown codes included.
    public var eventCounts: [EventCount]
    /// Privilege and account changes (families privilege and account), in time order.
    public var privilegeRegister: [RegisterEntry]
    /// Accounts, roles and profiles changed in the period and their state at its end.
    public var accessState: AccessState
    /// Configuration changes, in time order.
    public var configurationRegister: [RegisterEntry]
    public var remoteExecutions: RemoteExecutionSummary
    public var authentication: AuthenticationSummary
    /// Start, stop, connect and disconnect events of the components, in time order.
    public var availability: [RegisterEntry]
    /// Each interruption of audit logging (a stop and its restart, or an rsyslog restart), for the timeline.
    public var interruptions: [LoggingInterruption]
    /// Events whose code nxaudit does not know, kept and listed.
    public var unknownCodeEvents: [RegisterEntry]
    /// Findings in report order (severity, rule, time, subject).
    public var findings: [Finding]
    /// Every rule, in the order it ran, with its findings count or why it did not run.
    public var rules: [RuleRun]
    /// The control matrix, in `ControlCatalog` order.
    public var controls: [ControlResult]
    /// The comparison with a previous report (`--baseline`), when one was given.
    public var comparison: PeriodComparison? = nil
    /// The evidence archive the lines were read from; nil when they were read from files.
    public var archive: ArchiveProvenance? = nil
}

/// A stretch during which a component writing the audit trail was down.
public struct LoggingInterruption: Sendable, Equatable {
    /// The component or object (`Portal`, `engine01`, ...).
    public var subject: String
    public var fromSeconds: Int64
    /// When it was back; nil when no restart is logged in the period (or for an rsyslog restart, a moment).
    public var toSeconds: Int64?
    /// An rsyslog restart: a moment at which lines may have been lost, not a stretch.
    public var isMoment: Bool
}

/// Name and version of the tool, injected so reports stay reproducible.
public struct ToolInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public init(name: String = "nxaudit", version: String) {
        self.name = name
        self.version = version
    }
}

/// One row of a register: who did what to which object, when, and where it is written.
public struct RegisterEntry: Sendable, Equatable {
    public var utcSeconds: Int64
    public var code: Int
    /// The catalog's description of the code, or `Unknown code NNNNN`.
    public var action: String
    public var family: FindingFamily
    public var source: String
    /// The header's User field.
    public var actor: String
    /// The object acted on, taken from the text where its template is known; may be empty.
    public var target: String
    /// The rest of the text that is not the target (reason, roles, session, count).
    public var details: String
    /// The full free text.
    public var text: String
    public var location: EvidenceLocation
}

/// A count under a key (an account, an action, a channel).
public struct Tally: Sendable, Equatable {
    public var key: String
    public var count: Int

    /// Counts under keys, most first, then by key: a total, stable order.
    public static func counting<S: Sequence>(_ keys: S) -> [Tally] where S.Element == String {
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        return counts.map { Tally(key: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }
}

/// Events per code in the period.
public struct EventCount: Sendable, Equatable {
    public var code: Int
    public var count: Int
    /// The catalog entry, nil for a code nxaudit does not know.
    public var known: AuditCode?
}

/// Remote actions run on employees' devices (21001 Finder, 21002 API, 21003 API v2).
public struct RemoteExecutionSummary: Sendable, Equatable {
    public var entries: [RegisterEntry]
    public var byActor: [Tally]
    public var byAction: [Tally]
    public var byChannel: [Tally]
}

/// Logins, failures and lockouts.
public struct AuthenticationSummary: Sendable, Equatable {
    public var successfulLogins: Int
    public var logouts: Int
    /// Failed logins per account (the account in the text for 20103), most first.
    public var failuresByAccount: [Tally]
    public var failures: Int { failuresByAccount.reduce(0) { $0 + $1.count } }
    /// Lockouts (20104), in time order.
    public var lockouts: [RegisterEntry]
}

/// What the logs cover, against the requested period.
public struct Coverage: Sendable, Equatable {
    /// Per source and host: what was read, in and out of the period.
    public var sources: [SourceCoverage]
    /// Events per local day of the period, one entry per day, in order.
    public var eventsPerDay: [DayCount]
    /// Stretches of the period longer than the gap threshold without any event from any source.
    public var gaps: [Gap]
    /// The threshold gaps are measured against, in seconds.
    public var gapThresholdSeconds: Int64
    /// The first and last event in everything read, in the period or not: what the logs cover.
    public var firstEventSeconds: Int64?
    public var lastEventSeconds: Int64?
    /// Local days of the period without any event.
    public var daysWithoutEvents: [CivilDate] { eventsPerDay.filter { $0.count == 0 }.map(\.day) }
}

public struct SourceCoverage: Sendable, Equatable {
    public var source: String
    /// The rsyslog host that wrote the lines (empty when the prefix names none).
    public var host: String
    /// Events of this source read, in the period or not.
    public var eventsRead: Int
    public var eventsInPeriod: Int
    /// First and last event of this source in everything read.
    public var firstSeconds: Int64
    public var lastSeconds: Int64
    /// Stretches of the period longer than the threshold without an event of this source.
    public var gaps: [Gap]
}

/// A stretch of time without events: `[fromSeconds, toSeconds)`.
public struct Gap: Sendable, Equatable {
    public var fromSeconds: Int64
    public var toSeconds: Int64
    public var seconds: Int64 { toSeconds - fromSeconds }
}

public struct DayCount: Sendable, Equatable {
    public var day: CivilDate
    public var count: Int
}
