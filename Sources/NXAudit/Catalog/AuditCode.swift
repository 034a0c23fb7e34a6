/// One known Nexthink classic audit code: what it means and which finding family it feeds.
///
/// Besides its description and family, a code carries its *roles*: what the analysis
/// needs to know about it (a login failure and where its account is named, a component
/// stop and the service whose start ends it, a remote execution and its channel, ...).
/// Analysis, rules and the control matrix ask the catalog by role and never name a code,
/// so teaching nxaudit a new code is one catalog row.
public struct AuditCode: Sendable, Hashable {
    /// The five-digit code of the `[Source|Category|Code|User]` header.
    public let code: Int
    /// The component that writes it (1xxxx Engine, 2xxxx Portal, 5xxxx Console).
    public let component: Component
    /// The vendor's description.
    public let description: String
    /// The finding family the code feeds.
    public let family: FindingFamily
    /// The category word the vendor documents, or empty where none is published.
    public let category: String
    /// The vendor's documented message text (placeholders in lower case), or empty.
    public let documentedText: String

    /// A login, logout, failed login or lockout.
    public private(set) var login: LoginRole?
    /// A remote action run on employees' devices, and how.
    public private(set) var execution: ExecutionChannel?
    /// A change to an account, role or profile.
    public private(set) var access: AccessChange?
    /// A stop, start or restart of a component that writes the audit trail.
    public private(set) var lifecycle: ComponentLifecycle?
    /// A configuration change some rule tells apart by object.
    public private(set) var configuration: ConfigurationChange?
    /// How the text names the event's object.
    public private(set) var subject: SubjectTemplate?
    /// The header and text under which the vendor also logs this code.
    public private(set) var alias: HeaderAlias?

    init(
        _ code: Int, _ component: Component, _ description: String, _ family: FindingFamily,
        category: String, documentedText: String
    ) {
        self.code = code
        self.component = component
        self.description = description
        self.family = family
        self.category = category
        self.documentedText = documentedText
    }

    // The catalog's rows, one per component: `.portal(20001, "Portal is starting", .availability, ...)`.
    static func portal(
        _ code: Int, _ description: String, _ family: FindingFamily, category: String = "", documentedText: String = ""
    ) -> AuditCode {
        AuditCode(code, .portal, description, family, category: category, documentedText: documentedText)
    }

    static func engine(
        _ code: Int, _ description: String, _ family: FindingFamily, category: String = "", documentedText: String = ""
    ) -> AuditCode {
        AuditCode(code, .engine, description, family, category: category, documentedText: documentedText)
    }

    static func console(
        _ code: Int, _ description: String, _ family: FindingFamily, category: String = "", documentedText: String = ""
    ) -> AuditCode {
        AuditCode(code, .console, description, family, category: category, documentedText: documentedText)
    }

    // A row's roles, appended to it: `.portal(20103, ...).login(.failure, account: .text)`.
    func login(_ outcome: LoginRole.Outcome, account: LoginRole.AccountField = .user) -> AuditCode {
        with { $0.login = LoginRole(outcome, account: account) }
    }

    func execution(_ channel: ExecutionChannel) -> AuditCode {
        with { $0.execution = channel }
    }

    func access(_ object: AccessObject.Kind, _ effect: ChangeEffect, naming: AccessChange.Naming = .text) -> AuditCode {
        with { $0.access = AccessChange(object, effect, naming: naming) }
    }

    func lifecycle(
        _ transition: ComponentLifecycle.Transition, of service: ComponentLifecycle.Service, objectInText: Bool = false
    ) -> AuditCode {
        with { $0.lifecycle = ComponentLifecycle(transition, of: service, objectInText: objectInText) }
    }

    func configuration(_ object: ConfigurationChange.Object, _ effect: ChangeEffect) -> AuditCode {
        with { $0.configuration = ConfigurationChange(object, effect) }
    }

    func subject(_ template: SubjectTemplate) -> AuditCode {
        with { $0.subject = template }
    }

    func loggedUnder(_ headerCode: Int, whenTextStartsWith prefix: String) -> AuditCode {
        with { $0.alias = HeaderAlias(headerCode: headerCode, textPrefix: prefix) }
    }

    private func with(_ change: (inout AuditCode) -> Void) -> AuditCode {
        var copy = self
        change(&copy)
        return copy
    }
}
