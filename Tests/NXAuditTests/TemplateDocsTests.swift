import Foundation
import Testing
@testable import NXAudit

/// docs/templates.md lists the view model for people writing templates; this keeps the list exact.
///
/// The list sits between `<!-- view-model: begin -->` and `<!-- view-model: end -->`: under `### The report`
/// the report's fields, under every other `###` heading a part several fields share (`### A register`).
/// Each list item names fields in backticks before its first colon (`- \`from\`, \`to\`: first and last
/// day`); `[]` marks a list. An item's fields are those nested under it, and those of the part its text
/// links to (`[register](#a-register)`). An item whose text says `*not in the JSON export*` names fields
/// templates see but the JSON export leaves out (its nested fields too).
///
/// The view model's fields are taken by reflection, as swift-mustache finds them, from the views of three
/// reports that between them fill every optional and list: October over the samples, under the sample
/// policy (which names `organisation` and `prepared_by`); November with October as its baseline and with inputs
/// that are not logs or not UTF-8; October again from an evidence archive. Each field path (`findings[].
/// controls[].framework`, lists as `[]`) must be documented, each documented path must be a field, and
/// the fields the JSON export has are those not marked `*not in the JSON export*`.
@Suite("Template docs")
struct TemplateDocsTests {
    static let doc = Checkout.root.appendingPathComponent("docs/templates.md").path
    static let begin = "<!-- view-model: begin -->"
    static let end = "<!-- view-model: end -->"
    static let rootHeading = "The report"
    static let templateOnlyMark = "*not in the JSON export*"

    @Test func theDocumentedFieldsAreTheViewModel() throws {
        let documented = try Self.documentedFields(in: String(contentsOfFile: Self.doc, encoding: .utf8))
        let dir = TemporaryDirectory()
        var fields = Set<String>()
        var exported = Set<String>()
        for view in try Self.views(in: dir) {
            Self.record(view, path: "", into: &fields)
            let json = try JSONSerialization.jsonObject(with: Data(Exports.json(view).utf8))
            Self.record(json: json, path: "", into: &exported)
        }
        let byPath = Dictionary(documented.map { ($0.path, $0) }) { first, _ in first }

        for field in documented where !fields.contains(field.path) {
            Issue.record("docs/templates.md:\(field.line): `\(field.path)` is not a field of the view model")
        }
        for path in fields.union(exported).subtracting(byPath.keys).sorted() {
            let what = exported.contains(path) ? "a key of the JSON export" : "a field of the view model"
            Issue.record("`\(path)` is \(what) that docs/templates.md does not list")
        }
        for path in exported.subtracting(fields).sorted() {
            Issue.record("`\(path)` is in the JSON export but templates cannot see it under that name")
        }
        for field in documented where fields.contains(field.path) {
            let inJSON = exported.contains(field.path)
            if field.templateOnly == inJSON {
                Issue.record(
                    """
                    docs/templates.md:\(field.line): `\(field.path)` is \(inJSON ? "" : "not ")in the JSON \
                    export, but the doc says \(inJSON ? "it is not" : "it is")
                    """)
            }
        }
    }

    /// The parser rejects what it cannot read, so that a typo in the list's form fails instead of hiding fields.
    @Test func theParserReadsTheListAndRejectsWhatItCannotRead() throws {
        let text = """
            \(Self.begin)
            ### The report
            - `a`, `b[]`: one [thing](#a-thing)
              - `c`: *not in the JSON export*
                - `d`
            ### A thing
            - `e`
            \(Self.end)
            """
        let fields = try Self.documentedFields(in: text)
        #expect(fields.map(\.path) == ["a", "a.e", "a.c", "a.c.d", "b[]", "b[].e", "b[].c", "b[].c.d"])
        #expect(fields.map(\.templateOnly) == [false, false, true, true, false, false, true, true])
        for broken in [
            "- `a` and more: x", "- `a`: see [b](#nowhere)", "- plain text", "- `a.b`", "   - `a`",
            "- `a`\n- `a`",
        ] {
            let doc = """
                \(Self.begin)
                ### The report
                - `z`: a [thing](#a-thing)
                \(broken)
                ### A thing
                - `e`
                \(Self.end)
                """
            #expect(throws: DocError.self, "\(broken)") { try Self.documentedFields(in: doc) }
        }
    }

    // MARK: - The doc

    struct DocumentedField {
        var path: String
        var line: Int
        var templateOnly: Bool
    }

    struct DocError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "docs/templates.md:\(line): \(message)" }
    }

    /// A list item: the fields it names, the part it links to, and the items nested under it.
    final class Item {
        var names: [String]
        var part: String?
        var templateOnly: Bool
        var line: Int
        var children: [Item] = []

        init(names: [String], part: String?, templateOnly: Bool, line: Int) {
            self.names = names
            self.part = part
            self.templateOnly = templateOnly
            self.line = line
        }
    }

    /// Every field path the doc's view-model list names, in the order it names them.
    static func documentedFields(in text: String) throws -> [DocumentedField] {
        let lines = text.components(separatedBy: "\n")
        guard let first = lines.firstIndex(of: begin), let last = lines.firstIndex(of: end), first < last else {
            throw DocError(line: 0, message: "no \(begin) ... \(end)")
        }
        var parts: [(anchor: String, heading: String, items: [Item])] = []
        var open: [(indent: Int, item: Item)] = []
        for index in (first + 1)..<last {
            let line = lines[index]
            if line.hasPrefix("### ") {
                let heading = String(line.dropFirst(4))
                parts.append((anchor(heading), heading, []))
                open = []
                continue
            }
            let indent = line.prefix { $0 == " " }.count
            guard line.dropFirst(indent).hasPrefix("- ") else { continue }
            guard !parts.isEmpty else { throw DocError(line: index + 1, message: "a list item before any ###") }
            guard indent % 2 == 0 else { throw DocError(line: index + 1, message: "indented by \(indent) spaces") }
            let item = try parseItem(String(line.dropFirst(indent + 2)), line: index + 1)
            open.removeAll { $0.indent >= indent }
            if let parent = open.last {
                guard parent.indent == indent - 2 else {
                    throw DocError(line: index + 1, message: "nested deeper than the item above")
                }
                parent.item.children.append(item)
            } else if indent == 0 {
                parts[parts.count - 1].items.append(item)
            } else {
                throw DocError(line: index + 1, message: "indented, but under no item")
            }
            open.append((indent, item))
        }
        let byAnchor = Dictionary(parts.map { ($0.anchor, $0.items) }) { first, _ in first }
        guard let root = parts.first(where: { $0.heading == rootHeading }) else {
            throw DocError(line: first + 1, message: "no ### \(rootHeading)")
        }
        var fields: [DocumentedField] = []
        var used = Set<String>()
        func expand(_ items: [Item], prefix: String, templateOnly: Bool, depth: Int) throws {
            guard depth < 10 else { throw DocError(line: items.first?.line ?? 0, message: "parts link in a circle") }
            for item in items {
                for name in item.names {
                    let path = prefix + name
                    let only = templateOnly || item.templateOnly
                    fields.append(DocumentedField(path: path, line: item.line, templateOnly: only))
                    if let part = item.part {
                        guard let partItems = byAnchor[part] else {
                            throw DocError(line: item.line, message: "links to #\(part), which is no part of the list")
                        }
                        used.insert(part)
                        try expand(partItems, prefix: path + ".", templateOnly: only, depth: depth + 1)
                    }
                    try expand(item.children, prefix: path + ".", templateOnly: only, depth: depth + 1)
                }
            }
        }
        try expand(root.items, prefix: "", templateOnly: false, depth: 0)
        for part in parts where part.heading != rootHeading && !used.contains(part.anchor) {
            throw DocError(line: first + 1, message: "### \(part.heading) is a part no field links to")
        }
        var seen = Set<String>()
        for field in fields where !seen.insert(field.path).inserted {
            throw DocError(line: field.line, message: "`\(field.path)` is listed twice")
        }
        return fields
    }

    /// `` `a`, `b[]`: text `` → the names, the part its text links to, whether it says the JSON leaves them out.
    static func parseItem(_ text: String, line: Int) throws -> Item {
        var inCode = false
        var colon = text.endIndex
        for index in text.indices {
            if text[index] == "`" { inCode.toggle() }
            if text[index] == ":" && !inCode {
                colon = index
                break
            }
        }
        let head = String(text[..<colon])
        let rest = colon < text.endIndex ? String(text[text.index(after: colon)...]) : ""
        let names = head.components(separatedBy: ", ").map { piece -> String? in
            guard piece.count > 2, piece.first == "`", piece.last == "`" else { return nil }
            let name = String(piece.dropFirst().dropLast())
            let word = name.hasSuffix("[]") ? name.dropLast(2) : name[...]
            guard let initial = word.first, initial.isLetter,
                word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            else { return nil }
            return name
        }
        guard !names.contains(nil) else {
            throw DocError(line: line, message: "`\(head)`: before the colon, only field names in backticks")
        }
        let links = rest.components(separatedBy: "](#").dropFirst().map { $0.prefix { $0 != ")" } }
        guard links.count <= 1 else { throw DocError(line: line, message: "links to more than one part") }
        return Item(
            names: names.compactMap { $0 }, part: links.first.map(String.init),
            templateOnly: rest.contains(templateOnlyMark), line: line)
    }

    /// GitHub's anchor of a heading: lower case, spaces as `-`, other punctuation dropped.
    static func anchor(_ heading: String) -> String {
        String(
            heading.lowercased().compactMap { character -> Character? in
                character == " " ? "-" : character.isLetter || character.isNumber || character == "-" ? character : nil
            })
    }

    // MARK: - The view model

    /// The views of the reports described above.
    static func views(in dir: TemporaryDirectory) throws -> [ReportView] {
        let root = Checkout.root.path
        let logs = root + "/samples/logs"
        let sample = try String(contentsOfFile: root + "/samples/policy.yaml", encoding: .utf8)
        // The sample policy names its organisation and preparer (the optional fields are then present).
        let policyFile = dir.write("policy.yaml", sample)
        let policy = try PolicyFile.load(path: policyFile, ruleIDs: Analyzer.standardRuleIDs)
        try #require(policy.organisation != nil && policy.preparedBy != nil, "samples/policy.yaml names both")
        let zone = "Europe/Zurich"
        func run(
            _ inputs: [String], _ month: ReportPeriod, baseline: String? = nil, archive: String? = nil
        )
            throws -> ReportPipeline.Outcome
        {
            // Only October's XML is needed, as November's baseline.
            var request = ReportPipeline.Request(
                inputs: inputs, period: month, yearPolicy: .fixed(2026),
                formats: baseline == nil && archive == nil ? [.xml] : [],
                tool: ToolInfo(version: "test"), generatedAtSeconds: 1_793_491_200, policy: policy,
                baselinePath: baseline)
            request.archivePath = archive
            return try ReportPipeline.run(request, templates: TemplateSet())
        }
        let october = try run([logs], period("2026-10-01", "2026-10-31", zone))
        let baseline = dir.write("nxaudit-2026-10.xml", try #require(october.files.first).document.text())

        let errorResponse = dir.write(
            "engine07.log", "[{\"code\": 500, \"message\": \"Engine engine07 is unknown or unreachable\"}]\n")
        let latin = Array("2026-11-05T12:03:22Z portal01 nxportal[1]: [Portal|USER|20206|admin] Role caf".utf8)
        let unknown = "2026-11-06T09:00:00Z portal01 nxportal[1]: [Portal|USER|29999|admin] Something new happened\n"
        let windows1252 = dir.write(
            "latin.log", bytes: latin + [0xE9] + Array(" is added\n".utf8) + Array(unknown.utf8))
        let november = try run(
            [logs, errorResponse, windows1252], period("2026-11-01", "2026-11-30", zone), baseline: baseline)

        let archive = dir.path + "/archive.sqlite"
        let added = try nxaudit(
            ["archive", "add", "--archive", archive, "--timezone", zone, "--year", "2026", "samples/logs"], in: root)
        #expect(added.status == 0, "\(added.stderr)")
        let archived = try run([], period("2026-10-01", "2026-10-31", zone), archive: archive)

        return [october, november, archived].map { ReportView($0.report, verdict: $0.verdict) }
    }

    /// The paths of `value`'s fields as templates find them: by reflection, an optional's value in its place
    /// (nil: no field), a list's items under `[]`; rendered markup is a leaf.
    static func record(_ value: Any, path: String, into paths: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let some = mirror.children.first { record(some.value, path: path, into: &paths) }
        case .collection:
            paths.insert(path + "[]")
            for item in mirror.children { recordFields(item.value, prefix: path + "[].", into: &paths) }
        default:
            if !path.isEmpty { paths.insert(path) }
            recordFields(value, prefix: path.isEmpty ? "" : path + ".", into: &paths)
        }
    }

    static func recordFields(_ value: Any, prefix: String, into paths: inout Set<String>) {
        // A register hands templates its fields by name: it holds entries and makes rows when read.
        if let register = value as? TableView {
            for name in TableView.fieldNames {
                record(register.child(named: name) as Any, path: prefix + name, into: &paths)
            }
            return
        }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct, !(value is RenderedMarkup) else { return }
        for child in mirror.children {
            guard let label = child.label else { continue }
            // A register row hands templates its fields by name, not by reflection.
            if value is EntryView, !EntryView.fieldNames.contains(label) { continue }
            record(child.value, path: prefix + label, into: &paths)
        }
    }

    /// The paths of the JSON export's keys, lists as `[]`.
    static func record(json: Any, path: String, into paths: inout Set<String>) {
        if let object = json as? [String: Any] {
            if !path.isEmpty { paths.insert(path) }
            for (key, value) in object {
                record(json: value, path: path.isEmpty ? key : path + "." + key, into: &paths)
            }
        } else if let array = json as? [Any] {
            paths.insert(path + "[]")
            for item in array {
                if let object = item as? [String: Any] {
                    for (key, value) in object { record(json: value, path: path + "[]." + key, into: &paths) }
                }
            }
        } else {
            paths.insert(path)
        }
    }
}
