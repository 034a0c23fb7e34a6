/// How a remote action was run on employees' devices.
///
/// The channel decides which executions the API rule judges and how the report tallies
/// them; the catalog row of each remote-execution code carries it.
public enum ExecutionChannel: Sendable, Hashable, CaseIterable {
    /// By hand, from the Finder.
    case finder
    /// Through the (first) API: scripted.
    case api
    /// Through the API v2: scripted.
    case apiV2

    /// The name reports and findings use.
    public var label: String {
        switch self {
        case .finder: "Finder (manual)"
        case .api: "API"
        case .apiV2: "API v2"
        }
    }

    /// The machine token: `finder`, `api`, `api-v2`.
    public var key: String {
        switch self {
        case .finder: "finder"
        case .api: "api"
        case .apiV2: "api-v2"
        }
    }

    /// Whether a script ran it rather than a person at the Finder.
    public var isAPI: Bool { self != .finder }
}
