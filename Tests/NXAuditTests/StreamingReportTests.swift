import Foundation
import Mustache
import Testing
@testable import NXAudit

/// A report's documents are rendered, checked and written in one pass: the rows of a large
/// XML report never exist whole in memory, and a document that fails its schema partway
/// leaves nothing behind.
@Suite("Streaming reports", .serialized)
struct StreamingReportTests {
    /// A yearly report over a generated year of about 120 MB (a million lines, 120 000 register
    /// rows, a 43 MB XML document) peaks at about 130 MB of resident memory, the analysis's
    /// peak (the writing's is lower). The bound leaves 15 % for allocators and builds: a change
    /// that holds more per event or per row, or keeps the written XML, goes over it.
    @Test func aYearlyReportStaysUnderItsMemoryBound() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-01-01", "--end", "2027-01-01", "--target-mb", "120", "--prefix", "mixed", "--seed",
                "7",
            ])
        let run = try peakMemory(
            Checkout.executable,
            [
                "report", "--from", "2026-01-01", "--to", "2026-12-31", "--timezone", "Europe/Zurich", "--year", "2026",
                log, "--output", dir.path + "/out", "--quiet",
            ])
        #expect([0, 2].contains(run.status), "exit status \(run.status)")
        let xml = try FileManager.default.attributesOfItem(atPath: dir.path + "/out/nxaudit-2026.xml")[.size] as? Int
        // The document is larger than the slack the bound leaves: holding it would show.
        #expect((xml ?? 0) > 40 << 20, "the XML report has \(xml ?? 0) bytes")
        #expect(run.peakKB < 150 << 10, "peak resident memory \(run.peakKB / 1024) MB")
    }

    /// A custom row template that lets one late row break the XML: the check fails after
    /// thousands of rows were already written to the temporary file, and the earlier report
    /// in the folder stays byte for byte, with nothing beside it.
    @Test func aDocumentThatFailsItsSchemaLateLeavesTheEarlierReport() throws {
        let dir = TemporaryDirectory()
        var lines: [String] = []
        let start: Int64 = 1_790_841_600  // 2026-10-01T08:00:00Z
        for index in 0..<6000 {
            let stamp = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(start + Int64(index))))
            let role = index == 5999 ? "<broken" : "R\(index)"
            lines.append("\(stamp) portal01 nxaudit: [Portal|USER|20206|ana] Role \(role) is added")
        }
        let log = dir.write("audit.log", lines.joined(separator: "\n") + "\n")
        let out = dir.path + "/out"
        let first = try nxaudit(["report", "--month", "2026-10", log, "--output", out, "--quiet"])
        #expect([0, 2].contains(first.status), "\(first.stderr)")
        let before = try folder(out)
        #expect(before.keys.contains("nxaudit-2026-10.xml"))

        try FileManager.default.createDirectory(atPath: dir.path + "/tpl/xml", withIntermediateDirectories: true)
        let row = try String(contentsOfFile: Checkout.templates + "/xml/row.mustache", encoding: .utf8)
        dir.write("tpl/xml/row.mustache", row.replacingOccurrences(of: "{{text}}", with: "{{{text}}}"))
        let broken = try nxaudit([
            "report", "--month", "2026-10", log, "--templates", dir.path + "/tpl", "--output", out, "--force",
        ])
        #expect(broken.status == 78, "\(broken.stderr)")
        #expect(broken.stderr.contains("xml/report.mustache"), "\(broken.stderr)")
        #expect(try folder(out) == before)
    }

    /// Every file of `path` (hidden ones too) and its SHA-256.
    func folder(_ path: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            files[name] = SHA256.file(at: path + "/" + name)?.hex ?? "unreadable"
        }
        return files
    }
}

/// How a document's parts are put together: each register's last line end goes once, also
/// when a register renders nothing and follows another with no text between.
@Suite("Document parts")
struct DocumentPartTests {
    func rows(_ template: String, count: Int, target: String = "") -> RowRenderer {
        let entry = RegisterEntry(
            utcSeconds: 1_790_841_600, code: 20206, action: "Role added", family: .privilege, source: "Portal",
            actor: "ana", target: target, details: "", text: "Role R is added",
            location: EvidenceLocation(input: 0, path: "a.log", line: 1))
        let view = EntryView(entry, clock: ZoneClock(zone: TimeZone(identifier: "UTC")!))
        return RowRenderer(
            count: count, template: "t/row", row: RowTemplate(name: "t/row", text: template),
            library: MustacheLibrary(),
            rows: { range in range.map { _ in view } })
    }

    @Test(arguments: [0, 1, 2047, 2048, 2049, 5000])
    func eachRegisterLosesOneLineEnd(count: Int) throws {
        let document = RenderedDocument(
            splicing: "<\u{1}a\u{1}\u{1}b\u{1}|\u{1}c\u{1}>",
            rows: [
                "\u{1}a\u{1}": rows("{{code}}\n\n", count: count), "\u{1}b\u{1}": rows("{{target}}", count: 3),
                "\u{1}c\u{1}": rows("{{actor}}\n", count: count),
            ])
        let a = count == 0 ? "" : String(repeating: "20206\n\n", count: count).dropLast()
        let c = count == 0 ? "" : String(repeating: "ana\n", count: count).dropLast()
        #expect(try document.text() == "<\(a)|\(c)>")
    }
}
