import Foundation

/// The classic Audit Trail API of a Nexthink Portal: which calls `nxaudit fetch` makes.
///
/// ```
/// GET BASE/audit-trail/api/v1/portal/type/auditlog            the Portal's audit.log
/// GET BASE/audit-trail/api/v1/engine/NAME/type/auditlog       one Engine's
/// GET BASE/audit-trail/api/v1/engines/type/auditlog           every Engine's, concatenated (not in time order)
///     ?elapsed_hours=N | ?before_date=yyyy-mm-ddThh:mm:ss     optional; older appliances ignore them
/// ```
///
/// Success is the raw file (no JSON wrapper); an unknown or unreachable Engine answers
/// HTTP 500 with a JSON array describing the error.
public struct AuditTrailAPI: Sendable, Equatable {
    /// `https://host[:port][/prefix]`, without a trailing slash.
    public let base: String
    public let window: Window?

    /// What part of the trail a call asks for (optional: older appliances ignore it).
    public enum Window: Sendable, Equatable {
        case elapsedHours(Int)
        /// `yyyy-mm-dd` or `yyyy-mm-ddThh:mm:ss`, in the appliance's time.
        case before(String)
    }

    /// One call: the Portal, one Engine, or all Engines at once.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        case portal
        case engine(String)
        case allEngines

        /// How the summary names it: `portal`, `engine Engine-01`, `all engines`.
        public var description: String {
            switch self {
            case .portal: "portal"
            case .engine(let name): "engine \(name)"
            case .allEngines: "all engines"
            }
        }

        /// The first part of a file name `--output` writes: `portal`, `engine-Engine-01`, `engines`,
        /// with any character other than a letter, digit, `.`, `_` or `-` as `_`.
        public var fileStem: String {
            switch self {
            case .portal: "portal"
            case .allEngines: "engines"
            case .engine(let name):
                "engine-"
                    + String(
                        name.unicodeScalars.map { scalar -> Character in
                            scalar.isASCII
                                && (CharacterSet.alphanumerics.contains(scalar)
                                    || "._-".unicodeScalars
                                        .contains(scalar))
                                ? Character(scalar) : "_"
                        })
            }
        }

        var path: String {
            switch self {
            case .portal: "/audit-trail/api/v1/portal/type/auditlog"
            case .allEngines: "/audit-trail/api/v1/engines/type/auditlog"
            case .engine(let name):
                "/audit-trail/api/v1/engine/"
                    + (name.addingPercentEncoding(withAllowedCharacters: Self.segment) ?? name) + "/type/auditlog"
            }
        }

        private static let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#%"))
    }

    /// - Parameter portal: the Portal's address, `https://host[:port][/prefix]`.
    public init(portal: String, window: Window?) throws(FetchError) {
        // Credentials in the address are refused before anything else, and never repeated.
        let shown = Self.withoutUserInfo(portal)
        guard shown == portal else {
            throw .badPortal(shown, reason: "it holds credentials; give them with --credentials or --user")
        }
        guard let components = URLComponents(string: portal), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw .badPortal(portal, reason: "it is not an address such as https://portal.example.com") }
        guard scheme == "https" else {
            throw .badPortal(portal, reason: "the credentials go only over HTTPS; give https://")
        }
        guard components.user == nil, components.password == nil else {
            throw .badPortal(shown, reason: "it holds credentials; give them with --credentials or --user")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .badPortal(portal, reason: "give the Portal's address alone, without ? or #")
        }
        var base = portal
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.window = window
    }

    /// `portal` with anything between `//` and an `@` before the path replaced by `…`.
    static func withoutUserInfo(_ portal: String) -> String {
        let afterScheme = portal.range(of: "//").map(\.upperBound) ?? portal.startIndex
        let authorityEnd = portal[afterScheme...].firstIndex { "/?#".contains($0) } ?? portal.endIndex
        guard let at = portal[afterScheme..<authorityEnd].lastIndex(of: "@") else { return portal }
        return String(portal[..<afterScheme]) + "…" + String(portal[at...])
    }

    /// The address of `source`'s call, with the window's parameter.
    public func url(of source: Source) -> String {
        var url = base + source.path
        switch window {
        case .elapsedHours(let hours): url += "?elapsed_hours=\(hours)"
        case .before(let date): url += "?before_date=" + date
        case nil: break
        }
        return url
    }

    /// A `--before` value the API takes: `yyyy-mm-dd` or `yyyy-mm-ddThh:mm:ss`, an existing date and time.
    public static func beforeDate(_ text: String) -> String? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?$/
        guard let match = text.wholeMatch(of: pattern), let year = Int(match.1), let month = Int(match.2),
            let day = Int(match.3), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        if let hour = match.4.flatMap({ Int($0) }), let minute = match.5.flatMap({ Int($0) }),
            let second = match.6.flatMap({ Int($0) })
        {
            guard hour < 24, minute < 60, second < 60 else { return nil }
        }
        return text
    }
}
