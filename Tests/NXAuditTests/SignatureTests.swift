import Foundation
import Testing

/// Signed hand-off end to end, through the real executable and stock OpenSSH: `report --sign-key`,
/// `verify --allowed-signers` and its statuses (3 unsigned, 4 not allowed, 5 edited), the checks an
/// auditor runs without nxaudit (`ssh-keygen -Y verify`, `sha256sum -c`), keys held by ssh-agent,
/// ECDSA reruns, a missing ssh-keygen, and signed archive heads against a rebuilt chain.
@Suite struct SignatureTests {
    static let base = "nxaudit-2026-10"
    /// The README's sample run; run in the checkout (`samples/...` are relative).
    static let sampleReport = [
        "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--year", "2026", "--policy",
        "samples/policy.yaml", "samples/logs",
    ]
    static let epoch = ["SOURCE_DATE_EPOCH": "1793491200"]
    static let principal = "admin@example.org"

    /// A key pair made by ssh-keygen, and what `ssh-keygen -lf` says of it.
    struct Key {
        var path: String
        var publicPath: String { path + ".pub" }
        /// `ssh-ed25519 AAAA... x`
        var publicLine: String
        /// `SHA256:...`, from `ssh-keygen -lf KEY.pub`
        var fingerprint: String
    }

    static func makeKey(
        _ name: String, in dir: TemporaryDirectory, type: String = "ed25519", passphrase: String = ""
    ) throws -> Key {
        let path = dir.path + "/" + name
        let made = try sshKeygen(["-q", "-t", type, "-N", passphrase, "-C", "x", "-f", path])
        try #require(made.status == 0, "ssh-keygen: \(made.stderr)")
        let listed = try sshKeygen(["-lf", path + ".pub"])
        let fields = listed.stdout.split(separator: " ")
        try #require(listed.status == 0 && fields.count > 1, "ssh-keygen -lf: \(listed.stdout)\(listed.stderr)")
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        return Key(
            path: path, publicLine: line.trimmingCharacters(in: .whitespacesAndNewlines),
            fingerprint: String(fields[1]))
    }

    /// Stock ssh-keygen, from PATH.
    static func sshKeygen(_ arguments: [String]) throws -> ProcessResult {
        try run("/usr/bin/env", ["ssh-keygen"] + arguments)
    }

    /// An OpenSSH allowed-signers file: one `PRINCIPAL OPTIONS KEY` line per entry.
    @discardableResult
    static func allowedSigners(
        _ name: String, in dir: TemporaryDirectory, _ entries: [(key: Key, options: String)]
    ) -> String {
        dir.write(name, entries.map { "\(principal) \($0.options) \($0.key.publicLine)\n" }.joined())
    }

    static func allowing(_ key: Key, in dir: TemporaryDirectory) -> String {
        allowedSigners("allowed_signers", in: dir, [(key, "namespaces=\"nxaudit\"")])
    }

    /// The sample report into `out`, signed with `signKey` when given; exit 0 expected.
    @discardableResult
    static func report(
        to out: String, signKey: String? = nil, extra: [String] = [], environment: [String: String] = epoch
    ) throws -> ProcessResult {
        let arguments = sampleReport + ["--output", out] + (signKey.map { ["--sign-key", $0] } ?? []) + extra
        let result = try nxaudit(arguments, environment: environment, in: Checkout.root.path)
        try #require(result.status == 0, "report: \(result.stderr)")
        return result
    }

    /// The files a signed run must leave, asserted to be there.
    static func requireSignedFiles(in out: String) throws {
        for suffix in ["html", "xml", "manifest.json", "manifest.json.sig", "sha256", "sha256.sig"] {
            try #require(FileManager.default.fileExists(atPath: "\(out)/\(base).\(suffix)"), "no \(base).\(suffix)")
        }
    }

    static func verify(_ out: String, allowed: String, requireSignature: Bool = false) throws -> ProcessResult {
        try nxaudit(
            ["verify", "--allowed-signers", allowed] + (requireSignature ? ["--require-signature"] : []) + [out])
    }

    /// Stock `ssh-keygen -Y verify` of `file` against its `.sig`, the auditor's way (no nxaudit).
    static func stockVerify(_ file: String, allowed: String) throws -> ProcessResult {
        try run(
            "/bin/sh",
            [
                "-c", "ssh-keygen -Y verify -f \"$1\" -I \"$2\" -n nxaudit -s \"$3.sig\" < \"$3\"", "sh", allowed,
                principal, file,
            ])
    }

    // MARK: - Reports

    @Test func aSignedRunVerifiesWithNxauditAndWithStockTools() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let out = dir.path + "/reports"
        let result = try Self.report(to: out, signKey: key.path)
        #expect(
            result.stderr.contains("signed the manifest and checksum list with the ssh-ed25519 key \(key.fingerprint)"),
            "\(result.stderr)")
        try Self.requireSignedFiles(in: out)

        let verified = try Self.verify(out, allowed: allowed)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(
            verified.stdout.contains("signed   by \(Self.principal) with the ssh-ed25519 key \(key.fingerprint)"),
            "\(verified.stdout)")
        #expect(verified.stdout.contains("Every file matches its manifest."), "\(verified.stdout)")

        // The auditor's own tools: both signatures, then every digest of the checksum list.
        for signed in ["manifest.json", "sha256"] {
            let stock = try Self.stockVerify("\(out)/\(Self.base).\(signed)", allowed: allowed)
            #expect(stock.status == 0, "\(signed): \(stock.stdout)\(stock.stderr)")
            #expect(stock.stdout.contains("Good \"nxaudit\" signature for \(Self.principal)"), "\(stock.stdout)")
        }
        let listed = try String(contentsOfFile: "\(out)/\(Self.base).sha256", encoding: .utf8)
        for suffix in ["html", "xml", "manifest.json"] {
            #expect(listed.contains("  \(Self.base).\(suffix)\n"), "the checksum list names \(suffix): \(listed)")
        }
        let checked = try run("/usr/bin/env", ["sha256sum", "-c", Self.base + ".sha256"], in: out)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.contains("\(Self.base).html: OK"), "\(checked.stdout)")

        // One byte of the HTML changed: the digests catch it, the signatures still hold.
        let html = "\(out)/\(Self.base).html"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: html))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: html))
        let changed = try run("/usr/bin/env", ["sha256sum", "-c", Self.base + ".sha256"], in: out)
        #expect(changed.status == 1, "\(changed.stdout)\(changed.stderr)")
        #expect(changed.stdout.contains("\(Self.base).html: FAILED"), "\(changed.stdout)")
        let reverified = try Self.verify(out, allowed: allowed)
        #expect(reverified.status == 1, "\(reverified.stdout)\(reverified.stderr)")
        #expect(reverified.stdout.contains("signed   by \(Self.principal)"), "\(reverified.stdout)")
        #expect(reverified.stdout.contains("1 file(s) differ from their manifest."), "\(reverified.stdout)")
    }

    /// One allowed-signers file for git and nxaudit lists the key twice: the nxaudit line is the signer.
    @Test func aKeyListedForGitAndForNxauditVerifiesAsTheNxauditPrincipal() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let out = dir.path + "/reports"
        try Self.report(to: out, signKey: key.path)
        let shared = dir.write(
            "shared_signers",
            "carol@example.org namespaces=\"git\" \(key.publicLine)\n"
                + "\(Self.principal) namespaces=\"nxaudit\" \(key.publicLine)\n")
        let result = try nxaudit(["verify", "--allowed-signers", shared, "--require-signature", out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("signed   by \(Self.principal)"), "\(result.stdout)")
    }

    /// A signed run replaced by an unsigned --force run: the old signatures, of other bytes, are removed.
    @Test func anUnsignedRerunRemovesTheSignaturesOfTheManifestItReplaced() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let out = dir.path + "/reports"
        try Self.report(to: out, signKey: key.path)
        try Self.requireSignedFiles(in: out)
        let rerun = try Self.report(
            to: out, extra: ["--force"], environment: ["SOURCE_DATE_EPOCH": "1793491300"])
        #expect(rerun.stderr.contains("they signed the manifest this run replaced"), "\(rerun.stderr)")
        for suffix in ["manifest.json.sig", "sha256.sig"] {
            #expect(!FileManager.default.fileExists(atPath: "\(out)/\(Self.base).\(suffix)"))
        }
        let result = try Self.verify(out, allowed: Self.allowing(key, in: dir))
        #expect(result.status == 0 && result.stdout.contains("unsigned"), "\(result.stdout)")
    }

    @Test func anUnsignedReportFailsOnlyWhenASignatureIsRequired() throws {
        let dir = TemporaryDirectory()
        let allowed = Self.allowing(try Self.makeKey("admin", in: dir), in: dir)
        let out = dir.path + "/reports"
        try Self.report(to: out)
        let manifest = "\(out)/\(Self.base).manifest.json"
        try #require(FileManager.default.fileExists(atPath: manifest))
        try #require(!FileManager.default.fileExists(atPath: manifest + ".sig"))

        let required = try Self.verify(out, allowed: allowed, requireSignature: true)
        #expect(required.status == 3, "\(required.stdout)\(required.stderr)")
        #expect(required.stdout.contains("UNSIGNED \(manifest).sig is not there"), "\(required.stdout)")
        let optional = try Self.verify(out, allowed: allowed)
        #expect(optional.status == 0, "\(optional.stdout)\(optional.stderr)")
        #expect(optional.stdout.contains("unsigned \(manifest).sig is not there"), "\(optional.stdout)")
        #expect(optional.stdout.contains("Every file matches its manifest."), "\(optional.stdout)")
    }

    /// A good signature by a key the allowed-signers file does not allow for nxaudit now: exit 4.
    @Test func aKeyTheAllowedSignersDoNotAllowIsRefused() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let other = try Self.makeKey("other", in: dir)
        let out = dir.path + "/reports"
        try Self.report(to: out, signKey: key.path)
        try Self.requireSignedFiles(in: out)
        let cases: [(String, [(key: Key, options: String)])] = [
            ("another key listed", [(other, "namespaces=\"nxaudit\"")]),
            ("validity window over", [(key, "namespaces=\"nxaudit\",valid-before=\"20200101\"")]),
            ("another namespace", [(key, "namespaces=\"git\"")]),
        ]
        for (name, entries) in cases {
            let allowed = Self.allowedSigners(name.replacingOccurrences(of: " ", with: "-"), in: dir, entries)
            let result = try Self.verify(out, allowed: allowed)
            #expect(result.status == 4, "\(name): \(result.stdout)\(result.stderr)")
            #expect(
                result.stdout.contains(
                    "NOT ALLOWED the signature is by the ssh-ed25519 key \(key.fingerprint), which \(allowed) "
                        + "does not allow"),
                "\(name): \(result.stdout)")
        }
    }

    @Test func aManifestEditedAfterSigningIsAMismatch() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let out = dir.path + "/reports"
        try Self.report(to: out, signKey: key.path)
        try Self.requireSignedFiles(in: out)
        let manifest = "\(out)/\(Self.base).manifest.json"
        let handle = try #require(FileHandle(forWritingAtPath: manifest))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(" ".utf8))
        try handle.close()

        let result = try Self.verify(out, allowed: allowed)
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains("MISMATCH \(manifest).sig is not a signature over this manifest"), "\(result.stdout)"
        )
        let stock = try Self.stockVerify(manifest, allowed: allowed)
        #expect(stock.status != 0, "\(stock.stdout)\(stock.stderr)")
        #expect(stock.stderr.contains("Signature verification failed"), "\(stock.stderr)")
    }

    // MARK: - Keys with a passphrase

    /// An ssh-agent of its own, listening in `dir`, killed when the value is released.
    ///
    /// It runs in the foreground (`-D`) as the test's child: a daemonized `ssh-agent -s` keeps open a
    /// descriptor Foundation's `Process` watches to see its child end, so waiting for `ssh-agent -s` never
    /// returns. It is killed with SIGKILL: it inherits the test runner's signal mask, which blocks SIGTERM.
    final class Agent {
        let socket: String
        let pid: pid_t
        private let process = Process()

        init(in dir: TemporaryDirectory) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["ssh-agent", "-D", "-s", "-a", dir.path + "/agent.sock"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // `SSH_AUTH_SOCK=...; export SSH_AUTH_SOCK;` and `echo Agent pid N;`, once it listens.
            var printed = ""
            while !printed.contains("echo Agent pid") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                printed += String(decoding: chunk, as: UTF8.self)
            }
            let socket = printed.firstMatch(of: /SSH_AUTH_SOCK=([^;]+);/).map { String($0.1) }
            let pid = printed.firstMatch(of: /echo Agent pid ([0-9]+);/).flatMap { pid_t($0.1) }
            guard let socket, let pid else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw AgentOutputUnread(output: printed)
            }
            (self.socket, self.pid) = (socket, pid)
        }

        deinit {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }

        /// Adds `key`, its passphrase given by an askpass script (no terminal needed).
        func add(_ key: Key, passphrase: String, in dir: TemporaryDirectory) throws {
            let askpass = dir.write("askpass", "#!/bin/sh\necho '\(passphrase)'\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: askpass)
            let added = try run(
                "/usr/bin/env", ["ssh-add", key.path],
                environment: [
                    "SSH_AUTH_SOCK": socket, "SSH_ASKPASS": askpass, "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": "x",
                ])
            try #require(added.status == 0, "ssh-add: \(added.stderr)")
        }
    }

    struct AgentOutputUnread: Error { var output: String }

    @Test func aPassphraseKeySignsThroughSSHAgent() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir, passphrase: "secret")
        let allowed = Self.allowing(key, in: dir)
        let agent = try Agent(in: dir)
        defer { withExtendedLifetime(agent) {} }
        try agent.add(key, passphrase: "secret", in: dir)

        let out = dir.path + "/reports"
        var environment = Self.epoch
        environment["SSH_AUTH_SOCK"] = agent.socket
        let result = try Self.report(
            to: out, signKey: key.publicPath, extra: ["--summary", "json"], environment: environment)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
        let signer = summary["signedWith"] as? [String: String]
        #expect(signer == ["type": "ssh-ed25519", "fingerprint": key.fingerprint], "\(result.stdout)")
        try Self.requireSignedFiles(in: out)
        let verified = try Self.verify(out, allowed: allowed, requireSignature: true)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(
            verified.stdout.contains("signed   by \(Self.principal) with the ssh-ed25519 key \(key.fingerprint)"),
            "\(verified.stdout)")
    }

    /// Without an agent and without a terminal (a new session: no /dev/tty; no askpass), ssh-keygen cannot get
    /// the passphrase: the run ends with 78 and says to use ssh-agent, and writes nothing; it does not wait.
    @Test func aPassphraseKeyWithoutAnAgentFailsAndSaysWhatToDo() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir, passphrase: "secret")
        let out = dir.path + "/reports"
        let result = try run(
            "/usr/bin/setsid",
            [
                "-w", "/usr/bin/timeout", "-s", "KILL", "120", "/usr/bin/env", "-u", "SSH_AUTH_SOCK", "-u",
                "SSH_ASKPASS", "-u",
                "SSH_ASKPASS_REQUIRE", "-u", "DISPLAY", "SOURCE_DATE_EPOCH=1793491200", Checkout.executable,
            ] + Self.sampleReport + ["--output", out, "--sign-key", key.path],
            in: Checkout.root.path)
        #expect(result.status == 78, "\(result.stderr)")
        #expect(result.stderr.contains("nxaudit: signing with \(key.path) failed: "), "\(result.stderr)")
        #expect(result.stderr.contains("the key has a passphrase"), "\(result.stderr)")
        #expect(
            result.stderr.contains("add it to ssh-agent with ssh-add and give its public key"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/\(Self.base).manifest.json"))

        // On a terminal ssh-keygen would ask, in a process group that cannot read it, and wait for ever:
        // nxaudit never lets it ask (script gives the run a terminal; timeout ends a hang as a failure).
        let command = ([Checkout.executable] + Self.sampleReport + ["--output", out, "--sign-key", key.path])
            .map { "'\($0)'" }.joined(separator: " ")
        let terminal = try run(
            "/usr/bin/timeout", ["-s", "KILL", "120", "/usr/bin/script", "-qec", command, "/dev/null"],
            environment: ["SSH_AUTH_SOCK": "", "SOURCE_DATE_EPOCH": "1793491200"], in: Checkout.root.path)
        #expect(terminal.status == 78, "\(terminal.stdout)\(terminal.stderr)")
        #expect(terminal.stdout.contains("the key has a passphrase"), "\(terminal.stdout)")
    }

    // MARK: - Reruns, a missing ssh-keygen

    /// ECDSA signatures differ each time; a rerun that writes the same manifest keeps the signatures there.
    @Test func anECDSARerunKeepsTheSignaturesItFinds() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir, type: "ecdsa")
        let allowed = Self.allowing(key, in: dir)
        let out = dir.path + "/reports"
        try Self.report(to: out, signKey: key.path)
        try Self.requireSignedFiles(in: out)
        let signatures = ["manifest.json.sig", "sha256.sig"].map { "\(out)/\(Self.base).\($0)" }
        let first = try signatures.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }

        // Not vacuous: two signatures of the same bytes with this key differ.
        let manifest = "\(out)/\(Self.base).manifest.json"
        let twice = try (0..<2).map { _ in
            try run("/bin/sh", ["-c", "ssh-keygen -Y sign -n nxaudit -f \"$1\" < \"$2\"", "sh", key.path, manifest])
        }
        #expect(twice.allSatisfy { $0.status == 0 && $0.stdout.hasPrefix("-----BEGIN SSH SIGNATURE-----") })
        #expect(twice[0].stdout != twice[1].stdout, "ECDSA signatures of the same bytes differ")

        let rerun = try Self.report(to: out, signKey: key.path)
        #expect(rerun.stderr.contains("unchanged (same bytes already there)"), "\(rerun.stderr)")
        #expect(
            rerun.stderr.contains("signed the manifest and checksum list with the ecdsa-sha2-nistp256 key"),
            "\(rerun.stderr)")
        let second = try signatures.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(first == second, "the rerun left the signatures as they were")
        let verified = try Self.verify(out, allowed: allowed, requireSignature: true)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(
            verified.stdout.contains("with the ecdsa-sha2-nistp256 key \(key.fingerprint)"), "\(verified.stdout)")
    }

    @Test func withoutSSHKeygenSigningAndCheckingExit69NamingOpenSSHClient() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let out = dir.path + "/reports"
        let noPath = Self.epoch.merging(["PATH": "/nonexistent"]) { $1 }
        let signing = try nxaudit(
            Self.sampleReport + ["--output", out, "--sign-key", key.path], environment: noPath,
            in: Checkout.root.path)
        #expect(signing.status == 69, "\(signing.stderr)")
        #expect(signing.stderr.contains("install openssh-client"), "\(signing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(out)/\(Self.base).manifest.json"))

        try Self.report(to: out)
        let checking = try nxaudit(["verify", "--allowed-signers", allowed, out], environment: noPath)
        #expect(checking.status == 69, "\(checking.stdout)\(checking.stderr)")
        #expect(checking.stderr.contains("install openssh-client"), "\(checking.stderr)")
    }

    // MARK: - Signed archive heads

    /// An archive of the two plain sample logs, each added (one batch each) with `--sign-key`.
    static func signedArchive(in dir: TemporaryDirectory, key: Key) throws -> String {
        let archive = dir.path + "/archive.sqlite"
        for log in ["samples/logs/audit.log.1", "samples/logs/audit.log"] {
            let added = try addToArchive(archive, log, signKey: key.path)
            #expect(added.stdout.contains("head signed with the ssh-ed25519 key \(key.fingerprint)"), "\(added.stdout)")
        }
        for batch in 1...2 {
            let record = "\(archive).heads/batch-00000\(batch).head"
            try #require(FileManager.default.fileExists(atPath: record), "no \(record)")
            try #require(FileManager.default.fileExists(atPath: record + ".sig"), "no \(record).sig")
        }
        return archive
    }

    @discardableResult
    static func addToArchive(_ archive: String, _ log: String, signKey: String? = nil) throws -> ProcessResult {
        let added = try nxaudit(
            ["archive", "add", "--archive", archive, "--timezone", "Europe/Zurich", "--year", "2026", log]
                + (signKey.map { ["--sign-key", $0] } ?? []),
            in: Checkout.root.path)
        try #require(added.status == 0, "archive add \(log): \(added.stdout)\(added.stderr)")
        return added
    }

    /// The attacker's archive: the file removed (its signed heads kept unless `removeHeads`) and built again
    /// from copies of the same logs with one line of the older one left out, signed with `signKey` if given.
    static func rebuild(
        _ archive: String, in dir: TemporaryDirectory, removeHeads: Bool = false, signKey: String? = nil
    ) throws {
        for suffix in ["", "-wal", "-shm"] + (removeHeads ? [".heads"] : []) {
            try? FileManager.default.removeItem(atPath: archive + suffix)
        }
        let forged = dir.path + "/forged"
        try? FileManager.default.removeItem(atPath: forged)
        try FileManager.default.createDirectory(atPath: forged, withIntermediateDirectories: true)
        let logs = Checkout.root.path + "/samples/logs/"
        let older = try String(contentsOfFile: logs + "audit.log.1", encoding: .utf8)
        var lines = older.split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: lines.count / 2)
        try lines.joined(separator: "\n").write(toFile: forged + "/audit.log.1", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: logs + "audit.log", toPath: forged + "/audit.log")
        for log in ["audit.log.1", "audit.log"] { try addToArchive(archive, forged + "/" + log, signKey: signKey) }
    }

    static func verifyArchive(
        _ archive: String, allowed: String?, requireSignature: Bool = false
    ) throws
        -> ProcessResult
    {
        try nxaudit(
            ["archive", "verify", "--archive", archive] + (allowed.map { ["--allowed-signers", $0] } ?? [])
                + (requireSignature ? ["--require-signature"] : []))
    }

    @Test func aSignedArchiveVerifies() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let archive = try Self.signedArchive(in: dir, key: key)
        let result = try Self.verifyArchive(archive, allowed: Self.allowing(key, in: dir), requireSignature: true)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for batch in 1...2 {
            #expect(result.stdout.contains("batch \(batch): head signed by \(Self.principal)"), "\(result.stdout)")
        }
        #expect(result.stdout.contains("\(archive): intact; 2 batches"), "\(result.stdout)")
    }

    /// The chain alone cannot tell a rebuilt archive; the heads signed before can.
    @Test func aRebuiltChainIsCaughtByTheHeadsSignedBefore() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let archive = try Self.signedArchive(in: dir, key: key)
        try Self.rebuild(archive, in: dir)

        let chainOnly = try Self.verifyArchive(archive, allowed: nil)
        #expect(chainOnly.status == 0, "\(chainOnly.stdout)\(chainOnly.stderr)")
        #expect(chainOnly.stdout.contains("intact"), "\(chainOnly.stdout)")
        let signed = try Self.verifyArchive(archive, allowed: allowed)
        #expect(signed.status == 1, "\(signed.stdout)\(signed.stderr)")
        #expect(
            signed.stdout.contains("batch-000001.head: batch 1 had head "), "names batch 1: \(signed.stdout)")
        #expect(signed.stdout.contains("its chain was recomputed"), "\(signed.stdout)")
        #expect(!signed.stdout.contains("intact"), "\(signed.stdout)")
        // Also when a signature is required and the rebuilt head is unsigned: the recomputed chain (1) is
        // the stronger evidence and wins over the missing signature (3).
        let required = try Self.verifyArchive(archive, allowed: allowed, requireSignature: true)
        #expect(required.status == 1, "\(required.stdout)\(required.stderr)")
    }

    @Test func aChainReSignedWithAnotherKeyIsNotAllowed() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let attacker = try Self.makeKey("attacker", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let archive = try Self.signedArchive(in: dir, key: key)
        try Self.rebuild(archive, in: dir, removeHeads: true, signKey: attacker.path)
        try #require(FileManager.default.fileExists(atPath: "\(archive).heads/batch-000002.head.sig"))

        let result = try Self.verifyArchive(archive, allowed: allowed, requireSignature: true)
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains("signed by the ssh-ed25519 key \(attacker.fingerprint), which is not allowed"),
            "\(result.stdout)")
    }

    @Test func aChainWithoutItsSignedHeadsFailsWhenASignatureIsRequired() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let archive = try Self.signedArchive(in: dir, key: key)
        try Self.rebuild(archive, in: dir, removeHeads: true)
        try #require(!FileManager.default.fileExists(atPath: archive + ".heads"))

        let required = try Self.verifyArchive(archive, allowed: allowed, requireSignature: true)
        #expect(required.status == 3, "\(required.stdout)\(required.stderr)")
        #expect(required.stdout.contains("has no signed head record"), "\(required.stdout)")
        // Without --require-signature, no signed head is nothing to check: the chain is intact.
        let optional = try Self.verifyArchive(archive, allowed: allowed)
        #expect(optional.status == 0, "\(optional.stdout)\(optional.stderr)")
    }

    /// The signed record made to name the rebuilt chain's head, its old signature kept: not over its bytes.
    @Test func anEditedHeadRecordIsAMismatch() throws {
        let dir = TemporaryDirectory()
        let key = try Self.makeKey("admin", in: dir)
        let allowed = Self.allowing(key, in: dir)
        let archive = try Self.signedArchive(in: dir, key: key)
        try Self.rebuild(archive, in: dir)
        let recomputed = try Self.verifyArchive(archive, allowed: allowed)
        let heads = try #require(
            recomputed.stdout.firstMatch(
                of: /batch 2 had head ([0-9a-f]{64}) .*; the archive now holds ([0-9a-f]{64})/),
            "\(recomputed.stdout)")
        let record = "\(archive).heads/batch-000002.head"
        let text = try String(contentsOfFile: record, encoding: .utf8)
        try #require(text.contains("head: \(heads.1)\n"), "\(text)")
        try text.replacingOccurrences(of: String(heads.1), with: String(heads.2))
            .write(toFile: record, atomically: true, encoding: .utf8)

        let result = try Self.verifyArchive(archive, allowed: allowed, requireSignature: true)
        #expect(result.status == 5, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains("batch-000002.head: its signature is not over its bytes: it was edited"),
            "\(result.stdout)")
    }
}
