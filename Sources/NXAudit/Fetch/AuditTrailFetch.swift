import CFiles
import Foundation

/// `nxaudit fetch`: downloads each source's audit trail into a file of its own, with
/// bounded retries, and tells a trail from whatever else an appliance may answer.
///
/// A source fails alone: the others are still fetched. A body that is not an audit
/// trail (the API's JSON error array, an HTML login page, any answer but 2xx) is never
/// kept as one: its file is removed and the failure names the status and what the body
/// said. What becomes of the bodies fetched (the archive, or files) is the caller's.
public struct AuditTrailFetch: Sendable {
    public var api: AuditTrailAPI
    public var credentials: APICredentials
    public var settings: Settings
    /// Where bodies are written while they download (each a new file, mode 0600).
    public var spoolDirectory: String

    public struct Settings: Sendable {
        /// PEM file of CAs to trust besides the system's.
        public var caFile: String?
        public var connectTimeout = 10
        /// Seconds without a byte after which a transfer is given up.
        public var readTimeout = 60
        /// Attempts after the first, on a timeout, a lost connection, a cut body or HTTP 5xx/429.
        public var retries = 3
        /// Seconds before the first retry, doubled for each next one (at most 60), unless the
        /// server says `Retry-After` (at most 300).
        public var retryDelay = 2.0

        public init() {}
    }

    public init(api: AuditTrailAPI, credentials: APICredentials, settings: Settings, spoolDirectory: String) {
        self.api = api
        self.credentials = credentials
        self.settings = settings
        self.spoolDirectory = spoolDirectory
    }

    /// One source's download.
    public struct Download: Sendable {
        public var source: AuditTrailAPI.Source
        public var url: String
        /// Requests made (1 + retries used).
        public var attempts: Int
        /// When the last attempt ended, UTC seconds.
        public var finishedAt: Int64
        public var outcome: Outcome

        public enum Outcome: Sendable {
            case fetched(Body)
            case failed(Failure)
        }

        public var body: Body? {
            if case .fetched(let body) = outcome { return body }
            return nil
        }

        public var failure: Failure? {
            if case .failed(let failure) = outcome { return failure }
            return nil
        }
    }

    /// An audit trail as downloaded, in a spool file: an unnamed file (Linux `O_TMPFILE`) the
    /// kernel frees if the process dies, or a hidden named one where the file system has none.
    /// The caller keeps it (`keep(_:in:)`) or lets it go (`release()`).
    public struct Body: Sendable {
        public var status: Int
        public var bytes: Int64
        public var lines: Int
        let spool: SpoolFile

        /// A path that reads the body: `/proc/self/fd/N` for an unnamed file.
        public var file: String { spool.readablePath }

        /// Closes the spool file; an unnamed one is gone with it, a named one is removed.
        public func release() { spool.release() }
    }

    public struct Failure: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// HTTP 401 or 403: the account or its password is wrong, or it may not use the API.
            case credentialsRefused = "credentials-refused"
            /// An HTTP error status (4xx, 5xx), with what the body said.
            case httpError = "http-error"
            /// A redirect, not followed (a login page or a misplaced address).
            case redirected
            /// HTTP 2xx, but the body is a JSON document or an HTML page, not an audit trail.
            case notAuditTrail = "not-audit-trail"
            /// The certificate was refused.
            case tls
            case timeout
            /// No connection (refused, unreachable, name unknown, proxy).
            case connection
            /// The body was cut before its end.
            case cut
            /// The body could not be written here, or libcurl failed locally.
            case local
        }

        public var kind: Kind
        public var status: Int?
        /// What went wrong, as printable text (a server's words at most 160 characters).
        public var message: String
    }

    /// Fetches every source in turn. `progress` hears each source's bytes as they arrive.
    public func run(
        _ sources: [AuditTrailAPI.Source],
        progress: (@Sendable (AuditTrailAPI.Source, Int64, Int64) -> Void)? = nil
    ) throws(FetchError) -> [Download] {
        let client = try HTTPSClient(settings: settings)
        return sources.map { source in
            var forSource: HTTPSClient.Progress?
            if let progress { forSource = { received, total in progress(source, received, total) } }
            return fetch(source, with: client, progress: forSource)
        }
    }

    private func fetch(
        _ source: AuditTrailAPI.Source, with client: HTTPSClient, progress: HTTPSClient.Progress?
    ) -> Download {
        let url = api.url(of: source)
        var attempt = 0
        while true {
            attempt += 1
            let (outcome, wait) = attemptOnce(url, with: client, progress: progress)
            let finished = Int64(Date().timeIntervalSince1970)
            guard let wait, attempt <= settings.retries else {
                return Download(source: source, url: url, attempts: attempt, finishedAt: finished, outcome: outcome)
            }
            Thread.sleep(forTimeInterval: wait(attempt))
        }
    }

    /// One request; with a failure worth another attempt, how long to wait before it (by attempt number).
    private func attemptOnce(
        _ url: String, with client: HTTPSClient, progress: HTTPSClient.Progress?
    ) -> (Download.Outcome, ((Int) -> Double)?) {
        let spool: SpoolFile
        do throws(FetchError) { spool = try SpoolFile(in: spoolDirectory) } catch {
            return (.failed(Failure(kind: .local, status: nil, message: error.description)), nil)
        }
        var keep = false
        defer { if !keep { spool.release() } }
        let fd = spool.fd
        let backoff = { (attempt: Int) in min(60, settings.retryDelay * pow(2, Double(attempt - 1))) }
        switch client.get(url, user: credentials.user, password: credentials.password, into: fd, progress: progress) {
        case .failure(let transport):
            let kind: Failure.Kind =
                switch transport.kind {
                case .timeout: .timeout
                case .connection, .proxy: .connection
                case .tls: .tls
                case .cut: .cut
                case .local: .local
                }
            let failure = Failure(kind: kind, status: transport.status, message: transport.message)
            return (.failed(failure), transport.isTransient ? backoff : nil)
        case .success(let response):
            let status = response.status
            if (200..<300).contains(status) {
                if let content = NonLogSniffer.classify(response.head) {
                    let what = content.kind == .htmlPage ? "an HTML page" : "a JSON document"
                    let said = content.detail.isEmpty ? "" : " (\(content.detail))"
                    return (
                        .failed(
                            Failure(
                                kind: .notAuditTrail, status: status,
                                message: "HTTP \(status), but the body is \(what)\(said), not an audit trail")),
                        nil
                    )
                }
                guard fsync(fd) == 0 else {
                    let reason = String(cString: strerror(errno))
                    return (
                        .failed(Failure(kind: .local, status: status, message: "cannot write the body: \(reason)")), nil
                    )
                }
                keep = true
                return (
                    .fetched(
                        Body(
                            status: status, bytes: response.bodyBytes,
                            lines: response.lines, spool: spool)), nil
                )
            }
            let said = Self.message(in: response.head)
            if status == 401 || status == 403 {
                let failure = Failure(
                    kind: .credentialsRefused, status: status,
                    message:
                        "HTTP \(status): the appliance refused the account \(NonLogSniffer.printable(credentials.user))"
                        + (said.isEmpty ? "" : " (\(said))"))
                return (.failed(failure), nil)
            }
            if (300..<400).contains(status) {
                let target = response.location.map { " to " + NonLogSniffer.printable($0) } ?? ""
                let failure = Failure(
                    kind: .redirected, status: status,
                    message: "HTTP \(status), redirected\(target); nxaudit does not follow redirects (a login page?): "
                        + "give the Portal's own address")
                return (.failed(failure), nil)
            }
            let failure = Failure(
                kind: .httpError, status: status, message: "HTTP \(status)" + (said.isEmpty ? "" : ": \(said)"))
            guard status >= 500 || status == 429 else { return (.failed(failure), nil) }
            if let asked = response.retryAfter { return (.failed(failure), { _ in Double(min(asked, 300)) }) }
            return (.failed(failure), backoff)
        }
    }

    /// What an error body says: the JSON answer's message, an HTML page's title, else its first line.
    static func message(in head: [UInt8]) -> String {
        if let content = NonLogSniffer.classify(head) { return content.detail }
        let firstLine = head.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: true).first ?? []
        return NonLogSniffer.printable(String(decoding: firstLine, as: UTF8.self))
    }

    /// `2026-12-02T01:00:07Z`, or `20261202T010007Z` when `compact` (for a file name).
    public static func utcStamp(_ seconds: Int64, compact: Bool = false) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = Int(seconds - days * 86_400)
        let date = CivilDate(daysSinceEpoch: Int(days))
        let parts = (Digits.pad(time / 3600, 2), Digits.pad(time / 60 % 60, 2), Digits.pad(time % 60, 2))
        if compact {
            return "\(Digits.pad(date.year, 4))\(Digits.pad(date.month, 2))\(Digits.pad(date.day, 2))T"
                + "\(parts.0)\(parts.1)\(parts.2)Z"
        }
        return "\(date)T\(parts.0):\(parts.1):\(parts.2)Z"
    }

}

extension AuditTrailFetch {
    /// How a run ends: 0 every source fetched, 2 some, 77 none and the credentials were refused,
    /// 69 none.
    public static func exitStatus(of downloads: [Download]) -> ExitStatus {
        let fetched = downloads.filter { $0.body != nil }.count
        if fetched == downloads.count { return .ok }
        if fetched > 0 { return .insufficientEvidence }
        if downloads.contains(where: { $0.failure?.kind == .credentialsRefused }) { return .noPermission }
        return .unavailable
    }

    /// `--output DIR`: moves each body fetched to `DIR/<source>-<UTC time>.log` (a name
    /// taken is never replaced: `-2`, `-3`... follow). Returns each download's file, nil
    /// for a failed one. The spool files must be in `directory`.
    public static func keep(_ downloads: [Download], in directory: String) throws(FetchError) -> [String?] {
        try downloads.map { download throws(FetchError) -> String? in
            guard let body = download.body else { return nil }
            let stem = directory + "/" + download.source.fileStem + "-" + utcStamp(download.finishedAt, compact: true)
            var suffix = 1
            while true {
                let name = stem + (suffix == 1 ? "" : "-\(suffix)") + ".log"
                // Naming never replaces a file; the spool file was already synced.
                if body.spool.name(name) { return name }
                guard errno == EEXIST else {
                    throw .outputUnusable(
                        path: directory, reason: "cannot write \(name) (\(String(cString: strerror(errno))))")
                }
                suffix += 1
            }
        }
    }
}

/// Where a body downloads: an unnamed file in the directory where Linux has `O_TMPFILE`,
/// else a hidden `.nxaudit-fetch-XXXXXX` (mode 0600 either way).
struct SpoolFile: Sendable {
    let fd: Int32
    /// The hidden name, when the file has one.
    let named: String?

    init(in directory: String) throws(FetchError) {
        let unnamed = nxaudit_open_unnamed_private(directory)
        if unnamed >= 0 {
            fd = unnamed
            named = nil
            return
        }
        var template = Array((directory + "/.nxaudit-fetch-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .outputUnusable(
                path: directory, reason: "cannot create a file there (\(String(cString: strerror(errno))))")
        }
        fd = descriptor
        named = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A path that opens the file for reading.
    var readablePath: String { named ?? "/proc/self/fd/\(fd)" }

    /// Gives the file the name `path`, never replacing one; false (errno set) when it cannot.
    func name(_ path: String) -> Bool {
        guard let named else { return nxaudit_link_unnamed(fd, path) == 0 }
        guard link(named, path) == 0 else { return false }
        unlink(named)
        return true
    }

    func release() {
        close(fd)
        if let named { unlink(named) }
    }
}
