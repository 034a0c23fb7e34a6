/// Why a report could not be rendered; each message names the file and what to do.
public enum RenderError: Error, Equatable, CustomStringConvertible {
    case templateMissing(path: String)
    case templateSyntax(path: String, line: Int, column: Int, reason: String)
    case overridesNotADirectory(path: String)
    case schemaInvalid(path: String, diagnostics: [XMLDiagnostic])
    /// `byBuiltInTemplates`: no `--templates` folder was given, so the fault is nxaudit's own.
    case reportInvalid(template: String, diagnostics: [XMLDiagnostic], byBuiltInTemplates: Bool)

    public var description: String {
        switch self {
        case .templateMissing(let path):
            "\(path): template not found; restore it, or point --templates at a folder that has it."
        case .templateSyntax(let path, let line, let column, let reason):
            "\(path):\(line):\(column): the template does not parse (\(reason)); fix the tag there."
        case .overridesNotADirectory(let path):
            "\(path): --templates needs a folder of templates (html/report.mustache, ...), and this is not "
                + "one; fix the path."
        case .schemaInvalid(let path, let diagnostics):
            "\(path): the XML schema does not compile: "
                + "\(diagnostics.prefix(5).map(\.description).joined(separator: "; "))."
        case .reportInvalid(let template, let diagnostics, _):
            "the XML rendered from \(template) is not valid against the schema, so it was not written: "
                + diagnostics.prefix(5).map(\.description).joined(separator: "; ")
                + (diagnostics.count > 5 ? "; and \(diagnostics.count - 5) more" : "")
                + ". Fix the template (or report the problem if it is nxaudit's own)."
        }
    }
}
