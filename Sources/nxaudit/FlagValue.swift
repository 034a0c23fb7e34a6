import ArgumentParser
import Foundation
import NXAudit

/// A type a flag's text becomes. It parses itself and, when the text is not one of it, says
/// why in a sentence: options read it with `transform: T.parse`, so argument-parser prints
/// "The value 'x' is invalid for '--flag <name>': " and the sentence, and exits 64.
/// (Public only so that the library's public types can take it on.)
public protocol FlagValue: ExpressibleByArgument, Sendable {
    init(flag text: String) throws(ValidationError)
}

extension FlagValue {
    public init?(argument: String) {
        guard let value = try? Self(flag: argument) else { return nil }
        self = value
    }

    /// For `@Option(transform:)`: argument-parser keeps a transform's error, and drops the reason of a failed
    /// `init?(argument:)`.
    static var parse: @Sendable (String) throws -> Self { { text in try Self(flag: text) } }
}

extension ArgumentHelp {
    /// Help for an option with a default that is read with `transform:`: argument-parser shows no
    /// default for those, so the abstract states it the way argument-parser would.
    init(_ abstract: String, default value: some ExpressibleByArgument, valueName: String? = nil) {
        self.init(abstract + " (default: \(value.defaultValueDescription))", valueName: valueName)
    }
}

/// `--format html,xml`: formats in the order given, each once.
struct ReportFormatList: FlagValue, CustomStringConvertible {
    var formats: [ReportFormat]

    static let standard = ReportFormatList(formats: ReportFormat.defaults)

    init(formats: [ReportFormat]) { self.formats = formats }

    init(flag text: String) throws(ValidationError) {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var formats: [ReportFormat] = []
        for name in names {
            guard let format = ReportFormat(rawValue: name) else {
                throw ValidationError(
                    "'\(name)' is not a format; choose from "
                        + "\(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw ValidationError("give one or more of html, xml, json, csv.") }
        self.formats = formats
    }

    var description: String { formats.map(\.rawValue).joined(separator: ",") }
}

/// `--summary`: the end-of-run paragraph on standard error, or its JSON on standard output.
/// `--summary text|json`: the end-of-run summary of `report` and `fetch`.
struct SummaryOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The end-of-run summary: text on standard error, or json on standard output.", default: SummaryKind.text,
            valueName: "text|json"),
        transform: SummaryKind.parse)
    var summary = SummaryKind.text
}

enum SummaryKind: String, FlagValue {
    case text, json

    init?(argument: String) { self.init(rawValue: argument) }

    init(flag text: String) throws(ValidationError) {
        guard let kind = SummaryKind(rawValue: text) else {
            throw ValidationError("'\(text)' is not a summary kind; choose text or json.")
        }
        self = kind
    }
}

/// `--gap-threshold 24h`: a whole number of minutes, hours or days.
struct TimeSpan: FlagValue {
    var seconds: Int64

    init(flag text: String) throws(ValidationError) {
        guard let seconds = DurationText.seconds(text) else {
            throw ValidationError("'\(text)' is not a duration; write a whole number with m, h or d, e.g. 24h or 2d.")
        }
        self.seconds = seconds
    }
}

/// `--now 2026-11-01T02:00:00+01:00`: an RFC 3339 instant.
struct Instant: FlagValue {
    var seconds: Int64

    init(flag text: String) throws(ValidationError) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else {
            throw ValidationError(
                "'\(text)' is not an RFC 3339 instant; write it like 2026-11-01T02:00:00+01:00 or 2026-11-01T01:00:00Z."
            )
        }
        seconds = Int64(date.timeIntervalSince1970)
    }
}

/// `--timezone Europe/Zurich`: an IANA zone, shown by the name it was given.
struct TimeZoneName: FlagValue, CustomStringConvertible {
    var zone: TimeZone
    var description: String

    static let utc = try! TimeZoneName(flag: "UTC")

    init(flag text: String) throws(ValidationError) {
        guard let zone = try? ReportPeriod.timeZone(named: text) else {
            throw ValidationError("'\(text)' is not an IANA time zone; use a name such as Europe/Zurich or UTC.")
        }
        self.zone = zone
        description = text
    }
}

extension CivilDate: FlagValue {
    public init(flag text: String) throws(ValidationError) {
        guard let date = CivilDate(iso: text) else {
            throw ValidationError("'\(text)' is not a calendar date; write it as YYYY-MM-DD, for example 2026-10-01.")
        }
        self = date
    }
}

extension PeriodKeyword: FlagValue {
    public init?(argument: String) { self.init(rawValue: argument) }

    public init(flag text: String) throws(ValidationError) {
        guard let keyword = PeriodKeyword(rawValue: text) else {
            throw ValidationError(
                "'\(text)' is not a period keyword; choose from "
                    + "\(PeriodKeyword.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        self = keyword
    }
}

extension Severity: FlagValue {
    public init?(argument: String) { try? self.init(flag: argument) }

    public init(flag text: String) throws(ValidationError) {
        guard let severity = Severity(rawValue: text.lowercased()) else {
            throw ValidationError(
                "'\(text)' is not a severity; choose from \(Severity.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        self = severity
    }
}

extension RunVerdict.MalformedLimit: FlagValue {
    public init(flag text: String) throws(ValidationError) {
        guard let limit = RunVerdict.MalformedLimit(text) else {
            throw ValidationError("'\(text)' is neither a count (100) nor a share (0.5% or 0.005).")
        }
        self = limit
    }
}

extension ReportNamePattern: FlagValue {
    public init(flag text: String) throws(ValidationError) {
        do { try self.init(text) } catch { throw ValidationError(error.description) }
    }
}
