import CLibXML2
import Foundation

/// Walks the elements of an XML document (already validated against the schema), handing
/// each element's path and attributes to a visitor. No network, no entities, no DOCTYPE.
enum XMLElementWalker {
    /// The document's root element: its local name, namespace and attributes; nil when it has none.
    static func root(_ document: String) -> (localName: String, namespace: String?, attributes: [String: String])? {
        var found: (String, String?, [String: String])?
        walk(document, stopAfterRoot: true) { path, namespace, attributes in
            found = (path[0], namespace, attributes)
        }
        return found
    }

    /// `visit(path, attributes)` for every element in document order; `path` ends with the element's
    /// local name (namespaces are told apart by `ReportSchema`, not here).
    static func walk(_ document: String, visit: ([String], [String: String]) -> Void) {
        walk(document, stopAfterRoot: false) { path, _, attributes in visit(path, attributes) }
    }

    private static func walk(
        _ document: String, stopAfterRoot: Bool, visit: ([String], String?, [String: String]) -> Void
    ) {
        var document = document
        document.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
            guard
                let reader = base.withMemoryRebound(
                    to: CChar.self, capacity: bytes.count,
                    {
                        xmlReaderForMemory($0, Int32(bytes.count), "baseline.xml", "UTF-8", options)
                    })
            else { return }
            defer { xmlFreeTextReader(reader) }
            // A document that is not XML says so through the walk finding nothing, not on stderr.
            xmlTextReaderSetStructuredErrorHandler(reader, { _, _ in }, nil)
            var path: [String] = []
            while xmlTextReaderRead(reader) == 1 {
                let type = xmlTextReaderNodeType(reader)
                if type == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                    let name = string(xmlTextReaderConstLocalName(reader))
                    let namespace = xmlTextReaderConstNamespaceUri(reader).map { string($0) }
                    var attributes: [String: String] = [:]
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        attributes[string(xmlTextReaderConstName(reader))] = string(xmlTextReaderConstValue(reader))
                    }
                    xmlTextReaderMoveToElement(reader)
                    path.append(name)
                    visit(path, namespace, attributes)
                    if stopAfterRoot { return }
                    if xmlTextReaderIsEmptyElement(reader) == 1 { path.removeLast() }
                } else if type == Int32(XML_READER_TYPE_END_ELEMENT.rawValue), !path.isEmpty {
                    path.removeLast()
                }
            }
        }
    }

    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
    }
}
