/// The lines of the day being made, held until the day is done and then written in time
/// order, so memory follows one day, not the period.
///
/// Events are made in any order (a logout is made with its login, hours ahead), so lines
/// are appended to one byte arena and sorted by instant when the day is flushed. Lines
/// whose instant lies past the flush's cutoff (a logout after midnight) stay for the
/// next day's flush: the output is in time order across days too.
struct DayBuffer {
    /// Where one line sits in the arena, and when and where it was logged.
    private struct Record {
        var instant: Int64
        /// Order of making: equal instants keep it, so sorting is total and the output deterministic.
        var sequence: Int
        var start: Int
        var end: Int
        var host: Int
    }

    /// The arena: lines are built directly in it, without their line ends.
    var text = LineBuffer(capacity: 4 << 20)
    private var records: [Record] = []
    private var sequence = 0

    /// Records the line built in `text` from `start` to its end.
    mutating func endLine(startingAt start: Int, instant: Int64, host: Int) {
        records.append(Record(instant: instant, sequence: sequence, start: start, end: text.count, host: host))
        sequence += 1
    }

    /// Writes, in time order, the lines logged before `cutoff` (microseconds, UTC) and keeps the rest.
    mutating func flush(before cutoff: Int64, into output: OutputLayout) throws {
        records.sort { ($0.instant, $0.sequence) < ($1.instant, $1.sequence) }
        let kept = records.firstIndex { $0.instant >= cutoff } ?? records.count
        try text.withBytes { arena in
            for record in records[..<kept] {
                try output.write(UnsafeRawBufferPointer(rebasing: arena[record.start..<record.end]), host: record.host)
            }
        }
        if kept == records.count {
            records.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
            return
        }
        var carried = LineBuffer(capacity: text.bytes.capacity)
        var carriedRecords: [Record] = []
        carriedRecords.reserveCapacity(records.capacity)
        for var record in records[kept...] {
            let start = carried.count
            carried.append(text.bytes[record.start..<record.end])
            record.start = start
            record.end = carried.count
            carriedRecords.append(record)
        }
        text = carried
        records = carriedRecords
    }
}
