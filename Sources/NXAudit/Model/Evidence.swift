/// What reading the inputs produced: the period's events and an exact account of every line.
public struct Evidence: Sendable {
    /// The period's events the analysis retains (see `Analyzer.retains`), in time order.
    public var events: [AuditEvent]
    /// Counts over all the period's events, retained or not, and what each source covers.
    public var census: Census
    /// One record per input file, in reading order.
    public var inputs: [InputRecord]
    /// The line accounting over all inputs.
    public var accounting: LineAccounting
    /// The first and last instant of any event read, inside the period or not.
    public var firstEventSeconds: Int64?
    public var lastEventSeconds: Int64?
}

/// How many lines fell where. `linesRead` = in period + outside period + duplicates + malformed
/// + lines of inputs that are not audit logs, always.
public struct LineAccounting: Sendable, Equatable {
    public var linesRead = 0
    public var eventsInPeriod = 0
    public var eventsOutsidePeriod = 0
    /// Lines an earlier input already holds (see `DuplicateFinder`), with the first locations.
    public var duplicates = MalformedTally()
    public var malformed: [MalformedReason: MalformedTally] = [:]
    /// Lines whose bytes are not UTF-8, read as Windows-1252 (events like any other; not a
    /// term of the balance), with the first locations.
    public var windows1252 = MalformedTally()
    /// Lines of inputs that hold no audit line and are something else (`NonLogContent`).
    public var linesNotAuditLog = 0

    public init() {}

    public var linesMalformed: Int { malformed.values.reduce(0) { $0 + $1.count } }

    /// Whether every line read is accounted for exactly once.
    public var balances: Bool {
        linesRead == eventsInPeriod + eventsOutsidePeriod + duplicates.count + linesMalformed + linesNotAuditLog
    }

    /// How many example locations each malformed reason keeps.
    public static let exampleLimit = 10

    mutating func addDuplicate(at location: EvidenceLocation) {
        duplicates.count += 1
        if duplicates.examples.count < Self.exampleLimit { duplicates.examples.append(location) }
    }

    mutating func addWindows1252(at location: EvidenceLocation) {
        windows1252.count += 1
        if windows1252.examples.count < Self.exampleLimit { windows1252.examples.append(location) }
    }

    mutating func addMalformed(_ reason: MalformedReason, at location: EvidenceLocation) {
        var tally = malformed[reason] ?? MalformedTally()
        tally.count += 1
        if tally.examples.count < Self.exampleLimit { tally.examples.append(location) }
        malformed[reason] = tally
    }

    mutating func shiftExamples(by offset: Int) {
        for reason in malformed.keys {
            malformed[reason]!.examples = malformed[reason]!.examples.map { $0.shifted(by: offset) }
        }
        duplicates.examples = duplicates.examples.map { $0.shifted(by: offset) }
        windows1252.examples = windows1252.examples.map { $0.shifted(by: offset) }
    }

    mutating func merge(_ other: LineAccounting) {
        linesRead += other.linesRead
        eventsInPeriod += other.eventsInPeriod
        eventsOutsidePeriod += other.eventsOutsidePeriod
        linesNotAuditLog += other.linesNotAuditLog
        duplicates.count += other.duplicates.count
        duplicates.examples = Array((duplicates.examples + other.duplicates.examples).prefix(Self.exampleLimit))
        windows1252.count += other.windows1252.count
        windows1252.examples = Array((windows1252.examples + other.windows1252.examples).prefix(Self.exampleLimit))
        for (reason, tally) in other.malformed {
            var mine = malformed[reason] ?? MalformedTally()
            mine.count += tally.count
            mine.examples = Array((mine.examples + tally.examples).prefix(Self.exampleLimit))
            malformed[reason] = mine
        }
    }
}

/// Lines set aside for one reason: how many, and the first locations.
public struct MalformedTally: Sendable, Equatable {
    public var count = 0
    public var examples: [EvidenceLocation] = []
}

/// What the report says about one input file.
public struct InputRecord: Sendable, Equatable {
    public var input: EvidenceInput
    /// SHA-256 of the file as stored (a `.gz` compressed), 64 hex digits; for `-`, of the bytes read.
    public var sha256 = ""
    /// Bytes read (decompressed bytes for `.gz`).
    public var bytesRead = 0
    public var accounting = LineAccounting()
    /// How the year of its RFC 3164 stamps was chosen; nil when it had none.
    public var yearAssumption: YearAssumption?
    /// What it holds instead, when it is not an audit log at all; nil for a log.
    public var content: NonLogContent?
    /// Its shapes, offsets, span and sources.
    public var profile = InputProfile()
    /// Its first bytes, while it is read (see `NonLogSniffer`).
    var head: [UInt8] = []
}

/// The assumption behind the year of year-less (RFC 3164) stamps, stated in the report.
public struct YearAssumption: Sendable, Equatable {
    /// `option`: the report's year option gave it; `modification-time`: the file's modification time.
    public enum Basis: String, Sendable, Codable { case option, modificationTime = "modification-time" }
    public var basis: Basis
    /// The years given to the file's year-less stamps, ascending.
    public var years: [Int]

    /// A sentence for the report.
    public var sentence: String {
        let list = years.map(String.init).joined(separator: ", ")
        switch basis {
        case .option:
            return "year \(list) from --year" + (years.count > 1 ? " (the log runs past December)" : "")
        case .modificationTime:
            return
                "year \(list) inferred from the file's modification time (a month after it belongs to the year before)"
        }
    }
}
