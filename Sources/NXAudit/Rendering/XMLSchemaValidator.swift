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

    /// Compiles the schema file at `schemaPath`; a missing file or one that does not compile is an error naming it.
    public convenience init(schemaPath: String) throws(RenderError) {
        guard let data = FileManager.default.contents(atPath: schemaPath) else {
            throw .templateMissing(path: schemaPath)
        }
        try self.init(schema: [UInt8](data), origin: schemaPath)
    }

    /// Compiles the schema text `schema`; `origin` names it in messages.
    public init(schema text: [UInt8], origin: String) throws(RenderError) {
        let collector = DiagnosticCollector()
        let parsed: xmlSchemaPtr? = text.withUnsafeBytes { bytes in
            guard
                let context = xmlSchemaNewMemParserCtxt(
                    bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(
                context, collectDiagnostic, Unmanaged.passUnretained(collector).toOpaque())
            return withStructuredErrors(collector) { xmlSchemaParse(context) }
        }
        guard let parsed else {
            throw .schemaInvalid(path: origin, diagnostics: collector.diagnostics)
        }
        schema = parsed
    }

    deinit { xmlSchemaFree(schema) }

    /// The problems of `document` (empty when it is well-formed and valid).
    public func validate(_ document: String) -> [XMLDiagnostic] {
        var whole: String? = document
        return validate(next: { whole.take() }, passing: { _ in })
    }

    /// The problems of a document that `next` hands over part by part (nil at its end),
    /// streamed through libxml2's reader with the schema attached: memory stays small
    /// whatever the size of the report. Each part goes to `passing` as it is read, so a
    /// document is checked and written in one pass; every part goes there, also the ones
    /// after a problem ends the check.
    func validate(next: () -> String?, passing: (String) -> Void) -> [XMLDiagnostic] {
        withoutActuallyEscaping(next) { next in
            withoutActuallyEscaping(passing) { passing in
                let input = PartsInput(next: next, passing: passing)
                var problems = validate(input)
                if input.drain(), problems.isEmpty {
                    problems = [XMLDiagnostic(line: 0, message: "content after the end of the document")]
                }
                return problems
            }
        }
    }

    private func validate(_ input: PartsInput) -> [XMLDiagnostic] {
        lock.lock()
        defer { lock.unlock() }
        let collector = DiagnosticCollector()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        return withStructuredErrors(collector) {
            guard
                let reader = xmlReaderForIO(
                    readParts, nil, Unmanaged.passUnretained(input).toOpaque(),
                    "report.xml", "UTF-8", options)
            else { return [XMLDiagnostic(line: 0, message: "libxml2 could not open the document")] }
            defer { xmlFreeTextReader(reader) }
            xmlTextReaderSetStructuredErrorHandler(
                reader, collectDiagnostic, Unmanaged.passUnretained(collector).toOpaque())
            guard xmlTextReaderSetSchema(reader, schema) == 0 else {
                return [XMLDiagnostic(line: 0, message: "libxml2 could not attach the schema")]
            }
            while true {
                let status = xmlTextReaderRead(reader)
                if status == 0 { break }
                if status < 0 {
                    if collector.diagnostics.isEmpty {
                        collector.diagnostics.append(XMLDiagnostic(line: 0, message: "not well-formed XML"))
                    }
                    break
                }
                if xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue) {
                    return [
                        XMLDiagnostic(
                            line: Int(xmlTextReaderGetParserLineNumber(reader)),
                            message: "a DOCTYPE is not allowed in a report")
                    ]
                }
            }
            if xmlTextReaderIsValid(reader) != 1, collector.diagnostics.isEmpty {
                collector.diagnostics.append(XMLDiagnostic(line: 0, message: "invalid against the schema"))
            }
            return collector.diagnostics
        }
    }
}

/// Hands a document's parts to libxml2's reader, one buffer at a time, and each part on
/// to whoever writes it.
final class PartsInput {
    private let next: () -> String?
    private let passing: (String) -> Void
    private var current: String?
    private var offset = 0

    init(next: @escaping () -> String?, passing: @escaping (String) -> Void) {
        self.next = next
        self.passing = passing
    }

    /// The next part not yet read, handed on; nil at the end.
    private func advance() -> String? {
        guard let part = next() else { return nil }
        passing(part)
        return part
    }

    /// Hands on the parts libxml2 did not read (it stopped at a problem, or stops reading once
    /// the root element is closed); whether they hold more than XML allows after the root:
    /// white space, comments and processing instructions.
    func drain() -> Bool {
        var tail = current.map { Array($0.utf8.dropFirst(offset)) } ?? []
        current = nil
        var tooLong = false
        while let part = advance() {
            // Only the end of a document is left when libxml2 read it whole; more is a problem anyway.
            if tail.count < 1 << 20 { tail += part.utf8 } else { tooLong = true }
        }
        return tooLong || !Self.onlyMisc(tail)
    }

    /// Whether `bytes` is only white space, `<!-- comments -->` and `<?processing instructions?>`.
    static func onlyMisc(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        while true {
            rest = rest.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            if rest.isEmpty { return true }
            let (open, close): ([UInt8], [UInt8]) =
                rest.starts(with: Array("<!--".utf8))
                ? (Array("<!--".utf8), Array("-->".utf8))
                : rest.starts(with: Array("<?".utf8)) ? (Array("<?".utf8), Array("?>".utf8)) : ([], [])
            guard !open.isEmpty else { return false }
            let body = rest.dropFirst(open.count)
            guard let end = body.indices.first(where: { body[$0...].starts(with: close) }) else { return false }
            rest = body[(end + close.count)...]
        }
    }

    /// Copies up to `count` bytes into `buffer`; 0 at the end.
    func read(into buffer: UnsafeMutablePointer<CChar>, count: Int) -> Int {
        var written = 0
        while written < count {
            if current == nil {
                guard let part = advance() else { break }
                current = part
                offset = 0
            }
            let utf8 = current!.utf8
            let copied: Int
            if let n = utf8.withContiguousStorageIfAvailable({ bytes -> Int in
                let n = min(count - written, bytes.count - offset)
                UnsafeMutableRawPointer(buffer + written).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
                return n
            }) {
                copied = n
            } else {
                // A string without contiguous UTF-8 (never one nxaudit renders): byte by byte.
                let slice = utf8.dropFirst(offset).prefix(count - written)
                for (i, byte) in slice.enumerated() { buffer[written + i] = CChar(bitPattern: byte) }
                copied = slice.count
            }
            written += copied
            offset += copied
            if offset == utf8.count { current = nil }
        }
        return written
    }
}

private let readParts: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer, length > 0 else { return 0 }
    return Int32(Unmanaged<PartsInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: Int(length)))
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
    let message =
        error.pointee.message.map { String(cString: $0) }?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown libxml2 error"
    collector.diagnostics.append(XMLDiagnostic(line: Int(error.pointee.line), message: message))
}
