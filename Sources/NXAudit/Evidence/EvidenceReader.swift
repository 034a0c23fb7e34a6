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
    /// How many pieces are read at once.
    public var concurrency = processorCount

    /// Counts what the first pass has read, for a progress display; nil: nobody watches.
    public var progress: ReadProgress?

    public init(period: ReportPeriod, yearPolicy: YearPolicy, retains: @escaping @Sendable (Int) -> Bool = { _ in true },
                progress: ReadProgress? = nil) {
        self.period = period
        self.yearPolicy = yearPolicy
        self.retains = retains
        self.progress = progress
    }

    /// Reads every input; throws only when an input cannot be read at all.
    ///
    /// Each input is also hashed (SHA-256, for the evidence manifest) on another
    /// thread while it is read; the page cache serves both.
    public func read(_ inputs: [EvidenceInput]) throws(EvidenceError) -> Evidence {
        let hashes = Mutex<[(hex: String, size: Int64)?]>(Array(repeating: nil, count: inputs.count))
        let hashing = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: hashing) {
            for (index, input) in inputs.enumerated() {
                let digest = SHA256.file(at: input.fileSystemPath, limit: input.size)
                hashes.withLock { $0[index] = digest }
            }
        }
        defer { hashing.wait() }
        var evidence = try readLines(inputs)
        hashing.wait()
        let digests = hashes.withLock { $0 }
        for index in evidence.inputs.indices {
            let path = evidence.inputs[index].input.fileSystemPath
            guard let position = inputs.firstIndex(where: { $0.fileSystemPath == path }), let digest = digests[position] else {
                throw .readFailed(path: evidence.inputs[index].input.path, reason: "it could not be read again to compute its SHA-256")
            }
            // A file that shrank while it was read (rotated by copy and truncate) no longer holds the bytes analysed.
            guard digest.size == evidence.inputs[index].input.size else {
                throw .readFailed(path: evidence.inputs[index].input.path,
                                  reason: "it changed while it was read (\(digest.size) of \(evidence.inputs[index].input.size) bytes left; rotated or truncated?); run again")
            }
            evidence.inputs[index].sha256 = digest.hex
        }
        return evidence
    }

    package func readLines(_ inputs: [EvidenceInput]) throws(EvidenceError) -> Evidence {
        // With several inputs, lines an earlier input holds are found first; their line
        // numbers are those of whole files, so such runs read each file whole.
        let duplicates = try DuplicateFinder(maxLineLength: maxLineLength, concurrency: concurrency).duplicates(in: inputs)
        var units: [WorkUnit] = []
        for (index, input) in inputs.enumerated() {
            if input.isGzip || inputs.count > 1 {
                units.append(WorkUnit(inputIndex: index, input: input, range: nil, piece: 0, duplicateLines: duplicates[index]))
                continue
            }
            let points = try ByteSource.splitPoints(path: input.fileSystemPath, size: input.size, target: pieceSize)
            for piece in 0..<(points.count - 1) {
                units.append(WorkUnit(inputIndex: index, input: input, range: points[piece]..<points[piece + 1], piece: piece))
            }
        }
        return try read(units)
    }

    /// Reads what an evidence archive holds of the period, source by source, the
    /// way the files were read: same parser, same accounting, the files' line numbers.
    public func read(archived sources: [ArchivedSource]) throws(EvidenceError) -> Evidence {
        // A source's lines are read in pieces on all cores, as a large file is.
        let units = sources.enumerated().flatMap { index, source in
            source.lines.pieces(of: Int(pieceSize)).enumerated().map { piece, lines in
                WorkUnit(inputIndex: index, input: source.input, range: nil, piece: piece, archived: lines)
            }
        }
        var evidence = try read(units)
        for index in evidence.inputs.indices { evidence.inputs[index].sha256 = sources[index].sha256 }
        return evidence
    }

    private func read(_ units: [WorkUnit]) throws(EvidenceError) -> Evidence {
        let reader = ChunkReader(period: period, yearPolicy: yearPolicy, maxLineLength: maxLineLength, retains: retains)
        let speculative = try units.parallelMap(width: concurrency) { unit throws(EvidenceError) in
            try reader.read(unit, from: CarriedState(), progress: progress)
        }

        var evidence = Evidence(events: [], census: Census(days: period.dayCount), inputs: [], accounting: LineAccounting())
        var carried = CarriedState()
        var record: InputRecord?
        var years = Set<Int>()
        var linesBefore = 0
        var policy = yearPolicy
        for (unit, guess) in zip(units, speculative) {
            if unit.piece == 0 {
                if let record { evidence.finish(record, years: years, policy: policy) }
                policy = unit.archived?.yearPolicy ?? yearPolicy
                record = InputRecord(input: unit.input)
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
            if unit.archived == nil { result.shiftLines(by: linesBefore) }
            linesBefore += result.accounting.linesRead
            years.formUnion(result.yearsUsed)
            record!.bytesRead += result.bytesRead
            record!.accounting.merge(result.accounting)
            evidence.add(result)
        }
        if let record { evidence.finish(record, years: years, policy: policy) }
        // Engine files concatenated by the API are out of order: analysis sees time order.
        evidence.events.sort(by: AuditEvent.chronological)
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
    }
}

extension Evidence {
    mutating func add(_ result: ChunkResult) {
        events.append(contentsOf: result.events)
        census.merge(result.census)
        accounting.merge(result.accounting)
        firstEventSeconds = [firstEventSeconds, result.first].compactMap { $0 }.min()
        lastEventSeconds = [lastEventSeconds, result.last].compactMap { $0 }.max()
    }

    mutating func finish(_ record: InputRecord, years: Set<Int>, policy: YearPolicy) {
        var record = record
        record.yearAssumption = YearResolver.assumption(policy: policy, years: years)
        inputs.append(record)
    }
}

/// One source file as an evidence archive holds it, for `EvidenceReader.read(archived:)`.
public struct ArchivedSource: Sendable {
    /// The file as it was ingested: path, size, modification time.
    public var input: EvidenceInput
    /// SHA-256 of the file as it was ingested.
    public var sha256: String
    public var lines: ArchivedLines

    public init(input: EvidenceInput, sha256: String, lines: ArchivedLines) {
        self.input = input
        self.sha256 = sha256
        self.lines = lines
    }
}
