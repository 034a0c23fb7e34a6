import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import NXAudit

/// A generated month written in each shape a collector or export gives it reads as the
/// same month: the same events per code, the same findings at the same lines.
@Suite("Line shapes end to end", .serialized)
struct ShapeEndToEndTests {
    static let month = [
        "--start", "2026-10-01", "--end", "2026-11-01", "--tz", "Europe/Zurich", "--seed", "5", "--events-per-day",
        "120", "--admin-per-day", "15", "--engines", "2",
    ]

    /// What a report says of a log: events per code, findings (without file names), accounting.
    struct Reading: Equatable {
        var codes: [String: String]
        var findings: [String]
        var eventsInPeriod, linesRead, linesMalformed: String
        var windows1252Lines: String?
    }

    func read(_ log: String, in dir: TemporaryDirectory, as name: String) throws -> Reading {
        let out = dir.path + "/" + name
        let result = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026", "--format", "xml",
            "--output", out, log,
        ])
        #expect(result.status <= 1, "\(name): \(result.stderr)")
        let xml = try String(contentsOfFile: out + "/nxaudit-2026-10.xml", encoding: .utf8)
        let document = try XMLDocument(data: Data(xml.utf8))
        let findings = try document.nodes(forXPath: "//*[local-name()='finding']").map { node -> String in
            let element = node as! XMLElement
            let attributes = ["rule", "severity", "subject", "time"].map {
                element.attribute(forName: $0)?.stringValue ?? ""
            }
            let summary = try element.nodes(forXPath: "*[local-name()='summary']").first?.stringValue ?? ""
            let lines = try element.nodes(forXPath: "*[local-name()='evidence']/@line").map { $0.stringValue! }
            return (attributes + [summary] + lines).joined(separator: "|")
        }
        let coverage = try #require(try xmlElements("coverage", in: xml).first)
        return Reading(
            codes: Dictionary(
                uniqueKeysWithValues: try xmlElements("eventCount", in: xml).map { ($0["code"]!, $0["count"]!) }),
            findings: findings, eventsInPeriod: coverage["eventsInPeriod"]!, linesRead: coverage["linesRead"]!,
            linesMalformed: coverage["linesMalformed"]!,
            windows1252Lines: try xmlElements("windows1252Lines", in: xml).first?["count"])
    }

    @Test(arguments: [
        "rfc5424", "pri-rfc3164", "pri-rfc3339", "iso-compact-offset", "iso-hour-offset", "journal-short",
        "journal-short-precise", "journal-short-iso", "journal-short-iso-precise", "journal-short-full",
    ])
    func eachShapeReadsAsTheSameMonth(prefix: String) throws {
        let dir = TemporaryDirectory()
        let (original, _) = try generateLog(
            in: dir, name: "rfc3339.log", arguments: Self.month + ["--prefix", "rfc3339"])
        let (shaped, _) = try generateLog(in: dir, name: "\(prefix).log", arguments: Self.month + ["--prefix", prefix])
        #expect(
            try String(contentsOfFile: shaped, encoding: .utf8)
                != (try String(contentsOfFile: original, encoding: .utf8)))
        let expected = try read(original, in: dir, as: "original")
        let got = try read(shaped, in: dir, as: prefix)
        #expect(got.linesMalformed == "0")
        #expect(Int(got.eventsInPeriod)! > 3000)
        #expect(got == expected)
        #expect(got.findings.count > 10)
    }

    /// The same month with Windows-1252 names, and its UTF-8 conversion by iconv: one reading.
    @Test func windows1252NamesReadAsTheirUTF8Conversion() throws {
        let dir = TemporaryDirectory()
        let (log, truthPath) = try generateLog(
            in: dir, name: "cp1252.log", arguments: Self.month + ["--prefix", "rfc5424", "--encoding", "windows-1252"])
        let converted = dir.path + "/utf8.log"
        let iconv = try run("/usr/bin/iconv", ["-f", "CP1252", "-t", "UTF-8", "-o", converted, log])
        #expect(iconv.status == 0, "\(iconv.stderr)")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truthPath)))
        let windows1252Lines = try #require((truth as? [String: Any])?["windows1252_lines"] as? Int)
        #expect(windows1252Lines > 10)
        var got = try read(log, in: dir, as: "cp1252")
        let expected = try read(converted, in: dir, as: "utf8")
        #expect(got.windows1252Lines == String(windows1252Lines))
        #expect(expected.windows1252Lines == nil)
        got.windows1252Lines = nil
        #expect(got == expected)
        #expect(got.findings.contains { $0.contains("ç") || $0.contains("ü") || $0.contains("ë") || $0.contains("š") })
    }
}
