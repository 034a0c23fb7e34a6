/// One known Nexthink classic audit code: what it means and which finding family it feeds.
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

    init(_ code: Int, _ component: Component, _ description: String, _ family: FindingFamily,
         category: String, documentedText: String) {
        self.code = code
        self.component = component
        self.description = description
        self.family = family
        self.category = category
        self.documentedText = documentedText
    }

    // The catalog's rows, one per component: `.portal(20001, "Portal is starting", .availability, ...)`.
    static func portal(_ code: Int, _ description: String, _ family: FindingFamily, category: String = "", documentedText: String = "") -> AuditCode {
        AuditCode(code, .portal, description, family, category: category, documentedText: documentedText)
    }

    static func engine(_ code: Int, _ description: String, _ family: FindingFamily, category: String = "", documentedText: String = "") -> AuditCode {
        AuditCode(code, .engine, description, family, category: category, documentedText: documentedText)
    }

    static func console(_ code: Int, _ description: String, _ family: FindingFamily, category: String = "", documentedText: String = "") -> AuditCode {
        AuditCode(code, .console, description, family, category: category, documentedText: documentedText)
    }
}
