import CCurl
import Foundation

/// One HTTPS GET at a time through libcurl, the body streamed into a file.
///
/// Certificates are always verified (the system's CAs, plus `caFile`'s); only HTTPS is
/// spoken and redirects are not followed (a redirect would carry the credentials
/// elsewhere, and an appliance that redirects is sending its login page). Proxies come
/// from `https_proxy` and `no_proxy` as libcurl reads them. The password is given to
/// libcurl and to nothing else: no message of this type contains it.
struct HTTPSClient {
    /// The answer to a request that reached the server and ended (whatever its status).
    struct Response: Sendable {
        var status: Int
        var contentType: String?
        /// Where a redirect points (not followed).
        var location: String?
        /// Bytes of the body written to the file.
        var bodyBytes: Int64
        /// Lines in the body: its line ends, and a last line without one.
        var lines: Int
        /// The body's first bytes (for telling a log from an error page).
        var head: [UInt8]
        /// Seconds the server asks to wait before retrying (`Retry-After`), if it said.
        var retryAfter: Int?
    }

    /// Why a request did not end with an answer: no connection, TLS refused, a timeout, a cut body.
    struct TransportFailure: Error, Sendable {
        enum Kind: Sendable {
            case timeout, connection, tls, cut, proxy, local
        }
        var kind: Kind
        var message: String
        /// The status, when the headers arrived before the failure.
        var status: Int?
        var bodyBytes: Int64
        /// A failure a later attempt may not repeat (timeouts, lost connections, cut bodies).
        var isTransient: Bool { kind == .timeout || kind == .connection || kind == .cut || kind == .proxy }
    }

    /// Bytes received so far, for a progress display: (received, expected or 0).
    typealias Progress = @Sendable (Int64, Int64) -> Void

    let settings: AuditTrailFetch.Settings
    static let userAgent = "nxaudit/\(NXAuditVersion.current)"
    /// The CAs handed to libcurl: the system bundle followed by `caFile`'s certificates.
    private let caBundle: [UInt8]?

    static let headLength = 4096

    /// Where distributions keep the system's CA bundle (Debian and Ubuntu, Fedora and RHEL,
    /// openSUSE, Alpine and others).
    static let systemBundles = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
        "/etc/ssl/cert.pem",
    ]

    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    init(settings: AuditTrailFetch.Settings) throws(FetchError) {
        guard Self.initialised else { throw .client("libcurl could not be initialised") }
        self.settings = settings
        guard let caFile = settings.caFile else {
            caBundle = nil
            return
        }
        guard let extra = FileManager.default.contents(atPath: caFile) else {
            throw .caFileUnreadable(path: caFile)
        }
        guard String(decoding: extra, as: UTF8.self).contains("-----BEGIN CERTIFICATE-----") else {
            throw .caFileNotPEM(path: caFile)
        }
        // A CA blob replaces libcurl's CA file, so the system's bundle goes first in it: libcurl's
        // own (its build's), else the first of the usual places that exists.
        var bundle: [UInt8] = []
        var candidates = Self.systemBundles
        if let handle = curl_easy_init() {
            if let path = nx_curl_default_ca_bundle(handle) { candidates.insert(String(cString: path), at: 0) }
            curl_easy_cleanup(handle)
        }
        if let system = candidates.lazy.compactMap({ FileManager.default.contents(atPath: $0) }).first {
            bundle = Array(system) + [0x0A]
        }
        caBundle = bundle + Array(extra)
    }

    /// GETs `url` with Basic authentication, writing the body to `fd`.
    func get(
        _ url: String, user: String, password: String, into fd: Int32, progress: Progress? = nil
    ) -> Result<Response, TransportFailure> {
        guard let handle = curl_easy_init() else {
            return .failure(TransportFailure(kind: .local, message: "libcurl could not start a request", bodyBytes: 0))
        }
        // libcurl writes its message here during curl_easy_perform: memory that outlives the call
        // and the handle (deferred first, so freed after the handle's cleanup).
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        defer { curl_easy_cleanup(handle) }
        let sink = BodySink(fd: fd, progress: progress)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        // libcurl copies string options and the CA blob (CURL_BLOB_COPY) when they are set.
        let configured: CURLcode = {
            var code = CURLE_OK
            func set(_ step: () -> CURLcode) { if code == CURLE_OK { code = step() } }
            set { nx_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer) }
            set { nx_curl_set_string(handle, CURLOPT_URL, url) }
            set { nx_curl_https_only(handle) }
            set { nx_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0) }
            set { nx_curl_set_long(handle, CURLOPT_NOSIGNAL, 1) }
            set { nx_curl_basic_auth(handle) }
            set { nx_curl_set_string(handle, CURLOPT_USERNAME, user) }
            set { nx_curl_set_string(handle, CURLOPT_PASSWORD, password) }
            set { nx_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1) }
            set { nx_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2) }
            set { nx_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, settings.connectTimeout) }
            set { nx_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1) }
            set { nx_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, settings.readTimeout) }
            set { nx_curl_set_string(handle, CURLOPT_USERAGENT, Self.userAgent) }
            // Any encoding libcurl can decode: an audit trail compresses tenfold.
            set { nx_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "") }
            set { nx_curl_set_write(handle, BodySink.write, context) }
            set { nx_curl_set_progress(handle, BodySink.progress, context) }
            if let caBundle {
                // The same CAs for a proxy spoken to over HTTPS (https_proxy=https://...).
                set {
                    caBundle.withUnsafeBytes {
                        nx_curl_set_ca_blobs(handle, UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count)
                    }
                }
            }
            return code
        }()
        guard configured == CURLE_OK else {
            return .failure(
                TransportFailure(
                    kind: .local, message: "libcurl refused a setting: \(Self.text(of: configured))", bodyBytes: 0))
        }
        let code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        var status = 0
        nx_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        if let writeError = sink.writeError {
            return .failure(
                TransportFailure(
                    kind: .local, message: "cannot write the body: \(String(cString: strerror(writeError)))",
                    status: status == 0 ? nil : status, bodyBytes: sink.bytes))
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            return .failure(
                TransportFailure(
                    kind: Self.kind(of: code), message: Self.describe(code, detail: detail, received: sink.bytes),
                    status: status == 0 ? nil : status, bodyBytes: sink.bytes))
        }
        var contentType: UnsafeMutablePointer<CChar>?
        nx_curl_get_string(handle, CURLINFO_CONTENT_TYPE, &contentType)
        var location: UnsafeMutablePointer<CChar>?
        nx_curl_get_string(handle, CURLINFO_REDIRECT_URL, &location)
        var retryAfter: curl_off_t = 0
        nx_curl_get_offset(handle, CURLINFO_RETRY_AFTER, &retryAfter)
        return .success(
            Response(
                status: status, contentType: contentType.map { String(cString: $0) },
                location: location.map { String(cString: $0) }, bodyBytes: sink.bytes,
                lines: sink.lineEnds + (sink.endsInLine ? 0 : 1), head: sink.head,
                retryAfter: retryAfter > 0 ? Int(clamping: retryAfter) : nil))
    }

    private static func kind(of code: CURLcode) -> TransportFailure.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: .timeout
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_BAD_CONTENT_ENCODING:
            .cut
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE:
            .tls
        case CURLE_COULDNT_RESOLVE_PROXY: .proxy
        // SSL_CONNECT_ERROR is a handshake that broke off (a reset while a balancer restarts), not a
        // refused certificate (PEER_FAILED_VERIFICATION).
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_SSL_CONNECT_ERROR:
            .connection
        default: .local
        }
    }

    /// libcurl's account of a failure, with what it means for the user.
    private static func describe(_ code: CURLcode, detail: String, received: Int64) -> String {
        let said = detail.isEmpty ? text(of: code) : detail
        switch kind(of: code) {
        case .tls where code == CURLE_SSL_CACERT_BADFILE:
            return "the CA certificates cannot be used (\(said)); check --ca-file"
        case .tls:
            return "the server's certificate was refused (\(said)); give its CA with --ca-file"
        case .timeout:
            return "timed out (\(said)); --connect-timeout and --read-timeout set the limits"
        case .cut:
            return "the transfer was cut after \(received) bytes (\(said))"
        case .proxy:
            return "the proxy (from https_proxy) cannot be reached (\(said))"
        default:
            return said
        }
    }

    static func text(of code: CURLcode) -> String { String(cString: curl_easy_strerror(code)) }
}

/// Where libcurl's callbacks write: the file, the body's head and the byte count.
private final class BodySink {
    let fd: Int32
    let progressReport: HTTPSClient.Progress?
    var bytes: Int64 = 0
    var lineEnds = 0
    /// Whether the body so far is empty or ends with a line end.
    var endsInLine = true
    var head: [UInt8] = []
    var writeError: Int32?

    init(fd: Int32, progress: HTTPSClient.Progress?) {
        self.fd = fd
        self.progressReport = progress
    }

    static let write: nx_curl_write_fn = { data, size, count, context in
        let sink = Unmanaged<BodySink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data, length > 0 else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        if sink.head.count < HTTPSClient.headLength {
            sink.head.append(contentsOf: bytes.prefix(HTTPSClient.headLength - sink.head.count))
        }
        var cursor = UnsafeRawPointer(data)
        let end = cursor + length
        while let found = memchr(cursor, 0x0A, end - cursor) {
            sink.lineEnds += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        sink.endsInLine = bytes[length - 1] == 0x0A
        var written = 0
        while written < length {
            let n = Foundation.write(sink.fd, data + written, length - written)
            if n < 0 {
                if errno == EINTR { continue }
                sink.writeError = errno
                return 0
            }
            written += n
        }
        sink.bytes += Int64(length)
        return length
    }

    static let progress: nx_curl_progress_fn = { context, total, now, _, _ in
        let sink = Unmanaged<BodySink>.fromOpaque(context!).takeUnretainedValue()
        sink.progressReport?(Int64(now), Int64(total))
        return 0
    }
}
