/// The formats nxaudit writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    case html, xml

    public var fileExtension: String { rawValue }

    /// The template of one register row for this format.
    var rowTemplate: String { "\(rawValue)/row" }

    /// Whether documents of this format list every row of a register (XML, for
    /// machines), or only the rows shown to people (HTML, see `TableView.shownRows`).
    var listsEveryRow: Bool { self == .xml }
}

/// Renders a report model into documents, validating the XML before anyone sees it.
public struct ReportRenderer: Sendable {
    public let templates: TemplateSet
    let validator: XMLSchemaValidator

    public init(templates: TemplateSet) throws(RenderError) {
        self.templates = templates
        self.validator = try XMLSchemaValidator(schemaPath: templates.schemaPath)
    }

    /// The document for `format`; an XML document that fails the schema is an error, not a result.
    public func render(_ view: ReportView, as format: ReportFormat) throws(RenderError) -> String {
        var view = view
        if templates.rowTemplates[format.rowTemplate] != nil {
            for table in ReportView.tables {
                let rows = format.listsEveryRow ? view[keyPath: table].rows : view[keyPath: table].shownRows
                var text = try templates.renderRows(rows, template: format.rowTemplate)
                // Each row ends its line; the document's own line ends the last one.
                if text.hasSuffix("\n") { text.removeLast() }
                view[keyPath: table].renderedRows = RenderedMarkup(renderText: text)
            }
        }
        switch format {
        case .html:
            return try templates.render(view, template: TemplateSet.htmlReport)
        case .xml:
            let document = try templates.render(view, template: TemplateSet.xmlReport)
            let problems = validator.validate(document)
            guard problems.isEmpty else {
                throw .reportInvalid(template: templates.files[TemplateSet.xmlReport] ?? TemplateSet.xmlReport,
                                     diagnostics: problems)
            }
            return document
        }
    }

    /// Renders each format on its own thread; results in the order of `formats`.
    public func renderAll(_ view: ReportView, as formats: [ReportFormat]) throws(RenderError) -> [String] {
        try formats.parallelMap { format throws(RenderError) in try render(view, as: format) }
    }
}
