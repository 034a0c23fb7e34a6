import Foundation

/// Where a run's reports go: a folder, the files named after the period with the evidence
/// manifest beside them; or the one document on standard output.
public struct ReportDestination: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        case directory(String)
        case standardOutput
    }

    public var place: Place
    public var name: ReportNamePattern
    /// Replace reports of the same name whose bytes differ from the new ones.
    public var force: Bool

    /// `output` is a directory, or `-` for standard output.
    public init(output: String, name: ReportNamePattern = .standard, force: Bool = false) {
        place = output == "-" ? .standardOutput : .directory(output)
        self.name = name
        self.force = force
    }

    /// Writes the files of `outcome` and their manifest, all or nothing, and says what happened
    /// to each; or writes its one document to standard output and returns no file.
    /// `arguments` is the command line as given, for the manifest.
    public func write(
        _ outcome: ReportPipeline.Outcome, of request: ReportPipeline.Request,
        arguments: [String]
    ) throws(OutputError) -> [(WrittenFile, ReportWriter.Outcome)] {
        guard case .directory(let directory) = place else {
            try ReportWriter.writeStandardOutput(outcome.files[0].document.parts)
            return []
        }
        let base = name.base(for: outcome.report.period)
        var planned = outcome.files.map { ReportWriter.Planned(name: "\(base).\($0.suffix)", parts: $0.document.parts) }
        // The manifest holds the reports' digests, so it is planned from them and written last.
        let reports = planned.map {
            WrittenFile(path: directory + "/" + $0.name, name: $0.name, size: $0.size, sha256: $0.sha256)
        }
        let manifest = EvidenceManifest(
            report: outcome.report, arguments: arguments, yearPolicy: request.yearPolicy,
            formats: request.formats, outputs: reports)
        planned.append(ReportWriter.Planned(name: EvidenceManifest.fileName(base: base), parts: [manifest.json()]))
        return try ReportWriter.writeAll(planned, to: directory, force: force)
    }
}

/// The file name of a period's reports without extension (`--name`): a pattern in which
/// `{period}` (2026-10, 2026-Q3, 2026 or 2026-10-01_2026-10-15), `{from}` and `{to}` are replaced.
public struct ReportNamePattern: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String

    /// `nxaudit-{period}`.
    public static let standard = ReportNamePattern(checked: ReportWriter.defaultBase(period: "{period}"))

    /// Why a pattern cannot name report files.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownToken(String)
        case notAPlainName

        public var description: String {
            switch self {
            case .unknownToken(let token): "\(token) is not a token; use {period}, {from} and {to}."
            case .notAPlainName: "give a plain file name (no '/', not starting with '.'); --output chooses the folder."
            }
        }
    }

    /// Checks `pattern` once, so that every period gives a plain file name.
    public init(_ pattern: String) throws(Failure) {
        // A label of any period stands in for all: each starts with a digit and holds no '/' and no '{'.
        let sample = Self.replacingTokens(in: pattern, period: "2026-10", from: "2026-10-01", to: "2026-10-31")
        if let open = sample.firstIndex(of: "{") {
            throw .unknownToken("\(sample[open...].prefix { $0 != "}" })}")
        }
        guard !sample.isEmpty, !sample.contains("/"), !sample.hasPrefix("."), sample.allSatisfy({ !$0.isNewline })
        else {
            throw .notAPlainName
        }
        self.init(checked: pattern)
    }

    private init(checked pattern: String) { self.pattern = pattern }

    /// The file name without extension for `period`'s reports.
    public func base(for period: ReportPeriod) -> String {
        Self.replacingTokens(
            in: pattern, period: period.label, from: period.firstDay.description, to: period.lastDay.description)
    }

    public var description: String { pattern }

    private static func replacingTokens(in pattern: String, period: String, from: String, to: String) -> String {
        var base = pattern
        for (token, value) in [("{period}", period), ("{from}", from), ("{to}", to)] {
            base = base.replacingOccurrences(of: token, with: value)
        }
        return base
    }
}
