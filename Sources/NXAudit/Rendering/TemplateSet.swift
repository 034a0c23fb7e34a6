import Foundation
import Mustache

/// The report templates: the defaults, overridden file by file by a user's folder.
///
/// Templates are `*.mustache` files named by their path under the folder without
/// the extension (`html/report`, `xml/report`); partials use the same names
/// (`{{> html/styles}}`). The XML schema `xml/nxaudit-report-2.xsd` is found the
/// same way. The defaults are compiled into nxaudit from the repository's `templates/`
/// (see the EmbedTemplates plugin), so an installed binary needs no files beside it.
public struct TemplateSet: Sendable {
    public static let htmlReport = "html/report"
    public static let xmlReport = "xml/report"
    /// The schema of the reports written (`ReportSchema.current`); older versions are built in for reading.
    public static let schemaFile = ReportSchema.current.file

    /// Put before every template: escape with `MarkupEscaping`, never with swift-mustache's default.
    static let escaping = "{{% CONTENT_TYPE: \(MarkupEscaping.name)}}"

    let library: MustacheLibrary
    /// Row templates by name (`html/row`, `xml/row`), compiled when they are flat.
    let rowTemplates: [String: RowTemplate]
    /// Template name → where it was loaded from (a path, or `built-in:` and its path under `templates/`).
    public let files: [String: String]
    /// The XML schema's text, and where it came from.
    public let schema: (origin: String, bytes: [UInt8])
    /// The user's folder of templates; nil when every file is built in.
    public let overrides: String?

    /// The built-in templates, overridden file by file by those of the folder `overrides`.
    public init(overrides: String? = nil) throws(RenderError) {
        MarkupEscaping.registered
        var sources: [String: (origin: String, bytes: [UInt8])] = [:]
        for file in Self.builtIn { sources[file.path] = (Self.builtInOrigin + file.path, file.bytes) }
        if let overrides {
            // A mistyped or wrong --templates would otherwise be ignored silently, and the defaults used.
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: overrides, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw .overridesNotADirectory(path: overrides)
            }
            for relative in Self.templateFiles(in: overrides) {
                let path = overrides + "/" + relative
                guard let data = FileManager.default.contents(atPath: path) else { throw .templateMissing(path: path) }
                sources[relative] = (path, [UInt8](data))
            }
        }
        var files: [String: String] = [:]
        var library = MustacheLibrary()
        var rowTemplates: [String: RowTemplate] = [:]
        for (relative, source) in sources.sorted(by: { $0.key < $1.key }) where relative.hasSuffix(".mustache") {
            let name = String(relative.dropLast(".mustache".count))
            files[name] = source.origin
            let text = String(decoding: source.bytes, as: UTF8.self)
            if name.hasSuffix("/row") { rowTemplates[name] = RowTemplate(name: name, text: text) }
            do {
                // On the template's first line, so line numbers of errors stay the file's own.
                library.register(try MustacheTemplate(string: Self.escaping + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber
                let column = error.context.columnNumber - (line == 1 ? Self.escaping.count : 0)
                throw .templateSyntax(path: source.origin, line: line, column: max(column, 1), reason: "\(error.error)")
            } catch {
                throw .templateSyntax(path: source.origin, line: 0, column: 0, reason: "\(error)")
            }
        }
        guard let schema = sources[Self.schemaFile] else {
            throw .templateMissing(path: Self.builtInOrigin + Self.schemaFile)
        }
        self.library = library
        self.rowTemplates = rowTemplates
        self.files = files
        self.schema = schema
        self.overrides = overrides
    }

    /// A validator for the schema of this set.
    public func validator() throws(RenderError) -> XMLSchemaValidator {
        try XMLSchemaValidator(schema: schema.bytes, origin: schema.origin)
    }

    /// Writes the built-in files under `directory` (made if missing), as a starting point for
    /// `--templates`; returns the paths written (a file already there with the same bytes is not).
    /// Files there with other bytes are replaced only with `replace`; otherwise nothing is written.
    public static func exportBuiltIn(to directory: String, replace: Bool) throws(ExportError) -> [String] {
        let pending = builtIn.map { (path: directory + "/" + $0.path, bytes: $0.bytes) }.filter { file in
            FileManager.default.contents(atPath: file.path).map { [UInt8]($0) != file.bytes } ?? true
        }
        let differing = pending.filter { FileManager.default.fileExists(atPath: $0.path) }.map(\.path)
        if !differing.isEmpty && !replace { throw .wouldReplace(paths: differing) }
        for file in pending {
            do {
                try FileManager.default.createDirectory(
                    atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.bytes).write(to: URL(fileURLWithPath: file.path), options: .atomic)
            } catch {
                throw .cannotWrite(path: file.path, reason: error.localizedDescription)
            }
        }
        return pending.map(\.path)
    }

    /// Why the built-in templates could not be written out.
    public enum ExportError: Error, CustomStringConvertible {
        case wouldReplace(paths: [String])
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .wouldReplace(let paths):
                "\(paths.joined(separator: ", ")) already "
                    + "\(paths.count == 1 ? "exists and differs" : "exist and differ") "
                    + "from the built-in \(paths.count == 1 ? "file" : "files"); nothing was written. "
                    + "Pass --force to replace them, or export to an empty folder."
            case .cannotWrite(let path, let reason):
                "\(path) cannot be written (\(reason)); check the folder's permissions and free space."
            }
        }
    }

    /// How messages name a built-in file.
    public static let builtInOrigin = "built-in:"

    /// The default templates and the XSD compiled into nxaudit from `templates/`, by path under it.
    public static let builtIn: [(path: String, bytes: [UInt8])] = EmbeddedTemplates.base64Files.map { file in
        guard let bytes = Data(base64Encoded: file.base64) else {
            preconditionFailure("the build embedded \(file.path) as text that is not base64")
        }
        return (file.path, [UInt8](bytes))
    }

    /// Renders `rows` with the row template `name`, on all cores: the text of 2048 rows per
    /// string, in order (a document takes them as parts, never joined into one string).
    func renderRows(_ rows: [EntryView], template name: String) throws(RenderError) -> [String] {
        let renderer = try rowRenderer(count: rows.count, template: name) { Array(rows[$0]) }
        return try Array(0..<renderer.chunks).parallelMap { chunk throws(RenderError) in
            try renderer.render(chunk: chunk)
        }
    }

    /// What renders `count` rows that `rows` makes with the row template `name`, one chunk of
    /// `RowRenderer.chunkSize` rows at a time, whenever a chunk is asked for.
    func rowRenderer(
        count: Int, template name: String, rows: @escaping @Sendable (Range<Int>) -> [EntryView]
    ) throws(RenderError) -> RowRenderer {
        guard let row = rowTemplates[name] else { throw .templateMissing(path: name + ".mustache") }
        return RowRenderer(count: count, template: name, row: row, library: library, rows: rows)
    }

    /// Renders the template `name` with `view`.
    func render(_ view: ReportView, template name: String) throws(RenderError) -> String {
        guard let output = library.render(view, withTemplate: name) else {
            throw .templateMissing(path: files[name] ?? name + ".mustache")
        }
        return output
    }

    /// The template and schema files under `directory`, as paths relative to it.
    static func templateFiles(in directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".mustache") || relative == schemaFile { result.append(relative) }
        }
        return result
    }
}

/// Renders a register's rows with a row template, a chunk of rows per string.
struct RowRenderer: Sendable {
    /// Rows per chunk: large enough that a chunk costs little to hand on, small enough that a
    /// few chunks in flight take a few MB.
    static let chunkSize = 2048

    let count: Int
    let template: String
    let row: RowTemplate
    let library: MustacheLibrary
    let rows: @Sendable (Range<Int>) -> [EntryView]

    var chunks: Int { (count + Self.chunkSize - 1) / Self.chunkSize }

    /// The text of the rows of chunk `chunk`, in order.
    func render(chunk: Int) throws(RenderError) -> String {
        let start = chunk * Self.chunkSize
        var out = ""
        let made = rows(start..<min(start + Self.chunkSize, count))
        if let pieces = row.pieces {
            for entry in made { row.render(entry, pieces: pieces, into: &out) }
        } else {
            for entry in made {
                guard let text = library.render(entry, withTemplate: template) else {
                    throw .templateMissing(path: template)
                }
                out += text
            }
        }
        return out
    }
}
