import Foundation

/// What a run read and wrote, with SHA-256 digests, written beside the reports as
/// `nxaudit-PERIOD.manifest.json` so a reviewer can check that nothing changed since
/// (`nxaudit verify`). Its bytes are reproducible like the reports': keys sorted,
/// no clock but the documented generation time.
public struct EvidenceManifest: Codable, Sendable, Equatable {
    /// 2 since the year of RFC 3164 stamps is a value (`{"basis": "option", "year": 2026}`);
    /// manifests of version 1 (`"--year 2026"`) are still read.
    public var manifestVersion = 2
    public var tool: Tool
    /// When the reports were made, UTC (`SOURCE_DATE_EPOCH` when set).
    public var generatedAt: String
    public var parameters: Parameters
    /// The input files; empty when the lines came from an archive.
    public var inputs: [Input]
    /// The evidence archive read instead of files, with its chain head at the time.
    public var archive: Archive?
    public var accounting: Accounting
    /// The report files, named relative to the manifest's directory.
    public var outputs: [Output]

    public struct Tool: Codable, Sendable, Equatable { public var name, version: String }

    public struct Parameters: Codable, Sendable, Equatable {
        /// The command line's arguments after the program name, exactly as given.
        public var arguments: [String]
        public var periodFrom, periodTo, periodStart, periodEnd, timezone: String
        public var yearOfRFC3164Stamps: StampYear
        public var formats: [String]
        /// The policy file and its SHA-256; nil when the defaults applied.
        public var policyFile: String?
        public var policySHA256: String?
        /// The severity from which findings make the run exit 1, and the malformed lines above
        /// which it exits 2 (a count, or a fraction of the lines read); nil when not given.
        public var failOn: String?
        public var maxMalformed: String?
    }

    /// How the year of year-less (RFC 3164) stamps was chosen: given as an option, with the
    /// year, or taken from each file's modification time.
    public struct StampYear: Codable, Sendable, Equatable {
        public var basis: YearAssumption.Basis
        /// The year the option gave; nil for `modification-time`.
        public var year: Int?

        public init(basis: YearAssumption.Basis, year: Int?) {
            self.basis = basis
            self.year = year
        }

        enum CodingKeys: String, CodingKey { case basis, year }

        /// An object, or the text of version-1 manifests: `--year 2026` or `modification-time`.
        public init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                if text.hasPrefix("--year "), let year = Int(text.dropFirst("--year ".count)) {
                    self.init(basis: .option, year: year)
                } else if text == YearAssumption.Basis.modificationTime.rawValue {
                    self.init(basis: .modificationTime, year: nil)
                } else {
                    throw DecodingError.dataCorrupted(
                        .init(codingPath: decoder.codingPath, debugDescription: "unknown year basis \(text)"))
                }
                return
            }
            let keyed = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                basis: try keyed.decode(YearAssumption.Basis.self, forKey: .basis),
                year: try keyed.decodeIfPresent(Int.self, forKey: .year))
        }
    }

    public struct Input: Codable, Sendable, Equatable {
        public var path: String
        /// Size in bytes when the run began; the digest covers exactly these bytes.
        public var size: Int64
        public var sha256: String
        public var compressed: Bool
        public var linesRead, eventsInPeriod, eventsOutsidePeriod, duplicates, linesMalformed: Int
    }

    public struct Archive: Codable, Sendable, Equatable {
        public var path: String
        /// `nxaudit archive verify --head` checks that the archive still holds this head.
        public var head: String
        public var rowsRead: Int
    }
    public struct Accounting: Codable, Sendable, Equatable {
        public var linesRead, eventsInPeriod, eventsOutsidePeriod, duplicates, linesMalformed: Int
        public var balanced: Bool
    }

    public struct Output: Codable, Sendable, Equatable {
        public var file: String
        public var size: Int64
        public var sha256: String
    }

    /// The manifest's file name beside reports named `base` (`nxaudit-2026-10.manifest.json`).
    public static func fileName(base: String) -> String { "\(base).manifest.json" }

    public init(
        report: AuditReport, arguments: [String], yearPolicy: YearPolicy, formats: [ReportFormat],
        outputs: [WrittenFile], failOn: Severity? = nil, maxMalformed: RunVerdict.MalformedLimit? = nil
    ) {
        let utc = ZoneClock(zone: TimeZone(identifier: "UTC")!)
        let zone = ZoneClock(zone: report.period.timeZone)
        tool = Tool(name: report.tool.name, version: report.tool.version)
        generatedAt = utc.format(utcSeconds: report.generatedAtSeconds)
        let stampYear =
            switch yearPolicy {
            case .fixed(let year): StampYear(basis: .option, year: year)
            case .modificationTime: StampYear(basis: .modificationTime, year: nil)
            }
        parameters = Parameters(
            arguments: arguments, periodFrom: report.period.firstDay.description,
            periodTo: report.period.lastDay.description,
            periodStart: zone.format(utcSeconds: report.period.startSeconds),
            periodEnd: zone.format(utcSeconds: report.period.endSeconds),
            timezone: report.period.timeZone.ianaName, yearOfRFC3164Stamps: stampYear, formats: formats.map(\.rawValue),
            policyFile: report.policy.file, policySHA256: report.policy.fileSHA256, failOn: failOn?.rawValue,
            maxMalformed: maxMalformed?.description)
        archive = report.archive.map { Archive(path: $0.path, head: $0.head, rowsRead: $0.rowsRead) }
        inputs =
            report.archive != nil
            ? []
            : report.inputs.map { record in
                Input(
                    path: record.input.path, size: record.input.size, sha256: record.sha256,
                    compressed: record.input.isGzip,
                    linesRead: record.accounting.linesRead, eventsInPeriod: record.accounting.eventsInPeriod,
                    eventsOutsidePeriod: record.accounting.eventsOutsidePeriod,
                    duplicates: record.accounting.duplicates.count,
                    linesMalformed: record.accounting.linesMalformed)
            }
        let a = report.accounting
        accounting = Accounting(
            linesRead: a.linesRead, eventsInPeriod: a.eventsInPeriod, eventsOutsidePeriod: a.eventsOutsidePeriod,
            duplicates: a.duplicates.count, linesMalformed: a.linesMalformed, balanced: a.balances)
        self.outputs = outputs.map { Output(file: $0.name, size: $0.size, sha256: $0.sha256) }
    }

    /// The manifest as JSON: pretty, keys sorted, one trailing newline.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
