/// The names events are made of: accounts, roles, objects and failure reasons, and with
/// `--hostile` names that test escaping (markup, quotes, a CDATA end, an RTL override, emoji).
struct NamePool {
    /// Fixed administrator accounts: they make the changes.
    let admins: [[UInt8]]
    /// Ordinary accounts (`anna.m`, …): they log in and run remote actions.
    let users: [[UInt8]]
    let roles: [[UInt8]]
    /// Users and roles: what a user or role change targets.
    let usersAndRoles: [[UInt8]]
    let objects: [[UInt8]]
    let hostile: [[UInt8]]
    let reasons: [[UInt8]]
    let isHostile: Bool
    /// With `--encoding windows-1252`, accented accounts that show the encoding (empty
    /// otherwise). They are not in `users`: `LogGenerator.account(from:)` draws them, as
    /// often as if they were, without changing the other draws of the UTF-8 run.
    let accentedUsers: [[UInt8]]

    private static let firstNames = [
        "anna", "ben", "carla", "dev", "eli", "fatima", "gus", "hana", "ivan", "jules", "kofi",
        "lena", "marc", "nora", "omar", "paula", "quentin", "rita", "sven", "tara", "uma", "vik",
    ]
    private static let initials = ["m", "s", "k", "w", "z"]
    private static let roleNames = [
        "Helpdesk L1", "Helpdesk L2", "Security Officer", "Workplace Analyst", "Admin", "Auditor",
        "Remote Actions Operator", "Read Only",
    ]
    private static let objectNames = [
        "Restart Outlook", "Clear Teams cache", "Disk cleanup", "Collect logs", "Fix VPN",
        "Reset Windows Update", "Boot time", "Crash rate", "Network quality", "Office 365",
        "Zoom health", "Q4 survey", "Laptop refresh", "EMEA/Geneva", "APAC/Singapore",
    ]
    private static let hostileNames = [
        "<script>alert(\"x\")</script>", "o'brien & \"co\"", "]]></report><x>", "ümlaut-ñame",
        "a|b|c", "x]y[z", "&lt;already&gt;", "\u{202E}evil", "emoji-\u{1F600}",
    ]
    private static let reasonTexts = ["wrong password", "unknown user", "account locked", "expired password"]
    /// françois.m, jürgen.k, zoë.p, müller.a (Latin-1 letters, 0xA0–0xFF in Windows-1252) and
    /// šimon.k (š is 0x9A, from the range where Windows-1252 differs from Latin-1).
    private static let accentedNames = [
        "fran\u{E7}ois.m", "j\u{FC}rgen.k", "zo\u{EB}.p", "m\u{FC}ller.a", "\u{161}imon.k",
    ]

    /// Draws the accounts' initials from `random`; with `hostile`, three hostile names join
    /// the accounts (those without `]` or `|`, which the header's User field cannot hold);
    /// with `accented`, the accented accounts are made (no draw).
    init(random: inout SeededRandom, hostile: Bool, accented: Bool = false) {
        func bytes(_ names: [String]) -> [[UInt8]] { names.map { Array($0.utf8) } }
        var users = NamePool.firstNames.map { "\($0).\(random.pick(NamePool.initials))" }
        if hostile {
            users += NamePool.hostileNames.filter { !$0.contains("]") && !$0.contains("|") }.prefix(3)
        }
        self.admins = bytes(["admin", "secops.lead", "it.manager"])
        self.users = bytes(users)
        self.roles = bytes(NamePool.roleNames)
        self.usersAndRoles = self.users + self.roles
        self.objects = bytes(NamePool.objectNames)
        self.hostile = bytes(NamePool.hostileNames)
        self.reasons = bytes(NamePool.reasonTexts)
        self.isHostile = hostile
        self.accentedUsers = accented ? bytes(NamePool.accentedNames) : []
    }

    /// An object name (remote action, metric, hierarchy, …); with `--hostile`, one in twenty is hostile.
    func object(using random: inout SeededRandom) -> [UInt8] {
        if isHostile, random.unit() < 0.05 {
            return random.pick(hostile)
        }
        return random.pick(objects)
    }
}
