import Foundation
import Testing
@testable import NXAudit

/// `nxaudit inspect` reads what a report reads: its counts are the report's accounting.
@Suite("Inspect")
struct InspectTests {
    struct Counts: Decodable, Equatable {
        var linesRead, events: Int
        var balanced: Bool
    }

    /// The report's accounting over all of `inputs` (a period that holds every line).
    func reportAccounting(_ inputs: [String], in dir: TemporaryDirectory) throws -> [String: String] {
        let result = try nxaudit(
            ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--timezone", "Europe/Zurich", "--year", "2026"]
                + ["--format", "xml", "--output", dir.path + "/report"] + inputs)
        #expect(result.status <= 2, "\(result.stderr)")
        let xml = try String(contentsOfFile: dir.path + "/report/nxaudit-2026.xml", encoding: .utf8)
        return try #require(try xmlElements("coverage", in: xml).first)
    }

    func inspect(_ inputs: [String]) throws -> [String: Any] {
        let result = try nxaudit(
            ["inspect", "--timezone", "Europe/Zurich", "--year", "2026", "--format", "json"] + inputs)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func lines(_ group: Any?) -> Int { (group as? [String: Any])?["lines"] as? Int ?? -1 }

    @Test func theSamplesCountsAreTheReports() throws {
        let dir = TemporaryDirectory()
        let coverage = try reportAccounting([Checkout.root.path + "/samples/logs"], in: dir)
        let json = try inspect([Checkout.root.path + "/samples/logs"])
        #expect(json["linesRead"] as? Int == Int(coverage["linesRead"]!))
        #expect(json["events"] as? Int == Int(coverage["eventsInPeriod"]!)! + Int(coverage["eventsOutsidePeriod"]!)!)
        #expect(lines(json["duplicates"]) == Int(coverage["duplicates"]!))
        let malformed = (json["malformed"] as? [Any] ?? []).reduce(0) { $0 + lines($1) }
        #expect(malformed == Int(coverage["linesMalformed"]!))
        #expect(json["balanced"] as? Bool == true)
        #expect((json["inputs"] as? [Any])?.count == 4)
    }

    @Test func aMixedFolderIsDescribedFileByFile() throws {
        let dir = TemporaryDirectory()
        let folder = dir.path + "/site"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let arguments = [
            "--start", "2026-10-01", "--end", "2026-10-08", "--tz", "Europe/Zurich", "--seed", "3", "--rotate", "2",
            "--output-dir", folder,
        ]
        #expect(try run(Checkout.generator, arguments + ["--prefix", "rfc5424"]).status == 0)
        // A gzip copy of the rotated file (its lines all repeat), an API error body, an HTML page.
        #expect(try run("/bin/sh", ["-c", "gzip -nc \(folder)/audit.log.1 > \(folder)/audit.log.9.gz"]).status == 0)
        dir.write("site/engine07.log", "[{\"code\": 500, \"message\": \"Engine engine07 is unknown\"}]\n")
        dir.write("site/login.log", "<!DOCTYPE html><html><head><title>Sign in</title></head></html>\n")
        let coverage = try reportAccounting([folder], in: dir)
        let json = try inspect([folder])
        #expect(json["linesRead"] as? Int == Int(coverage["linesRead"]!))
        #expect(json["events"] as? Int == Int(coverage["eventsInPeriod"]!)! + Int(coverage["eventsOutsidePeriod"]!)!)
        #expect(lines(json["duplicates"]) == Int(coverage["duplicates"]!) && lines(json["duplicates"]) > 100)
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        let byName = Dictionary(
            uniqueKeysWithValues: inputs.map { (($0["path"] as! String).split(separator: "/").last!, $0) })
        #expect((byName["engine07.log"]?["notAuditLog"] as? String)?.contains("Audit Trail API error response") == true)
        #expect((byName["login.log"]?["notAuditLog"] as? String)?.contains("HTML page") == true)
        let shapes = try #require(byName["audit.log"]?["shapes"] as? [[String: Any]])
        #expect(shapes.map { $0["shape"] as? String } == ["rfc5424"])
        #expect(shapes.first?["priority"] as? Bool == true)
        #expect((shapes.first?["exampleLine"] as? String)?.hasPrefix("<") == true)
        let warnings = try #require(json["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("engine07.log is an Audit Trail API error response") })
        #expect(warnings.contains { $0.contains("copies of lines of an earlier input") })
        let command = try #require(json["suggestedCommand"] as? String)
        #expect(command.hasPrefix("nxaudit report --month 2026-10 --timezone Europe/Zurich"))
        #expect(!command.contains("engine07.log") && !command.contains("login.log"))
    }

    @Test func theTextNamesShapesZonesAndACommand() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            "Oct  5 14:03:22 portal01 nxportal[1]: [Portal|USER|20201|anna.k] User created carl.b is created\n"
                + "<134>1 2026-10-05T14:03:23+02:00 portal01 nxportal 1 - - [Portal|USER|20202|anna.k] "
                + "User deleted carl.b is removed\n")
        let result = try nxaudit(["inspect", "--year", "2026", log])
        #expect(result.status == 0)
        #expect(result.stdout.contains("shape    RFC 3164 (no year, no zone): 1 line(s); first at \(log):1:"))
        #expect(result.stdout.contains("shape    <PRI> + RFC 5424: 1 line(s); first at \(log):2:"))
        #expect(result.stdout.contains("carry no zone"))
        #expect(result.stdout.contains("nxaudit report --month 2026-10 --timezone ZONE --year 2026 \(log)"))
    }
}
