import ArgumentParser
import Foundation
import NXAudit
import Synchronization

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download the audit trail of a Portal and its Engines (Audit Trail API) into the archive or files.",
        discussion: """
            Calls GET /audit-trail/api/v1/portal/type/auditlog on the Portal, and for --engines each \
            .../engine/NAME/type/auditlog (or .../engines/type/auditlog for all), with Basic authentication of a \
            local Portal account. The certificate is always verified (the system's CAs and --ca-file's); proxies \
            come from https_proxy and no_proxy. A timeout, a lost connection, a cut body, HTTP 5xx or 429 is \
            retried (--retries) after a growing pause. A source that fails does not stop the others; a body that \
            is not an audit trail (the API's JSON error, an HTML login page) is never kept.

            --archive PATH ingests each body as `archive add` would: lines already archived are not added again, \
            so fetching an overlapping window every day is right. Each body is a source named by its URL and dated \
            by its download; the batch records every call with its status, size and SHA-256. --output DIR writes \
            each body to DIR/<source>-<UTC time>.log instead.

            The password comes from --credentials FILE (one line user:password, mode 600 or 400: a file group or \
            others can read is refused) or, with --user, from $NXAUDIT_API_PASSWORD; never from the command line. \
            Nothing nxaudit writes or prints contains it.

            Examples:
              nxaudit fetch --portal https://portal.example.com --engines all --credentials /etc/nxaudit/api \\
                  --elapsed-hours 48 --archive /var/lib/nxaudit/archive.sqlite
              NXAUDIT_API_PASSWORD=... nxaudit fetch --portal https://portal.example.com --user audit-reader \\
                  --engines Engine-01,Engine-02 --ca-file /etc/nxaudit/portal-ca.pem --output /srv/audit-trail

            \(ExitStatus.summary([
                .ok: "every source fetched", .insufficientEvidence: "some sources failed, the others are kept",
                .usage: "usage", .noInput: "the credentials or CA file is missing", .unavailable: "no source fetched",
                .noPermission: "no source fetched and the credentials were refused",
                .cannotCreate: "--output cannot be written", .tempFail: "another nxaudit is writing to the archive",
                .config: "the credentials file is readable by others or malformed",
            ]))
            """
    )

    @Option(help: ArgumentHelp("The Portal's address.", valueName: "https://host[:port]"))
    var portal: String

    @Option(
        help: ArgumentHelp(
            "Engines to fetch too: all (one call for every Engine), or names separated by commas (a call each).",
            valueName: "all|NAME,..."))
    var engines: String?

    @Option(help: ArgumentHelp("File holding user:password of a local Portal account (mode 600).", valueName: "file"))
    var credentials: String?

    @Option(help: ArgumentHelp("The Portal account; its password in $NXAUDIT_API_PASSWORD.", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("PEM file of a private CA to trust besides the system's.", valueName: "pem"))
    var caFile: String?

    @Option(help: "Ask only for the last N hours (elapsed_hours; older appliances send everything).")
    var elapsedHours: Int?

    @Option(
        help: ArgumentHelp(
            "Ask only for lines before this date (before_date; older appliances send everything).",
            valueName: "yyyy-mm-dd[Thh:mm:ss]"))
    var before: String?

    @Option(help: "Seconds to connect (TCP and TLS).")
    var connectTimeout = 10

    @Option(help: "Seconds without a byte received before a download is given up.")
    var readTimeout = 60

    @Option(help: "Attempts after the first on a timeout, a lost connection, a cut body, HTTP 5xx or 429.")
    var retries = 3

    @Option(help: "Seconds before the first retry, doubled for each next one (at most 60).")
    var retryDelay = 2.0

    @Option(help: ArgumentHelp("Ingest into this evidence archive.", valueName: "path"))
    var archive: String?

    @Option(help: ArgumentHelp("Write each body to DIR/<source>-<UTC time>.log instead.", valueName: "dir"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "--archive: zone of stamps without offset, to file them by time.", default: TimeZoneName.utc),
        transform: TimeZoneName.parse)
    var timezone = TimeZoneName.utc

    @Option(
        help: ArgumentHelp(
            "--archive: sign the new chain head with this SSH key (as archive add --sign-key).", valueName: "key"))
    var signKey: String?

    @Flag(help: "No progress line and no summary (failures are still printed on standard error).")
    var quiet = false

    @OptionGroup var summaryOption: SummaryOption
    var summary: SummaryKind { summaryOption.summary }

    func validate() throws {
        if (archive == nil) == (output == nil) {
            throw ValidationError(
                "give --archive PATH (ingest into the evidence archive) or --output DIR (keep files), one of them.")
        }
        if (credentials == nil) == (user == nil) {
            throw ValidationError(
                "give --credentials FILE (user:password, mode 600) or --user NAME with the password in "
                    + "$\(APICredentials.passwordVariable), one of them.")
        }
        if elapsedHours != nil, before != nil {
            throw ValidationError("give --elapsed-hours or --before, not both: the API takes one window.")
        }
        if let elapsedHours, elapsedHours < 1 {
            throw ValidationError("--elapsed-hours \(elapsedHours): give a number of hours, 1 or more.")
        }
        if let before, AuditTrailAPI.beforeDate(before) == nil {
            throw ValidationError("--before \(before): give a date yyyy-mm-dd or a time yyyy-mm-ddThh:mm:ss.")
        }
        if connectTimeout < 1 || readTimeout < 1 {
            throw ValidationError("--connect-timeout and --read-timeout are whole seconds, 1 or more.")
        }
        if !(0...10).contains(retries) { throw ValidationError("--retries \(retries): give 0 to 10.") }
        if !(retryDelay >= 0 && retryDelay <= 60) { throw ValidationError("--retry-delay: give 0 to 60 seconds.") }
        if signKey != nil, archive == nil {
            throw ValidationError("--sign-key signs the archive's new head; it needs --archive.")
        }
        _ = try sources()
        _ = try currentTime()
    }

    /// The calls to make: the Portal, then the Engines named (or all of them at once).
    func sources() throws(ValidationError) -> [AuditTrailAPI.Source] {
        guard let engines else { return [.portal] }
        if engines == "all" { return [.portal, .allEngines] }
        let names = engines.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !names.contains(where: \.isEmpty), !names.isEmpty else {
            throw ValidationError("--engines \(engines): give all, or Engine names separated by commas.")
        }
        var seen = Set<String>()
        return [.portal] + names.filter { seen.insert($0).inserted }.map { .engine($0) }
    }

    func run() throws {
        let window: AuditTrailAPI.Window? = elapsedHours.map { .elapsedHours($0) } ?? before.map { .before($0) }
        let api = try AuditTrailAPI(portal: portal, window: window)
        let account =
            if let credentials { try APICredentials.load(file: credentials) } else {
                try APICredentials.fromEnvironment(user: user!)
            }
        let signing = try signKey.map { key throws(SignatureError) in
            let keygen = try SSHKeygen.find()
            try keygen.checkUsable(key: key)
            return ReportDestination.Signing(keygen: keygen, key: key)
        }
        // The archive is opened (and created) before any download, so a wrong path costs no transfer.
        let store = try archive.map { try EvidenceArchive(path: $0, access: .write) }
        let spool = try output.map(Self.prepare) ?? FileManager.default.temporaryDirectory.path
        var settings = AuditTrailFetch.Settings()
        settings.caFile = caFile
        settings.connectTimeout = connectTimeout
        settings.readTimeout = readTimeout
        settings.retries = retries
        settings.retryDelay = retryDelay
        let fetch = AuditTrailFetch(api: api, credentials: account, settings: settings, spoolDirectory: spool)
        let display = FetchProgress.forStandardError(quiet: quiet)
        var progress: (@Sendable (AuditTrailAPI.Source, Int64, Int64) -> Void)?
        if let display {
            progress = { source, received, total in display.update(source, received: received, total: total) }
        }
        let downloads = try fetch.run(try sources(), progress: progress)
        display?.finish()
        defer { for download in downloads { download.body?.release() } }
        // Printed even with --quiet, and before the bodies are kept: a scheduled run's journal
        // must say which source failed and why, whatever happens next.
        for download in downloads {
            if let failure = download.failure {
                printError("\(download.source): \(download.url): \(failure.message)")
            }
        }

        var report = FetchReport(portal: api.base, downloads: downloads)
        report.archivePath = archive
        if let store, let path = archive, downloads.contains(where: { $0.body != nil }) {
            let ingest = ArchiveIngest(
                yearPolicy: .modificationTime, timeZone: timezone.zone, nowSeconds: try currentTime())
            let added = try ingest.add(downloads: downloads, to: store)
            report.archive = (path, added)
            if let signing, let batch = added.batch {
                report.signed = try SignedHeads.sign(
                    batch: batch, head: added.head, archivePath: path, nowSeconds: try currentTime(), signing: signing)
            }
        } else if let output {
            report.files = try AuditTrailFetch.keep(downloads, in: output)
        }
        let status = AuditTrailFetch.exitStatus(of: downloads)
        switch summary {
        case .json: print(report.json(status: status))
        case .text where !quiet: printSummary(report.text(status: status))
        case .text: break
        }
        if status != .ok { throw ExitCode(status) }
    }

    /// The output folder, created if missing; bodies are spooled in it so that keeping one is a link.
    static func prepare(_ directory: String) throws(FetchError) -> String {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw .outputUnusable(path: directory, reason: "it cannot be created")
        }
        guard access(directory, W_OK) == 0 else { throw .outputUnusable(path: directory, reason: "it is not writable") }
        return directory
    }
}

/// What a fetch did, per source, for the summary.
struct FetchReport {
    var portal: String
    var downloads: [AuditTrailFetch.Download]
    var archive: (path: String, summary: ArchiveIngest.Summary)?
    /// `--archive`, also when nothing was fetched to ingest.
    var archivePath: String?
    var signed: (path: String, key: SignatureKey)?
    /// `--output`: the file each download was written to.
    var files: [String?]?

    func text(status: ExitStatus) -> String {
        let fetched = downloads.filter { $0.body != nil }.count
        var lines = ["nxaudit fetch from \(portal): \(fetched) of \(downloads.count) sources fetched"]
        for (index, download) in downloads.enumerated() {
            let retried = download.attempts > 1 ? " (\(download.attempts) attempts)" : ""
            guard let body = download.body else {
                lines.append("  \(download.source): failed\(retried): \(download.failure!.message)")
                continue
            }
            var line = "  \(download.source): HTTP \(body.status), \(body.bytes) bytes, \(body.lines) lines\(retried)"
            if let result = archive?.summary.files.first(where: { $0.path == download.url }) {
                if let earlier = result.identicalTo {
                    line += "; already archived whole (batch \(earlier.batch))"
                } else {
                    line += "; \(result.linesAdded) added, \(result.linesHeld) already in the archive"
                    if result.malformedAdded > 0 { line += " (\(result.malformedAdded) malformed, kept)" }
                }
            }
            if let file = files?[index] { line += " → \(file)" }
            lines.append(line)
        }
        if archive == nil, let path = archivePath {
            lines.append("archive \(path): nothing fetched, nothing added")
        }
        if let (path, summary) = archive {
            lines.append(
                summary.batch.map { "archive \(path): batch \($0), \(summary.linesAdded) lines added; chain head " }
                    .map { $0 + summary.head } ?? "archive \(path): nothing new; chain head \(summary.head)")
        }
        if let signed { lines.append("\(signed.path): head signed with the \(signed.key)") }
        lines.append("exit \(status.rawValue)")
        return lines.joined(separator: "\n")
    }

    func json(status: ExitStatus) -> String {
        struct Source: Encodable {
            var source: String
            var url: String
            var attempts: Int
            var finishedAt: String
            var fetched: Bool
            var httpStatus: Int?
            var bytes: Int64?
            var lines: Int?
            var file: String?
            var sha256: String?
            var linesAdded: Int?
            var linesHeld: Int?
            var identicalToBatch: Int64?
            var failure: Failure?
        }
        struct Failure: Encodable {
            var kind: String
            var message: String
        }
        struct Archive: Encodable {
            var path: String
            var batch: Int64?
            var linesAdded: Int
            var head: String
            var signature: String?
        }
        struct Document: Encodable {
            var portal: String
            var sources: [Source]
            var archive: Archive?
            var exitStatus: Int32
        }
        let sources = downloads.enumerated().map { index, download in
            let result = archive?.summary.files.first { $0.path == download.url }
            return Source(
                source: download.source.description, url: download.url, attempts: download.attempts,
                finishedAt: AuditTrailFetch.utcStamp(download.finishedAt), fetched: download.body != nil,
                httpStatus: download.body?.status ?? download.failure?.status, bytes: download.body?.bytes,
                lines: download.body?.lines, file: files?[index], sha256: result?.sha256,
                linesAdded: result.flatMap { $0.identicalTo == nil ? $0.linesAdded : nil },
                linesHeld: result.flatMap { $0.identicalTo == nil ? $0.linesHeld : nil },
                identicalToBatch: result?.identicalTo?.batch,
                failure: download.failure.map { Failure(kind: $0.kind.rawValue, message: $0.message) })
        }
        let document = Document(
            portal: portal, sources: sources,
            archive: archive.map {
                Archive(
                    path: $0.path, batch: $0.summary.batch, linesAdded: $0.summary.linesAdded, head: $0.summary.head,
                    signature: signed?.path)
            }, exitStatus: status.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }
}

/// `nxaudit: fetching engine Engine-01: 1.2 MB` on standard error, redrawn at most four times a
/// second, only when standard error is a terminal.
final class FetchProgress: Sendable {
    private let last = Mutex<(source: String, drawn: Date)?>(nil)

    static func forStandardError(
        quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FetchProgress? {
        guard !quiet, isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" else { return nil }
        return FetchProgress()
    }

    @Sendable func update(_ source: AuditTrailAPI.Source, received: Int64, total: Int64) {
        let now = Date()
        let draw = last.withLock { state -> Bool in
            if let state, state.source == source.description, now.timeIntervalSince(state.drawn) < 0.25 {
                return false
            }
            state = (source.description, now)
            return true
        }
        guard draw else { return }
        let size = ProgressDisplay.size(received) + (total > 0 ? " of \(ProgressDisplay.size(total))" : "")
        FileHandle.standardError.write(Data("\r\u{1B}[Knxaudit: fetching \(source): \(size)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
