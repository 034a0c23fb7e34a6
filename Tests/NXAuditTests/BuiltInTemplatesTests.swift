import Foundation
import Testing
@testable import NXAudit

/// The default templates and the XSD are compiled into nxaudit from `templates/`, which stays their one source.
@Suite("Built-in templates")
struct BuiltInTemplatesTests {
    /// Every file under `templates/`, as a path relative to it.
    static func checkoutFiles() throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Checkout.templates))
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: Checkout.templates + "/" + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    @Test func theBuiltInBytesAreTheFilesOfTemplates() throws {
        let files = try Self.checkoutFiles()
        #expect(TemplateSet.builtIn.map(\.path) == files)
        for file in TemplateSet.builtIn {
            let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Checkout.templates + "/" + file.path)))
            #expect(file.bytes == onDisk, "built-in \(file.path) differs from templates/\(file.path)")
        }
        #expect(files.contains(TemplateSet.schemaFile) && files.contains("html/report.mustache"))
    }

    @Test func messagesNameABuiltInFileAsSuch() throws {
        let templates = try TemplateSet()
        #expect(templates.files["html/report"] == "built-in:html/report.mustache")
        #expect(templates.schema.origin == "built-in:" + TemplateSet.schemaFile)
    }

    @Test func anOverrideReplacesOneFileAndKeepsTheOthers() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/html", withIntermediateDirectories: true)
        let mine = dir.write("html/report.mustache", "<p>{{period.label}}</p>\n")
        let templates = try TemplateSet(overrides: dir.path)
        #expect(templates.files["html/report"] == mine)
        #expect(templates.files["xml/report"] == "built-in:xml/report.mustache")
    }

    @Test func exportWritesEveryFileOnceAndRefusesToReplaceOthers() throws {
        let dir = TemporaryDirectory()
        let target = dir.path + "/mine"
        let written = try TemplateSet.exportBuiltIn(to: target, replace: false)
        #expect(written.count == TemplateSet.builtIn.count)
        for file in TemplateSet.builtIn {
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: target + "/" + file.path))) == file.bytes)
        }
        #expect(try TemplateSet.exportBuiltIn(to: target, replace: false).isEmpty, "same bytes: nothing to write")

        let edited = target + "/html/report.mustache"
        try Data("edited\n".utf8).write(to: URL(fileURLWithPath: edited))
        let untouched = target + "/xml/report.mustache"
        try FileManager.default.removeItem(atPath: untouched)
        #expect(throws: TemplateSet.ExportError.self) { try TemplateSet.exportBuiltIn(to: target, replace: false) }
        #expect(try String(contentsOfFile: edited, encoding: .utf8) == "edited\n", "a refused export writes nothing")
        #expect(!FileManager.default.fileExists(atPath: untouched), "a refused export writes nothing")
        #expect(try TemplateSet.exportBuiltIn(to: target, replace: true).sorted() == [edited, untouched].sorted())
    }

    /// The installed binary needs nothing beside it: copied alone into an empty folder and run from `/`,
    /// it writes the same report as in the checkout, and exports the templates that made it.
    @Test func theBinaryCopiedAloneWritesTheSameReport() throws {
        let dir = TemporaryDirectory()
        let alone = dir.path + "/bin/nxaudit"
        try FileManager.default.createDirectory(atPath: dir.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Checkout.executable, toPath: alone)
        let log = Checkout.root.appendingPathComponent("samples/logs/audit.log").path
        let arguments = [
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026", log, "--quiet",
        ]
        let environment = ["SOURCE_DATE_EPOCH": "1793491200", "PATH": "/usr/bin:/bin"]
        let copied = try run(alone, arguments + ["--output", dir.path + "/copied"], environment: environment, in: "/")
        let checkout = try run(
            Checkout.executable, arguments + ["--output", dir.path + "/checkout"], environment: environment)
        #expect(copied.status == checkout.status, "\(copied.stderr)")
        for ext in ["html", "xml"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/copied/nxaudit-2026-10." + ext))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/checkout/nxaudit-2026-10." + ext))
            #expect(a == b, "\(ext) differs")
        }
        #expect(try run(alone, ["templates", "export", dir.path + "/exported"], in: "/").status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: dir.path + "/exported/xml/report.mustache"))
                == Data(contentsOf: URL(fileURLWithPath: Checkout.templates + "/xml/report.mustache")))
    }

    @Test func versionNamesTheReleaseAndTheCommit() throws {
        let result = try nxaudit(["--version"])
        #expect(result.status == 0)
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.hasPrefix(NXAuditVersion.current + " (commit "))
        let commit = try run("/usr/bin/env", ["git", "-C", Checkout.root.path, "rev-parse", "--short=12", "HEAD"])
        if commit.status == 0 {
            #expect(text.contains(commit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(text)")
        }
    }
}
