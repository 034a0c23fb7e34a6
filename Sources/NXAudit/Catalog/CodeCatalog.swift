/// Every audit code nxaudit knows: the 62 Portal codes of the vendor's table, the
/// Engine codes and the Web Console codes. `docs/audit-codes.tsv` is the reference this
/// table is checked against (a test compares them row by row), with the vendor page each
/// code comes from and the codes whose text changed between appliance versions.
///
/// Classification is by code, never by category word: the category words of many
/// Portal codes are not published and their case differs by component.
///
/// Each row also carries the code's roles (see `AuditCode`). The catalog indexes them once,
/// here, so the analysis asks by role ("is this a login failure?") with one lookup per event,
/// and no code number is written anywhere else in the sources.
public struct CodeCatalog: Sendable {
    /// The codes in catalog order (Portal, Engine, Console; the vendor's order within each).
    public let codes: [AuditCode]
    private let byCode: [Int: AuditCode]

    /// Logins, logouts, failed logins and lockouts, by code.
    public let logins: [Int: LoginRole]
    /// Remote executions and their channel, by code.
    public let executions: [Int: ExecutionChannel]
    /// Account, role and profile changes, by code.
    public let accessChanges: [Int: AccessChange]
    /// Component stops, starts and restarts, by code.
    public let lifecycles: [Int: ComponentLifecycle]
    /// Configuration changes a rule tells apart by object, by code.
    public let configurationChanges: [Int: ConfigurationChange]
    /// The template each code's text is read with, by code.
    public let subjects: [Int: SubjectTemplate]
    /// Stop code → the codes that end its interruption: the starts of the same service.
    public let restarts: [Int: Set<Int>]
    /// Codes the vendor also logs under another code's header, in catalog order.
    public let aliases: [(code: Int, alias: HeaderAlias)]

    public init(codes: [AuditCode]) {
        self.codes = codes
        self.byCode = Dictionary(codes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        func index<Role>(_ role: KeyPath<AuditCode, Role?>) -> [Int: Role] {
            Dictionary(
                codes.compactMap { entry in entry[keyPath: role].map { (entry.code, $0) } },
                uniquingKeysWith: { first, _ in first })
        }
        self.logins = index(\.login)
        self.executions = index(\.execution)
        self.accessChanges = index(\.access)
        self.lifecycles = index(\.lifecycle)
        self.configurationChanges = index(\.configuration)
        self.subjects = index(\.subject)
        var starts: [ComponentLifecycle.Service: Set<Int>] = [:]
        for (code, lifecycle) in lifecycles where lifecycle.transition == .start {
            starts[lifecycle.service, default: []].insert(code)
        }
        self.restarts = lifecycles.compactMapValues { $0.transition == .stop ? starts[$0.service, default: []] : nil }
        self.aliases = codes.compactMap { entry in entry.alias.map { (entry.code, $0) } }
    }

    /// The entry for `code`, or nil for a code nxaudit does not know.
    public subscript(code: Int) -> AuditCode? { byCode[code] }

    /// The codes whose login role has one of `outcomes`.
    public func codes(withLogin outcomes: Set<LoginRole.Outcome>) -> Set<Int> {
        Set(logins.filter { outcomes.contains($0.value.outcome) }.keys)
    }

    /// The codes that change accounts without naming them, in catalog order.
    public var unnamedAccessCodes: [AuditCode] {
        codes.filter { $0.access?.isUnnamed ?? false }
    }

    /// The catalog nxaudit ships with.
    public static let standard = CodeCatalog(codes: standardCodes)

    private static let standardCodes: [AuditCode] = [
        // Portal
        .portal(20001, "Portal is starting", .availability, category: "SYSTEM", documentedText: "Portal is starting")
            .lifecycle(.start, of: .portal),
        .portal(
            20002, "Portal is up and running", .availability, category: "SYSTEM",
            documentedText: "Portal is up and running"
        )
        .lifecycle(.start, of: .portal),
        .portal(20004, "Portal is stopped", .availability, category: "SYSTEM", documentedText: "Portal is stopped")
            .lifecycle(.stop, of: .portal),
        .portal(
            20101, "User logged in", .authentication, category: "LOGIN",
            documentedText: "User account logged with session id session id"
        )
        .login(.success)
        .subject(.between(prefix: "User ", infix: " logged with session id ", detailsPrefix: "session ")),
        .portal(
            20102, "User logged out", .authentication, category: "LOGIN",
            documentedText: "User account logout for session id session id"
        )
        .login(.logout)
        .subject(.between(prefix: "User ", infix: " logout for session id ", detailsPrefix: "session ")),
        .portal(
            20103, "User login failed", .authentication, category: "LOGIN",
            documentedText: "User account failed login attempts - reason"
        )
        .login(.failure, account: .text)
        .subject(.between(prefix: "User ", infix: " failed login attempts - ", detailsPrefix: "")),
        .portal(20104, "User locked", .authentication, category: "LOGIN", documentedText: "User account is locked")
            .login(.lockout, account: .text)
            .subject(.enclosed(prefix: "User ", suffix: " is locked")),
        .portal(20201, "User created", .account, category: "USER", documentedText: "User created account is created")
            .access(.portalAccount, .create)
            .subject(.enclosed(prefix: "User created ", suffix: " is created")),
        .portal(20202, "User removed", .account, category: "USER", documentedText: "User deleted account is removed")
            .access(.portalAccount, .remove)
            .subject(.enclosed(prefix: "User deleted ", suffix: " is removed")),
        .portal(20203, "User updated", .account, category: "USER", documentedText: "User updated account is created")
            .access(.portalAccount, .update)
            .subject(.enclosed(prefix: "User updated ", suffix: " is created")),
        .portal(
            20204, "User profile updated", .privilege, category: "USER", documentedText: "Updated profile of n users"
        )
        .access(.portalAccount, .update, naming: .unnamed(example: "Updated profile of N users"))
        .subject(.detailsOnly(prefix: "Updated profile of ")),
        .portal(
            20205, "User domain ownership updated", .account, category: "USER",
            documentedText: "Updated account ownership of n users"
        )
        .access(.portalAccount, .update, naming: .unnamed(example: nil))
        .subject(.detailsOnly(prefix: "Updated account ownership of "))
        .loggedUnder(20204, whenTextStartsWith: "Updated account ownership"),
        .portal(20206, "Role added", .privilege, category: "USER", documentedText: "Role name is added")
            .access(.role, .create)
            .subject(.enclosed(prefix: "Role ", suffix: " is added")),
        .portal(20207, "Role updated", .privilege, category: "USER", documentedText: "Role name is updated")
            .access(.role, .update)
            .subject(.enclosed(prefix: "Role ", suffix: " is updated")),
        .portal(20208, "Role removed", .privilege, category: "USER", documentedText: "Role name is removed")
            .access(.role, .remove)
            .subject(.enclosed(prefix: "Role ", suffix: " is removed")),
        .portal(
            20209, "Profile added (with roles)", .privilege, category: "USER",
            documentedText: "Added profile name roles: roles names"
        )
        .access(.profile, .create)
        .subject(.between(prefix: "Added profile ", infix: " roles: ", detailsPrefix: "roles: ")),
        .portal(
            20210, "Profile updated (with roles)", .privilege, category: "USER",
            documentedText: "Updated profile name roles: roles names"
        )
        .access(.profile, .update)
        .subject(.between(prefix: "Updated profile ", infix: " roles: ", detailsPrefix: "roles: ")),
        .portal(20211, "Profile removed", .privilege, category: "USER", documentedText: "Removed profile name")
            .access(.profile, .remove)
            .subject(.enclosed(prefix: "Removed profile ", suffix: "")),
        .portal(
            20501, "Hierarchy added", .configuration, category: "HIERARCHY", documentedText: "Hierarchy name is added"
        )
        .subject(.enclosed(prefix: "Hierarchy ", suffix: " is added")),
        .portal(
            20502, "Hierarchy removed", .configuration, category: "HIERARCHY",
            documentedText: "Hierarchy name is removed"
        )
        .subject(.enclosed(prefix: "Hierarchy ", suffix: " is removed")),
        .portal(
            20503, "Hierarchy updated", .configuration, category: "HIERARCHY",
            documentedText: "Hierarchy name is updated"
        )
        .subject(.enclosed(prefix: "Hierarchy ", suffix: " is updated")),
        .portal(
            20504, "Definition of entities updated", .configuration, category: "HIERARCHY",
            documentedText: "CSV of entities category is updated"
        )
        .subject(.enclosed(prefix: "CSV of entities ", suffix: " is updated")),
        .portal(20505, "Collector assignment updated", .configuration),
        .portal(20701, "Engine added", .configuration),
        .portal(20702, "Engine removed", .configuration),
        .portal(20703, "Engine connected", .availability)
            .lifecycle(.start, of: .engineConnection, objectInText: true),
        .portal(20704, "Engine disconnected", .availability)
            .lifecycle(.stop, of: .engineConnection, objectInText: true),
        .portal(20801, "Finder user logged in", .authentication)
            .login(.success),
        .portal(20803, "Finder user login failed", .authentication)
            .login(.failure),
        .portal(20804, "Library pack import request (only issued for big packs)", .configuration),
        // Remote actions: their text is not published; the template is read when the text has that shape.
        .portal(20901, "Remote action updated", .configuration)
            .configuration(.remoteAction, .update)
            .subject(.enclosed(prefix: "Remote action ", suffix: " is updated")),
        .portal(20902, "Remote action created", .configuration)
            .configuration(.remoteAction, .create)
            .subject(.enclosed(prefix: "Remote action ", suffix: " is created")),
        .portal(20903, "Remote action deleted", .configuration)
            .configuration(.remoteAction, .remove)
            .subject(.enclosed(prefix: "Remote action ", suffix: " is deleted")),
        .portal(20911, "Metric updated", .configuration),
        .portal(20912, "Metric created", .configuration),
        .portal(20913, "Metric deleted", .configuration),
        .portal(20921, "Service updated", .configuration),
        .portal(20922, "Service created", .configuration),
        .portal(20923, "Service deleted", .configuration),
        .portal(20931, "Campaign updated", .configuration),
        .portal(20932, "Campaign created", .configuration),
        .portal(20933, "Campaign deleted", .configuration),
        .portal(20941, "Category updated", .configuration),
        .portal(20942, "Category created", .configuration),
        .portal(20943, "Category deleted", .configuration),
        .portal(21001, "Manual execution of a remote action through the Finder", .remoteExecution)
            .execution(.finder)
            .subject(.between(prefix: "Remote action ", infix: " executed ", detailsPrefix: "executed ")),
        .portal(21002, "External execution of a remote action through the API", .remoteExecution)
            .execution(.api)
            .subject(.between(prefix: "Remote action ", infix: " executed ", detailsPrefix: "executed ")),
        .portal(21003, "External execution of a remote action through the API v2", .remoteExecution)
            .execution(.apiV2)
            .subject(.between(prefix: "Remote action ", infix: " executed ", detailsPrefix: "executed ")),
        .portal(21101, "Metric compute triggered from the Finder", .other),
        .portal(21102, "Metric clear history triggered by query", .configuration)
            .configuration(.metricHistory, .remove),
        .portal(21103, "Metric clear triggered from the Finder", .configuration)
            .configuration(.metricHistory, .remove),
        .portal(21104, "Metric compute triggered by query", .other),
        .portal(21201, "Module published", .configuration),
        .portal(21202, "Module deleted", .configuration),
        .portal(21203, "Module replaced", .configuration),
        .portal(21501, "Dashboard deleted", .configuration),
        .portal(21301, "Software metering metric updated", .configuration),
        .portal(21302, "Software metering metric deleted", .configuration),
        .portal(21303, "Software metering metric enabled", .configuration),
        .portal(21304, "Software metering metric disabled", .configuration),
        .portal(21401, "Software metering module updated", .configuration),
        .portal(21402, "Software metering module created", .configuration),
        // Engine
        .engine(
            10001, "Engine is up and running", .availability, category: "General",
            documentedText: "Engine is up and running"
        )
        .lifecycle(.start, of: .engine),
        .engine(
            10002, "Engine stopped with error", .availability, category: "General",
            documentedText: "Engine abnormally stopped"
        )
        .lifecycle(.stop, of: .engine),
        .engine(
            10003, "Engine stopped gracefully", .availability, category: "MAIN",
            documentedText: "Engine gracefuly stopped"
        )
        .lifecycle(.stop, of: .engine),
        .engine(
            10004, "Engine stopped forcefully", .availability, category: "General", documentedText: "Engine stopped"
        )
        .lifecycle(.stop, of: .engine),
        .engine(
            10005, "Database created", .configuration, category: "Database",
            documentedText: "Engine database creation:new database created"),
        .engine(
            10006, "Finder user logged in", .authentication, category: "Communication",
            documentedText: "Finder user logged in:[milliseconds]"
        )
        .login(.success),
        .engine(
            10007, "Finder user logged out", .authentication, category: "Communication",
            documentedText: "Finder logged out"
        )
        .login(.logout),
        .engine(
            10008, "Finder user login attempt", .authentication, category: "Communication",
            documentedText: "Finder log-in attempt"),
        .engine(
            10009, "Finder account created", .account, category: "Database",
            documentedText: "Finder account creation:[created account]"
        )
        .access(.finderAccount, .create)
        .subject(.bracketed),
        .engine(
            10010, "Finder account deleted", .account, category: "Database",
            documentedText: "Finder account destruction:[deleted account]"
        )
        .access(.finderAccount, .remove)
        .subject(.bracketed),
        .engine(
            10011, "Finder account updated", .account, category: "Database",
            documentedText: "Finder account update:[updated account]"
        )
        .access(.finderAccount, .update)
        .subject(.bracketed),
        .engine(
            10012, "Finder account password changed", .account, category: "Database",
            documentedText: "Finder password change:[changed account]"
        )
        .access(.finderAccount, .update)
        .subject(.bracketed),
        .engine(
            10017, "Global alert created", .configuration, category: "Database",
            documentedText: "Global alert creation:[alert name]"
        )
        .subject(.bracketed),
        .engine(
            10018, "Global alert deleted", .configuration, category: "Database",
            documentedText: "Global alert destruction:[alert name]"
        )
        .subject(.bracketed),
        .engine(
            10019, "Global alert updated", .configuration, category: "Database",
            documentedText: "Global alert update:[alert name]"
        )
        .subject(.bracketed),
        .engine(
            10026, "LDAP synchronization request", .other, category: "Communication",
            documentedText: "LDAP synchronization"),
        .engine(
            10028, "Object manually tagged", .other, category: "DBMGR",
            documentedText: "Manual tagging:[object type|object name]"
        )
        .subject(.bracketed),
        .engine(10029, "Binary filtering rule (storage policy) updated", .configuration),
        // Console
        .console(50000, "User logged in", .authentication, category: "Login", documentedText: "Login successful")
            .login(.success),
        .console(50001, "User login failed", .authentication, category: "Login", documentedText: "Login failed")
            .login(.failure),
        .console(50002, "User logged out", .authentication, category: "Login", documentedText: "User logout")
            .login(.logout),
        .console(50003, "User logged out", .authentication)
            .login(.logout),
        .console(
            51000, "Web Console password updated", .account, category: "Appliance",
            documentedText: "Console password updated"
        )
        .access(.applianceAccount, .update, naming: .fixed("Web Console account")),
        .console(
            51010, "Portal remote management account password updated", .privilege, category: "Appliance",
            documentedText: "Remote password updated"
        )
        .access(.applianceAccount, .update, naming: .fixed("Portal remote management account")),
        .console(
            51011, "Portal remote management account enabled", .privilege, category: "Appliance",
            documentedText: "Remote access enabled"
        )
        .access(.applianceAccount, .enable, naming: .fixed("Portal remote management account")),
        .console(
            51012, "Portal remote management account disabled", .privilege, category: "Appliance",
            documentedText: "Remote access disabled"
        )
        .access(.applianceAccount, .disable, naming: .fixed("Portal remote management account")),
        .console(
            51020, "SSH Nexthink account password updated", .privilege, category: "Appliance",
            documentedText: "SSH Nexthink account password updated"
        )
        .access(.applianceAccount, .update, naming: .fixed("SSH nexthink account")),
        .console(
            51021, "SSH Nexthink account enabled", .privilege, category: "Appliance",
            documentedText: "SSH Nexthink account enabled"
        )
        .access(.applianceAccount, .enable, naming: .fixed("SSH nexthink account")),
        .console(
            51022, "SSH Nexthink account disabled", .privilege, category: "Appliance",
            documentedText: "SSH Nexthink account disabled"
        )
        .access(.applianceAccount, .disable, naming: .fixed("SSH nexthink account")),
        .console(
            51100, "Appliance hostname updated", .configuration, category: "Appliance",
            documentedText: "Appliance hostname updated"),
        .console(
            51101, "Appliance static route updated", .configuration, category: "Appliance",
            documentedText: "Appliance static route updated"),
        .console(
            51102, "Appliance static route deleted", .configuration, category: "Appliance",
            documentedText: "Appliance static route deleted"),
        .console(
            51103, "Appliance DNS server updated", .configuration, category: "Appliance",
            documentedText: "Appliance dns server updated"),
        .console(51104, "Appliance default gateway updated", .configuration, category: "Appliance"),
        .console(51106, "Appliance Chrony servers updated", .configuration),
        .console(51107, "Appliance Chrony service enabled", .configuration),
        .console(51108, "Appliance Chrony service disabled", .configuration),
        .console(51109, "Appliance network interface updated", .configuration),
        .console(51111, "rsyslog service restarted", .availability)
            .lifecycle(.restart, of: .rsyslog),
        .console(51112, "crond service restarted", .configuration),
        .console(51200, "STIG compliance enabled", .configuration),
        .console(51201, "STIG compliance disabled", .configuration),
        .console(51300, "New federated appliance added", .configuration),
        .console(51301, "Edited federated appliance", .configuration),
        .console(51302, "Federated appliance deleted", .configuration),
        .console(51400, "External backup parameters saved", .configuration),
        .console(51603, "Automatic updates enabled / disabled", .configuration),
        .console(51609, "Updates email recipient updated", .configuration),
        .console(51610, "Check for updates triggered", .configuration),
        .console(51611, "Start updates triggered", .configuration),
        .console(51800, "Appliance reboot triggered", .configuration),
        .console(52000, "Portal parameters updated", .configuration),
        .console(52001, "Engine name updated", .configuration),
        .console(52007, "Maximum stored events updated", .configuration),
        .console(52010, "Portal server address updated; Portal admin account reset", .privilege)
            .access(.applianceAccount, .update, naming: .fixed("Portal admin account")),
        .console(52011, "Aggregation policy updated", .configuration),
        .console(52012, "Domain compression updated", .configuration),
        .console(52090, "Engine stopped", .availability)
            .lifecycle(.stop, of: .engineService, objectInText: true),
        .console(52091, "Engine started", .availability)
            .lifecycle(.start, of: .engineService, objectInText: true),
        .console(52100, "Internal network removed; Internal network added", .configuration),
        .console(52105, "Engine internal domains configuration updated", .configuration),
        .console(52200, "Active directory added", .configuration),
        .console(52201, "Active directory removed", .configuration),
        .console(52550, "Engine Mobile Bridge parameters updated", .configuration),
        .console(53090, "Portal stopped", .availability)
            .lifecycle(.stop, of: .portalService),
        .console(53091, "Portal started", .availability)
            .lifecycle(.start, of: .portalService),
        .console(53092, "LLM started", .other),
        .console(53093, "LLM stopped", .other),
    ]
}
