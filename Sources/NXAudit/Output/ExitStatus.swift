/// How an nxaudit run ends: the exit statuses, from sysexits(3) above 63, with what each
/// means. This is the one table of them: `nxaudit --help` and the README's "Exit codes"
/// show it (a test holds the README to it), and every error nxaudit throws names its row
/// (`ExitStatusError`).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case ok = 0
    case checkFailed = 1
    case insufficientEvidence = 2
    case signatureMissing = 3
    case signatureNotAllowed = 4
    case signatureMismatch = 5
    case usage = 64
    case dataError = 65
    case noInput = 66
    case unavailable = 69
    case software = 70
    case cannotCreate = 73
    case ioError = 74
    case tempFail = 75
    case noPermission = 77
    case config = 78

    /// What the status means, as the README's table says it (Markdown code spans included).
    public var meaning: String {
        switch self {
        case .ok:
            "reports written; no finding at or above `--fail-on`"
        case .checkFailed:
            "`report`: reports written, with findings at or above `--fail-on`; `verify`: a report or input "
                + "differs from its manifest or is missing; `validate`: a document is invalid; `archive verify`: "
                + "the archive was altered, or does not hold `--head`"
        case .insufficientEvidence:
            "reports written, but the evidence is insufficient: no event in the period, a stretch without "
                + "any event longer than the gap threshold, more malformed lines than `--max-malformed`, or an "
                + "input that holds lines but not one audit line (a binary file, another program's log, an Audit "
                + "Trail API error response, an HTML page). It wins over 1: a report that cannot see the whole "
                + "period cannot vouch for what it did not find. `fetch`: some sources could not be fetched; those "
                + "fetched are archived or written"
        case .signatureMissing:
            "`verify --require-signature`, `archive verify --require-signature`: a manifest or archive head has "
                + "no signature"
        case .signatureNotAllowed:
            "`verify`, `archive verify` with `--allowed-signers`: a signature is good but made by a key the "
                + "allowed-signers file does not allow (not listed, outside its validity window, or not for the "
                + "`nxaudit` namespace)"
        case .signatureMismatch:
            "`verify`, `archive verify` with `--allowed-signers`: a signature is not over the file's bytes: the "
                + "manifest or head record changed since it was signed, or the signature is damaged"
        case .usage:
            "usage error: a malformed date, month or keyword, `--from` after `--to`, an unknown time zone, "
                + "flags that do not go together, no input named; `archive prune` of lines younger than 12 "
                + "months without `--force`. The message says what to change."
        case .dataError:
            "a `--baseline` report is not a valid nxaudit XML report, differs from its manifest, has an "
                + "unreadable manifest beside it, or is not of an earlier period; `verify`: a manifest is "
                + "malformed; `--archive`, `archive`: not an nxaudit archive, written by a newer nxaudit, "
                + "damaged, or (reports) failing its chain"
        case .noInput:
            "an input, the `--policy` file, the `--baseline` report or a manifest is missing, unreadable, "
                + "not a file or directory, or a directory holds no log; `fetch`: the credentials file or "
                + "`--ca-file` is missing or unreadable"
        case .unavailable:
            "a program nxaudit needs is not installed: `ssh-keygen` (openssh-client) for signatures, "
                + "WeasyPrint for `--format pdf`; `fetch`: no source could be fetched (unreachable, certificate "
                + "refused, timeouts, server errors, a body that is not an audit trail)"
        case .software:
            "internal error: nxaudit's own templates produced XML its schema rejects (the message asks to report "
                + "it), or WeasyPrint failed to print the report to PDF (the message says why)"
        case .cannotCreate:
            "an output directory or file cannot be created, or a different report of the same name is "
                + "already there (`--force` replaces it; nothing was written)"
        case .ioError:
            "an I/O error while reading an input (a damaged `.gz`, a read failure) or writing a report "
                + "(disk full); `archive`: the archive cannot be opened or written"
        case .tempFail:
            "`archive add`, `prune`, `fetch --archive`: another nxaudit is writing to the archive (it waited 5 s); "
                + "run again later"
        case .noPermission:
            "`fetch`: no source could be fetched, and the appliance refused the credentials (HTTP 401 or 403)"
        case .config:
            "a template or the schema is missing or does not parse, or the policy file is invalid (the "
                + "message names file, line, column and, for the policy, the key), or a custom template produced "
                + "invalid XML; `--sign-key`: the key cannot sign (a passphrase not served by ssh-agent); `fetch`: "
                + "the credentials file can be read by group or others or is not `user:password`, `--user` has no "
                + "`NXAUDIT_API_PASSWORD`, or `--ca-file` holds no PEM certificate"
        }
    }

    /// Which of two outcomes of `verify` and `archive verify` a run exits with: a signature over
    /// other bytes (5), then a key not allowed (4), then a changed file or recomputed chain (1),
    /// then a missing signature (3): the most direct evidence of tampering wins.
    public static func worse(_ a: ExitStatus?, _ b: ExitStatus?) -> ExitStatus? {
        let order: [ExitStatus] = [.signatureMismatch, .signatureNotAllowed, .checkFailed, .signatureMissing]
        let rank = { (status: ExitStatus?) in status.flatMap { order.firstIndex(of: $0) } ?? order.count }
        return rank(a) <= rank(b) ? a : b
    }

    /// `Exit codes: 0 done; 1 altered.`: a command's own account of the statuses it uses,
    /// for its `--help`, with the numbers taken from here.
    public static func summary(_ uses: KeyValuePairs<ExitStatus, String>) -> String {
        "Exit codes: " + uses.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: "; ") + "."
    }

    /// The table as `nxaudit --help` shows it: a line per status, its meaning wrapped to
    /// `width` columns under a hanging indent (argument-parser would wrap it flush left).
    public static func table(width: Int = 80) -> String {
        let indent = "      "
        return allCases.map { status in
            var lines: [String] = []
            let number = "\(status.rawValue)"
            var line = "  " + number + String(repeating: " ", count: 4 - number.count)
            var lineHasWord = false
            for word in status.meaning.split(separator: " ") {
                if lineHasWord, line.count + 1 + word.count > width {
                    lines.append(line)
                    line = indent
                    lineHasWord = false
                }
                line += (lineHasWord ? " " : "") + word
                lineHasWord = true
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

/// An error that ends a run: the status the process exits with and the sentence it prints
/// (`nxaudit: message`, each line of it). `nxaudit`'s one error-to-exit function reads these,
/// so each error type decides its status here, next to its kind, and nowhere else.
public protocol ExitStatusError: Error {
    var exitStatus: ExitStatus { get }
    /// What went wrong and what to do next; more than one line only to add a sentence on its own line.
    var exitMessage: String { get }
}

extension ExitStatusError where Self: CustomStringConvertible {
    public var exitMessage: String { description }
}

// MARK: - The status of each error nxaudit throws

extension EvidenceError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .readFailed = self { return .ioError }
        return .noInput
    }
}

extension ArchiveError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .notFound: .noInput
        case .locked: .tempFail
        case .cannotOpen: .ioError
        case .refused: .usage
        case .notAnArchive, .newerSchema, .needsUpgrade, .damaged, .altered: .dataError
        case .inputsUnusable(let error): error.exitStatus
        }
    }
}

extension RenderError: ExitStatusError {
    /// A user's template is a configuration to fix; nxaudit's own rendering invalid XML is a bug.
    public var exitStatus: ExitStatus {
        if case .reportInvalid(_, _, byBuiltInTemplates: true) = self { return .software }
        return .config
    }

    public var exitMessage: String {
        guard exitStatus == .software else { return description }
        return description + "\nthis is a bug in nxaudit's own templates; please report it with the command line used."
    }
}

extension TemplateSet.ExportError: ExitStatusError {
    public var exitStatus: ExitStatus { .cannotCreate }
}

extension BaselineReport.Failure: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .unreadable = self { return .noInput }
        return .dataError
    }
}

extension OutputError: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .writeFailed = self { return .ioError }
        return .cannotCreate
    }
}

extension ManifestVerifier.Failure: ExitStatusError {
    public var exitStatus: ExitStatus {
        if case .malformed = self { return .dataError }
        return .noInput
    }
}

extension PolicyError: ExitStatusError {
    public var exitStatus: ExitStatus { isMissing ? .noInput : .config }
    public var exitMessage: String { "policy " + description }
}

extension PeriodError: ExitStatusError {
    public var exitStatus: ExitStatus { .usage }
}

extension SignatureError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .keygenMissing, .cannotRun: .unavailable
        case .keyUnreadable, .allowedSignersUnreadable: .noInput
        case .signingFailed: .config
        }
    }
}
