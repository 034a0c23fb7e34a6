import CLibXML2
import Foundation
import NXAudit

/// Self-checking entry points for coverage-guided fuzzing (`Scripts/fuzz.sh`, libFuzzer
/// with AddressSanitizer) and for the tests that replay the committed corpora.
///
/// Each target takes arbitrary bytes, runs one part of nxaudit on them and stops the
/// process (`fatalError`) when a property the reports rely on does not hold. A crash
/// is a bug whether a sanitizer, a Swift runtime check or one of these checks found it.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// One line through the parser: timestamp, header, the text's subject and device
    /// count, the placing of the stamp in time. A canonical rewrite of a parsed line
    /// parses to the same parts.
    case line
    /// A small log file (plain or gzip) read whole and in many small pieces, then analysed
    /// (rendering is left to `markup` and the hostile-corpus tests, for speed):
    /// both readings agree, every line is counted once, every finding points at a line read.
    case pipeline
    /// Text through the cleaning and escaping every report applies: the XML holding it is
    /// well-formed and gives the cleaned text back, the CSV cell is not a formula and reads
    /// back. (JSON is Foundation's encoder; the hostile-corpus test parses it.)
    case markup

    /// Runs the target on `data`; returns only when every check holds.
    public func run(_ data: UnsafeRawBufferPointer) {
        switch self {
        case .line: LineFuzzing.run(data)
        case .pipeline: PipelineFuzzing.run(data)
        case .markup: MarkupFuzzing.run(data)
        }
    }

    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }
}

/// Stops the process with what did not hold: a fuzzer keeps the input that got here.
@inline(__always)
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("fuzz check failed: \(message())") }
}

// MARK: - line

enum LineFuzzing {
    static let zones = ["UTC", "Europe/Zurich", "America/St_Johns", "Australia/Lord_Howe"].map {
        TimeZone(identifier: $0)!
    }

    static func run(_ line: UnsafeRawBufferPointer) {
        guard case .parsed(let parsed) = LineParser.parse(line) else {
            if case .malformed(.empty) = LineParser.parse(line) {
                check(line.allSatisfy { $0 == 0x20 || $0 == 0x09 }, "only blank lines are empty")
            }
            return
        }
        let h = parsed.header
        check(
            h.source.lowerBound > 0 && h.source.lowerBound < h.source.upperBound
                && h.source.upperBound < h.category.lowerBound
                && h.category.upperBound < h.user.lowerBound && h.user.upperBound <= h.textStart
                && h.textStart <= line.count,
            "header ranges in order and inside the line: \(h) in \(line.count) bytes")
        check(
            parsed.host.lowerBound <= parsed.host.upperBound && parsed.host.upperBound < h.source.lowerBound,
            "host before the header")
        check((0...99_999).contains(h.code), "a five-digit code")
        checkRange(parsed.stamp)

        // The same parts written in a canonical shape parse to the same parts.
        func bytes(_ range: Range<Int>) -> [UInt8] { Array(line[range]) }
        var canonical = Array(format(parsed.stamp).utf8) + Array(" host nxportal[1]: [".utf8)
        canonical +=
            bytes(h.source) + [0x7C] + bytes(h.category) + [0x7C] + Array(Digits.pad(h.code, 5).utf8) + [0x7C]
            + bytes(h.user) + [0x5D, 0x20]
        canonical += bytes(h.textStart..<line.count)
        let again = canonical.withUnsafeBytes { LineParser.parse($0) }
        guard case .parsed(let reparsed) = again else {
            fatalError(
                "fuzz check failed: the canonical rewrite "
                    + "\(String(decoding: canonical, as: UTF8.self).debugDescription) is \(again)"
            )
        }
        let r = reparsed.header
        check(reparsed.stamp == parsed.stamp, "the stamp survives a rewrite: \(parsed.stamp) became \(reparsed.stamp)")
        check(
            r.code == h.code && canonical[r.source].elementsEqual(line[h.source])
                && canonical[r.category].elementsEqual(line[h.category])
                && canonical[r.user].elementsEqual(line[h.user])
                && canonical[r.textStart...].elementsEqual(line[h.textStart...]),
            "the header and text survive a rewrite")

        // The text: subject and device count never read outside it.
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[h.textStart...]), as: UTF8.self)
        let effective = CodeQuirks.effectiveCode(
            headerCode: h.code, text: UnsafeRawBufferPointer(rebasing: line[h.textStart...]))
        check(
            effective == CodeQuirks.effectiveCode(headerCode: h.code, text: text),
            "the code reads alike from bytes and from the string")
        for code in Set([h.code, effective]) {
            let subject = MessageSubject.of(code: code, text: text)
            check(
                subject.target.isEmpty || text.utf8.firstRange(of: subject.target.utf8) != nil,
                "the target is part of the text")
        }
        if let devices = MessageSubject.deviceCount(text) {
            check(
                devices >= 0 && devices < 1_000_000_000 && (text.hasSuffix(" device") || text.hasSuffix(" devices")),
                "a device count from the end of the text")
        }

        // Placing the stamp in time, in zones with half-hour and half-hour-DST offsets.
        for zone in zones {
            let clock = ZoneClock(zone: zone)
            var years = YearResolver(policy: .fixed(2026), modification: CivilDate(year: 2026, month: 11, day: 1)!)
            let placed = StampPlacement.place(parsed.stamp, years: &years, clock: clock, previous: nil)
            if case .absolute(let utc, _, _) = parsed.stamp {
                check(placed.seconds == utc, "an instant stays where it is")
            }
            if let naive = placed.naive, let seconds = placed.seconds {
                check(abs(naive - seconds) <= 26 * 3600, "a wall-clock reading lands within a day of its instant")
            }
            if let seconds = placed.seconds, LineParser.representable.contains(seconds) {
                let written = clock.format(utcSeconds: seconds)
                check(isRFC3339(written), "the report writes the instant as RFC 3339: \(written)")
            }
        }
    }

    static func checkRange(_ stamp: RawStamp) {
        switch stamp {
        case .absolute(let utc, let micro, let offset):
            check(
                LineParser.representable.contains(utc) && (0..<1_000_000).contains(micro) && abs(offset) < 86_400,
                "an instant in range: \(stamp)")
        case .zoneless(let naive, let micro), .abbreviated(let naive, let micro, _):
            check(
                LineParser.representable.contains(naive) && (0..<1_000_000).contains(micro),
                "a wall-clock reading in range: \(stamp)")
        case .yearless(let month, let day, let second, let micro):
            check(
                (1...12).contains(month) && (1...31).contains(day) && (0..<86_400).contains(second)
                    && (0..<1_000_000).contains(micro),
                "an RFC 3164 stamp in range: \(stamp)")
        }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The stamp as a log would carry it: RFC 3339 with microseconds, or RFC 3164.
    static func format(_ stamp: RawStamp) -> String {
        func clock(_ secondOfDay: Int) -> String {
            "\(Digits.pad(secondOfDay / 3600, 2)):" + "\(Digits.pad(secondOfDay / 60 % 60, 2)):"
                + "\(Digits.pad(secondOfDay % 60, 2))"
        }
        func iso(_ naive: Int64, _ micro: Int) -> String {
            let days = floorDiv(naive, 86_400)
            return
                "\(CivilDate(daysSinceEpoch: Int(days)))T\(clock(Int(naive - days * 86_400))).\(Digits.pad(micro, 6))"
        }
        switch stamp {
        case .absolute(let utc, let micro, let offset):
            return iso(utc + Int64(offset), micro) + ZoneClock.formatOffset(offset)
        case .zoneless(let naive, let micro):
            return iso(naive, micro)
        case .abbreviated(let naive, let micro, let zone):
            let days = Int(floorDiv(naive, 86_400))
            let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
            return "\(weekday) " + iso(naive, micro).replacingOccurrences(of: "T", with: " ") + " \(zone)"
        case .yearless(let month, let day, let second, let micro):
            return "\(months[month - 1]) \(day < 10 ? " " : "")\(day) \(clock(second)).\(Digits.pad(micro, 6))"
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`.
    static func isRFC3339(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 25 else { return false }
        let shape = Array("dddd-dd-ddTdd:dd:dd+dd:dd".utf8)
        for (byte, expected) in zip(b, shape) {
            switch expected {
            case UInt8(ascii: "d"): if !LineParser.isDigit(byte) { return false }
            case UInt8(ascii: "+"): if byte != UInt8(ascii: "+") && byte != UInt8(ascii: "-") { return false }
            default: if byte != expected { return false }
            }
        }
        return true
    }
}

// MARK: - pipeline

/// The first byte chooses the zone (bits 0–1), the period (bit 2), the year policy (bit 3)
/// and the piece size of the second reading (bits 4–7); the rest is the file (Scripts/fuzz.sh
/// keeps it under 2 KB: a few dozen lines reach every rule, and the run stays fast).
enum PipelineFuzzing {
    static let zones = ["UTC", "Europe/Zurich", "America/St_Johns", "Australia/Lord_Howe"].map {
        TimeZone(identifier: $0)!
    }
    /// A week with the end of summer time in Europe, and one across New Year. (A week, not a
    /// month: the work per day, charts included, would halve the executions per second.)
    static let periods: [[ReportPeriod]] = zones.map { zone in
        [
            try! ReportPeriod(
                firstDay: CivilDate(year: 2026, month: 10, day: 22)!,
                lastDay: CivilDate(year: 2026, month: 10, day: 28)!, timeZone: zone),
            try! ReportPeriod(
                firstDay: CivilDate(year: 2026, month: 12, day: 28)!, lastDay: CivilDate(year: 2027, month: 1, day: 3)!,
                timeZone: zone),
        ]
    }
    static let analyzer = Analyzer()
    /// One scratch file per process (libFuzzer's workers are processes).
    static let path = FileManager.default.temporaryDirectory.path + "/nxaudit-fuzz-\(getpid()).log"

    static func run(_ data: UnsafeRawBufferPointer) {
        guard let options = data.first else { return }
        let content = UnsafeRawBufferPointer(rebasing: data[1...])
        let period = periods[Int(options & 3)][Int(options >> 2 & 1)]
        let yearPolicy: YearPolicy = options & 8 == 0 ? .fixed(2026) : .modificationTime
        write(content)
        defer { unlink(path) }
        let input: EvidenceInput
        do { input = try EvidenceInput.describe(path) } catch {
            fatalError("fuzz check failed: the scratch file cannot be described: \(error)")
        }

        var whole = EvidenceReader(period: period, yearPolicy: yearPolicy, retains: analyzer.retains)
        whole.gapResolutionSeconds = analyzer.gapResolutionSeconds
        whole.maxLineLength = 120
        whole.concurrency = 1
        whole.pieceSize = .max
        let evidence: Evidence
        do {
            evidence = try whole.read([input])
        } catch {
            // A damaged gzip stream is a read error (exit 74); a plain file always reads.
            check(input.isGzip, "a plain file is always readable, whatever it holds: \(error)")
            return
        }
        let accounting = evidence.accounting
        check(accounting.balances, "every line is counted once: \(accounting)")
        check(
            evidence.inputs.count == 1 && evidence.inputs[0].accounting == accounting,
            "the input's accounting is the run's")
        if !input.isGzip {
            let newlines = content.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let lines = newlines + (content.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
            check(accounting.linesRead == lines, "\(lines) lines in the file, \(accounting.linesRead) read")
            check(evidence.inputs[0].bytesRead == content.count, "every byte read")

            // Read in pieces of 1 to 556 bytes: the same evidence, line for line.
            var pieces = whole
            pieces.pieceSize = Int64(options >> 4) * 37 + 1
            let again: Evidence
            do { again = try pieces.readLines([input]) } catch {
                fatalError("fuzz check failed: read whole but not in pieces: \(error)")
            }
            check(again.accounting == accounting, "pieces count the same lines: \(again.accounting) vs \(accounting)")
            check(again.events == evidence.events, "pieces read the same events")
            // A source's occupancy is kept in time order whatever order its events are recorded
            // in: a piece's SourceTable tells sources apart by bytes, so two hosts whose bytes read
            // as the same String (invalid UTF-8 decoding to the same text, or the composed and
            // decomposed forms of a letter, which Swift's == equates) are two entries merged at
            // the piece's end (regressions/pipeline/census-instants-in-another-order).
            check(
                again.census == evidence.census,
                "pieces give the same census: \(again.census) vs \(evidence.census)")
            var record = again.inputs
            record[0].sha256 = evidence.inputs[0].sha256
            check(record == evidence.inputs, "pieces give the same input record")
        }
        for event in evidence.events {
            check(period.contains(utcSeconds: event.utcSeconds), "a retained event is in the period")
            check((1...accounting.linesRead).contains(event.location.line), "an event's line was read")
        }

        let report = analyzer.analyze(evidence, period: period, tool: ToolInfo(version: "fuzz"), generatedAtSeconds: 0)
        check(report.accounting == accounting, "the report's accounting is the reader's")
        for finding in report.findings {
            for location in finding.evidence {
                check(
                    (1...max(1, accounting.linesRead)).contains(location.line),
                    "finding \(finding.rule) cites line \(location.line) of \(accounting.linesRead)")
            }
        }
    }

    static func write(_ content: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        check(fd >= 0, "the scratch file \(path) can be written")
        defer { close(fd) }
        var done = 0
        while done < content.count {
            let n = Foundation.write(fd, content.baseAddress! + done, content.count - done)
            check(n > 0, "the scratch file \(path) can be written")
            done += n
        }
        // A fixed modification time: 2027-01-02, so `.modificationTime` years are reproducible.
        var times = [timespec(tv_sec: 1_798_848_000, tv_nsec: 0), timespec(tv_sec: 1_798_848_000, tv_nsec: 0)]
        check(futimens(fd, &times) == 0, "the scratch file's time can be set")
    }
}

// MARK: - markup

enum MarkupFuzzing {
    static func run(_ data: UnsafeRawBufferPointer) {
        let text = String(decoding: data, as: UTF8.self)
        let clean = DisplayText.clean(text)
        for scalar in clean.unicodeScalars {
            let v = scalar.value
            check(
                v == 0x09 || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000,
                "U+\(String(v, radix: 16)) is a character XML 1.0 allows")
            check(
                !(0x7F...0x9F).contains(v) && !(0x202A...0x202E).contains(v) && !(0x2066...0x2069).contains(v)
                    && v != 0x200E && v != 0x200F && v != 0x061C,
                "U+\(String(v, radix: 16)) is neither a control nor a direction override")
        }
        check(DisplayText.clean(clean) == clean, "cleaning twice changes nothing")

        // Markup: nothing a parser could take for markup is left, and the text comes back.
        let escaped = MarkupEscaping().escapeText(clean)
        check(!escaped.utf8.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }, "no < > \" ' left")
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r a=\"\(escaped)\">\(escaped)</r>\n"
        guard let (content, attribute) = parse(document) else {
            fatalError("fuzz check failed: libxml2 rejects \(document.debugDescription)")
        }
        check(
            content == clean,
            "the element gives the text back: \(content.debugDescription) vs \(clean.debugDescription)")
        // XML normalises a tab in an attribute value to a space.
        let normalised = String(String.UnicodeScalarView(clean.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
        check(
            attribute == normalised,
            "the attribute gives the text back: \(attribute.debugDescription) vs \(normalised.debugDescription)")

        // CSV: one cell, never a formula, read back per RFC 4180, byte by byte (a comma or a
        // quote followed by a combining mark is still a comma or a quote to a spreadsheet).
        let cell = Array(CSV.cell(text).utf8)
        var value: [UInt8] = []
        if cell.first == 0x22 {
            check(cell.count >= 2 && cell.last == 0x22, "a quoted cell ends with its quote")
            var i = 1
            while i < cell.count - 1 {
                if cell[i] == 0x22 {
                    check(i + 1 < cell.count - 1 && cell[i + 1] == 0x22, "quotes inside a cell are doubled")
                    i += 1
                }
                value.append(cell[i])
                i += 1
            }
        } else {
            check(
                !cell.contains(where: CSV.separators.contains),
                "an unquoted cell holds no separator: \(text.debugDescription)")
            value = cell
        }
        let expected = Array(text.utf8)
        if let first = expected.first, CSV.formulaStarters.contains(first) {
            check(value == [0x27] + expected, "a formula starter gets a leading quote")
        } else {
            check(value == expected, "the cell reads back")
        }
    }

    /// The text of the root element and of its attribute `a`, or nil when libxml2 finds an error.
    static func parse(_ document: String) -> (String, String)? {
        var document = document
        return document.withUTF8 { bytes -> (String, String)? in
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            guard
                let doc = bytes.withMemoryRebound(
                    to: CChar.self, { xmlReadMemory($0.baseAddress, Int32($0.count), "fuzz.xml", "UTF-8", options) })
            else { return nil }
            defer { xmlFreeDoc(doc) }
            guard let root = xmlDocGetRootElement(doc) else { return nil }
            func string(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
                defer { nxaudit_xml_free(pointer) }
                return pointer.map { String(cString: $0) } ?? ""
            }
            return (string(xmlNodeGetContent(root)), string(xmlGetProp(root, "a")))
        }
    }
}
