import Foundation
import Testing
@testable import NXAudit

@Suite("Command line inputs")
struct CommandLineInputTests {
    @Test func standardInputIsReadAndNamedDash() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("in.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|ana] Role R is added\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Checkout.executable)
        process.arguments = ["report", "--month", "2026-10", "--format", "xml", "-", "--output", dir.path]
        process.standardInput = FileHandle(forReadingAtPath: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(try xmlElements("input", in: xml).map { $0["path"] } == ["-"])
        #expect(try xmlElements("entry", in: xml).first?["file"] == "-")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("nxaudit-stdin-\(process.processIdentifier)-") }
        #expect(leftovers.isEmpty, "the spool file of standard input is removed")
    }

    @Test(arguments: [("90m", Int64(5400)), ("24h", 86_400), ("2d", 172_800)])
    func gapThresholds(text: String, seconds: Int64) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(arguments: ["", "24", "0h", "-3h", "1.5h", "h"])
    func badGapThresholdsAreRefused(text: String) throws {
        #expect(DurationText.seconds(text) == nil)
        let result = try nxaudit(["report", "--month", "2026-10", "--gap-threshold", text, "x.log"])
        #expect(result.status == 64)
    }

    @Test func aShorterGapThresholdFindsTheSilentStretch() throws {
        let dir = TemporaryDirectory()
        let log = dir.write(
            "audit.log",
            """
            2026-10-01T00:30:00Z h t: [Portal|SYSTEM|20001|*system] a
            2026-10-01T06:30:00Z h t: [Portal|SYSTEM|20001|*system] b
            2026-10-01T23:30:00Z h t: [Portal|SYSTEM|20001|*system] c

            """)
        let result = try nxaudit([
            "report", "--from", "2026-10-01", "--to", "2026-10-01", "--gap-threshold", "12h",
            "--format", "xml", log, "--output", dir.path,
        ])
        #expect(result.status == 2, "\(result.stderr)")  // written; the sparse evidence has gaps: exit 2
        let xml = try String(contentsOfFile: dir.path + "/nxaudit-2026-10-01_2026-10-01.xml", encoding: .utf8)
        #expect(
            try xmlElements("coverage/gaps/gap", in: xml) == [
                ["from": "2026-10-01T06:30:00+00:00", "to": "2026-10-01T23:30:00+00:00", "hours": "17"]
            ])
        #expect(try xmlElements("finding", in: xml).contains { $0["rule"] == "evidence_gap" })
    }
}
