/// Fixed values of the header's User field that are not people.
enum Accounts {
    /// `*system` (Portal system events, failed logins), `nxengine` (an Engine), `portal` (pushes to an Engine).
    static let system: Set<String> = ["*system", "nxengine", "portal"]

    static func isSystem(_ actor: String) -> Bool { system.contains(actor) }

    /// `a, b, c` or `a, b, c and 4 more`: a list for a finding's sentence.
    static func list<S: Sequence>(_ names: S, limit: Int = 5) -> String where S.Element == String {
        let all = Array(names)
        let shown = all.prefix(limit).joined(separator: ", ")
        return all.count > limit ? "\(shown) and \(all.count - limit) more" : shown
    }
}
