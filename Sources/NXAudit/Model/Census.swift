/// Counts over every event of the period, kept without the events themselves.
///
/// Most of a month's events are logins and logouts that no register lists; they
/// are counted here, so memory follows what the report holds, not the log's size.
public struct Census: Sendable, Equatable {
    /// In-period events per code (the code the event means, after quirks).
    public var codeCounts: [Int: Int] = [:]
    /// In-period events per local day, index 0 being the period's first day.
    public var dayCounts: [Int]
    /// What each source (Source field and host) covers, in and out of the period.
    public var sources: [SourceKey: SourceStats] = [:]

    public init(days: Int) {
        dayCounts = [Int](repeating: 0, count: days)
    }

    mutating func merge(_ other: Census) {
        for (code, n) in other.codeCounts { codeCounts[code, default: 0] += n }
        for i in dayCounts.indices { dayCounts[i] += other.dayCounts[i] }
        for (key, stats) in other.sources { add(stats, for: key) }
    }

    mutating func add(_ stats: SourceStats, for key: SourceKey) {
        if var mine = sources[key] {
            mine.merge(stats)
            sources[key] = mine
        } else {
            sources[key] = stats
        }
    }
}

/// A source of audit events: the header's Source field and the rsyslog host that wrote it.
public struct SourceKey: Sendable, Hashable, Comparable {
    public var source: String
    public var host: String

    public static func < (a: Self, b: Self) -> Bool { (a.source, a.host) < (b.source, b.host) }
}

/// One source's events: over everything read, and inside the period.
public struct SourceStats: Sendable, Equatable {
    /// First and last instant of any event of this source read, in the period or not.
    public var firstSeconds = Int64.max
    public var lastSeconds = Int64.min
    public var eventsRead = 0
    public var eventsInPeriod = 0
    /// When the source's in-period events happened, at the reader's gap resolution, for gaps.
    public var occupancy: Occupancy

    public init(resolution: Int64 = Occupancy.defaultResolution) {
        occupancy = Occupancy(resolution: resolution)
    }

    @inline(__always)
    mutating func record(_ seconds: Int64) {
        eventsRead += 1
        firstSeconds = min(firstSeconds, seconds)
        lastSeconds = max(lastSeconds, seconds)
    }

    @inline(__always)
    mutating func recordInPeriod(_ seconds: Int64) {
        eventsInPeriod += 1
        occupancy.record(seconds)
    }

    mutating func merge(_ other: SourceStats) {
        firstSeconds = min(firstSeconds, other.firstSeconds)
        lastSeconds = max(lastSeconds, other.lastSeconds)
        eventsRead += other.eventsRead
        eventsInPeriod += other.eventsInPeriod
        occupancy.merge(other.occupancy)
    }
}
