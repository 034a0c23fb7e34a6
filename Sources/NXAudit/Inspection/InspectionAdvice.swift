import Foundation

/// The plain-words part of an inspection: what an administrator should look at before
/// the first report, and a `nxaudit report` command line that reads these inputs.
struct InspectionAdvice {
    let evidence: Evidence
    let clock: ZoneClock
    let zoneGiven: Bool
    let yearPolicy: YearPolicy
    /// Inputs that hold audit lines, their own or copies of an earlier input's (not an API
    /// answer or a page, not only malformed lines).
    let logInputs: [InputRecord]
    /// The offsets the stamps carry, and the local ones among them (UTC aside when others are there).
    let offsets: Set<Int>
    let localOffsets: Set<Int>
    let linesWithoutZone: Int
    /// The zone to suggest: the one given; else this machine's zone when its offsets over the
    /// logs' span are exactly those the stamps carry; else nil.
    let zone: TimeZone?
    /// Without a zone to suggest: the IANA zones (Area/City) whose offsets over the span are the stamps'.
    let candidates: [String]

    init(evidence: Evidence, clock: ZoneClock, zoneGiven: Bool, yearPolicy: YearPolicy) {
        (self.evidence, self.clock, self.zoneGiven, self.yearPolicy) = (evidence, clock, zoneGiven, yearPolicy)
        logInputs = evidence.inputs.filter {
            let a = $0.accounting
            return $0.content == nil && a.eventsInPeriod + a.eventsOutsidePeriod + a.duplicates.count > 0
        }
        offsets = logInputs.reduce(into: Set<Int>()) { $0.formUnion($1.profile.offsets) }
        localOffsets = Self.local(offsets)
        linesWithoutZone = logInputs.reduce(0) { $0 + $1.profile.zonelessLines }
        let span = evidence.firstEventSeconds.flatMap { first in evidence.lastEventSeconds.map { first...$0 } }
        if zoneGiven {
            zone = clock.zone
        } else if let span, !localOffsets.isEmpty,
            localOffsets.isSubset(of: Self.offsets(of: TimeZone.current, over: span))
        {
            zone = TimeZone.current
        } else {
            zone = nil
        }
        guard zone == nil, let span, !localOffsets.isEmpty else {
            candidates = []
            return
        }
        let local = localOffsets
        candidates = TimeZone.knownTimeZoneIdentifiers.filter { identifier in
            guard identifier.contains("/"), !identifier.hasPrefix("Etc/"), let zone = TimeZone(identifier: identifier)
            else { return false }
            return Self.offsets(of: zone, over: span) == local
        }.sorted()
    }

    /// The offsets without UTC when others are there (`Z` stamps among local ones).
    static func local(_ offsets: Set<Int>) -> Set<Int> { offsets.count > 1 ? offsets.subtracting([0]) : offsets }

    /// The offsets `zone` uses over `span`, looked at daily and at its end.
    static func offsets(of zone: TimeZone, over span: ClosedRange<Int64>) -> Set<Int> {
        Set(
            (Array(stride(from: span.lowerBound, through: span.upperBound, by: 86_400)) + [span.upperBound]).map {
                zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0)))
            })
    }

    func command() -> String {
        var words = ["nxaudit", "report"]
        let clock = zone.map(ZoneClock.init) ?? self.clock
        if let first = evidence.firstEventSeconds, let last = evidence.lastEventSeconds {
            let (from, to) = (clock.localDate(utcSeconds: first), clock.localDate(utcSeconds: last))
            if from.year == to.year, from.month == to.month {
                words += ["--month", "\(from.year)-\(Digits.pad(from.month, 2))"]
            } else {
                words += ["--from", from.description, "--to", to.description]
            }
        } else {
            words += ["--month", "YYYY-MM"]
        }
        words += ["--timezone", zone?.ianaName ?? "ZONE"]
        if let year = year { words += ["--year", String(year)] }
        words += logInputs.map { Self.quoted($0.input.path) }
        return words.joined(separator: " ")
    }

    /// The year for `--year`: the one given, or the earliest a file's RFC 3164 stamps were given.
    var year: Int? {
        if case .fixed(let year) = yearPolicy { return year }
        return logInputs.compactMap { $0.yearAssumption?.years.first }.min()
    }

    func warnings(unknownCodes: [Int]) -> [String] {
        var warnings: [String] = []
        for record in evidence.inputs {
            let path = record.input.path, a = record.accounting
            if let content = record.content {
                warnings.append("\(path) is \(content.description), not an audit log: collect that log again.")
            } else if a.linesRead == 0 {
                warnings.append("\(path) is empty.")
            } else if a.linesMalformed == a.linesRead {
                warnings.append("\(path) holds no audit line: is it an audit log?")
            }
        }
        if linesWithoutZone > 0, !zoneGiven {
            warnings.append(
                "\(linesWithoutZone) line(s) have stamps that carry no zone (RFC 3164, ISO without offset): pass "
                    + "--timezone, the appliance's zone (they were read here as \(clock.zone.ianaName)).")
        } else if zone == nil, !offsets.isEmpty {
            let list = offsets.sorted().map(ZoneClock.formatOffset).joined(separator: ", ")
            warnings.append(
                "The stamps carry the offsets \(list): pass --timezone, the IANA zone the appliance is in "
                    + "(a report's days begin at midnight there).")
        }
        if zone == nil, !candidates.isEmpty {
            warnings.append(
                "Zones whose offsets over these logs' span are the stamps' offsets: "
                    + candidates.prefix(6).joined(separator: ", ")
                    + (candidates.count > 6 ? " and \(candidates.count - 6) more" : "") + ".")
        }
        for record in logInputs {
            let profile = record.profile
            let local = Self.local(profile.offsets)
            let zoneOffsets = zone.flatMap { zone in
                profile.firstSeconds.flatMap { first in
                    profile.lastSeconds.map { Self.offsets(of: zone, over: first...$0) }
                }
            }
            if profile.offsets.count > 1, profile.offsets.contains(0), local.count < profile.offsets.count {
                warnings.append(
                    "\(record.input.path): some stamps are in UTC among stamps with local offsets "
                        + "(\(local.sorted().map(ZoneClock.formatOffset).joined(separator: ", "))): these lines "
                        + "come from a host or collector in a zone different from their neighbours.")
            } else if let zoneOffsets, !local.isSubset(of: zoneOffsets) {
                let foreign = local.subtracting(zoneOffsets).sorted().map(ZoneClock.formatOffset)
                warnings.append(
                    "\(record.input.path): stamps with the offset(s) \(foreign.joined(separator: ", ")), which "
                        + "\(zone!.ianaName) does not use: these lines are in a zone different from their neighbours.")
            }
            if profile.zonelessLines > 0, !profile.offsets.isEmpty {
                warnings.append(
                    "\(record.input.path): mixes stamps with and without a zone; those without are read in "
                        + "--timezone.")
            }
            if let assumption = record.yearAssumption, assumption.basis == .modificationTime {
                warnings.append(
                    "\(record.input.path): RFC 3164 stamps carry no year; \(assumption.sentence). Keep --year in "
                        + "scheduled runs if files are copied or touched.")
            }
            if record.accounting.duplicates.count > 0 {
                warnings.append(
                    "\(record.input.path): \(record.accounting.duplicates.count) line(s) are copies of lines of an "
                        + "earlier input (a rotation or a copy): a report counts each line once.")
            }
        }
        let a = evidence.accounting
        if a.windows1252.count > 0 {
            let first = a.windows1252.examples.first.map { " (first: \($0))" } ?? ""
            warnings.append(
                "\(a.windows1252.count) line(s) hold bytes that are not UTF-8\(first): read as Windows-1252, the "
                    + "encoding files take on Windows shares; check the names they carry.")
        }
        if a.linesMalformed > 0 {
            let reasons = a.malformed.keys.sorted().map { "\($0.rawValue) \(a.malformed[$0]!.count)" }
            warnings.append(
                "\(a.linesMalformed) line(s) are not audit events (\(reasons.joined(separator: ", "))): their first "
                    + "lines are listed above; a report counts and lists them.")
        }
        if !unknownCodes.isEmpty {
            warnings.append(
                "Codes nxaudit does not know: \(unknownCodes.map(String.init).joined(separator: ", ")); a report "
                    + "lists their events under unknown codes.")
        }
        return warnings
    }

    /// A path as a shell word.
    static func quoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._+-,:=@%".unicodeScalars.contains($0)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
