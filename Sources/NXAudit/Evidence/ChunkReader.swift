import Foundation

/// A piece of reading work: one input, or a byte range of a large plain input.
struct WorkUnit: Sendable {
    var inputIndex: Int
    var input: EvidenceInput
    /// nil for the whole input (always so for gzip).
    var range: Range<Int64>?
    /// Position of the piece within its input (0 for the first).
    var piece: Int
    /// Line numbers (sorted) of the input's lines that an earlier input holds; only for whole inputs.
    var duplicateLines: [Int] = []
    /// The lines an evidence archive holds of this input, read instead of the file.
    var archived: ArchivedLines? = nil
}

/// Lines of one source file as an evidence archive holds them, ready to be read
/// like the file: the raw lines joined by CR LF (the scanner drops exactly that
/// CR, so a line ending in CR comes back whole), with what the file gave them.
public struct ArchivedLines: Sendable {
    public var bytes: [UInt8] = []
    /// The line number in the source file of each line, in order.
    public var lineNumbers: [Int] = []
    /// The year the ingest gave each RFC 3164 stamp (0 for other lines): it was
    /// decided with the whole file in view, which a period's excerpt is not.
    public var years: [Int32] = []
    /// Indices of lines that were over-long in the file; the archive keeps their beginning.
    public var overlong: Set<Int> = []
    /// How the ingest chose those years.
    public var yearPolicy: YearPolicy

    public init(yearPolicy: YearPolicy) {
        self.yearPolicy = yearPolicy
    }

    /// Where each line starts in `bytes`.
    private var starts: [Int] = []

    public mutating func append(_ raw: UnsafeRawBufferPointer, line: Int, year: Int32, overlong isOverlong: Bool) {
        if isOverlong { overlong.insert(lineNumbers.count) }
        starts.append(bytes.count)
        bytes.append(contentsOf: raw)
        bytes.append(0x0D)
        bytes.append(0x0A)
        lineNumbers.append(line)
        years.append(year)
    }

    /// The lines cut into consecutive pieces of about `size` bytes (whole lines), for reading in parallel.
    func pieces(of size: Int) -> [ArchivedLines] {
        guard bytes.count > size, size > 0 else { return [self] }
        var result: [ArchivedLines] = []
        var first = 0
        while first < lineNumbers.count {
            var end = first + 1
            while end < lineNumbers.count, starts[end] - starts[first] < size { end += 1 }
            var piece = ArchivedLines(yearPolicy: yearPolicy)
            let byteEnd = end < starts.count ? starts[end] : bytes.count
            piece.bytes = Array(bytes[starts[first]..<byteEnd])
            piece.starts = starts[first..<end].map { $0 - starts[first] }
            piece.lineNumbers = Array(lineNumbers[first..<end])
            piece.years = Array(years[first..<end])
            piece.overlong = Set(overlong.filter { (first..<end).contains($0) }.map { $0 - first })
            result.append(piece)
            first = end
        }
        return result
    }
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

    /// Whether a piece read speculatively from an empty state would read the same
    /// with the state `carried` that the lines before it actually leave.
    func agrees(with carried: CarriedState, policy: YearPolicy) -> Bool {
        if firstStampAmbiguous, carried.previousInstant != nil { return false }
        guard case .fixed = policy, let firstYearlessMonth else { return true }
        if carried.rollovers != 0 { return false }
        if let lastMonth = carried.lastMonth, YearResolver.crossing(from: lastMonth, to: firstYearlessMonth) != 0 { return false }
        return true
    }
}

/// Reads one work unit: the hot loop of nxaudit.
///
/// Bytes are parsed in place. For every in-period event the census is updated;
/// a `String` is made only for the fields of events the analysis retains.
struct ChunkReader {
    let period: ReportPeriod
    let yearPolicy: YearPolicy
    let maxLineLength: Int
    let retains: @Sendable (Int) -> Bool

    func read(_ unit: WorkUnit, from start: CarriedState, progress: ReadProgress? = nil) throws(EvidenceError) -> ChunkResult {
        let input = unit.input
        let archived = unit.archived
        let source = if let archived { ByteSource(bytes: archived.bytes, path: input.path) } else { try ByteSource(input: input, range: unit.range) }
        source.progress = progress
        let clock = ZoneClock(zone: period.timeZone)
        let modification = clock.localDate(utcSeconds: input.modificationSeconds)
        var years = YearResolver(policy: yearPolicy, modification: modification, rollovers: start.rollovers, lastMonth: start.lastMonth)
        var result = ChunkResult(census: Census(days: period.dayCount))
        var accounting = LineAccounting()
        var census = Census(days: period.dayCount)
        var lineNumber = 0
        var previous = start.previousInstant
        var sawStamp = false
        let period = self.period
        let firstDay = period.firstDay.daysSinceEpoch
        var sources = SourceTable()
        var nextDuplicate = 0

        var scanner = LineScanner()
        scanner.maxLineLength = maxLineLength
        let bytes: Int
        do {
            bytes = try scanner.scan(source) { line, overlong in
                lineNumber += 1
                if lineNumber & 0xFFFF == 0 { progress?.add(lines: 0x10000) }
                accounting.linesRead += 1
                let location = {
                    EvidenceLocation(input: unit.inputIndex, path: input.path, line: archived?.lineNumbers[lineNumber - 1] ?? lineNumber)
                }
                if overlong || archived?.overlong.contains(lineNumber - 1) == true {
                    accounting.addMalformed(.overlong, at: location())
                    return
                }
                let parsed: ParsedLine
                switch LineParser.parse(line) {
                case .malformed(let reason):
                    accounting.addMalformed(reason, at: location())
                    return
                case .parsed(let p):
                    parsed = p
                }
                let placed = StampPlacement.place(parsed.stamp, years: &years, year: archived.map { Int($0.years[lineNumber - 1]) },
                                                  clock: clock, previous: previous)
                if let month = placed.yearlessMonth, result.firstYearlessMonth == nil { result.firstYearlessMonth = month }
                guard let seconds = placed.seconds else {
                    accounting.addMalformed(.badTimestamp, at: location())
                    return
                }
                let micro = placed.microsecond
                let naive = placed.naive
                if !sawStamp {
                    sawStamp = true
                    if let naive, previous == nil, clock.isAmbiguous(naiveSeconds: naive) {
                        result.firstStampAmbiguous = true
                    }
                }
                previous = seconds
                // A copy of a line an earlier input holds still moves the year and DST state
                // above, as the line did in its own file; then it is set aside.
                while nextDuplicate < unit.duplicateLines.count, unit.duplicateLines[nextDuplicate] < lineNumber {
                    nextDuplicate += 1 // a listed line that is malformed here (the file changed, or a bad date)
                }
                if nextDuplicate < unit.duplicateLines.count, unit.duplicateLines[nextDuplicate] == lineNumber {
                    nextDuplicate += 1
                    accounting.addDuplicate(at: location())
                    return
                }
                result.first = min(result.first ?? seconds, seconds)
                result.last = max(result.last ?? seconds, seconds)

                let header = parsed.header
                let source = sources.index(source: UnsafeRawBufferPointer(rebasing: line[header.source]),
                                           host: UnsafeRawBufferPointer(rebasing: line[parsed.host]))
                sources.entries[source].stats.record(seconds)
                guard period.contains(utcSeconds: seconds) else {
                    accounting.eventsOutsidePeriod += 1
                    return
                }
                accounting.eventsInPeriod += 1
                sources.entries[source].stats.recordInPeriod(seconds)
                let text = UnsafeRawBufferPointer(rebasing: line[min(header.textStart, line.count)...])
                let code = CodeQuirks.effectiveCode(headerCode: header.code, text: text)
                census.codeCounts[code, default: 0] += 1
                let day = clock.localDate(utcSeconds: seconds).daysSinceEpoch - firstDay
                if census.dayCounts.indices.contains(day) { census.dayCounts[day] += 1 }
                if retains(code) {
                    result.events.append(Self.event(line, parsed, code: code, seconds: seconds, microsecond: micro,
                                                    source: sources.entries[source].key.source, location: location()))
                }
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw .readFailed(path: input.path, reason: "\(error)")
        }
        for entry in sources.entries { census.add(entry.stats, for: entry.key) }
        progress?.add(lines: lineNumber & 0xFFFF)
        result.bytesRead = bytes
        result.accounting = accounting
        result.census = census
        result.yearsUsed = years.yearsUsed
        result.endState = CarriedState(rollovers: years.rollovers, lastMonth: years.lastMonth, previousInstant: previous)
        return result
    }

    /// Builds the event's strings: the only per-line allocation, and only for retained events.
    static func event(
        _ line: UnsafeRawBufferPointer, _ parsed: ParsedLine, code: Int, seconds: Int64, microsecond: Int,
        source: String, location: EvidenceLocation
    ) -> AuditEvent {
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self)
        }
        let header = parsed.header
        return AuditEvent(
            utcSeconds: seconds, microsecond: Int32(microsecond), source: source, category: string(header.category),
            code: code, headerCode: header.code, user: string(header.user),
            text: header.textStart < line.count ? string(header.textStart..<line.count) : "", location: location)
    }
}

/// The few sources of a piece, found by comparing bytes: no string or hash per line.
struct SourceTable {
    struct Entry {
        var source: [UInt8]
        var host: [UInt8]
        var key: SourceKey
        var stats = SourceStats()
    }
    var entries: [Entry] = []
    private var last = -1

    mutating func index(source: UnsafeRawBufferPointer, host: UnsafeRawBufferPointer) -> Int {
        if last >= 0, Self.same(entries[last], source, host) { return last }
        if let found = entries.indices.first(where: { Self.same(entries[$0], source, host) }) {
            last = found
            return found
        }
        entries.append(Entry(source: Array(source), host: Array(host),
                             key: SourceKey(source: String(decoding: source, as: UTF8.self), host: String(decoding: host, as: UTF8.self))))
        last = entries.count - 1
        return last
    }

    @inline(__always)
    static func same(_ entry: Entry, _ source: UnsafeRawBufferPointer, _ host: UnsafeRawBufferPointer) -> Bool {
        entry.source.count == source.count && entry.host.count == host.count
            && entry.source.withUnsafeBytes { $0.elementsEqual(source) }
            && entry.host.withUnsafeBytes { $0.elementsEqual(host) }
    }
}
