import Foundation

/// What nxaudit sees in a site's inputs before the first report (`nxaudit inspect`):
/// per input its shapes, span, sources and defects; over all of them the codes,
/// overlaps and warnings in plain words, and a `nxaudit report` command line to start from.
///
/// The inputs are read by the report's own reader, over all time, so every count here
/// is the count a report over the same lines gives.
public struct Inspection: Sendable, Encodable {
    public struct Shape: Sendable, Encodable {
        /// `rfc5424`, `rfc3164`, … (see `LineShape`), and whether a `<PRI>` stood before it.
        public var shape: String
        public var priority: Bool
        public var name: String
        public var lines: Int
        /// The first line of the shape: where, and its text (printable, shortened).
        public var example: String
        public var exampleLine: String
    }

    public struct Source: Sendable, Encodable {
        public var source, host: String
        public var events: Int
    }

    public struct Input: Sendable, Encodable {
        public var path: String
        public var size: Int64
        public var compressed: Bool
        public var lines, events, duplicates, malformed, windows1252Lines: Int
        /// What the input is when it is not an audit log; nil for a log.
        public var notAuditLog: String?
        public var shapes: [Shape]
        /// The first and last event, RFC 3339 in the inspection's zone.
        public var firstEvent, lastEvent: String?
        /// The offsets stamps carry (`+02:00`), and how many lines carry none.
        public var offsets: [String]
        public var linesWithoutZone: Int
        public var sources: [Source]
        /// How the year of its RFC 3164 stamps was chosen.
        public var year: String?
    }

    public struct CodeCount: Sendable, Encodable {
        public var code, events: Int
        public var description: String?
    }

    public struct Lines: Sendable, Encodable {
        public var reason: String
        public var explanation: String
        public var lines: Int
        /// The first locations, `file:line`.
        public var examples: [String]
    }

    public var timezone: String
    public var linesRead, events: Int
    public var inputs: [Input]
    public var codes: [CodeCount]
    public var unknownCodes: [CodeCount]
    /// Malformed lines per reason; lines read as Windows-1252; lines another input holds.
    public var malformed: [Lines]
    public var windows1252: Lines
    public var duplicates: Lines
    public var warnings: [String]
    /// A `nxaudit report` command line for these inputs.
    public var suggestedCommand: String
    /// Whether every line read is accounted for exactly once.
    public var balanced: Bool
}

extension Inspection {
    /// All of time a report can write: the inspection reads every line, whatever its date.
    static let span = (
        first: CivilDate(year: 1970, month: 1, day: 1)!, last: CivilDate(year: 2099, month: 12, day: 31)!
    )

    /// Reads `paths` (files, directories, `-`) and describes them.
    ///
    /// - Parameters:
    ///   - zone: the zone stamps without offset are read in, and the times are written in.
    ///   - zoneGiven: whether the user named the zone (otherwise the suggestion looks for one).
    public static func inspect(
        _ paths: [String], zone: TimeZone, zoneGiven: Bool, yearPolicy: YearPolicy,
        catalog: CodeCatalog = .standard, progress: ReadProgress? = nil
    ) throws -> Inspection {
        let period = try ReportPeriod(firstDay: span.first, lastDay: span.last, timeZone: zone)
        let inputs = try EvidenceInput.resolve(paths)
        var reader = EvidenceReader(period: period, yearPolicy: yearPolicy, retains: { _ in false })
        reader.progress = progress
        let evidence = try reader.readLines(inputs)
        return Inspection(
            evidence: evidence, zone: zone, zoneGiven: zoneGiven, yearPolicy: yearPolicy, catalog: catalog)
    }

    init(evidence: Evidence, zone: TimeZone, zoneGiven: Bool, yearPolicy: YearPolicy, catalog: CodeCatalog) {
        let clock = ZoneClock(zone: zone)
        let a = evidence.accounting
        timezone = zone.ianaName
        linesRead = a.linesRead
        events = a.eventsInPeriod + a.eventsOutsidePeriod
        balanced = a.balances
        inputs = evidence.inputs.map { record in
            let profile = record.profile
            return Input(
                path: record.input.path, size: record.input.size, compressed: record.input.isGzip,
                lines: record.accounting.linesRead,
                events: record.accounting.eventsInPeriod + record.accounting.eventsOutsidePeriod,
                duplicates: record.accounting.duplicates.count, malformed: record.accounting.linesMalformed,
                windows1252Lines: record.accounting.windows1252.count, notAuditLog: record.content?.description,
                shapes: profile.shapes.map { tally in
                    Shape(
                        shape: tally.key.shape.rawValue, priority: tally.key.hasPriority, name: tally.key.name,
                        lines: tally.count, example: tally.example.description,
                        exampleLine: Self.printable(tally.exampleBytes))
                },
                firstEvent: profile.firstSeconds.map(clock.format), lastEvent: profile.lastSeconds.map(clock.format),
                offsets: profile.offsets.sorted().map(ZoneClock.formatOffset), linesWithoutZone: profile.zonelessLines,
                sources: profile.sources.sorted { $0.key < $1.key }.map {
                    Source(source: $0.key.source, host: $0.key.host, events: $0.value)
                },
                year: record.yearAssumption?.sentence)
        }
        let counts = evidence.census.codeCounts.sorted { $0.key < $1.key }
        codes = counts.filter { catalog[$0.key] != nil }.map {
            CodeCount(code: $0.key, events: $0.value, description: catalog[$0.key]?.description)
        }
        unknownCodes = counts.filter { catalog[$0.key] == nil }.map {
            CodeCount(code: $0.key, events: $0.value, description: nil)
        }
        func lines(_ reason: String, _ explanation: String, _ tally: MalformedTally) -> Lines {
            Lines(
                reason: reason, explanation: explanation, lines: tally.count,
                examples: tally.examples.map(\.description))
        }
        malformed = a.malformed.keys.sorted().map { lines($0.rawValue, $0.explanation, a.malformed[$0]!) }
        windows1252 = lines(
            "windows-1252", "bytes that are not UTF-8, read as Windows-1252 (events like any other)", a.windows1252)
        duplicates = lines(
            "duplicate", "copies of lines an earlier input holds; a report counts each once", a.duplicates)
        let advice = InspectionAdvice(evidence: evidence, clock: clock, zoneGiven: zoneGiven, yearPolicy: yearPolicy)
        warnings = advice.warnings(unknownCodes: unknownCodes.map(\.code))
        suggestedCommand = advice.command()
    }

    /// Printable text of a line's first bytes (UTF-8, else Windows-1252; controls as spaces).
    static func printable(_ bytes: [UInt8]) -> String {
        // The example may end inside a character: UTF-8 when all but its last bytes are.
        let text = bytes.withUnsafeBytes { buffer in
            for cut in 0...min(3, buffer.count) {
                let kept = UnsafeRawBufferPointer(rebasing: buffer[..<(buffer.count - cut)])
                if LineParser.isValidUTF8(kept) { return String(decoding: kept, as: UTF8.self) }
            }
            return Windows1252.decode(buffer)
        }
        return PrintableText.oneLine(text)
    }
}
