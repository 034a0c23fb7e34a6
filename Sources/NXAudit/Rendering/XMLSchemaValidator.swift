import CLibXML2
import Foundation

/// One problem libxml2 found in a document: where, and what.
public struct XMLDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Validates XML documents against nxaudit's XSD with libxml2.
///
/// Documents are parsed without network access, without entity substitution
/// and without loading external DTDs; a document with a DOCTYPE is refused, so
/// a report can never pull in a file or a URL.
public final class XMLSchemaValidator: @unchecked Sendable {
    // libxml2's schema object is read-only after parsing; validation contexts are made per call.
    private let schema: xmlSchemaPtr
    private let lock = NSLock()

    /// Compiles the schema at `path`; a schema that does not compile is an error naming it.
    public init(schemaPath: String) throws(RenderError) {
        guard let data = FileManager.default.contents(atPath: schemaPath) else {
            throw .templateMissing(path: schemaPath)
        }
        let collector = DiagnosticCollector()
        let parsed: xmlSchemaPtr? = data.withUnsafeBytes { bytes in
            guard let context = xmlSchemaNewMemParserCtxt(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, collectDiagnostic, Unmanaged.passUnretained(collector).toOpaque())
            return withStructuredErrors(collector) { xmlSchemaParse(context) }
        }
        guard let parsed else {
            throw .schemaInvalid(path: schemaPath, diagnostics: collector.diagnostics)
        }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// The problems of `document` (empty when it is well-formed and valid).
    public func validate(_ document: String) -> [XMLDiagnostic] {
        lock.lock()
        defer { lock.unlock() }
        let collector = DiagnosticCollector()
        var bytes = Array(document.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        let doc: xmlDocPtr? = bytes.withUnsafeMutableBytes { raw in
            withStructuredErrors(collector) {
                xmlReadMemory(raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), "report.xml", "UTF-8", options)
            }
        }
        guard let doc else {
            return collector.diagnostics.isEmpty ? [XMLDiagnostic(line: 0, message: "not well-formed XML")] : collector.diagnostics
        }
        defer { xmlFreeDoc(doc) }
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            return [XMLDiagnostic(line: 1, message: "a DOCTYPE is not allowed in a report")]
        }
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [XMLDiagnostic(line: 0, message: "libxml2 could not create a validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, collectDiagnostic, Unmanaged.passUnretained(collector).toOpaque())
        let result = withStructuredErrors(collector) { xmlSchemaValidateDoc(context, doc) }
        if result != 0, collector.diagnostics.isEmpty {
            return [XMLDiagnostic(line: 0, message: "invalid against the schema (libxml2 code \(result))")]
        }
        return collector.diagnostics
    }
}

/// Receives libxml2's errors through the `userData` pointer of its C callback.
final class DiagnosticCollector {
    var diagnostics: [XMLDiagnostic] = []
}

/// Routes libxml2's thread-local structured errors to `collector` for the duration of `body`.
private func withStructuredErrors<T>(_ collector: DiagnosticCollector, _ body: () -> T) -> T {
    xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), collectDiagnostic)
    defer { xmlSetStructuredErrorFunc(nil, nil) }
    return body()
}

private let collectDiagnostic: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let collector = Unmanaged<DiagnosticCollector>.fromOpaque(userData).takeUnretainedValue()
    let message = error.pointee.message.map { String(cString: $0) }?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown libxml2 error"
    collector.diagnostics.append(XMLDiagnostic(line: Int(error.pointee.line), message: message))
}
