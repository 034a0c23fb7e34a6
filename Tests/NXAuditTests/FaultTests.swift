import Foundation
import Testing
@testable import NXAudit

/// Bad input, bad places to write, huge and growing files, damaged archives: each gets a clear
/// message naming the path and what to do, and the exit code the README documents.
///
/// Faults tested elsewhere: a cut-off `.gz` (74, `ReviewRegressionTests.aCutOffGzipIsAReadErrorNotAShortLog`
/// and `SchedulingTests.exitCodesForUsageInputOutputAndInternalErrors`), a disk that fills up while
/// writing (74, `FullDiskTests`), a run killed mid-write (`SchedulingTests.aKilledRunLeavesNoPartialFile`),
/// an archive that is not SQLite, of another program or of a newer nxaudit (65,
/// `ArchiveTests.archivesFromElsewhereAreRefusedAndLeftAlone`), an archive another writer holds
/// (75, `ArchiveTests.aKilledIngestLeavesTheArchiveAsItWasAndASecondWriterWaitsThenFails`).
@Suite("Faults")
struct FaultTests {
    static let line = "2026-10-05T09:00:00Z portal01 nxportal[1]: [Portal|USER|20206|admin] Role R is added\n"

    func report(_ inputs: [String], _ out: String, _ extra: [String] = []) throws -> ProcessResult {
        try nxaudit(
            ["report", "--month", "2026-10", "--gap-threshold", "31d", "--format", "xml", "--summary", "json"] + inputs
                + ["--output", out] + extra)
    }

    /// The JSON summary a run prints on standard output.
    func summary(_ result: ProcessResult) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object, "a JSON summary: \(result.stdout) \(result.stderr)")
    }

    // MARK: Inputs

    @Test func aMissingInputOrOneOfTheWrongKindExits66NamingIt() throws {
        let dir = TemporaryDirectory()
        let missing = try nxaudit(["report", "--month", "2026-10", dir.path + "/nope.log", "--output", dir.path])
        #expect(
            missing.status == 66
                && missing.stderr.contains("\(dir.path)/nope.log: no such file or directory; check the path"),
            "\(missing.stderr)")
        // A character device (endless /dev/zero) is neither a log file nor a folder of logs.
        let device = try nxaudit(["report", "--month", "2026-10", "/dev/zero", "--output", dir.path])
        #expect(
            device.status == 66 && device.stderr.contains("/dev/zero: neither a regular file nor a directory"),
            "\(device.stderr)")
        // A folder without logs.
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: true)
        let folder = try nxaudit(["report", "--month", "2026-10", dir.path + "/empty", "--output", dir.path])
        #expect(folder.status == 66 && folder.stderr.contains("holds no audit log"), "\(folder.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["empty"], "nothing was written")
    }

    @Test func aDirectoryWhereAFileBelongsAndAFileWhereADirectoryBelongs() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", Self.line)
        let folder = dir.path + "/folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let policy = try nxaudit(["report", "--month", "2026-10", log, "--policy", folder, "--output", dir.path + "/a"])
        #expect(policy.status == 66 && policy.stderr.contains(folder), "\(policy.stderr)")
        let baseline = try nxaudit([
            "report", "--month", "2026-10", log, "--baseline", folder, "--output", dir.path + "/b",
        ])
        #expect(baseline.status == 66 && baseline.stderr.contains(folder), "\(baseline.stderr)")
        let output = try nxaudit(["report", "--month", "2026-10", log, "--output", log])
        #expect(
            output.status == 73 && output.stderr.contains("\(log): cannot create the output directory"),
            "\(output.stderr)")
        let templates = try nxaudit([
            "report", "--month", "2026-10", log, "--templates", log, "--output", dir.path + "/c",
        ])
        #expect(templates.status == 78 && templates.stderr.contains(log), "\(templates.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["audit.log", "folder"],
            "nothing was written")
    }

    /// An empty file is read (it may be a log just rotated) and named in a warning; alone it leaves
    /// no event in the period: exit 2.
    @Test func anEmptyFileIsNamedInAWarningAndAloneExits2() throws {
        let dir = TemporaryDirectory()
        let empty = dir.write("audit.log", "")
        let log = dir.write("audit.log.1", Self.line)
        let alone = try report([empty], dir.path + "/alone")
        #expect(alone.status == 2, "\(alone.stderr)")
        #expect(
            alone.stderr.contains("warning: \(empty): empty (0 bytes); nothing in the report comes from it"),
            "\(alone.stderr)")
        #expect(try summary(alone)["reasons"] as? [String] == ["no event in the period"])
        let beside = try report([log, empty], dir.path + "/beside")
        #expect(beside.status == 0 && beside.stderr.contains("\(empty): empty"), "\(beside.stderr)")
    }

    /// A binary file is read line by line like any other: every "line" is counted as malformed, the
    /// run names the file and exits 2, as it holds no audit line.
    @Test func aBinaryFileIsAccountedLineByLineAndExits2() throws {
        let dir = TemporaryDirectory()
        var bytes = [UInt8]()
        var state: UInt32 = 7
        for _ in 0..<200_000 {
            state = state &* 1_103_515_245 &+ 12_345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let binary = dir.write("blob.log", bytes: bytes)
        let log = dir.write("audit.log", Self.line)
        let result = try report([log, binary], dir.path + "/out")
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(binary): none of its"), "\(result.stderr)")
        let json = try summary(result)
        #expect((json["reasons"] as? [String])?.contains("\(binary) holds no audit line") == true, "\(json)")
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count - (bytes.last == 0x0A ? 1 : 0)
        #expect(
            json["linesRead"] as? Int == lines + 1 && json["linesMalformed"] as? Int == lines,
            "every line accounted: \(json)")
    }

    /// A file named `.gz` is read as what it holds: plain text is read as text (with a warning),
    /// not refused; bytes that are neither are malformed lines (exit 2). A cut-off gzip is 74.
    @Test func aGzNameOnPlainTextOrOnGarbage() throws {
        let dir = TemporaryDirectory()
        let text = dir.write("audit.log.1.gz", Self.line + Self.line.replacingOccurrences(of: "Role R", with: "Role S"))
        let plain = try report([text], dir.path + "/plain")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(
            plain.stderr.contains("warning: \(text): named .gz but not gzip-compressed; read as plain text"),
            "\(plain.stderr)")
        #expect(try summary(plain)["eventsInPeriod"] as? Int == 2)
        let garbage = dir.write("audit.log.2.gz", bytes: [0x1F, 0x8C] + Array(repeating: 0xAB, count: 4000))
        let refused = try report([garbage], dir.path + "/garbage")
        #expect(
            refused.status == 2 && refused.stderr.contains("\(garbage): none of its 1 line(s) is an audit line"),
            "\(refused.stderr)")
        let cut = dir.write("audit.log.3.gz", bytes: [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0x4B, 0x4C])
        let damaged = try report([cut], dir.path + "/cut")
        #expect(damaged.status == 74 && damaged.stderr.contains("\(cut): reading failed"), "\(damaged.stderr)")
    }

    // MARK: Output

    /// A missing output folder is created; standard output on a full device is 74.
    @Test func aMissingOutputFolderIsCreatedAndAFullStandardOutputExits74() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", Self.line)
        let nested = dir.path + "/reports/2026/10"
        #expect(try report([log], nested).status == 0)
        #expect(FileManager.default.fileExists(atPath: nested + "/nxaudit-2026-10.xml"))

        let full = try run(
            "/bin/sh",
            ["-c", "'\(Checkout.executable)' report --month 2026-10 --format xml --output - '\(log)' > /dev/full"],
            environment: ["SOURCE_DATE_EPOCH": "1793491200"])
        #expect(
            full.status == 74
                && full.stderr.contains("standard output: writing the report failed (No space left on device)"),
            "\(full.stderr)")

    }

    /// A read-only output folder (a read-only mount: root ignores file modes): 73, and the
    /// earlier report there is left as it was.
    @Test(.enabled(if: SmallDisk.available, "needs root to mount a small tmpfs"))
    func aReadOnlyOutputFolderExits73AndLeavesTheEarlierReport() throws {
        let dir = TemporaryDirectory()
        let log = dir.write("audit.log", Self.line)
        let readOnly = dir.path + "/ro"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        #expect(try run("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", readOnly]).status == 0)
        defer { _ = try? run("/bin/umount", [readOnly]) }
        #expect(try report([log], readOnly).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: readOnly + "/nxaudit-2026-10.xml"))
        #expect(try run("/bin/mount", ["-o", "remount,ro", readOnly]).status == 0)
        let refused = try report([log], readOnly, ["--gap-threshold", "30d", "--force"])
        #expect(refused.status == 73 && refused.stderr.contains("Read-only file system"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: readOnly + "/nxaudit-2026-10.xml")) == before)
    }

    // MARK: Size and growth

    /// Peak memory (KiB) of one nxaudit run, measured by a parent that runs nothing else.
    func peakKiB(_ arguments: [String]) throws -> (ProcessResult, Int) {
        let probe =
            "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            + "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
            + "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            + "sys.exit(r.returncode)"
        var result = try run(
            "/usr/bin/env", ["python3", "-c", probe, Checkout.executable] + arguments,
            environment: ["SOURCE_DATE_EPOCH": "1793491200"])
        let peak =
            result.stderr.components(separatedBy: "PEAK ").last.flatMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            } ?? -1
        result.stderr = result.stderr.components(separatedBy: "PEAK ").first ?? ""
        return (result, peak)
    }

    /// A 10 MB line and a million malformed lines: counted one by one, in the memory of a one-line
    /// log (the line is skipped, not held; malformed lines keep ten examples per reason).
    @Test func aTenMegabyteLineAndAMillionMalformedLinesInBoundedMemory() throws {
        let dir = TemporaryDirectory()
        let small = dir.write("small.log", Self.line)
        let (base, basePeak) = try peakKiB([
            "report", "--month", "2026-10", "--format", "xml", small, "--output", dir.path + "/s", "--quiet",
        ])
        #expect(base.status == 2 || base.status == 0, "\(base.stderr)")

        let long = dir.path + "/long.log"
        FileManager.default.createFile(
            atPath: long,
            contents: Data((Self.line + String(repeating: "x", count: 10_000_000) + "\n" + Self.line).utf8))
        let (big, bigPeak) = try peakKiB([
            "report", "--month", "2026-10", "--format", "xml", "--summary", "json", long, "--output", dir.path + "/l",
        ])
        let bigSummary = try summary(big)
        #expect(
            bigSummary["linesRead"] as? Int == 3 && bigSummary["linesMalformed"] as? Int == 1
                && bigSummary["eventsInPeriod"] as? Int == 2)
        // Measured: +0.5 MiB. Holding the line (10 MB) would fail this.
        #expect(bigPeak < basePeak + 4 * 1024, "a 10 MB line costs less than 4 MiB: \(bigPeak) KiB vs \(basePeak) KiB")

        let junk = dir.path + "/junk.log"
        FileManager.default.createFile(
            atPath: junk, contents: Data(String(repeating: "this is not an audit line\n", count: 1_000_000).utf8))
        let (many, manyPeak) = try peakKiB([
            "report", "--month", "2026-10", "--format", "xml", "--summary", "json", junk, "--output", dir.path + "/j",
        ])
        #expect(many.status == 2, "\(many.stderr)")
        let manySummary = try summary(many)
        #expect(
            manySummary["linesRead"] as? Int == 1_000_000 && manySummary["linesMalformed"] as? Int == 1_000_000,
            "\(manySummary)")
        // Measured: +0.4 MiB. Keeping a location per line (some 32 MB) would fail this.
        #expect(
            manyPeak < basePeak + 8 * 1024,
            "a million malformed lines cost less than 8 MiB: \(manyPeak) KiB vs \(basePeak) KiB")
        let xml = try String(contentsOfFile: dir.path + "/j/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(
            xml.components(separatedBy: "<example ").count - 1 <= LineAccounting.exampleLimit,
            "ten examples, not a million")
    }

    /// A log that grows while it is read: the run reads the bytes the file held when the run began,
    /// and its manifest says how many and their SHA-256, so the report stays verifiable.
    @Test func aFileThatGrowsWhileItIsReadIsReadToItsSizeAtTheStart() throws {
        let dir = TemporaryDirectory()
        let (log, _) = try generateLog(
            in: dir, arguments: ["--start", "2026-10-01", "--end", "2026-11-01", "--target-mb", "24", "--seed", "12"])
        let writing = Thread {
            guard let handle = FileHandle(forWritingAtPath: log) else { return }
            handle.seekToEndOfFile()
            for i in 0..<4000 {
                handle.write(
                    Data(
                        "2026-10-30T10:00:00Z portal01 nxportal[1]: [Portal|USER|20206|admin] Role grown\(i) is added\n"
                            .utf8))
                usleep(500)
            }
            handle.closeFile()
        }
        writing.start()
        let result = try nxaudit(["report", "--month", "2026-10", log, "--output", dir.path + "/out", "--quiet"])
        while writing.isExecuting { usleep(10_000) }
        #expect(result.status == 0 || result.status == 2, "\(result.stderr)")
        let manifest = try JSONDecoder().decode(
            EvidenceManifest.self,
            from: Data(contentsOf: URL(fileURLWithPath: dir.path + "/out/nxaudit-2026-10.manifest.json")))
        let input = try #require(manifest.inputs.first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: log))
        #expect(Int64(bytes.count) > input.size, "the file grew after the run had begun reading")
        let prefix = bytes.prefix(Int(input.size))
        #expect(input.linesRead == prefix.count { $0 == 0x0A }, "every line of the bytes read is counted")
        #expect(SHA256.hex(of: Data(prefix)) == input.sha256, "the digest is of the bytes read")
        #expect(manifest.accounting.balanced)
        let verify = try nxaudit(["verify", dir.path + "/out/nxaudit-2026-10.manifest.json"])
        #expect(verify.status == 0, "a log that only grew still verifies: \(verify.stdout)")
    }

    // MARK: Archive

    /// A truncated archive and one with a damaged page: the message names the file and says what
    /// to do; reports from it exit 65, and nothing is written.
    @Test func aTruncatedOrCorruptedArchiveIsRefusedWith65() throws {
        let dir = TemporaryDirectory()
        let archive = try ArchiveTests.week(in: dir)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)

        let truncated = dir.path + "/truncated.sqlite"
        try FileManager.default.copyItem(atPath: archive, toPath: truncated)
        #expect(truncate(truncated, off_t(size / 2)) == 0)
        let cut = try nxaudit(["report", "--month", "2026-10", "--archive", truncated, "--output", dir.path + "/t"])
        #expect(cut.status == 65 && cut.stderr.contains(truncated), "\(cut.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/t"), "no report from a damaged archive")

        let corrupted = dir.path + "/corrupted.sqlite"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: archive)))
        for i in stride(from: size / 2, to: min(size, size / 2 + 16_384), by: 1) { bytes[i] ^= 0x5A }
        FileManager.default.createFile(atPath: corrupted, contents: Data(bytes))
        let damaged = try nxaudit(["report", "--month", "2026-10", "--archive", corrupted, "--output", dir.path + "/c"])
        #expect(damaged.status == 65 && damaged.stderr.contains(corrupted), "\(damaged.stderr)")
        let verify = try nxaudit(["archive", "verify", "--archive", corrupted])
        #expect(
            verify.status == 65 && verify.stderr.contains("the archive is damaged"), "\(verify.stdout) \(verify.stderr)"
        )
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/c"), "no report from a damaged archive")
    }
}
