import Foundation
import Testing
@testable import NXAudit

/// The evidence archive end to end, through the real executable: ingest, reports from it,
/// verification of tampered copies, a killed ingest, a second writer, prune, refusals.
@Suite struct ArchiveTests {
    /// Two generated halves of October: `audit.log.1` (1–16) and `audit.log` (16–31), Zurich stamps of every shape,
    /// hostile names and 1 % malformed lines; modification time 1 November (for the RFC 3164 year).
    static func october(in dir: TemporaryDirectory) throws -> String {
        let logs = dir.path + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        _ = try generateLog(
            in: dir, name: "logs/audit.log.1",
            arguments: [
                "--start", "2026-10-01", "--end", "2026-10-16", "--prefix", "mixed", "--seed", "11", "--malformed",
                "0.01", "--hostile",
            ])
        _ = try generateLog(
            in: dir, name: "logs/audit.log",
            arguments: [
                "--start", "2026-10-16", "--end", "2026-11-01", "--prefix", "mixed", "--seed", "12", "--malformed",
                "0.01",
            ])
        for name in ["audit.log.1", "audit.log"] {
            try FileManager.default.removeItem(atPath: logs + "/" + name + ".truth.json")
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_793_491_200)], ofItemAtPath: logs + "/" + name)
        }
        return logs
    }

    /// A JSON value as bytes with sorted keys, to compare two reports' sections.
    static func canonical(_ value: Any?) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["value": value ?? NSNull()], options: [.sortedKeys])
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    /// The issue's proof: a report from the archive has the same findings, counts and registers as one from the files,
    /// although the archive got the files in pieces: first half of audit.log, then the grown file beside an
    /// identical one.
    @Test func aReportFromTheArchiveEqualsTheReportFromTheFiles() throws {
        let dir = TemporaryDirectory()
        let logs = try Self.october(in: dir)
        let archive = dir.path + "/archive.sqlite"
        let full = try String(contentsOfFile: logs + "/audit.log", encoding: .utf8)
        let lines = full.split(separator: "\n", omittingEmptySubsequences: false)
        let total = lines.count - 1  // the file ends with a newline
        let half = total / 2

        // Day one: the rotated file and the first half of the live one (same path, as rsyslog leaves it).
        let live = logs + "/audit.log"
        let saved = try Data(contentsOf: URL(fileURLWithPath: live))
        try (lines.prefix(half).joined(separator: "\n") + "\n").write(toFile: live, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_793_491_200)], ofItemAtPath: live)
        let first = try nxaudit([
            "archive", "add", "--archive", archive, "--timezone", "Europe/Zurich", logs + "/audit.log.1", live,
        ])
        #expect(first.status == 0, "\(first.stderr)")
        // Day two: the whole folder, the live file grown to its end.
        try saved.write(to: URL(fileURLWithPath: live))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_793_491_200)], ofItemAtPath: live)
        let second = try nxaudit(["archive", "add", "--archive", archive, "--timezone", "Europe/Zurich", logs])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.stdout.contains(
                "audit.log.1: already archived (identical to \(logs)/audit.log.1, batch 1); not read again"),
            "\(second.stdout)")
        #expect(second.stdout.contains("audit.log: \(total) lines read, \(total - half) added"), "\(second.stdout)")
        #expect(second.stdout.contains("\(half) already in the archive"), "\(second.stdout)")
        // Day three: nothing new.
        let third = try nxaudit(["archive", "add", "--archive", archive, logs])
        #expect(third.stdout.contains("nothing new"), "\(third.stdout)")

        let fromFiles = dir.path + "/files"
        let fromArchive = dir.path + "/archive"
        let common = ["report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--format", "json,xml", "--quiet"]
        #expect(try nxaudit(common + ["--output", fromFiles, logs]).status == 0)
        let archived = try nxaudit(common + ["--output", fromArchive, "--archive", archive])
        #expect(archived.status == 0, "\(archived.stderr)")

        let a = try Self.json(fromFiles + "/nxaudit-2026-10.json")
        let b = try Self.json(fromArchive + "/nxaudit-2026-10.json")
        // The verdict names the report (its ID covers the archive's head) and the lines read
        // (the archive hands over the period's lines): compared below by its other parts.
        let compared = a.keys.filter { $0 != "coverage" && $0 != "generatedAt" && $0 != "verdict" }
        #expect(
            compared.contains("findings") && compared.contains("privilegeRegister") && compared.contains("accessState"))
        for key in compared {
            #expect(try Self.canonical(a[key]) == Self.canonical(b[key]), "\(key) differs between files and archive")
        }
        let verdictA = a["verdict"] as! [String: Any]
        let verdictB = b["verdict"] as! [String: Any]
        for key in ["evidenceComplete", "findingsAwaiting", "bySeverity", "sources", "examination", "exitMeaning"] {
            #expect(try Self.canonical(verdictA[key]) == Self.canonical(verdictB[key]), "verdict.\(key) differs")
        }
        #expect((verdictA["reportID"] as? String) != (verdictB["reportID"] as? String))
        let coverageA = a["coverage"] as! [String: Any]
        let coverageB = b["coverage"] as! [String: Any]
        for key in ["eventsInPeriod", "linesRead", "linesMalformed", "days", "sources", "malformed", "balanced"] {
            #expect(try Self.canonical(coverageA[key]) == Self.canonical(coverageB[key]), "coverage.\(key) differs")
        }
        let findings = a["findings"] as! [[String: Any]]
        #expect(findings.count > 5, "the comparison covers real findings")

        // The manifest names the archive and its head instead of files; verify --inputs checks the archive.
        let manifest = try Self.json(fromArchive + "/nxaudit-2026-10.manifest.json")
        #expect((manifest["inputs"] as! [Any]).isEmpty)
        let recorded = manifest["archive"] as! [String: Any]
        #expect(recorded["path"] as? String == archive)
        let info = try nxaudit(["archive", "info", "--archive", archive])
        #expect(info.stdout.contains("chain head \(recorded["head"] as! String)"), "\(info.stdout)")
        let verified = try nxaudit(["verify", "--inputs", fromArchive])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("ok       archive \(archive)"), "\(verified.stdout)")
    }

    /// Makes an archive of one generated week, returns its path.
    static func week(in dir: TemporaryDirectory, name: String = "archive.sqlite") throws -> String {
        let (log, _) = try generateLog(
            in: dir, arguments: ["--start", "2026-10-01", "--end", "2026-10-08", "--seed", "3", "--malformed", "0.01"])
        let archive = dir.path + "/" + name
        let result = try nxaudit(["archive", "add", "--archive", archive, log])
        #expect(result.status == 0, "\(result.stderr)")
        return archive
    }

    static func copy(_ archive: String, _ name: String, _ sql: String) throws -> String {
        let copy = (archive as NSString).deletingLastPathComponent + "/" + name
        try FileManager.default.copyItem(atPath: archive, toPath: copy)
        let result = try run("/usr/bin/env", ["sqlite3", copy, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
        return copy
    }

    @Test func verifyNamesAlteredDeletedAndReorderedRowsAndBatches() throws {
        let dir = TemporaryDirectory()
        let archive = try Self.week(in: dir)
        let more = try generateLog(
            in: dir, name: "more.log", arguments: ["--start", "2026-10-08", "--end", "2026-10-10", "--seed", "4"]
        ).log
        #expect(try nxaudit(["archive", "add", "--archive", archive, more]).status == 0)
        let intact = try nxaudit(["archive", "verify", "--archive", archive])
        #expect(intact.status == 0 && intact.stdout.contains("intact; 2 batches"), "\(intact.stdout)")

        let cases: [(name: String, sql: String, expected: String)] = [
            (
                "modified",
                "UPDATE line SET raw = CAST(replace(CAST(raw AS TEXT), 'admin', 'nobody') AS BLOB) WHERE "
                    + "id = (SELECT min(id) FROM line WHERE CAST(raw AS TEXT) LIKE '%admin%');",
                "its text does not match its digest (altered)"
            ),
            ("deleted-row", "DELETE FROM line WHERE id = 42;", "batch 1: 1 of its"),
            (
                "moved-in-time", "UPDATE line SET instant = instant + 60 WHERE id = 7;",
                "batch 1: its rows no longer hash to its recorded content"
            ),
            (
                "swapped",
                "UPDATE line SET raw = (SELECT raw FROM line WHERE id = 11), digest = (SELECT digest FROM "
                    + "line WHERE id = 11) WHERE id = 10;",
                "batch 1: its rows no longer hash"
            ),
            (
                "deleted-batch",
                "DELETE FROM line WHERE id IN (SELECT l.id FROM line l JOIN source s ON s.id = l.source "
                    + "WHERE s.batch = 1); DELETE FROM span WHERE source IN (SELECT id FROM source WHERE batch = "
                    + "1); DELETE FROM source WHERE batch = 1; DELETE FROM batch WHERE id = 1;",
                "batch 1 is missing"
            ),
            (
                "deleted-last-batch",
                "DELETE FROM line WHERE source IN (SELECT id FROM source WHERE batch = 2); DELETE FROM "
                    + "batch WHERE id = 2;",
                "batches after batch 1 were removed"
            ),
            ("edited-batch", "UPDATE batch SET rows = rows - 1 WHERE id = 1;", "batch 1's record"),
        ]
        for (name, sql, expected) in cases {
            let copy = try Self.copy(archive, name + ".sqlite", sql)
            let result = try nxaudit(["archive", "verify", "--archive", copy])
            #expect(result.status == 1, "\(name): \(result.stdout)")
            #expect(result.stdout.contains(expected), "\(name): \(result.stdout)")
        }
        // The deleted row is named by id.
        let deleted = try nxaudit(["archive", "verify", "--archive", dir.path + "/deleted-row.sqlite"])
        #expect(deleted.stdout.contains("missing (deleted): row 42"), "\(deleted.stdout)")
        // A report refuses an archive whose chain is broken.
        let report = try nxaudit([
            "report", "--month", "2026-10", "--archive", dir.path + "/deleted-batch.sqlite", "--output",
            dir.path + "/r",
        ])
        #expect(report.status == 65, "\(report.stderr)")
        #expect(report.stderr.contains("run nxaudit archive verify"), "\(report.stderr)")
        // A head kept elsewhere that the chain does not hold.
        let head = try nxaudit([
            "archive", "verify", "--archive", archive, "--head", String(repeating: "ab", count: 32),
        ])
        #expect(head.status == 1 && head.stdout.contains("does not hold head"), "\(head.stdout)")
    }

    /// An ingest killed in the middle (after its first file's rows, before the commit) leaves the archive as it was;
    /// meanwhile a second writer gives up with exit 75 and readers read.
    @Test func aKilledIngestLeavesTheArchiveAsItWasAndASecondWriterWaitsThenFails() throws {
        let dir = TemporaryDirectory()
        let archive = try Self.week(in: dir)
        let before = try nxaudit(["archive", "info", "--archive", archive]).stdout
        let more = try generateLog(
            in: dir, name: "more.log", arguments: ["--start", "2026-10-08", "--end", "2026-10-20", "--seed", "8"]
        ).log

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Checkout.executable)
        process.arguments = ["archive", "add", "--archive", archive, more]
        process.environment = ["NXAUDIT_FAULT_PAUSE_INGEST": "1"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("paused while ingesting") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        #expect(String(decoding: said, as: UTF8.self).contains("paused while ingesting"), "the fault hook was reached")

        let second = try nxaudit(
            ["archive", "add", "--archive", archive, more], environment: ["NXAUDIT_ARCHIVE_WAIT_SECONDS": "1"])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("another nxaudit is writing to this archive"), "\(second.stderr)")
        let reader = try nxaudit(["archive", "info", "--archive", archive])
        #expect(
            reader.status == 0 && reader.stdout == before,
            "a reader is not blocked and sees the archive before the ingest")

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try nxaudit(["archive", "info", "--archive", archive]).stdout == before)
        let verified = try nxaudit(["archive", "verify", "--archive", archive])
        #expect(verified.status == 0, "\(verified.stdout)")
        // And the ingest can simply be run again.
        let again = try nxaudit(["archive", "add", "--archive", archive, more])
        #expect(again.status == 0 && again.stdout.contains("batch 2"), "\(again.stdout)")
    }

    @Test func pruneKeepsTwelveMonthsUnlessForcedAndIsRecordedInTheChain() throws {
        let dir = TemporaryDirectory()
        let archive = try Self.week(in: dir)
        // SOURCE_DATE_EPOCH of the tests is 2026-11-01: 2026-10-05 is younger than 12 months.
        let refused = try nxaudit(["archive", "prune", "--archive", archive, "--before", "2026-10-05"])
        #expect(refused.status == 64 && refused.stderr.contains("younger than 12 months"), "\(refused.stderr)")
        let pruned = try nxaudit(["archive", "prune", "--archive", archive, "--before", "2026-10-05", "--force"])
        #expect(pruned.status == 0 && pruned.stdout.contains("recorded as batch 2"), "\(pruned.stdout)")
        let verified = try nxaudit(["archive", "verify", "--archive", archive])
        #expect(verified.status == 0, "\(verified.stdout)")
        let info = try nxaudit(["archive", "info", "--archive", archive]).stdout
        #expect(info.contains("2 batches (1 prune)") && info.contains("lines (12 malformed), 2026-10-05T"), "\(info)")
        // After a prune, a deleted row is still caught (by its batch's rebased hash).
        let copy = try Self.copy(
            archive, "pruned-deleted.sqlite", "DELETE FROM line WHERE id = (SELECT max(id) FROM line);")
        let caught = try nxaudit(["archive", "verify", "--archive", copy])
        #expect(caught.status == 1 && caught.stdout.contains("missing (deleted)"), "\(caught.stdout)")
    }

    @Test func archivesFromElsewhereAreRefusedAndLeftAlone() throws {
        let dir = TemporaryDirectory()
        let archive = try Self.week(in: dir)
        let newer = try Self.copy(
            archive, "newer.sqlite",
            "INSERT INTO grdb_migrations VALUES ('2'); UPDATE meta SET value = '2' WHERE key = 'schema';")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: newer))
        let refused = try nxaudit(["archive", "add", "--archive", newer, dir.path + "/audit.log"])
        #expect(
            refused.status == 65 && refused.stderr.contains("written by a newer nxaudit (archive schema 2"),
            "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: newer)) == bytes, "the newer archive was not touched")

        let text = dir.path + "/notes.sqlite"
        try "not a database\n".write(toFile: text, atomically: true, encoding: .utf8)
        let notSQLite = try nxaudit(["archive", "info", "--archive", text])
        #expect(notSQLite.status == 65 && notSQLite.stderr.contains("not a SQLite database"), "\(notSQLite.stderr)")

        let other = try Self.copy(archive, "other.sqlite", "PRAGMA application_id = 0;")
        let foreign = try nxaudit(["archive", "info", "--archive", other])
        #expect(foreign.status == 65 && foreign.stderr.contains("of another program"), "\(foreign.stderr)")

        let missing = try nxaudit(["archive", "info", "--archive", dir.path + "/none.sqlite"])
        #expect(missing.status == 66 && missing.stderr.contains("no evidence archive here"), "\(missing.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: dir.path + "/none.sqlite"), "reading does not create an archive")

        let both = try nxaudit(["report", "--month", "2026-10", "--archive", archive, dir.path + "/audit.log"])
        #expect(both.status == 64, "\(both.stderr)")
    }

    @Test func theDefaultArchivePathFollowsTheEnvironment() {
        #expect(
            EvidenceArchive.defaultPath(environment: ["NXAUDIT_ARCHIVE": "/srv/a.sqlite", "HOME": "/root"])
                == "/srv/a.sqlite")
        #expect(
            EvidenceArchive.defaultPath(environment: ["XDG_STATE_HOME": "/var/lib/x", "HOME": "/root"])
                == "/var/lib/x/nxaudit/archive.sqlite")
        #expect(
            EvidenceArchive.defaultPath(environment: ["HOME": "/home/audit"])
                == "/home/audit/.local/state/nxaudit/archive.sqlite")
    }

    /// Lines are kept byte for byte: a line ending in CR, one with NUL and invalid UTF-8, an over-long one
    /// (its beginning), an empty one; read back through the reader they give the same accounting as the file.
    @Test func oddLinesComeBackAsTheyWere() throws {
        let dir = TemporaryDirectory()
        let log = dir.path + "/odd.log"
        var bytes = Data()
        bytes += Data("2026-10-02T10:00:00Z nx [Portal|Account|20201|admin] Created account \"a\"\r\r\n".utf8)
        bytes += Data("\n".utf8)
        bytes +=
            Data("2026-10-02T10:00:01Z nx [Portal|Account|20201|adm\u{0}in] Created \u{7}".utf8) + Data([0xFF, 0xFE])
            + Data("\n".utf8)
        bytes +=
            Data("2026-10-02T10:00:02Z nx [Portal|Account|20201|x] ".utf8) + Data(repeating: 0x41, count: 70_000)
            + Data("\n".utf8)
        bytes += Data("Oct  2 10:00:03 nx [Portal|Account|20202|root] Deleted account \"b\"".utf8)
        try bytes.write(to: URL(fileURLWithPath: log))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_793_491_200)], ofItemAtPath: log)
        let archive = dir.path + "/a.sqlite"
        #expect(try nxaudit(["archive", "add", "--archive", archive, log]).status == 0)

        let period = try period("2026-10-01", "2026-10-31")
        let fromFile = try readEvidence([log], period: period, yearPolicy: .modificationTime)
        let selection = try EvidenceArchive(path: archive, access: .read).select(period)
        let fromArchive = try EvidenceReader(period: period, yearPolicy: .modificationTime).read(
            archived: selection.sources)
        #expect(fromArchive.accounting == fromFile.accounting)
        #expect(fromArchive.events.map(\.text) == fromFile.events.map(\.text))
        #expect(fromArchive.events.map(\.user) == fromFile.events.map(\.user))
        #expect(fromArchive.events.map(\.location) == fromFile.events.map(\.location))
        #expect(fromArchive.inputs.first?.sha256 == fromFile.inputs.first?.sha256)
        #expect(fromFile.accounting.linesRead == 5 && fromFile.events.count == 3)
        // Read in pieces of a few lines each (as large archived files are, on all cores): the same evidence.
        var small = EvidenceReader(period: period, yearPolicy: .modificationTime)
        small.pieceSize = 100
        #expect(selection.sources[0].lines.pieces(of: 100).count > 1)
        let inPieces = try small.read(archived: selection.sources)
        #expect(inPieces.accounting == fromFile.accounting)
        #expect(inPieces.events.map(\.location) == fromFile.events.map(\.location))
        #expect(inPieces.events.map(\.text) == fromFile.events.map(\.text))
    }
}
