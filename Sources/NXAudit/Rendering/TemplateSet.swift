import Foundation
import Mustache

/// The report templates: the defaults, overridden file by file by a user's folder.
///
/// Templates are `*.mustache` files named by their path under the folder without
/// the extension (`html/report`, `xml/report`); partials use the same names
/// (`{{> html/styles}}`). The XML schema `xml/nxaudit-report-1.xsd` is found the
/// same way.
public struct TemplateSet: Sendable {
    public static let htmlReport = "html/report"
    public static let xmlReport = "xml/report"
    public static let schemaFile = "xml/nxaudit-report-1.xsd"

    /// Put before every template: escape with `MarkupEscaping`, never with swift-mustache's default.
    static let escaping = "{{% CONTENT_TYPE: \(MarkupEscaping.name)}}"

    let library: MustacheLibrary
    /// Row templates by name (`html/row`, `xml/row`), compiled when they are flat.
    let rowTemplates: [String: RowTemplate]
    /// Template name → the file it was loaded from, for messages.
    public let files: [String: String]
    /// The XML schema's path.
    public let schemaPath: String

    /// Loads the templates of `defaults`, then those of `overrides` over them.
    public init(defaults: String, overrides: String? = nil) throws(RenderError) {
        MarkupEscaping.registered
        // A mistyped or wrong --templates would otherwise be ignored silently, and the defaults used.
        if let overrides {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: overrides, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .overridesNotADirectory(path: overrides)
            }
        }
        var files: [String: String] = [:]
        for directory in [defaults] + (overrides.map { [$0] } ?? []) {
            for (name, path) in Self.templateFiles(in: directory) { files[name] = path }
        }
        var library = MustacheLibrary()
        var rowTemplates: [String: RowTemplate] = [:]
        for (name, path) in files.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: path) else { throw .templateMissing(path: path) }
            let source = String(decoding: data, as: UTF8.self)
            if name.hasSuffix("/row") { rowTemplates[name] = RowTemplate(name: name, text: source) }
            do {
                // On the template's first line, so line numbers of errors stay the file's own.
                let text = Self.escaping + source
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber
                let column = error.context.columnNumber - (line == 1 ? Self.escaping.count : 0)
                throw .templateSyntax(path: path, line: line, column: max(column, 1), reason: "\(error.error)")
            } catch {
                throw .templateSyntax(path: path, line: 0, column: 0, reason: "\(error)")
            }
        }
        for required in [Self.htmlReport, Self.xmlReport] where files[required] == nil {
            throw .templateMissing(path: (overrides ?? defaults) + "/" + required + ".mustache")
        }
        let schema = overrides.map { $0 + "/" + Self.schemaFile }.flatMap {
            FileManager.default.fileExists(atPath: $0) ? $0 : nil
        } ?? defaults + "/" + Self.schemaFile
        guard FileManager.default.fileExists(atPath: schema) else { throw .templateMissing(path: schema) }
        self.library = library
        self.rowTemplates = rowTemplates
        self.files = files
        self.schemaPath = schema
    }

    /// Renders `rows` with the row template `name`, on all cores, into one string.
    func renderRows(_ rows: [EntryView], template name: String) throws(RenderError) -> String {
        guard let row = rowTemplates[name] else { throw .templateMissing(path: name + ".mustache") }
        let chunks = stride(from: 0, to: rows.count, by: 2048).map { $0..<min($0 + 2048, rows.count) }
        let library = library
        let parts = try chunks.parallelMap { range throws(RenderError) -> String in
            var out = ""
            if let pieces = row.pieces {
                for i in range { row.render(rows[i], pieces: pieces, into: &out) }
            } else {
                for i in range {
                    guard let text = library.render(rows[i], withTemplate: name) else { throw .templateMissing(path: name) }
                    out += text
                }
            }
            return out
        }
        return parts.joined()
    }

    /// Renders the template `name` with `view`.
    func render(_ view: ReportView, template name: String) throws(RenderError) -> String {
        guard let output = library.render(view, withTemplate: name) else {
            throw .templateMissing(path: files[name] ?? name + ".mustache")
        }
        return output
    }

    static func templateFiles(in directory: String) -> [(String, String)] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [(String, String)] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".mustache") else { continue }
            result.append((String(relative.dropLast(".mustache".count)), directory + "/" + relative))
        }
        return result
    }

    /// Where the default templates are: `$NXAUDIT_TEMPLATES`, an installed
    /// `share/nxaudit/templates` beside the executable's `bin`, or the `templates`
    /// folder of the source checkout the executable was built in (`swift run`).
    public static func locateDefaults(executablePath: String, environment: [String: String]) throws(RenderError) -> String {
        var candidates: [String] = []
        if let fromEnvironment = environment["NXAUDIT_TEMPLATES"] { candidates.append(fromEnvironment) }
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/nxaudit/templates").path)
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("templates").path)
            directory = directory.deletingLastPathComponent()
        }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate + "/" + Self.htmlReport + ".mustache") {
            return candidate
        }
        throw .templatesNotFound(searched: candidates)
    }
}
