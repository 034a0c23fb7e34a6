import Foundation
import Testing
@testable import NXAudit

@Suite("Rendering")
struct RenderingTests {
    static let hostile = "<script>alert(1)</script>"

    /// A small report whose account names are hostile.
    func renderHostile() throws -> (html: String, xml: String) {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "hostile.log",
            """
            2026-10-05T09:00:00Z h t: [Portal|USER|20201|admin] User created \(Self.hostile) is created
            2026-10-05T09:01:00Z h t: [Portal|LOGIN|20103|*system] User \(Self.hostile) failed login \
            attempts - wrong "password" & ]]> <!DOCTYPE x>
            2026-10-05T09:02:00Z h t: [Portal|USER|20206|o'brien & "co"] Role x]]><y> is added
            2026-10-05T09:03:00Z h t: [Portal|USER|20206|ctl\u{1}\u{7}\u{1B}] Role \u{202E}evil is added
            2026-10-05T09:04:00Z h t: [Portal|LOGIN|20104|\(Self.hostile)] User \(Self.hostile) is locked

            """)
        let p = try period("2026-10-01", "2026-10-31")
        let evidence = try readEvidence([log], period: p)
        let report = Analyzer().analyze(evidence, period: p, tool: ToolInfo(version: "test"), generatedAtSeconds: 0)
        let renderer = try ReportRenderer(templates: TemplateSet())
        let view = ReportView(report)
        return (try renderer.render(view, as: .html), try renderer.render(view, as: .xml))
    }

    @Test func hostileAccountNamesAreEscapedInHTML() throws {
        let (html, _) = try renderHostile()
        #expect(!html.contains(Self.hostile))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<y>"))
        #expect(!html.contains("\u{202E}"))
        #expect(html.contains("[U+202E]evil"))
        // The only <script of the document would be a payload: there is none.
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        // The policy forbids every script and every remote load: only inline styles and data: images.
        #expect(
            html.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                    + "'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">"
            ))
        #expect(!html.contains("script-src"))
    }

    @Test func hostileTextKeepsTheXMLValidAndIntact() throws {
        let (_, xml) = try renderHostile()
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/" + TemplateSet.schemaFile)
        #expect(validator.validate(xml).isEmpty)
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        let entries = try xmlElements("entry", in: xml)
        #expect(entries.contains { $0["target"] == Self.hostile && $0["action"] == "User created" })
        #expect(entries.contains { $0["actor"] == "o'brien & \"co\"" && $0["target"] == "x]]><y>" })
        #expect(entries.contains { $0["actor"] == "ctl\u{2401}\u{2407}\u{241B}" })
        let failures = try xmlElements("failuresByAccount/tally", in: xml)
        #expect(failures == [["key": Self.hostile, "count": "1"]])
    }

    /// What follows the root element in a later part (left to the drain, not libxml2's reader)
    /// is held to XML's rule: white space, comments and processing instructions only. Every
    /// part is passed on once, in order, valid or not.
    @Test func whatFollowsTheRootIsCheckedAndPassedOn() throws {
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/" + TemplateSet.schemaFile)
        let (_, valid) = try renderHostile()
        for (tail, isValid) in [
            ("\n", true), ("<!-- signed off -->\n<?review done?>\n", true), ("<extra/>\n", false),
            ("<!-- open", false), ("text", false),
        ] {
            var parts = [valid, tail]
            var passed = ""
            let problems = validator.validate(
                next: { parts.isEmpty ? nil : parts.removeFirst() }, passing: { passed += $0 })
            #expect(problems.isEmpty == isValid, "\(tail.debugDescription): \(problems)")
            #expect(passed == valid + tail)
        }
        #expect(PartsInput.onlyMisc(Array(" <!-- a --> <?b c?>\t".utf8)))
        #expect(!PartsInput.onlyMisc(Array("<!-- a -- > x".utf8)))
    }

    @Test func theValidatorRejectsInvalidDocumentsWithLineNumbers() throws {
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/" + TemplateSet.schemaFile)
        let problems = validator.validate("<?xml version=\"1.0\"?>\n<complianceReport>\n<nope/>\n</complianceReport>\n")
        #expect(!problems.isEmpty)
        #expect(problems.contains { $0.line == 2 || $0.line == 3 })
        #expect(!validator.validate("<a><b></a>").isEmpty)
        // A schema-valid report with a DOCTYPE and an external entity is still refused, and the file is not read.
        let (_, valid) = try RenderingTests().renderHostile()
        #expect(validator.validate(valid).isEmpty)
        let withEntity = valid.replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            with:
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE complianceReport [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]>\n"
        )
        .replacingOccurrences(of: "<summary>", with: "<summary>&e;")
        #expect(withEntity != valid)
        let refused = validator.validate(withEntity)
        #expect(refused.contains { $0.message.contains("DOCTYPE") })
        #expect(!refused.contains { $0.message.contains("root:") })
    }

    @Test(arguments: [
        ("plain ascii", "plain ascii"),
        ("tab\tkept", "tab\tkept"),
        ("nul\u{0}bell\u{7}", "nul\u{2400}bell\u{2407}"),
        ("del\u{7F}", "del\u{2421}"),
        ("c1\u{85}", "c1\u{FFFD}"),
        ("nonchar\u{FFFE}\u{FFFF}", "nonchar\u{FFFD}\u{FFFD}"),
        ("\u{202E}rtl\u{2066}", "[U+202E]rtl[U+2066]"),
        ("ümlaut-ñame emoji-😀", "ümlaut-ñame emoji-😀"),
    ])
    func displayTextRemovesWhatNoEscapingCanFix(input: String, expected: String) {
        #expect(DisplayText.clean(input) == expected)
    }

    /// Line and column are the file's own, also on line 1, where nxaudit puts its escaping pragma.
    @Test(arguments: [("<p>\n<b>{{rule</b>\n</p>\n", 2, 10), ("<b>{{rule</b>\n", 1, 10)])
    func aBrokenTemplateIsALocatedError(template: String, expectedLine: Int, expectedColumn: Int) throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/html", withIntermediateDirectories: true)
        dir.write("html/report.mustache", template)
        #expect {
            try TemplateSet(overrides: dir.path)
        } throws: { error in
            guard case RenderError.templateSyntax(let path, let line, let column, _) = error else { return false }
            return path.hasSuffix("html/report.mustache") && line == expectedLine && column == expectedColumn
        }
    }
}

@Suite("Large registers")
struct LargeRegisterTests {
    @Test func theHTMLSaysWhenItSummarisesAndTheXMLKeepsEveryRow() throws {
        let rows = TableView.shownLimit + 150
        let dir = TemporaryDirectory()
        let lines = (0..<rows).map { i in
            "2026-10-05T09:\(String(format: "%02d", i / 60 % 60)):\(String(format: "%02d", i % 60))Z h t: "
                + "[Portal|USER|20206|admin] Role role-\(i) is added"
        }
        let log = dir.write("audit.log", lines.joined(separator: "\n") + "\n")
        let result = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let html = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.html", encoding: .utf8)
        #expect(html.contains("This register has \(rows) rows; the first \(TableView.shownLimit) are shown here"))
        let register = try #require(
            html.range(of: "<section id=\"privilege\">").flatMap { start in
                html.range(of: "</section>", range: start.upperBound..<html.endIndex).map {
                    html[start.upperBound..<$0.lowerBound]
                }
            })
        #expect(register.contains(">role-\(TableView.shownLimit - 1)<"))
        #expect(!register.contains(">role-\(TableView.shownLimit)<"))
        // The access state lists the same roles and says it is cut too.
        #expect(html.contains("This list has \(rows) objects; the first \(TableView.shownLimit) are shown here"))
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("privilegeRegister/entry", in: xml).count == rows)
        #expect(try xmlElements("accessState/object", in: xml).count == rows)
    }
}

@Suite("Row templates")
struct RowTemplateTests {
    /// Rows of hostile values, as the view model holds them.
    static let rows: [EntryView] = [
        EntryView(
            time: "2026-10-05T09:00:00+02:00", action: "Role added", family: "privilege", source: "Portal",
            actor: "<script>alert(1)</script>", target: "x]]><y>", details: "a<\u{338} \"\u{301} &\u{301} '",
            text: "Role x]]><y> is added & \"quoted\"", file: "logs/a&b.log", location: "logs/a&b.log:7", code: 20206,
            line: 7),
        EntryView(
            time: "2026-10-05T09:00:01+02:00", action: "Unknown code 29999", family: "other", source: "Engine-01",
            actor: "o'brien", target: "", details: "", text: "", file: "-", location: "-:1", code: 29999, line: 1),
    ]

    @Test(arguments: ["html/row", "xml/row"])
    func theCompiledRowTemplateWritesWhatSwiftMustacheWrites(name: String) throws {
        let templates = try TemplateSet()
        let row = try #require(templates.rowTemplates[name])
        #expect(row.pieces != nil, "the default row templates are flat, so they take the fast path")
        let fast = try templates.renderRows(Self.rows, template: name).joined()
        let slow = Self.rows.map { templates.library.render($0, withTemplate: name)! }.joined()
        #expect(fast == slow)
        #expect(!fast.contains("<script>"))
    }

    @Test(arguments: [
        ("<td>{{actor}}</td>\n", true),
        ("<td>{{{text}}}{{& code}}</td>", true),
        ("{{#actor}}x{{/actor}}", false),
        ("{{> html/partials/x}}", false),
        ("{{period.timezone}}", false),
        ("{{nosuchfield}}", false),
        ("{{! comment }}", false),
    ])
    func onlyFlatTemplatesOfRowFieldsAreCompiled(text: String, flat: Bool) {
        #expect((RowTemplate.compile(text) != nil) == flat)
    }

    @Test func aRowTemplateWithSectionsStillRendersThroughSwiftMustache() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/xml", withIntermediateDirectories: true)
        dir.write("xml/row.mustache", "{{#actor}}[{{actor}}]{{/actor}}\n")
        let templates = try TemplateSet(overrides: dir.path)
        #expect(templates.rowTemplates["xml/row"]?.pieces == nil)
        #expect(
            try templates.renderRows(Self.rows, template: "xml/row").joined()
                == "[&lt;script&gt;alert(1)&lt;/script&gt;]\n[o&#39;brien]\n")
    }
}
