import CLibXML2

/// The versions of the XML report's schema. nxaudit writes the current one; it reads both
/// (`nxaudit validate`, `--baseline`), telling them apart by the root element's namespace.
public enum ReportSchema: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// No namespace; free-text enumerations. Written by nxaudit 0.1.
    case v1 = 1
    /// Namespace `urn:nxaudit:report:2`; tokens for enumerations, structured control references.
    case v2 = 2

    /// The version nxaudit writes.
    public static let current = ReportSchema.v2

    /// The root element of every version.
    public static let rootElement = "complianceReport"

    /// The schema's file under `templates/`.
    public var file: String { "xml/nxaudit-report-\(rawValue).xsd" }

    /// The target namespace; nil for version 1, which has none.
    public var namespace: String? { self == .v1 ? nil : "urn:nxaudit:report:\(rawValue)" }

    public var description: String { "schema version \(rawValue)" }

    /// A validator for the built-in schema of this version.
    public func builtInValidator() throws(RenderError) -> XMLSchemaValidator {
        let origin = TemplateSet.builtInOrigin + file
        guard let found = TemplateSet.builtIn.first(where: { $0.path == file }) else {
            throw .templateMissing(path: origin)
        }
        return try XMLSchemaValidator(schema: found.bytes, origin: origin)
    }

    /// The version `document` is written in, from its root element; or why it is not an nxaudit report.
    public static func of(_ document: String) -> Result<ReportSchema, Unrecognised> {
        guard let root = XMLElementWalker.root(document) else { return .failure(.notXML) }
        guard root.localName == rootElement else {
            return .failure(.otherDocument(root: root.localName, namespace: root.namespace))
        }
        if let schema = allCases.first(where: { $0.namespace == root.namespace && $0 != .v1 }) {
            return .success(schema)
        }
        if root.namespace == nil { return .success(.v1) }
        return .failure(.otherDocument(root: root.localName, namespace: root.namespace))
    }

    /// Why a document is not a report nxaudit can read.
    public enum Unrecognised: Error, Equatable, CustomStringConvertible {
        case notXML
        case otherDocument(root: String, namespace: String?)

        public var description: String {
            switch self {
            case .notXML: "not well-formed XML"
            case .otherDocument(let root, let namespace):
                "its root element is \(root)"
                    + (namespace.map { " in namespace \($0)" } ?? " without a namespace")
                    + "; nxaudit reports are \(ReportSchema.rootElement) in \(ReportSchema.v2.namespace!) "
                    + "(schema version 2) or without a namespace (schema version 1)"
            }
        }
    }
}
