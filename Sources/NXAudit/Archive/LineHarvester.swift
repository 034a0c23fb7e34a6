import Foundation

/// Splits one file into archive rows: the reading thread of an ingest.
struct LineHarvester: Sendable {
    let input: EvidenceInput
    let yearPolicy: YearPolicy
    let timeZone: TimeZone
    let maxLineLength: Int
    /// Malformed lines at a file's start wait this long for a stamped line to file them under.
    static let anchorWait = 65_536

    func run(into channel: BatchChannel) {
        do throws(EvidenceError) {
            try harvest { channel.send($0) }
            channel.finish(nil)
        } catch {
            channel.finish(error)
        }
    }

    struct Stopped: Error {}

    func harvest(_ emit: (RowBatch) -> Bool) throws(EvidenceError) {
        let source = try ByteSource(input: input)
        let clock = ZoneClock(zone: timeZone)
        var years = YearResolver(
            policy: yearPolicy, modification: clock.localDate(utcSeconds: input.modificationSeconds))
        let hasher = SHA256()
        var scanner = LineScanner()
        scanner.maxLineLength = maxLineLength
        var batch = RowBatch()
        var lineNumber = 0
        var previous: Int64?
        var anchor: Int64?
        /// Rows at the batch's start still waiting for a stamped line (only at the file's start).
        var waiting = 0
        let unanchored = Int64.min
        do {
            try scanner.scan(source) { line, overlong in
                lineNumber += 1
                var row = ArchiveRow(
                    line: lineNumber, instant: unanchored, year: 0, code: -1, malformed: ArchiveRow.parsed,
                    rawStart: Int32(batch.bytes.count), rawLength: Int32(line.count),
                    userStart: -1, userLength: 0, digest: hasher.prefix128(of: line))
                var stamped: Int64?
                if overlong {
                    row.malformed = Self.index(.overlong)
                } else {
                    switch LineParser.parse(line) {
                    case .malformed(let reason):
                        row.malformed = Self.index(reason)
                    case .parsed(let parsed):
                        let placed = StampPlacement.place(parsed.stamp, years: &years, clock: clock, previous: previous)
                        row.year = Int32(placed.year ?? 0)
                        stamped = placed.seconds
                        if stamped == nil { row.malformed = Self.index(placed.failure) }
                        if stamped != nil {
                            let header = parsed.header
                            let text = UnsafeRawBufferPointer(rebasing: line[min(header.textStart, line.count)...])
                            row.code = Int32(CodeQuirks.effectiveCode(headerCode: header.code, text: text))
                            row.userStart = Int32(header.user.lowerBound)
                            row.userLength = Int32(header.user.count)
                        }
                    }
                }
                if let stamped {
                    previous = stamped
                    anchor = stamped
                    row.instant = stamped
                    for i in batch.rows.indices.prefix(waiting) { batch.rows[i].instant = stamped }
                    waiting = 0
                } else if let anchor {
                    row.instant = anchor
                } else {
                    waiting += 1
                }
                batch.bytes.append(contentsOf: line)
                batch.rows.append(row)
                if waiting > Self.anchorWait {
                    // A long malformed start: file it under the file's modification time.
                    anchor = input.modificationSeconds
                    for i in batch.rows.indices.prefix(waiting) { batch.rows[i].instant = input.modificationSeconds }
                    waiting = 0
                }
                if waiting == 0, batch.isFull {
                    guard emit(batch) else { throw Stopped() }
                    batch = RowBatch()
                }
            }
        } catch let error as EvidenceError {
            throw error
        } catch is Stopped {
            return
        } catch {
            throw .readFailed(path: input.path, reason: "\(error)")
        }
        for i in batch.rows.indices.prefix(waiting) { batch.rows[i].instant = input.modificationSeconds }
        if !batch.rows.isEmpty { _ = emit(batch) }
    }

    static func index(_ reason: MalformedReason) -> UInt8 {
        UInt8(MalformedReason.allCases.firstIndex(of: reason)!)
    }
}
