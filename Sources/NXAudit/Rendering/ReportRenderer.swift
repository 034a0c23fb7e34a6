/// The formats nxaudit writes.
public enum ReportFormat: String, Sendable, CaseIterable {
    case html, xml

    public var fileExtension: String { rawValue }
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
