import Foundation
import Synchronization

/// Reads log files into the evidence of a period, accounting for every line.
///
/// Large plain files are cut into pieces at line ends and read on all cores.
/// A piece is first read as if nothing came before it; the few pieces whose
/// reading depends on the lines before them (an RFC 3164 year that rolled over,
/// an ambiguous DST hour at the piece's start) are read again in order with the
/// state those lines leave. The result is identical to reading everything in one
/// pass, which the tests check.
public struct EvidenceReader: Sendable {
    public let period: ReportPeriod
    public let yearPolicy: YearPolicy
    /// Whether the analysis needs the full event of a code; others are only counted.
    public let retains: @Sendable (Int) -> Bool
    /// Lines longer than this are counted as over-long and not parsed.
    public var maxLineLength = 64 * 1024
    /// Plain files are read in pieces of about this many bytes.
    public var pieceSize: Int64 = 32 << 20
    /// The resolution, in seconds, at which each source's events are placed in time for
    /// gaps (`Occupancy`): the analysis's `Analyzer.gapResolutionSeconds`.
    public var gapResolutionSeconds = Occupancy.defaultResolution
    /// How many pieces are read at once.
    public var concurrency = processorCount

    /// Counts what the first pass has read, for a progress display; nil: nobody watches.
    public var progress: ReadProgress?

    public init(
        period: ReportPeriod, yearPolicy: YearPolicy, retains: @escaping @Sendable (Int) -> Bool = { _ in true },
        progress: ReadProgress? = nil
    ) {
        self.period = period
        self.yearPolicy = yearPolicy
        self.retains = retains
        self.progress = progress
    }

    /// Reads every input file; throws only when an input cannot be read at all.
    public func read(_ inputs: [EvidenceInput]) throws(EvidenceError) -> Evidence {
        try read(inputs.map { FileSource($0) as any EvidenceSource })
    }

    /// Reads what an evidence archive holds of the period, source by source, the
    /// way the files were read: same steps, same accounting, the files' line numbers.
    public func read(archived sources: [ArchivedSource]) throws(EvidenceError) -> Evidence {
        try read(sources.map { $0 as any EvidenceSource })
    }

    /// Reads every source; throws only when a source cannot be read at all.
    ///
    /// Each source's digest (SHA-256, for the evidence manifest) is computed on
    /// another thread while the lines are read; for a file, the page cache serves both.
    package func read(_ sources: [any EvidenceSource]) throws(EvidenceError) -> Evidence {
        let digests = Mutex<[Result<String, EvidenceError>?]>(Array(repeating: nil, count: sources.count))
        let hashing = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: hashing) {
            for (index, source) in sources.enumerated() {
                let digest = Result<String, EvidenceError>(catching: { () throws(EvidenceError) -> String in
                    try source.digest()
                })
                digests.withLock { $0[index] = digest }
            }
        }
        defer { hashing.wait() }
        var evidence = try readLines(sources)
        hashing.wait()
        let results = digests.withLock { $0 }
        for index in evidence.inputs.indices {
            evidence.inputs[index].sha256 = try results[index]!.get()
        }
        return evidence
    }

    package func readLines(_ inputs: [EvidenceInput]) throws(EvidenceError) -> Evidence {
        try readLines(inputs.map { FileSource($0) as any EvidenceSource })
    }

    /// Reads the lines of every source, in pieces on all cores, without digests.
    package func readLines(_ sources: [any EvidenceSource]) throws(EvidenceError) -> Evidence {
        // With several sources that may overlap, lines an earlier one holds are found first;
        // their line numbers are those of whole sources, so such sources are read whole.
        let searched = sources.indices.filter { sources[$0].mayRepeatOtherSources }
        var duplicates: [Int: [Int]] = [:]
        if searched.count > 1 {
            let found = try DuplicateFinder(maxLineLength: maxLineLength, concurrency: concurrency).duplicates(
                in: searched.map { sources[$0] })
            for (position, index) in searched.enumerated() { duplicates[index] = found[position] }
        }
        var units: [WorkUnit] = []
        for (index, source) in sources.enumerated() {
            if let lines = duplicates[index] {
                units.append(WorkUnit(sourceIndex: index, source: source, piece: .whole, duplicateLines: lines))
                continue
            }
            for piece in try source.pieces(of: pieceSize) {
                units.append(WorkUnit(sourceIndex: index, source: source, piece: piece))
            }
        }
        return try read(units)
    }

    private func read(_ units: [WorkUnit]) throws(EvidenceError) -> Evidence {
        let reader = ChunkReader(
            period: period, yearPolicy: yearPolicy, maxLineLength: maxLineLength, retains: retains,
            gapResolution: gapResolutionSeconds)
        var speculative = try units.parallelMap(width: concurrency) { unit throws(EvidenceError) in
            try reader.read(unit, from: CarriedState(), progress: progress)
        }

        var evidence = Evidence(
            events: [], census: Census(days: period.dayCount), inputs: [], accounting: LineAccounting())
        // One array of the right size, and each piece's events let go once they are in it: the
        // events exist about once, not twice (pieces and the whole) plus the growth of the array.
        evidence.events.reserveCapacity(speculative.reduce(0) { $0 + $1.events.count })
        var carried = CarriedState()
        var record: InputRecord?
        var years = Set<Int>()
        var linesBefore = 0
        var policy = yearPolicy
        for (position, unit) in units.enumerated() {
            let guess = speculative[position]
            speculative[position].events = []
            if unit.piece.index == 0 {
                if let record { evidence.finish(record, years: years, policy: policy) }
                policy = unit.source.yearPolicy ?? yearPolicy
                record = InputRecord(input: unit.source.input)
                years = []
                carried = CarriedState()
                linesBefore = 0
            }
            var result = guess
            if !guess.agrees(with: carried, policy: yearPolicy) {
                result = try reader.read(unit, from: carried)
            }
            carried = result.endState(after: carried)
            // Archived lines carry their file's line numbers already.
            if !unit.source.holdsOwnLineNumbers { result.shiftLines(by: linesBefore) }
            linesBefore += result.accounting.linesRead
            years.formUnion(result.yearsUsed)
            record!.bytesRead += result.bytesRead
            record!.accounting.merge(result.accounting)
            record!.profile.merge(result.profile)
            // The source's first bytes, across pieces as in one reading.
            if record!.head.count < NonLogSniffer.headLength {
                record!.head += result.head.prefix(NonLogSniffer.headLength - record!.head.count)
            }
            evidence.add(result)
        }
        if let record { evidence.finish(record, years: years, policy: policy) }
        // Engine files concatenated by the API are out of order: analysis sees time order.
        evidence.events.sortChronologically()
        return evidence
    }
}

extension ChunkResult {
    /// The state after this piece, given the state before it: what the piece did
    /// not touch (no RFC 3164 line, no stamp at all) passes through.
    func endState(after before: CarriedState) -> CarriedState {
        var state = endState
        if firstYearlessMonth == nil { (state.rollovers, state.lastMonth) = (before.rollovers, before.lastMonth) }
        if endState.previousInstant == nil { state.previousInstant = before.previousInstant }
        return state
    }

    /// Renumbers the piece's lines as lines of the whole file.
    mutating func shiftLines(by offset: Int) {
        guard offset > 0 else { return }
        for i in events.indices { events[i].location = events[i].location.shifted(by: offset) }
        accounting.shiftExamples(by: offset)
        profile.shiftLines(by: offset)
    }
}

extension Evidence {
    mutating func add(_ result: ChunkResult) {
        events.append(contentsOf: result.events)
        census.merge(result.census)
        firstEventSeconds = [firstEventSeconds, result.first].compactMap { $0 }.min()
        lastEventSeconds = [lastEventSeconds, result.last].compactMap { $0 }.max()
    }

    /// Ends an input: its year assumption, what it is when it holds no audit line at all
    /// (its lines then count as lines of a non-log input, not as malformed audit lines),
    /// and its lines into the run's accounting.
    mutating func finish(_ record: InputRecord, years: Set<Int>, policy: YearPolicy) {
        var record = record
        record.yearAssumption = YearResolver.assumption(policy: policy, years: years)
        let a = record.accounting
        if a.linesRead > 0, a.linesMalformed == a.linesRead, let content = NonLogSniffer.classify(record.head) {
            record.content = content
            record.accounting.linesNotAuditLog = a.linesMalformed
            record.accounting.malformed = [:]
        }
        record.head = []
        accounting.merge(record.accounting)
        inputs.append(record)
    }
}

extension [AuditEvent] {
    /// Sorts into `AuditEvent.chronological` order, as a stable sort would, without copying an
    /// event: the order is found on small keys, and each event is then moved once, in place,
    /// along the cycles of that order. Events already in time order (one log read in order)
    /// are recognised in one pass over the keys and left alone.
    mutating func sortChronologically() {
        var keys = withUnsafeBufferPointer { events in
            events.indices.map { position in
                ChronologicalKey(
                    seconds: events[position].utcSeconds, microsecond: events[position].microsecond,
                    input: events[position].location.input, line: events[position].location.line, position: position)
            }
        }
        if zip(keys, keys.dropFirst()).allSatisfy({ $0 < $1 }) { return }
        keys.sort()
        // source[p]: the position whose event belongs at p; p once it is there.
        var source = keys.map { $0.position }
        keys = []
        withUnsafeMutableBufferPointer { events in
            guard let base = events.baseAddress else { return }
            for start in source.indices where source[start] != start {
                let first = (base + start).move()
                var at = start
                while source[at] != start {
                    let from = source[at]
                    (base + at).moveInitialize(from: base + from, count: 1)
                    source[at] = at
                    at = from
                }
                (base + at).initialize(to: first)
                source[at] = at
            }
        }
    }
}

/// What `AuditEvent.chronological` compares, and the event's position.
private struct ChronologicalKey: Comparable {
    var seconds: Int64
    var microsecond: Int32
    var input: Int
    var line: Int
    /// The position before sorting: equal events keep their order.
    var position: Int

    static func < (a: Self, b: Self) -> Bool {
        (a.seconds, a.microsecond, a.input, a.line, a.position)
            < (b.seconds, b.microsecond, b.input, b.line, b.position)
    }
}
