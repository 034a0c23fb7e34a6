import Foundation
import Testing
@testable import NXAudit

/// What a scheduler sees: exit codes, outputs that are never half written, and the summary.
@Suite("Scheduled runs")
struct ScheduledRunTests {
    /// A generated October without gaps (a clean month) and its folder.
    func cleanMonth() throws -> (dir: TemporaryDirectory, log: String) {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-11-01", "--events-per-day", "60", "--seed", "12",
            ])
        return (dir, log)
    }

    func report(_ log: String, _ out: String, _ extra: [String] = []) throws -> ProcessResult {
        try nxaudit(["report", "--month", "2026-10", "--timezone", "Europe/Zurich", log, "--output", out] + extra)
    }

    @Test func exitCodesZeroOneAndTwo() throws {
        let (dir, log) = try cleanMonth()
        let clean = try report(log, dir.path + "/0")
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.contains("exit 0: report written"))
        let findings = try report(log, dir.path + "/1", ["--fail-on", "high"])
        #expect(findings.status == 1, "the generated month has high findings")
        #expect(findings.stderr.contains("exit 1: report written with"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/1/nxaudit-2026-10.html"), "written all the same")
        #expect(try report(log, dir.path + "/c", ["--fail-on", "critical"]).status == 0, "no critical finding")

        // 2: no event in the period, a gap, or too many malformed lines.
        let empty = try nxaudit(["report", "--month", "2026-12", log, "--output", dir.path + "/2a"])
        #expect(empty.status == 2 && empty.stderr.contains("no event in the period"))
        let gap = try report(log, dir.path + "/2b", ["--gap-threshold", "90m"])
        #expect(gap.status == 2 && gap.stderr.contains(": longer than the gap threshold of 90m"))
        let broken = dir.write("broken.log", (try String(contentsOfFile: log, encoding: .utf8)) + "garbage\ngarbage\n")
        #expect(try report(broken, dir.path + "/2c", ["--max-malformed", "1"]).status == 2)
        #expect(try report(broken, dir.path + "/2d", ["--max-malformed", "2"]).status == 0)
        #expect(try report(broken, dir.path + "/2e", ["--max-malformed", "0.0001%"]).status == 2)
        // Insufficient evidence wins over findings.
        #expect(try report(log, dir.path + "/2f", ["--gap-threshold", "90m", "--fail-on", "info"]).status == 2)
    }

    @Test func exitCodesForUsageInputOutputAndInternalErrors() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        #expect(try nxaudit(["report", "--month", "2026-10", "--fail-on", "severe", log]).status == 64)
        #expect(try nxaudit(["report", "--month", "2026-10", "--max-malformed", "many", log]).status == 64)
        #expect(try nxaudit(["report", "--month", "2026-10", dir.path + "/missing.log"]).status == 66)
        // 73: the output folder cannot be created (a file stands in the way).
        let blocker = dir.write("blocker", "")
        let cannot = try nxaudit(["report", "--month", "2026-10", log, "--output", blocker + "/reports"])
        #expect(cannot.status == 73, "\(cannot.stderr)")
        // 74: a cut-off gzip is a read error, not a shorter log.
        let full = dir.write(
            "big.log",
            (0..<5000).map {
                "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R\($0 * 7919 % 10007) is added\n"
            }.joined())
        #expect(
            try run("/bin/sh", ["-c", "gzip -n -c '\(full)' | head -c 4000 > '\(dir.path)/cut.log.gz'"]).status == 0)
        #expect(
            try nxaudit(["report", "--month", "2026-10", dir.path + "/cut.log.gz", "--output", dir.path]).status == 74)
        // 78: a user's XML template (from `templates export`) renders a document the schema rejects;
        // the message blames the template, not nxaudit (exit 70 is kept for nxaudit's built-in ones).
        let own = dir.path + "/own-templates"
        #expect(try nxaudit(["templates", "export", own]).status == 0)
        let xml = own + "/xml/report.mustache"
        try (try String(contentsOfFile: xml, encoding: .utf8)).replacingOccurrences(
            of: "<findings count=", with: "<finding count="
        )
        .write(toFile: xml, atomically: true, encoding: .utf8)
        let ownBroken = try nxaudit([
            "report", "--month", "2026-10", log, "--output", dir.path + "/x", "--templates", own,
        ])
        #expect(ownBroken.status == 78, "\(ownBroken.stderr)")
        #expect(ownBroken.stderr.contains("Fix the template"))
        #expect(!ownBroken.stderr.contains("bug in nxaudit's own templates"))
    }

    @Test func anIdenticalRerunIsANoOpADifferentOneNeedsForce() throws {
        let (dir, log) = try cleanMonth()
        let out = dir.path + "/reports"
        #expect(try report(log, out).status == 0)
        let html = out + "/nxaudit-2026-10.html"
        let before = try FileManager.default.attributesOfItem(atPath: html)[.modificationDate] as! Date
        Thread.sleep(forTimeInterval: 0.05)
        let again = try report(log, out)
        #expect(again.status == 0)
        #expect(again.stderr.contains("unchanged (same bytes already there)"))
        #expect(
            try FileManager.default.attributesOfItem(atPath: html)[.modificationDate] as! Date == before,
            "not rewritten")

        let committed = try Data(contentsOf: URL(fileURLWithPath: html))
        let refused = try report(log, out, ["--gap-threshold", "36h"])
        #expect(refused.status == 73)
        #expect(refused.stderr.contains("Pass --force to replace it"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: html)) == committed, "nothing written when refused")
        let forced = try report(log, out, ["--gap-threshold", "36h", "--force"])
        #expect(forced.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: html)) != committed)
        #expect(try nxaudit(["verify", out]).status == 0, "the manifest matches the replaced reports")
    }

    @Test func theNamePatternAndStandardOutput() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        let named = try nxaudit([
            "report", "--from", "2026-10-01", "--to", "2026-10-07", "--name", "audit-{from}-to-{to}", "--format", "xml",
            log, "--output", dir.path,
        ])
        #expect(named.status == 2)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/audit-2026-10-01-to-2026-10-07.xml"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/audit-2026-10-01-to-2026-10-07.manifest.json"))
        #expect(try nxaudit(["report", "--month", "2026-10", "--name", "x-{month}", log]).status == 64)
        #expect(try nxaudit(["report", "--month", "2026-10", "--name", "../x", log]).status == 64)

        let stdout = try nxaudit(["report", "--month", "2026-10", "--format", "xml", "--output", "-", log])
        #expect(stdout.status == 2)
        #expect(stdout.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/xml/nxaudit-report-2.xsd")
        #expect(validator.validate(stdout.stdout).isEmpty)
        #expect(stdout.stderr.contains("standard output (no manifest)"))
        #expect(
            try nxaudit(["report", "--month", "2026-10", "--format", "html,xml", "--output", "-", log]).status == 64)
        #expect(try nxaudit(["report", "--month", "2026-10", "--format", "csv", "--output", "-", log]).status == 64)
    }

    @Test func theJSONSummaryIsOneObjectOnStandardOutput() throws {
        let (dir, log) = try cleanMonth()
        let result = try report(log, dir.path + "/r", ["--summary", "json", "--fail-on", "high"])
        #expect(result.status == 1)
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(summary["exitStatus"] as? Int == 1)
        #expect((summary["period"] as? [String: Any])?["label"] as? String == "2026-10")
        #expect((summary["files"] as? [[String: Any]])?.count == 4, "html, xml, manifest, checksum list")
        #expect((summary["findingsBySeverity"] as? [String: Int])?["high"].map { $0 > 0 } == true)
        #expect(result.stderr.isEmpty, "json goes to standard output, nothing else is printed")
    }

    @Test func quietRunsPrintNothingAndNoProgressWithoutATerminal() throws {
        let (dir, log) = try cleanMonth()
        let quiet = try report(log, dir.path + "/q", ["--quiet"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.isEmpty)
        let piped = try report(log, dir.path + "/p")
        #expect(!piped.stderr.contains("reading"), "no progress line when standard error is not a terminal")
    }

    /// Under a pseudo-terminal (`script`), a progress line is drawn and cleared before the summary.
    @Test func aTerminalShowsAProgressLine() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-11-01", "--target-mb", "40", "--seed", "3",
            ])
        let command = "'\(Checkout.executable)' report --month 2026-10 '\(log)' --output '\(dir.path)/t'"
        let shown = try run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
        #expect(shown.stdout.contains("nxaudit: reading "), "\(shown.stdout.prefix(300))")
        #expect(shown.stdout.contains("% ), ") || shown.stdout.contains("%), "))
        #expect(shown.stdout.contains("\u{1B}[K"), "the line is cleared")
        let quiet = try run(
            "/usr/bin/script", ["-qec", command + " --quiet", "/dev/null"], environment: ["TERM": "xterm"])
        #expect(!quiet.stdout.contains("nxaudit: reading"))
    }

    /// A run killed with SIGKILL leaves either the previous report or the new one, whole, and no other file:
    /// killed while reading, and killed in the middle of writing each file (`NXAUDIT_FAULT_PAUSE_WRITING`
    /// stops the writer after the first bytes of that file, before it has a name).
    @Test func aKilledRunLeavesNoPartialFile() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir,
            arguments: [
                "--start", "2026-10-01", "--end", "2026-11-01", "--target-mb", "8", "--seed", "5",
            ])
        let out = dir.path + "/reports"
        let names = [
            "nxaudit-2026-10.html", "nxaudit-2026-10.xml", "nxaudit-2026-10.manifest.json", "nxaudit-2026-10.sha256",
        ]
        // The previous report (another gap threshold, so other bytes) and the new one, for reference; the
        // manifest records the command line, so the reference runs use the killed run's very arguments.
        let newArguments = [
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", log, "--output", out, "--force", "--quiet",
        ]
        let oldArguments = [
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", log, "--output", out, "--force",
            "--gap-threshold", "36h",
        ]
        #expect(try nxaudit(newArguments).status == 0)
        let new = try names.map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) }
        #expect(try nxaudit(oldArguments).status == 0)
        let old = try names.map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) }
        #expect(old != new)

        func killedRun(pausingAt name: String?) throws -> [Data] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Checkout.executable)
            process.arguments = newArguments
            var environment = ["SOURCE_DATE_EPOCH": "1793491200"]
            if let name { environment["NXAUDIT_FAULT_PAUSE_WRITING"] = name }
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            if let name {
                // Wait until the writer says it is in the middle of `name`.
                var said = Data()
                while !String(decoding: said, as: UTF8.self).contains("paused while writing \(name)") {
                    let chunk = errors.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    said += chunk
                }
                #expect(
                    String(decoding: said, as: UTF8.self).contains("paused while writing \(name)"),
                    "the fault hook was reached")
            } else {
                Thread.sleep(forTimeInterval: 0.2)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let present = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(
                present == names.sorted(), "killed \(name.map { "while writing " + $0 } ?? "while reading"): \(present)"
            )
            return try names.map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) }
        }

        // Killed while reading: the previous report is untouched.
        #expect(try killedRun(pausingAt: nil) == old)
        // Killed in the middle of any file: files are renamed only once all are written, so every file is the
        // previous one.
        for name in names {
            #expect(try killedRun(pausingAt: name) == old, "killed while writing \(name)")
        }
    }
}
