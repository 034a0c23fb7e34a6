import ArgumentParser
import Foundation
import NXAudit

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Keep every audit line in an evidence archive that outlives log rotation.",
        discussion: """
            The archive is one SQLite file: --archive PATH, else $NXAUDIT_ARCHIVE, else \
            $XDG_STATE_HOME/nxaudit/archive.sqlite (~/.local/state/nxaudit/archive.sqlite). A daily \
            `nxaudit archive add /var/log/nexthink` keeps it; `nxaudit report --archive PATH` reads a period from it.

            \(ExitStatus.summary([
                .ok: "done", .checkFailed: "verify found the archive altered", .usage: "usage (prune refused)",
                .dataError: "not an archive, from a newer nxaudit, or damaged",
                .noInput: "the archive or a log is missing",
                .ioError: "I/O error", .tempFail: "another nxaudit is writing to the archive",
                .signatureMissing: "verify --require-signature: the current head is not signed",
                .signatureNotAllowed: "a signed head is by a key not allowed",
                .signatureMismatch: "a signed head record was edited",
                .unavailable: "ssh-keygen is not installed",
            ]))
            """,
        subcommands: [
            ArchiveAddCommand.self, ArchiveInfoCommand.self, ArchiveVerifyCommand.self, ArchivePruneCommand.self,
        ]
    )
}

/// The option every archive command takes.
struct ArchiveLocation: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The archive file.", discussion: "Default: $NXAUDIT_ARCHIVE, else $XDG_STATE_HOME/nxaudit/archive.sqlite.",
            valueName: "PATH"))
    var archive: String?

    var path: String { archive ?? EvidenceArchive.defaultPath() }

    func open(_ access: EvidenceArchive.Access) throws(ArchiveError) -> EvidenceArchive {
        try EvidenceArchive(path: path, access: access)
    }
}

struct ArchiveAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Ingest log files into the archive (each line once, in one transaction).",
        discussion: """
            Directories contribute their *.log, *.log.N and *.log.N.gz files, as for report. A file the \
            archive already holds (same SHA-256) is not read again; lines of overlapping files (a grown \
            audit.log, a rotated copy) are added only once; malformed lines are kept with their reason. \
            The ingest is one transaction: stopped or killed, it leaves the archive as it was.

            Examples:
              nxaudit archive add /var/log/nexthink
              nxaudit archive add --archive /srv/nxaudit/archive.sqlite --timezone Europe/Zurich logs/
            """
    )

    @OptionGroup var location: ArchiveLocation

    @Option(
        help: ArgumentHelp(
            "Zone of stamps without offset, to file them by time (reports read them again in their own zone).",
            default: TimeZoneName.utc),
        transform: TimeZoneName.parse)
    var timezone = TimeZoneName.utc

    @Option(
        help:
            """
            Year of the first RFC 3164 stamp of each file (default: from the file's modification time). Recorded \
            per line.
            """
    )
    var year: Int?

    @Option(
        help: ArgumentHelp(
            "Sign the new chain head with this SSH key (ssh-keygen -Y sign -n nxaudit), into ARCHIVE.heads/: a "
                + "private key file, or the public key of a key ssh-agent holds.",
            valueName: "key"))
    var signKey: String?

    @Flag(help: "Print nothing on success.")
    var quiet = false

    @Argument(help: "Log files or directories.")
    var logs: [String] = []

    func validate() throws {
        if logs.isEmpty {
            throw ValidationError("name the logs to ingest, e.g. nxaudit archive add /var/log/nexthink.")
        }
    }

    func run() throws {
        let signing = try signKey.map { key throws(SignatureError) in
            let keygen = try SSHKeygen.find()
            try keygen.checkUsable(key: key)
            return ReportDestination.Signing(keygen: keygen, key: key)
        }
        let archive = try location.open(.write)
        let now = try currentTime()
        let ingest = ArchiveIngest(
            yearPolicy: year.map(YearPolicy.fixed) ?? .modificationTime, timeZone: timezone.zone, nowSeconds: now)
        let summary = try ingest.add(logs, to: archive)
        var signed: (path: String, key: SignatureKey)?
        if let signing, let batch = summary.batch {
            signed = try SignedHeads.sign(
                batch: batch, head: summary.head, archivePath: location.path, nowSeconds: now, signing: signing)
        }
        guard !quiet else { return }
        defer {
            if let signed { print("\(signed.path): head signed with the \(signed.key)") }
        }
        for file in summary.files {
            if let earlier = file.identicalTo {
                print(
                    "\(file.path): already archived (identical to \(earlier.path), batch "
                        + "\(earlier.batch)); not read again"
                )
            } else {
                var line = "\(file.path): \(file.linesRead) lines read, \(file.linesAdded) added"
                if file.malformedAdded > 0 { line += " (\(file.malformedAdded) malformed, kept with their reason)" }
                line += ", \(file.linesHeld) already in the archive"
                print(line)
            }
        }
        if let batch = summary.batch {
            print("\(location.path): batch \(batch), \(summary.linesAdded) lines added; chain head \(summary.head)")
        } else {
            print("\(location.path): nothing new; chain head \(summary.head)")
        }
    }
}

struct ArchiveInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print what the archive covers: per file, its lines and time range; the chain head.")

    @OptionGroup var location: ArchiveLocation

    func run() throws {
        let info = try location.open(.read).info()
        let utc = ZoneClock(zone: TimeZone(identifier: "UTC")!)
        print("archive \(location.path)")
        print(
            "  schema \(info.schema); \(counted(info.batches, "batch", "batches")) "
                + "(\(counted(info.prunes, "prune", "prunes"))); "
                + "\(counted(info.lines, "line", "lines")), \(info.malformed) of them malformed")
        print("  chain head \(info.head)")
        for source in info.sources {
            let range =
                source.first.map { "\(utc.format(utcSeconds: $0)) to \(utc.format(utcSeconds: source.last!))" }
                ?? "no lines left"
            print(
                "  \(source.path): \(counted(source.lines, "line", "lines")) (\(source.malformed) "
                    + "malformed), \(range); "
                    + "\(counted(source.versions, "version", "versions")) ingested, last at "
                    + "\(utc.format(utcSeconds: source.lastIngest))"
            )
        }
    }
}

struct ArchiveVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: every row against its digest, every batch against its hash and the one before.",
        discussion: """
            Names each row or batch that was deleted, altered, inserted or reordered. It cannot tell an archive \
            whose whole chain was recomputed by someone with write access by itself: compare the head with one \
            kept elsewhere, e.g. the one a monthly report's manifest records (--head), or sign the heads \
            (archive add --sign-key) and check them with --allowed-signers: a signed head the archive no longer \
            holds names the batch whose chain was recomputed.

            \(ExitStatus.summary([
                .ok: "intact", .checkFailed: "altered (or --head not in the chain)",
                .dataError: "not an archive or damaged", .noInput: "missing",
            ]))
            """)

    @OptionGroup var location: ArchiveLocation

    @Option(
        help: "A chain head recorded elsewhere (a report manifest's archive.head): check that the chain still holds it."
    )
    var head: String?

    @Option(help: "OpenSSH allowed-signers file to check the signed heads in ARCHIVE.heads/ against.")
    var allowedSigners: String?

    @Flag(help: "Fail unless the archive's current head is signed (needs --allowed-signers).")
    var requireSignature = false

    func validate() throws {
        if requireSignature && allowedSigners == nil {
            throw ValidationError("--require-signature needs --allowed-signers FILE: the keys whose signatures count.")
        }
    }

    func run() throws {
        let result = try location.open(.read).verify(expectedHead: head)
        for problem in result.problems { print("\(location.path): \(problem)") }
        var signatureStatus: ExitStatus?
        if let allowedSigners {
            guard FileManager.default.isReadableFile(atPath: allowedSigners) else {
                throw SignatureError.allowedSignersUnreadable(path: allowedSigners)
            }
            let heads = try SignedHeads.check(
                archivePath: location.path, verification: result, keygen: try SSHKeygen.find(),
                allowedSigners: allowedSigners, requireSignature: requireSignature)
            for line in heads.lines { print("\(location.path): \(line)") }
            signatureStatus = heads.status
        }
        if let head, result.containsHead == false {
            print(
                "\(location.path): the chain does not hold head \(head): the archive was rebuilt or "
                    + "replaced since that head was recorded"
            )
        }
        if let status = ExitStatus.worse(signatureStatus, result.intact ? nil : .checkFailed) {
            throw ExitCode(status)
        }
        print(
            "\(location.path): intact; \(counted(result.batches, "batch", "batches")), "
                + "\(counted(result.rowsChecked, "row", "rows")) checked; chain head \(result.head)"
        )
    }
}

struct ArchivePruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove lines filed before a date; refuses anything younger than 12 months unless --force.",
        discussion: """
            PCI DSS 10.5.1 asks for twelve months of audit history: a date less than twelve months before \
            today is refused unless --force. The archive is verified first; the prune is recorded in the chain. \
            SQLite keeps the freed pages for later ingests (run `sqlite3 ARCHIVE VACUUM` to shrink the file).

            Example: nxaudit archive prune --before 2025-11-01
            """)

    @OptionGroup var location: ArchiveLocation

    @Option(
        help: "First day to keep (YYYY-MM-DD): lines filed before its midnight in --timezone are removed.",
        transform: CivilDate.parse)
    var before: CivilDate

    @Option(
        help: ArgumentHelp("Zone of --before's midnight.", default: TimeZoneName.utc), transform: TimeZoneName.parse)
    var timezone = TimeZoneName.utc

    @Flag(help: "Prune even lines younger than 12 months.")
    var force = false

    func run() throws {
        let zone = timezone.zone
        let now = try currentTime()
        let clock = ZoneClock(zone: zone)
        let today = clock.localDate(utcSeconds: now)
        let limit =
            CivilDate(year: today.year - 1, month: today.month, day: today.day) ?? CivilDate(
                year: today.year - 1, month: 2, day: 28)!
        if before > limit, !force {
            throw ArchiveError.refused(
                reason: "--before \(before) would remove lines younger than 12 months (PCI DSS 10.5.1 keeps a year); "
                    + "give a date on or before \(limit), or add --force if your retention policy allows it.")
        }
        let archive = try location.open(.write)
        let cutoff = clock.instant(forNaiveSeconds: Int64(before.daysSinceEpoch) * 86_400)
        let result = try archive.prune(
            before: cutoff, detail: "before \(before) \(zone.ianaName)\(force ? " --force" : "")", nowSeconds: now)
        print(
            "\(location.path): removed \(result.rowsRemoved) lines filed before \(before) (\(zone.ianaName)); "
                + "\(counted(result.batchesRebased, "batch", "batches")) rebased; recorded as batch "
                + "\(result.batch); chain head \(result.head)"
        )
    }
}

/// `1 batch`, `2 batches`.
func counted(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
