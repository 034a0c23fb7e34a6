import Foundation

/// The formats nxaudit writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// `oscal`: OSCAL Assessment Results (JSON), `NAME.oscal.json`; `pdf`: the HTML report printed
    /// to PDF/A-3b with the XML report and the manifest embedded (the XML is then always written).
    case html, xml, json, csv, oscal, pdf

    /// The formats written when `--format` is not given.
    public static let defaults: [ReportFormat] = [.html, .xml]

    /// `formats` with what they need: the PDF embeds the XML report, so the XML is written too.
    public static func needed(by formats: [ReportFormat]) -> [ReportFormat] {
        formats.contains(.pdf) && !formats.contains(.xml) ? formats + [.xml] : formats
    }

    public var fileExtension: String { self == .oscal ? "oscal.json" : rawValue }

    /// The template of one register row for this format.
    var rowTemplate: String { "\(rawValue)/row" }

    /// Whether documents of this format list every row of a register (XML, for
    /// machines), or only the rows shown to people (HTML, see `TableView.shownRows`).
    var listsEveryRow: Bool { self == .xml }
}

/// Renders a report model into documents; an XML document is checked against the schema as it
/// is written, and one that fails is never kept.
public struct ReportRenderer: Sendable {
    public let templates: TemplateSet
    let validator: XMLSchemaValidator

    public init(templates: TemplateSet) throws(RenderError) {
        self.templates = templates
        self.validator = try templates.validator()
    }

    /// The document for `format`. An XML document carries its schema check: it is checked as
    /// it is written or read, and one that fails is an error, not a result.
    ///
    /// Register rows, most of a large report, are not rendered here: the document template
    /// renders a marker where `{{{renderedRows}}}` stands, and the rows are rendered there,
    /// a chunk at a time, when the document is written (`RenderedDocument`). A marker starts
    /// and ends with U+0001, which no log text can carry into a report (`DisplayText` shows
    /// it as ␁), and holds a random nonce.
    public func renderDocument(_ view: ReportView, as format: ReportFormat) throws(RenderError) -> RenderedDocument {
        var view = view
        var rows: [String: RowRenderer] = [:]
        if templates.rowTemplates[format.rowTemplate] != nil {
            let nonce = UUID().uuidString
            for (index, table) in ReportView.tables.enumerated() {
                let register = view[keyPath: table]
                let shown = format.listsEveryRow ? register.count : register.shownCount
                let marker = "\u{1}rows-\(index)-\(nonce)\u{1}"
                rows[marker] = try templates.rowRenderer(count: shown, template: format.rowTemplate) {
                    register.rows($0)
                }
                view[keyPath: table].renderedRows = RenderedMarkup(renderText: marker)
            }
        }
        let template = format == .html ? TemplateSet.htmlReport : TemplateSet.xmlReport
        let check =
            format == .xml
            ? RenderedDocument.SchemaCheck(
                validator: validator, template: templates.files[template] ?? template,
                byBuiltInTemplates: templates.overrides == nil) : nil
        return RenderedDocument(splicing: try templates.render(view, template: template), rows: rows, check: check)
    }

    /// The document for `format` as one string (for small reports and tests).
    public func render(_ view: ReportView, as format: ReportFormat) throws(RenderError) -> String {
        try renderDocument(view, as: format).text()
    }

    /// The files of `formats`, each format on its own thread, in the order of `formats`:
    /// one document for HTML, XML and JSON, one CSV per table.
    public func renderAll(_ view: ReportView, as formats: [ReportFormat]) throws(RenderError) -> [RenderedFile] {
        // The PDF prints the HTML document: rendered once when both are asked for.
        let printsHTML = formats.contains(.html)
        let files = try formats.parallelMap { format throws(RenderError) -> [RenderedFile] in
            switch format {
            case .html, .xml:
                [
                    RenderedFile(
                        suffix: format.fileExtension, format: format, document: try renderDocument(view, as: format))
                ]
            case .pdf:
                // The HTML to print; `ReportDestination` prints it once the manifest it embeds is known.
                printsHTML
                    ? []
                    : [
                        RenderedFile(
                            suffix: format.fileExtension, format: .pdf, document: try renderDocument(view, as: .html))
                    ]
            case .json:
                [RenderedFile(suffix: "json", format: .json, document: RenderedDocument(parts: [Exports.json(view)]))]
            case .csv: Exports.csvFiles(view)
            case .oscal:
                [
                    RenderedFile(
                        suffix: format.fileExtension, format: .oscal,
                        document: RenderedDocument(parts: [OSCALExport.json(view)]))
                ]
            }
        }.flatMap { $0 }
        guard printsHTML, formats.contains(.pdf), let html = files.first(where: { $0.format == .html }) else {
            return files
        }
        return files + [RenderedFile(suffix: ReportFormat.pdf.fileExtension, format: .pdf, document: html.document)]
    }
}

/// One file of a report run: its name's suffix after `nxaudit-PERIOD.` and its content.
public struct RenderedFile: Sendable {
    /// `html`, `xml`, `json`, `findings.csv`, ...
    public var suffix: String
    public var format: ReportFormat
    public var document: RenderedDocument
}
