import Foundation
import Testing
@testable import NXAudit

/// Escaping works on bytes: a markup character followed by a combining mark is one Swift
/// `Character` but still markup to a browser, in a user's template without any pragma too.
@Suite("Markup escaping")
struct MarkupEscapingTests {
    @Test(arguments: ["a<\u{338}b", "q\"\u{301}onmouseover=alert(1)", "amp&\u{301}x", "ap'\u{301}s"])
    func combiningMarksCannotHideMarkupFromEscaping(name: String) throws {
        // A custom template without any content-type pragma, as a user would write it.
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/html", withIntermediateDirectories: true)
        dir.write(
            "html/report.mustache",
            "{{#privilegeRegister.rows}}<td title=\"{{actor}}\">{{actor}}</td>{{/privilegeRegister.rows}}")
        let report = try analyze("2026-10-05T10:00:00Z p x: [Portal|USER|20206|\(name)] Role r is added\n")
        let templates = try TemplateSet(overrides: dir.path)
        let renderer = try ReportRenderer(templates: templates)
        let html = try renderer.render(ReportView(report), as: .html)
        let xml = try renderer.render(ReportView(report), as: .xml)
        // The expected text, escaped scalar by scalar (by Characters, "<" + U+0338 is not "<",
        // the very confusion under test).
        var escaped = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        #expect(escaped != name, "each argument holds a markup character")
        #expect(html == "<td title=\"\(escaped)\">\(escaped)</td>")
        #expect(!html.contains("&\u{301}"))
        #expect(try templates.validator().validate(xml).isEmpty)
    }
}
