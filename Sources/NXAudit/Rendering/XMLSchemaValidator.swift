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
    ///
    /// The document is streamed through libxml2's reader with the schema attached,
    /// so memory stays small whatever the size of the report.
    public func validate(_ document: String) -> [XMLDiagnostic] {
        lock.lock()
        defer { lock.unlock() }
        let collector = DiagnosticCollector()
        var document = document
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        return document.withUTF8 { bytes -> [XMLDiagnostic] in
            guard bytes.count < Int(Int32.max) else {
                return [XMLDiagnostic(line: 0, message: "the document is larger than 2 GiB, more than libxml2 can validate")]
            }
            return withStructuredErrors(collector) {
                guard let reader = xmlReaderForMemory(
                    UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                    "report.xml", "UTF-8", options)
                else { return [XMLDiagnostic(line: 0, message: "libxml2 could not open the document")] }
                defer { xmlFreeTextReader(reader) }
                xmlTextReaderSetStructuredErrorHandler(reader, collectDiagnostic, Unmanaged.passUnretained(collector).toOpaque())
                guard xmlTextReaderSetSchema(reader, schema) == 0 else {
                    return [XMLDiagnostic(line: 0, message: "libxml2 could not attach the schema")]
                }
                while true {
                    let status = xmlTextReaderRead(reader)
                    if status == 0 { break }
                    if status < 0 {
                        if collector.diagnostics.isEmpty { collector.diagnostics.append(XMLDiagnostic(line: 0, message: "not well-formed XML")) }
                        break
                    }
                    if xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
                        return [XMLDiagnostic(line: Int(xmlTextReaderGetParserLineNumber(reader)),
                                              message: "a DOCTYPE is not allowed in a report")]
                    }
                }
                if xmlTextReaderIsValid(reader) != 1, collector.diagnostics.isEmpty {
                    collector.diagnostics.append(XMLDiagnostic(line: 0, message: "invalid against the schema"))
                }
                return collector.diagnostics
            }
        }
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
