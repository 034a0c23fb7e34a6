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

/// How many lines fell where. `linesRead` = in period + outside period + duplicates + malformed, always.
public struct LineAccounting: Sendable, Equatable {
    public var linesRead = 0
    public var eventsInPeriod = 0
    public var eventsOutsidePeriod = 0
    /// Lines an earlier input already holds (see `DuplicateFinder`), with the first locations.
    public var duplicates = MalformedTally()
    public var malformed: [MalformedReason: MalformedTally] = [:]

    public init() {}

    public var linesMalformed: Int { malformed.values.reduce(0) { $0 + $1.count } }

    /// Whether every line read is accounted for exactly once.
    public var balances: Bool { linesRead == eventsInPeriod + eventsOutsidePeriod + duplicates.count + linesMalformed }

    /// How many example locations each malformed reason keeps.
    public static let exampleLimit = 10

    mutating func addDuplicate(at location: EvidenceLocation) {
        duplicates.count += 1
        if duplicates.examples.count < Self.exampleLimit { duplicates.examples.append(location) }
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
    }

    mutating func merge(_ other: LineAccounting) {
        linesRead += other.linesRead
        eventsInPeriod += other.eventsInPeriod
        eventsOutsidePeriod += other.eventsOutsidePeriod
        duplicates.count += other.duplicates.count
        duplicates.examples = Array((duplicates.examples + other.duplicates.examples).prefix(Self.exampleLimit))
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
}

/// The assumption behind the year of year-less (RFC 3164) stamps, stated in the report.
public struct YearAssumption: Sendable, Equatable {
    public enum Basis: String, Sendable { case flag = "--year", modificationTime = "modification-time" }
    public var basis: Basis
    /// The years given to the file's year-less stamps, ascending.
    public var years: [Int]

    /// A sentence for the report.
    public var sentence: String {
        let list = years.map(String.init).joined(separator: ", ")
        switch basis {
        case .flag:
            return "year \(list) from --year" + (years.count > 1 ? " (the log runs past December)" : "")
        case .modificationTime:
            return
                "year \(list) inferred from the file's modification time (a month after it belongs to the year before)"
        }
    }
}
