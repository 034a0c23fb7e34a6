import Foundation
import Testing
@testable import NXAudit

/// Period keywords, pinned "now", and calendar edges.
@Suite("Period keywords")
struct PeriodKeywordTests {
    let zurich = TimeZone(identifier: "Europe/Zurich")!

    func period(_ keyword: PeriodKeyword, now: String) throws -> ReportPeriod {
        let formatter = ISO8601DateFormatter()
        let seconds = Int64(formatter.date(from: now)!.timeIntervalSince1970)
        return try keyword.period(today: PeriodKeyword.today(nowSeconds: seconds, timeZone: zurich), timeZone: zurich)
    }

    /// "Now" is 1 November 2026, 00:30 in Zurich (still 31 October in UTC): the keywords count from the local date.
    @Test(arguments: [
        (PeriodKeyword.lastMonth, "2026-10-01", "2026-10-31", "[2026-10-01T00:00:00+02:00, 2026-11-01T00:00:00+01:00)", "2026-10"),
        (.thisMonth, "2026-11-01", "2026-11-01", "[2026-11-01T00:00:00+01:00, 2026-11-02T00:00:00+01:00)", "2026-11-01_2026-11-01"),
        (.lastQuarter, "2026-07-01", "2026-09-30", "[2026-07-01T00:00:00+02:00, 2026-10-01T00:00:00+02:00)", "2026-Q3"),
        (.thisQuarter, "2026-10-01", "2026-11-01", "[2026-10-01T00:00:00+02:00, 2026-11-02T00:00:00+01:00)", "2026-10-01_2026-11-01"),
        (.lastYear, "2025-01-01", "2025-12-31", "[2025-01-01T00:00:00+01:00, 2026-01-01T00:00:00+01:00)", "2025"),
        (.yesterday, "2026-10-31", "2026-10-31", "[2026-10-31T00:00:00+01:00, 2026-11-01T00:00:00+01:00)", "2026-10-31_2026-10-31"),
        (.last7Days, "2026-10-25", "2026-10-31", "[2026-10-25T00:00:00+02:00, 2026-11-01T00:00:00+01:00)", "2026-10-25_2026-10-31"),
    ])
    func keywordsAreHalfOpenLocalDays(keyword: PeriodKeyword, from: String, to: String, interval: String, label: String) throws {
        let p = try period(keyword, now: "2026-10-31T23:30:00Z")
        #expect(p.firstDay.description == from && p.lastDay.description == to)
        #expect(p.interval == interval)
        #expect(p.label == label)
    }

    @Test func yesterdayAcrossTheDSTChangeHas25Hours() throws {
        // 26 October 2026, 10:00 Zurich: yesterday is the 25th, the day clocks went back.
        let p = try period(.yesterday, now: "2026-10-26T09:00:00Z")
        #expect(p.endSeconds - p.startSeconds == 25 * 3600)
    }

    @Test func quartersAndMonthsAcrossYearsAndLeapDays() throws {
        let january = try period(.lastQuarter, now: "2026-01-15T12:00:00Z")
        #expect(january.label == "2025-Q4" && january.firstDay.description == "2025-10-01" && january.lastDay.description == "2025-12-31")
        let march2028 = try period(.lastMonth, now: "2028-03-01T12:00:00Z")
        #expect(march2028.lastDay.description == "2028-02-29" && march2028.dayCount == 29)
        let march2027 = try period(.lastMonth, now: "2027-03-01T12:00:00Z")
        #expect(march2027.dayCount == 28)
        #expect(try period(.lastYear, now: "2029-01-01T00:00:00Z").dayCount == 366, "2028 is a leap year")
        #expect(try period(.last7Days, now: "2028-03-01T12:00:00Z").firstDay.description == "2028-02-23")
    }

    @Test func aPeriodToDateIsNeverNamedLikeTheWholeMonth() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        // On the last day of October, this-month covers every day of October, but not all of its events yet.
        _ = try nxaudit(["report", "--period", "this-month", "--now", "2026-10-31T12:00:00Z", "--format", "xml", log, "--output", dir.path])
        #expect(FileManager.default.fileExists(atPath: dir.path + "/nxaudit-2026-10-01_2026-10-31.xml"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/nxaudit-2026-10.xml"))
        let tooLate = try nxaudit(["report", "--period", "last-month", "--format", "xml", log, "--output", dir.path],
                                  environment: ["SOURCE_DATE_EPOCH": "253402300800"])
        #expect(tooLate.status == 64, "a clock beyond 9999 is a usage error, not a crash")
    }

    @Test func theCommandLinePinsNowWithTheFlagOrSourceDateEpoch() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        let flag = try nxaudit(["report", "--period", "last-month", "--now", "2026-11-01T02:00:00+01:00", "--timezone", "Europe/Zurich",
                                "--format", "xml", "--summary", "json", log, "--output", dir.path + "/a"])
        #expect(flag.status == 2, "\(flag.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/a/nxaudit-2026-10.xml"))
        // SOURCE_DATE_EPOCH 1793491200 is 2026-11-01T00:00:00Z.
        let epoch = try nxaudit(["report", "--period", "last-quarter", "--timezone", "Europe/Zurich", "--format", "xml", log,
                                 "--output", dir.path + "/b"])
        #expect(FileManager.default.fileExists(atPath: dir.path + "/b/nxaudit-2026-Q3.xml"), "\(epoch.stderr)")
    }

    @Test(arguments: [
        (["--period", "last-month", "--month", "2026-10"], "cannot be combined"),
        (["--period", "last-month", "--from", "2026-10-01", "--to", "2026-10-02"], "cannot be combined"),
        (["--period", "last-fortnight"], "not a period keyword"),
        (["--month", "2026-10", "--now", "2026-11-01T00:00:00Z"], "only sets the instant"),
        (["--period", "last-month", "--now", "yesterday"], "not an RFC 3339 instant"),
        (["--period", "last-month", "--now", "0001-01-10T00:00:00Z"], "beyond the years"),
        (["--month", "2026-10", "--format", "xml", "--output", "-", "--summary", "json"], "both write to standard output"),
    ])
    func misusedPeriodFlagsAreUsageErrors(arguments: [String], message: String) throws {
        let result = try nxaudit(["report"] + arguments + ["x.log"])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

/// What a scheduler sees: exit codes, outputs that are never half written, and the summary.
@Suite("Scheduled runs")
struct ScheduledRunTests {
    /// A generated October without gaps (a clean month) and its folder.
    func cleanMonth() throws -> (dir: TemporaryDirectory, log: String) {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(in: dir, arguments: [
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
        #expect(gap.status == 2 && gap.stderr.contains("without any event longer than 90m"))
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
        let full = dir.write("big.log", (0..<5000).map { "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R\($0 * 7919 % 10007) is added\n" }.joined())
        #expect(try run("/bin/sh", ["-c", "gzip -n -c '\(full)' | head -c 4000 > '\(dir.path)/cut.log.gz'"]).status == 0)
        #expect(try nxaudit(["report", "--month", "2026-10", dir.path + "/cut.log.gz", "--output", dir.path]).status == 74)
        // 78: a user's XML template (from `templates export`) renders a document the schema rejects;
        // the message blames the template, not nxaudit (exit 70 is kept for nxaudit's built-in ones).
        let own = dir.path + "/own-templates"
        #expect(try nxaudit(["templates", "export", own]).status == 0)
        let xml = own + "/xml/report.mustache"
        try (try String(contentsOfFile: xml, encoding: .utf8)).replacingOccurrences(of: "<findings count=", with: "<finding count=")
            .write(toFile: xml, atomically: true, encoding: .utf8)
        let ownBroken = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path + "/x", "--templates", own])
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
        #expect(try FileManager.default.attributesOfItem(atPath: html)[.modificationDate] as! Date == before, "not rewritten")

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
        let named = try nxaudit(["report", "--from", "2026-10-01", "--to", "2026-10-07", "--name", "audit-{from}-to-{to}", "--format", "xml",
                                 log, "--output", dir.path])
        #expect(named.status == 2)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/audit-2026-10-01-to-2026-10-07.xml"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/audit-2026-10-01-to-2026-10-07.manifest.json"))
        #expect(try nxaudit(["report", "--month", "2026-10", "--name", "x-{month}", log]).status == 64)
        #expect(try nxaudit(["report", "--month", "2026-10", "--name", "../x", log]).status == 64)

        let stdout = try nxaudit(["report", "--month", "2026-10", "--format", "xml", "--output", "-", log])
        #expect(stdout.status == 2)
        #expect(stdout.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        let validator = try XMLSchemaValidator(schemaPath: Checkout.templates + "/xml/nxaudit-report-1.xsd")
        #expect(validator.validate(stdout.stdout).isEmpty)
        #expect(stdout.stderr.contains("standard output (no manifest)"))
        #expect(try nxaudit(["report", "--month", "2026-10", "--format", "html,xml", "--output", "-", log]).status == 64)
        #expect(try nxaudit(["report", "--month", "2026-10", "--format", "csv", "--output", "-", log]).status == 64)
    }

    @Test func theJSONSummaryIsOneObjectOnStandardOutput() throws {
        let (dir, log) = try cleanMonth()
        let result = try report(log, dir.path + "/r", ["--summary", "json", "--fail-on", "high"])
        #expect(result.status == 1)
        let summary = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(summary["exitStatus"] as? Int == 1)
        #expect((summary["period"] as? [String: Any])?["label"] as? String == "2026-10")
        #expect((summary["files"] as? [[String: Any]])?.count == 3)
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
        let (log, _) = try generateLog(in: dir, arguments: [
            "--start", "2026-10-01", "--end", "2026-11-01", "--target-mb", "40", "--seed", "3",
        ])
        let command = "'\(Checkout.executable)' report --month 2026-10 '\(log)' --output '\(dir.path)/t'"
        let shown = try run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["TERM": "xterm"])
        #expect(shown.stdout.contains("nxaudit: reading "), "\(shown.stdout.prefix(300))")
        #expect(shown.stdout.contains("% ), ") || shown.stdout.contains("%), "))
        #expect(shown.stdout.contains("\u{1B}[K"), "the line is cleared")
        let quiet = try run("/usr/bin/script", ["-qec", command + " --quiet", "/dev/null"], environment: ["TERM": "xterm"])
        #expect(!quiet.stdout.contains("nxaudit: reading"))
    }

    /// A run killed with SIGKILL leaves either the previous report or the new one, whole, and no other file:
    /// killed while reading, and killed in the middle of writing each file (`NXAUDIT_FAULT_PAUSE_WRITING`
    /// stops the writer after the first bytes of that file, before it has a name).
    @Test func aKilledRunLeavesNoPartialFile() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(in: dir, arguments: [
            "--start", "2026-10-01", "--end", "2026-11-01", "--target-mb", "8", "--seed", "5",
        ])
        let out = dir.path + "/reports"
        let names = ["nxaudit-2026-10.html", "nxaudit-2026-10.xml", "nxaudit-2026-10.manifest.json"]
        // The previous report (another gap threshold, so other bytes) and the new one, for reference; the
        // manifest records the command line, so the reference runs use the killed run's very arguments.
        let newArguments = ["report", "--month", "2026-10", "--timezone", "Europe/Zurich", log, "--output", out, "--force", "--quiet"]
        let oldArguments = ["report", "--month", "2026-10", "--timezone", "Europe/Zurich", log, "--output", out, "--force", "--gap-threshold", "36h"]
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
                #expect(String(decoding: said, as: UTF8.self).contains("paused while writing \(name)"), "the fault hook was reached")
            } else {
                Thread.sleep(forTimeInterval: 0.2)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let present = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(present == names.sorted(), "killed \(name.map { "while writing " + $0 } ?? "while reading"): \(present)")
            return try names.map { try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0)) }
        }

        // Killed while reading: the previous report is untouched.
        #expect(try killedRun(pausingAt: nil) == old)
        // Killed in the middle of any file: files are renamed only once all are written, so every file is the previous one.
        for name in names {
            #expect(try killedRun(pausingAt: name) == old, "killed while writing \(name)")
        }
    }
}

/// A small tmpfs where the test may mount one (root on Linux): a disk that fills up.
enum SmallDisk {
    /// Whether a tmpfs can be mounted here; the disk-full test is skipped (and says so) where not.
    static let available: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("nxaudit-tmpfs-probe-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]))?.status == 0 else { return false }
        _ = try? run("/bin/umount", [probe])
        return true
    }()
}

@Suite("Full disk")
struct FullDiskTests {
    /// With --force on a disk that fills up while the new reports are written, the run exits 74 and every
    /// previous file stays as it was, with no temporary file left.
    @Test(.enabled(if: SmallDisk.available, "needs root to mount a small tmpfs"))
    func aFullDiskLeavesThePreviousReportWhole() throws {
        let dir = TemporaryDirectory()
        let disk = dir.path + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        #expect(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=400k", "tmpfs", disk]).status == 0)
        defer { _ = try? run("/bin/umount", [disk]) }
        let small = dir.write("small.log", "2026-10-05T09:00:00Z h t: [Portal|USER|20206|admin] Role R is added\n")
        let old = try nxaudit(["report", "--month", "2026-10", small, "--output", disk])
        #expect(old.status == 2, "\(old.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: disk).sorted()
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: disk + "/" + $0)) }
        // A month with thousands of rows: its reports do not fit beside the previous ones.
        let (big, _) = try generateLog(in: dir, arguments: ["--start", "2026-10-01", "--end", "2026-11-01", "--events-per-day", "200", "--seed", "8"])
        let full = try nxaudit(["report", "--month", "2026-10", big, "--output", disk, "--force"])
        #expect(full.status == 74, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk).sorted() == names, "no new and no temporary file")
        #expect(try names.map { try Data(contentsOf: URL(fileURLWithPath: disk + "/" + $0)) } == before, "the previous report is whole")
    }
}
