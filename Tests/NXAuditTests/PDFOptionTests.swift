import Foundation
import Testing
@testable import NXAudit

/// `--format pdf` before WeasyPrint runs: found or named, refused where it cannot be, and the XML
/// it embeds always written. (The PDF itself, PDF/A-3b with its attachments, is checked with
/// qpdf and poppler by `Scripts/pdf-test.sh`.)
@Suite("PDF options")
struct PDFOptionTests {
    let month = ["report", "--month", "2026-10", "--timezone", "UTC", "--year", "2026"]

    @Test func withoutWeasyPrintTheRunStopsBeforeReadingAndSaysWhatToInstall() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log", "2026-10-05T12:03:22Z portal01 nxportal[1]: [Portal|SYSTEM|20001|*system] Portal is starting\n"
        )
        let result = try nxaudit(
            month + ["--format", "pdf", log, "--output", dir.path + "/out"],
            environment: ["PATH": "/nonexistent", "SOURCE_DATE_EPOCH": "1793491200"])
        #expect(result.status == ExitStatus.unavailable.rawValue)
        #expect(result.stderr.contains("WeasyPrint is not on PATH"))
        #expect(result.stderr.contains("apt-get install weasyprint"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"), "nothing was written")

        let named = try nxaudit(month + ["--format", "pdf", "--pdf-renderer", dir.path + "/none", log])
        #expect(named.status == ExitStatus.unavailable.rawValue && named.stderr.contains("none is not WeasyPrint"))
    }

    @Test func aPDFCannotGoToStandardOutputNorASignatureWithoutAManifest() throws {
        let pdf = try nxaudit(month + ["--format", "pdf", "--output", "-", "x.log"])
        #expect(pdf.status == ExitStatus.usage.rawValue && pdf.stderr.contains("html, xml, json or oscal"))
        let signed = try nxaudit(month + ["--format", "xml", "--output", "-", "--sign-key", "k", "x.log"])
        #expect(signed.status == ExitStatus.usage.rawValue && signed.stderr.contains("--sign-key signs the manifest"))
    }

    @Test func thePDFBringsItsXML() {
        #expect(ReportFormat.needed(by: [.pdf]) == [.pdf, .xml])
        #expect(ReportFormat.needed(by: [.html, .xml, .pdf]) == [.html, .xml, .pdf])
        #expect(ReportFormat.needed(by: [.html]) == [.html])
    }

    /// The command found on PATH is a Python script; its first line names the Python that imports WeasyPrint.
    @Test(arguments: [("#!/usr/bin/python3\n", "/usr/bin/python3"), ("#!/usr/bin/env python3\n", "python3")])
    func theInterpreterComesFromTheCommandsFirstLine(line: String, interpreter: String) throws {
        let dir = TemporaryDirectory()
        let command = dir.write("weasyprint", line + "import weasyprint\n")
        chmod(command, 0o755)
        let renderer = try PDFRenderer.find(override: command)
        #expect(renderer.command == command)
        let expected = interpreter.hasPrefix("/") ? interpreter : try #require(Subprocess.find(interpreter))
        #expect(
            URL(fileURLWithPath: renderer.python).resolvingSymlinksInPath()
                == URL(fileURLWithPath: expected).resolvingSymlinksInPath())
    }

    /// A command whose first line names no Python is not WeasyPrint; a Python given by name is run as it is.
    @Test func aShellScriptIsNotWeasyPrintAndAPythonIsItsOwnInterpreter() throws {
        let dir = TemporaryDirectory()
        let script = dir.write("weasyprint", "#!/bin/sh\nexec true\n")
        chmod(script, 0o755)
        #expect(throws: PDFError.missing(given: script)) { try PDFRenderer.find(override: script) }
        let python = dir.write("python3", "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n")
        chmod(python, 0o755)
        #expect(try PDFRenderer.find(override: python).python == python)
    }
}
