import Foundation

/// A piece of reading work: one piece of one source.
struct WorkUnit: Sendable {
    /// Position of the source in the run's reading order.
    var sourceIndex: Int
    var source: any EvidenceSource
    var piece: SourcePiece
    /// Line numbers (sorted) of the source's lines that an earlier source holds; only for whole sources.
    var duplicateLines: [Int] = []
}

/// What a piece of a file inherits from the lines before it: the year rollover
/// state of RFC 3164 stamps and the last instant (for the repeated DST hour).
struct CarriedState: Sendable, Equatable {
    var rollovers = 0
    var lastMonth: Int?
    var previousInstant: Int64?
}

/// Everything one piece of one input produced.
struct ChunkResult: Sendable {
    var accounting = LineAccounting()
    var census: Census
    /// Retained events, with line numbers counted from the piece's first line.
    var events: [AuditEvent] = []
    var bytesRead = 0
    var first: Int64?
    var last: Int64?
    var yearsUsed = Set<Int>()
    /// The state after the piece's last line.
    var endState = CarriedState()
    /// The month of the piece's first RFC 3164 stamp.
    var firstYearlessMonth: Int?
    /// Whether the piece's first stamped line was an ambiguous wall-clock time
    /// placed without knowing the instant before it.
    var firstStampAmbiguous = false
    /// The piece's first bytes (its first lines, each with a line feed), to name what an
    /// input without an audit line holds (`NonLogSniffer`).
    var head: [UInt8] = []
    /// The piece's shapes, offsets and span (see `InputProfile`).
    var profile = InputProfile()

    /// Whether a piece read speculatively from an empty state would read the same
    /// with the state `carried` that the lines before it actually leave.
    func agrees(with carried: CarriedState, policy: YearPolicy) -> Bool {
        if firstStampAmbiguous, carried.previousInstant != nil { return false }
        guard case .fixed = policy, let firstYearlessMonth else { return true }
        if carried.rollovers != 0 { return false }
        if let lastMonth = carried.lastMonth, YearResolver.crossing(from: lastMonth, to: firstYearlessMonth) != 0 {
            return false
        }
        return true
    }
}

/// Reads one work unit: the hot loop of nxaudit.
///
/// The unit's source hands over its lines (a file scans its bytes, an archive
/// reads its rows); `LineSteps` takes each through the same steps, whatever its source.
struct ChunkReader {
    let period: ReportPeriod
    let yearPolicy: YearPolicy
    let maxLineLength: Int
    let retains: @Sendable (Int) -> Bool
    let gapResolution: Int64

    func read(
        _ unit: WorkUnit, from start: CarriedState, progress: ReadProgress? = nil
    ) throws(EvidenceError) -> ChunkResult {
        var steps = LineSteps(
            unit: unit, period: period, yearPolicy: yearPolicy, start: start, retains: retains,
            gapResolution: gapResolution, progress: progress)
        let bytes = try unit.source.forEachLine(in: unit.piece, maxLineLength: maxLineLength, progress: progress) {
            line in
            steps.take(line)
        }
        return steps.finish(bytesRead: bytes)
    }
}

/// The way of every line, in order: count it read → parse → place in time → set
/// duplicates aside → cover (its source's span, the period) → tally → keep.
///
/// A step that sets a line aside counts it under its reason, with its location, and
/// ends the line's way: every line read is counted exactly once
/// (`LineAccounting.balances`). Bytes are parsed in place; a `String` is made only
/// for the fields of events the analysis retains.
struct LineSteps {
    private let sourceIndex: Int
    private let path: String
    private let period: ReportPeriod
    private let firstDay: Int
    private let retains: @Sendable (Int) -> Bool
    private let progress: ReadProgress?
    private var timeline: Timeline
    private var duplicates: DuplicateCursor
    private var sources: SourceTable
    private var linesTaken = 0
    private var accounting = LineAccounting()
    private var census: Census
    private var events: [AuditEvent] = []
    private var first: Int64?
    private var last: Int64?
    private var head: [UInt8] = []
    private var keepsHead: Bool
    private var profile = InputProfile()

    init(
        unit: WorkUnit, period: ReportPeriod, yearPolicy: YearPolicy, start: CarriedState,
        retains: @escaping @Sendable (Int) -> Bool, gapResolution: Int64, progress: ReadProgress?
    ) {
        sources = SourceTable(resolution: gapResolution)
        let input = unit.source.input
        sourceIndex = unit.sourceIndex
        path = input.path
        self.period = period
        firstDay = period.firstDay.daysSinceEpoch
        self.retains = retains
        self.progress = progress
        timeline = Timeline(
            yearPolicy: yearPolicy, zone: period.timeZone, modificationSeconds: input.modificationSeconds, start: start)
        duplicates = DuplicateCursor(lines: unit.duplicateLines)
        census = Census(days: period.dayCount)
        keepsHead = true
    }

    /// Takes one line its whole way.
    @inline(__always)
    mutating func take(_ line: SourceLine) {
        countRead()
        if keepsHead { keepHead(line) }
        guard let parsed = parse(line),
            let placed = placeInTime(parsed.stamp, of: line),
            !isDuplicate(line),
            let source = cover(line.bytes, parsed, at: placed.seconds)
        else { return }
        let code = tally(line.bytes, parsed, at: placed.seconds)
        keep(line, parsed, code: code, seconds: placed.seconds, microsecond: placed.microsecond, source: source)
    }

    /// What the piece produced, once its last line is taken.
    mutating func finish(bytesRead: Int) -> ChunkResult {
        for entry in sources.entries { census.add(entry.stats, for: entry.key) }
        progress?.add(lines: linesTaken & 0xFFFF)
        var result = ChunkResult(
            accounting: accounting, census: census, events: events, bytesRead: bytesRead, first: first, last: last)
        result.yearsUsed = timeline.years.yearsUsed
        result.endState = timeline.endState
        result.firstYearlessMonth = timeline.firstYearlessMonth
        result.firstStampAmbiguous = timeline.firstStampAmbiguous
        result.head = head
        for entry in sources.entries { profile.sources[entry.key, default: 0] += entry.stats.eventsRead }
        result.profile = profile
        return result
    }

    /// Keeps the piece's first bytes, each line followed by a line feed, until there are enough.
    private mutating func keepHead(_ line: SourceLine) {
        head.append(contentsOf: line.bytes.prefix(NonLogSniffer.headLength - head.count))
        if head.count < NonLogSniffer.headLength { head.append(0x0A) }
        keepsHead = head.count < NonLogSniffer.headLength
    }

    private func location(_ line: SourceLine) -> EvidenceLocation {
        EvidenceLocation(input: sourceIndex, path: path, line: line.number)
    }

    /// Every line counts as read, whatever happens to it next; a progress display
    /// hears of it every 65,536 lines, so counting costs no atomic per line.
    @inline(__always)
    private mutating func countRead() {
        linesTaken += 1
        if linesTaken & 0xFFFF == 0 { progress?.add(lines: 0x10000) }
        accounting.linesRead += 1
    }

    /// Splits the line into stamp, host and header; a line that is over-long or does
    /// not parse is malformed, with the reason the report gives.
    @inline(__always)
    private mutating func parse(_ line: SourceLine) -> ParsedLine? {
        if line.overlong {
            accounting.addMalformed(.overlong, at: location(line))
            return nil
        }
        switch LineParser.parse(line.bytes) {
        case .malformed(let reason):
            accounting.addMalformed(reason, at: location(line))
            return nil
        case .parsed(let parsed):
            if parsed.isWindows1252 { accounting.addWindows1252(at: location(line)) }
            profile.count(parsed, bytes: line.bytes, input: sourceIndex, path: path, line: line.number)
            return parsed
        }
    }

    /// Gives the stamp its instant (year, zone, repeated DST hour); a date that does
    /// not exist (31 April) is a bad timestamp, a zone abbreviation the report's zone
    /// does not use a zone mismatch.
    @inline(__always)
    private mutating func placeInTime(_ stamp: RawStamp, of line: SourceLine) -> (seconds: Int64, microsecond: Int)? {
        switch timeline.place(stamp, year: line.year) {
        case .placed(let seconds, let microsecond):
            profile.cover(seconds)
            return (seconds, microsecond)
        case .failed(let reason):
            accounting.addMalformed(reason, at: location(line))
            return nil
        }
    }

    /// A copy of a line an earlier source holds is set aside: after it moved the year
    /// and DST state (`placeInTime`), as the line did in its own file.
    @inline(__always)
    private mutating func isDuplicate(_ line: SourceLine) -> Bool {
        guard duplicates.holds(line.number) else { return false }
        accounting.addDuplicate(at: location(line))
        return true
    }

    /// Widens the evidence's time span and its source's coverage with the instant,
    /// then keeps the line only when it falls in the period. Returns the line's
    /// source (its index in `sources`) for an in-period line.
    @inline(__always)
    private mutating func cover(_ bytes: UnsafeRawBufferPointer, _ parsed: ParsedLine, at seconds: Int64) -> Int? {
        first = min(first ?? seconds, seconds)
        last = max(last ?? seconds, seconds)
        let source = sources.index(
            source: UnsafeRawBufferPointer(rebasing: bytes[parsed.header.source]),
            host: UnsafeRawBufferPointer(rebasing: bytes[parsed.host]), windows1252: parsed.isWindows1252)
        sources.entries[source].stats.record(seconds)
        guard period.contains(utcSeconds: seconds) else {
            accounting.eventsOutsidePeriod += 1
            return nil
        }
        accounting.eventsInPeriod += 1
        sources.entries[source].stats.recordInPeriod(seconds)
        return source
    }

    /// Counts the in-period event by code and day, for every event, retained or not.
    /// Returns its code (the header's, or the one its text shows; see `CodeQuirks`).
    @inline(__always)
    private mutating func tally(_ bytes: UnsafeRawBufferPointer, _ parsed: ParsedLine, at seconds: Int64) -> Int {
        let header = parsed.header
        let text = UnsafeRawBufferPointer(rebasing: bytes[min(header.textStart, bytes.count)...])
        let code = CodeQuirks.effectiveCode(headerCode: header.code, text: text)
        census.codeCounts[code, default: 0] += 1
        let day = timeline.clock.localDate(utcSeconds: seconds).daysSinceEpoch - firstDay
        if census.dayCounts.indices.contains(day) { census.dayCounts[day] += 1 }
        return code
    }

    /// Keeps the whole event when the analysis needs its code; others were only counted.
    @inline(__always)
    private mutating func keep(
        _ line: SourceLine, _ parsed: ParsedLine, code: Int, seconds: Int64, microsecond: Int, source: Int
    ) {
        guard retains(code) else { return }
        events.append(
            Self.event(
                line.bytes, parsed, code: code, seconds: seconds, microsecond: microsecond,
                source: sources.entries[source].key.source, location: location(line)))
    }

    /// Builds the event's strings: the only per-line allocation, and only for retained events.
    static func event(
        _ line: UnsafeRawBufferPointer, _ parsed: ParsedLine, code: Int, seconds: Int64, microsecond: Int,
        source: String, location: EvidenceLocation
    ) -> AuditEvent {
        func string(_ range: Range<Int>) -> String { parsed.text(range, of: line) }
        let header = parsed.header
        return AuditEvent(
            utcSeconds: seconds, microsecond: Int32(microsecond), source: source, category: string(header.category),
            code: code, headerCode: header.code, user: string(header.user),
            text: header.textStart < line.count ? string(header.textStart..<line.count) : "", location: location)
    }
}

/// Where a piece's stamps fall in time, and what the piece's reading depends on:
/// the year state of RFC 3164 stamps and the instant before (for the repeated DST
/// hour), carried in from the lines before the piece and handed on after it.
struct Timeline {
    let clock: ZoneClock
    private(set) var years: YearResolver
    private(set) var previous: Int64?
    private var sawStamp = false
    /// The month of the piece's first RFC 3164 stamp.
    private(set) var firstYearlessMonth: Int?
    /// Whether the piece's first stamped line was an ambiguous wall-clock time
    /// placed without knowing the instant before it.
    private(set) var firstStampAmbiguous = false

    init(yearPolicy: YearPolicy, zone: TimeZone, modificationSeconds: Int64, start: CarriedState) {
        clock = ZoneClock(zone: zone)
        let modification = clock.localDate(utcSeconds: modificationSeconds)
        years = YearResolver(
            policy: yearPolicy, modification: modification, rollovers: start.rollovers, lastMonth: start.lastMonth)
        previous = start.previousInstant
    }

    enum Placement {
        case placed(seconds: Int64, microsecond: Int)
        case failed(MalformedReason)
    }

    /// The stamp's instant and microsecond, or why it has none (a date that does not
    /// exist, a zone abbreviation the zone does not use).
    /// `year`: the year an RFC 3164 stamp was already given (by an archive's ingest).
    @inline(__always)
    mutating func place(_ stamp: RawStamp, year: Int?) -> Placement {
        let placed = StampPlacement.place(stamp, years: &years, year: year, clock: clock, previous: previous)
        if let month = placed.yearlessMonth, firstYearlessMonth == nil { firstYearlessMonth = month }
        guard let seconds = placed.seconds else { return .failed(placed.failure) }
        if !sawStamp {
            sawStamp = true
            if let naive = placed.naive, previous == nil, clock.isAmbiguous(naiveSeconds: naive) {
                firstStampAmbiguous = true
            }
        }
        previous = seconds
        return .placed(seconds: seconds, microsecond: placed.microsecond)
    }

    /// The state after the piece's last line.
    var endState: CarriedState {
        CarriedState(rollovers: years.rollovers, lastMonth: years.lastMonth, previousInstant: previous)
    }
}

/// Walks a whole source's sorted duplicate line numbers along with its lines.
struct DuplicateCursor {
    private let lines: [Int]
    private var next = 0

    init(lines: [Int]) { self.lines = lines }

    /// Whether line `number` (lines come in ascending order) is one of the duplicates.
    @inline(__always)
    mutating func holds(_ number: Int) -> Bool {
        while next < lines.count, lines[next] < number {
            next += 1  // a listed line that is malformed here (the file changed, or a bad date)
        }
        guard next < lines.count, lines[next] == number else { return false }
        next += 1
        return true
    }
}

/// The few sources of a piece, found by comparing bytes: no string or hash per line.
struct SourceTable {
    struct Entry {
        var source: [UInt8]
        var host: [UInt8]
        var key: SourceKey
        var stats: SourceStats
    }
    var entries: [Entry] = []
    private var last = -1
    /// The resolution of each source's occupancy (`EvidenceReader.gapResolutionSeconds`).
    let resolution: Int64

    init(resolution: Int64) { self.resolution = resolution }

    mutating func index(source: UnsafeRawBufferPointer, host: UnsafeRawBufferPointer, windows1252: Bool) -> Int {
        if last >= 0, Self.same(entries[last], source, host) { return last }
        if let found = entries.indices.first(where: { Self.same(entries[$0], source, host) }) {
            last = found
            return found
        }
        entries.append(
            Entry(
                source: Array(source), host: Array(host),
                key: SourceKey(
                    source: Windows1252.text(source, isWindows1252: windows1252),
                    host: Windows1252.text(host, isWindows1252: windows1252)),
                stats: SourceStats(resolution: resolution)))
        last = entries.count - 1
        return last
    }

    @inline(__always)
    static func same(_ entry: Entry, _ source: UnsafeRawBufferPointer, _ host: UnsafeRawBufferPointer) -> Bool {
        entry.source.count == source.count && entry.host.count == host.count
            && entry.source.withUnsafeBytes { equal($0, source) } && entry.host.withUnsafeBytes { equal($0, host) }
    }

    /// Byte equality of two buffers of one length.
    @inline(__always)
    private static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}
