/// What an input holds when it is not an audit log at all, as the report names it:
/// the answer of a failed Audit Trail API call, or a web page saved in place of a log.
public struct NonLogContent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A JSON document, as the Audit Trail API answers when a call fails (HTTP 500
        /// with a JSON array when an Engine is unknown or unreachable).
        case apiErrorResponse = "api-error-response"
        /// An HTML page: a login, proxy or error page saved instead of the log.
        case htmlPage = "html-page"
    }

    public var kind: Kind
    /// The response's message or the page's title, as printable text (at most 160
    /// characters); empty when it has none.
    public var detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// `an Audit Trail API error response ("Engine engine07 is unknown")`.
    public var description: String {
        let what =
            switch kind {
            case .apiErrorResponse: "an Audit Trail API error response"
            case .htmlPage: "an HTML page"
            }
        return detail.isEmpty ? what : "\(what) (\"\(detail)\")"
    }
}
