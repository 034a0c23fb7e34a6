import Foundation

/// Reads log files into the events of a period, accounting for every line.
///
/// Bytes are parsed in place; a `String` is made only for the fields of events
/// inside the period. Lines outside the period are counted, never kept.
public struct EvidenceReader: Sendable {
    public let period: ReportPeriod
    public let yearPolicy: YearPolicy
    /// Lines longer than this are counted as over-long and not parsed.
    public var maxLineLength = 64 * 1024

    public init(period: ReportPeriod, yearPolicy: YearPolicy) {
        self.period = period
        self.yearPolicy = yearPolicy
    }

    /// Reads every input; throws only when an input cannot be read at all.
    public func read(_ inputs: [EvidenceInput]) throws(EvidenceError) -> Evidence {
        var evidence = Evidence(events: [], inputs: [], accounting: LineAccounting())
        for (index, input) in inputs.enumerated() {
            let file = try readFile(input, index: index)
            evidence.events.append(contentsOf: file.events)
            evidence.inputs.append(file.record)
            evidence.accounting.merge(file.record.accounting)
            evidence.firstEventSeconds = [evidence.firstEventSeconds, file.first].compactMap { $0 }.min()
            evidence.lastEventSeconds = [evidence.lastEventSeconds, file.last].compactMap { $0 }.max()
        }
        // Engine files concatenated by the API are out of order: analysis sees time order.
        evidence.events.sort(by: AuditEvent.chronological)
        return evidence
    }

    struct FileResult {
        var record: InputRecord
        var events: [AuditEvent] = []
        var first: Int64?
        var last: Int64?
    }

    func readFile(_ input: EvidenceInput, index: Int) throws(EvidenceError) -> FileResult {
        let source = try ByteSource(input: input)
        let clock = ZoneClock(zone: period.timeZone)
        let modification = CivilDate(daysSinceEpoch: Int(floorDiv(
            input.modificationSeconds + Int64(clock.offset(atUTCSeconds: input.modificationSeconds)), 86_400)))
        var years = YearResolver(policy: yearPolicy, modification: modification)
        var result = FileResult(record: InputRecord(input: input))
        var accounting = LineAccounting()
        var lineNumber = 0
        var previous: Int64?
        let period = self.period

        var scanner = LineScanner()
        scanner.maxLineLength = maxLineLength
        let bytes: Int
        do {
            bytes = try scanner.scan(source) { line, overlong in
                lineNumber += 1
                accounting.linesRead += 1
                let location = { EvidenceLocation(input: index, path: input.path, line: lineNumber) }
                if overlong {
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
                let seconds: Int64
                let micro: Int
                switch parsed.stamp {
                case .absolute(let utc, let microsecond, _):
                    seconds = utc
                    micro = microsecond
                case .zoneless(let naive, let microsecond):
                    seconds = clock.instant(forNaiveSeconds: naive, previous: previous)
                    micro = microsecond
                case .yearless(let month, let day, let secondOfDay, let microsecond):
                    let year = years.year(forMonth: month)
                    guard let date = CivilDate(year: year, month: month, day: day) else {
                        accounting.addMalformed(.badTimestamp, at: location())
                        return
                    }
                    let naive = Int64(date.daysSinceEpoch) * 86_400 + Int64(secondOfDay)
                    seconds = clock.instant(forNaiveSeconds: naive, previous: previous)
                    micro = microsecond
                }
                previous = seconds
                result.first = min(result.first ?? seconds, seconds)
                result.last = max(result.last ?? seconds, seconds)
                guard period.contains(utcSeconds: seconds) else {
                    accounting.eventsOutsidePeriod += 1
                    return
                }
                accounting.eventsInPeriod += 1
                result.events.append(Self.event(line, parsed, seconds: seconds, microsecond: micro, location: location()))
            }
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw .readFailed(path: input.path, reason: "\(error)")
        }
        result.record.bytesRead = bytes
        result.record.accounting = accounting
        result.record.yearAssumption = years.assumption
        return result
    }

    /// Builds the event's strings: the only allocation per line, and only for lines in the period.
    static func event(
        _ line: UnsafeRawBufferPointer, _ parsed: ParsedLine, seconds: Int64, microsecond: Int,
        location: EvidenceLocation
    ) -> AuditEvent {
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: line[range]), as: UTF8.self)
        }
        let header = parsed.header
        let text = header.textStart < line.count ? string(header.textStart..<line.count) : ""
        return AuditEvent(
            utcSeconds: seconds, microsecond: Int32(microsecond),
            source: string(header.source), category: string(header.category),
            code: CodeQuirks.effectiveCode(headerCode: header.code, text: text[...]), headerCode: header.code,
            user: string(header.user), text: text, location: location)
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
