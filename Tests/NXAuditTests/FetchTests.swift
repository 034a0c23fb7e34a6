import Foundation
import GRDB
import Testing
@testable import NXAudit

/// `nxaudit fetch` against `Scripts/audit-trail-server.py`: a loopback HTTPS stand-in for a
/// Portal's Audit Trail API, with a CA and a server certificate made by openssl for each test.
@Suite("Fetch from the Audit Trail API", .serialized)
struct FetchTests {
    static let password = "Pw-5ecret:with colon"
    /// The temporary folder of the test's fetches: bodies download there (or into `--output`),
    /// and nothing may be left behind.
    let spool = TemporaryDirectory()

    /// Generated October logs of a Portal and two Engines, as the appliances would serve them;
    /// stamps with their year, since a download's date (the clock's) would date RFC 3164 stamps.
    final class Appliances {
        let dir = TemporaryDirectory()
        var portal: String { dir.path + "/hosts/portal01.log" }
        var engine1: String { dir.path + "/hosts/engine01.log" }
        var engine2: String { dir.path + "/hosts/engine02.log" }

        init() throws {
            let result = try run(
                Checkout.generator,
                [
                    "--start", "2026-10-01", "--end", "2026-11-01", "--events-per-day", "40", "--engines", "2",
                    "--split-hosts", "--prefix", "rfc3339", "--seed", "22", "--output-dir", dir.path + "/hosts",
                ])
            guard result.status == 0 else { throw GeneratorFailed(message: result.stderr) }
        }
    }

    /// The loopback server: started with `faults`, stopped when released.
    final class LoopbackPortal {
        let dir = TemporaryDirectory()
        let process = Process()
        let port: Int
        var url: String { "https://127.0.0.1:\(port)" }
        var ca: String { dir.path + "/ca.pem" }
        var otherCA: String { dir.path + "/other-ca.pem" }
        var requestLog: String { dir.path + "/requests.jsonl" }

        init(_ appliances: Appliances, faults: [String] = []) throws {
            try Self.makeCertificates(in: dir.path)
            let passwordFile = dir.write("password", FetchTests.password + "\n")
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                [
                    "python3", Checkout.root.appendingPathComponent("Scripts/audit-trail-server.py").path,
                    "--cert", dir.path + "/server.pem", "--key", dir.path + "/server.key", "--user", "auditor",
                    "--password-file", passwordFile, "--portal", appliances.portal,
                    "--engine", "Engine-01=" + appliances.engine1, "--engine", "Engine-02=" + appliances.engine2,
                    "--request-log", dir.path + "/requests.jsonl",
                ] + faults
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            guard
                let port = Int(
                    line.trimmingCharacters(in: .whitespacesAndNewlines).replacing("listening on ", with: ""))
            else {
                process.terminate()
                throw GeneratorFailed(message: "the test server did not start: \(line)")
            }
            self.port = port
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// A CA, a server certificate it signs for 127.0.0.1, and another CA that signs nothing here.
        static func makeCertificates(in dir: String) throws {
            let script = """
                set -e
                cd '\(dir)'
                key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
                key ca.key; key other-ca.key; key server.key
                openssl req -x509 -new -key ca.key -out ca.pem -days 2 -subj '/CN=nxaudit test CA' 2>/dev/null
                openssl req -x509 -new -key other-ca.key -out other-ca.pem -days 2 -subj '/CN=other CA' 2>/dev/null
                openssl req -new -key server.key -out server.csr -subj '/CN=localhost' 2>/dev/null
                printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\n' > ext
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
                    -days 2 -extfile ext 2>/dev/null
                """
            let made = try run("/bin/sh", ["-c", script])
            guard made.status == 0 else { throw GeneratorFailed(message: "openssl: \(made.stderr)") }
        }

        /// The requests the server answered: path, query, account, status.
        func requests() throws -> [[String: Any]] {
            guard let text = try? String(contentsOfFile: requestLog, encoding: .utf8) else { return [] }
            return try text.split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
    }

    /// A credentials file of mode 0600 in `dir`.
    func credentials(
        in dir: TemporaryDirectory, _ text: String = "auditor:\(password)\n", name: String = "api-credentials"
    ) -> String {
        let path = dir.write(name, text)
        chmod(path, 0o600)
        return path
    }

    /// Runs `nxaudit fetch` with loopback kept off any proxy of the environment.
    func fetch(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ["SOURCE_DATE_EPOCH": "1793491200", "no_proxy": "127.0.0.1,localhost", "NO_PROXY": ""]
        env["TMPDIR"] = spool.path
        env["https_proxy"] = ""
        env["HTTPS_PROXY"] = ""
        for (key, value) in environment { env[key] = value }
        return try nxaudit(["fetch"] + arguments, environment: env)
    }

    /// What each batch of the archive records of the ingest, in batch order.
    func batchDetails(_ archive: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: archive, configuration: configuration).read { db in
            try String.fetchAll(db, sql: "SELECT detail FROM batch ORDER BY id")
        }
    }

    func summary(_ result: ProcessResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    }

    func sources(_ result: ProcessResult) throws -> [[String: Any]] {
        try summary(result)["sources"] as! [[String: Any]]
    }

    /// What a report says, without where its lines came from: findings, counts, registers.
    func substance(ofReport json: String) throws -> [String: String] {
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        func text(_ value: Any?) throws -> String {
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed]),
                as: UTF8.self)
        }
        let findings = (report["findings"] as! [[String: Any]]).map { finding in
            ["id", "fingerprint", "severity", "rule", "summary", "events", "first", "last"].map {
                "\(finding[$0] ?? "")"
            }.joined(separator: "|")
        }
        var result = [
            "findings": findings.joined(separator: "\n"), "summary": try text(report["summary"]),
            "eventCounts": try text(report["eventCounts"]),
        ]
        for register in ["privilegeRegister", "configurationRegister", "availability", "remote", "accessState"] {
            result[register] = try text((report[register] as! [String: Any])["count"])
        }
        return result
    }

    @Test func anArchiveFetchedFromThePortalReportsWhatTheFilesReport() throws {
        let appliances = try Appliances()
        let server = try LoopbackPortal(appliances)
        let dir = TemporaryDirectory()
        let archive = dir.path + "/archive.sqlite"
        let common = [
            "--portal", server.url, "--credentials", credentials(in: dir), "--ca-file", server.ca,
            "--archive", archive, "--timezone", "Europe/Zurich", "--summary", "json",
        ]
        let first = try fetch(common + ["--engines", "Engine-01,Engine-02", "--elapsed-hours", "48"])
        #expect(first.status == 0, "\(first.stderr)")
        let fetched = try sources(first)
        #expect(fetched.map { $0["source"] as? String } == ["portal", "engine Engine-01", "engine Engine-02"])
        for (source, file) in zip(fetched, [appliances.portal, appliances.engine1, appliances.engine2]) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(source["bytes"] as? Int == bytes.count)
            #expect(source["lines"] as? Int == bytes.filter { $0 == 0x0A }.count)
            #expect(source["linesAdded"] as? Int == bytes.filter { $0 == 0x0A }.count)
            #expect(source["sha256"] as? String == SHA256.file(at: file)?.hex)
            #expect(source["httpStatus"] as? Int == 200)
        }
        // The documented calls, with the window and the account.
        let requests = try server.requests()
        #expect(
            requests.map { $0["path"] as! String } == [
                "/audit-trail/api/v1/portal/type/auditlog", "/audit-trail/api/v1/engine/Engine-01/type/auditlog",
                "/audit-trail/api/v1/engine/Engine-02/type/auditlog",
            ])
        #expect(
            requests.allSatisfy {
                $0["query"] as? String == "elapsed_hours=48" && $0["account"] as? String == "auditor"
            })

        // The same window again adds nothing, and the all-Engines concatenation none of its lines.
        let again = try fetch(common + ["--engines", "Engine-01,Engine-02"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try summary(again)["archive"].map { ($0 as! [String: Any])["batch"] == nil } == true)
        #expect(try sources(again).allSatisfy { $0["identicalToBatch"] as? Int == 1 })
        let all = try fetch(common + ["--engines", "all"])
        #expect(all.status == 0, "\(all.stderr)")
        let concatenated = try sources(all)[1]
        #expect(concatenated["source"] as? String == "all engines")
        #expect(concatenated["linesAdded"] as? Int == 0)
        #expect((concatenated["linesHeld"] as? Int ?? 0) > 0)

        // The batch records each call: URL, time, status, size and SHA-256 of the body.
        let detail = try batchDetails(archive)[0]
        #expect(detail.contains("fetch \(server.url)/audit-trail/api/v1/portal/type/auditlog?elapsed_hours=48 at "))
        #expect(detail.contains(": HTTP 200, \(fetched[0]["bytes"]!) bytes, sha256 \(fetched[0]["sha256"]!)"))
        #expect(try nxaudit(["archive", "verify", "--archive", archive]).status == 0)

        // The archive's report is the files' report.
        let fromArchive = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--archive", archive, "--format", "json",
            "--output", dir.path + "/archive-report",
        ])
        let fromFiles = try nxaudit([
            "report", "--month", "2026-10", "--timezone", "Europe/Zurich", "--format", "json",
            "--output", dir.path + "/file-report", appliances.portal, appliances.engine1, appliances.engine2,
        ])
        #expect(fromArchive.status == fromFiles.status, "\(fromArchive.stderr)\n\(fromFiles.stderr)")
        let archived = try substance(ofReport: dir.path + "/archive-report/nxaudit-2026-10.json")
        let direct = try substance(ofReport: dir.path + "/file-report/nxaudit-2026-10.json")
        #expect(!archived["findings"]!.isEmpty)
        for key in direct.keys.sorted() { #expect(archived[key] == direct[key], "\(key)") }
    }

    @Test func aFailingEngineDoesNotStopTheOthersAndEachFailureIsNamed() throws {
        let appliances = try Appliances()
        let server = try LoopbackPortal(appliances, faults: ["--cut", "Engine-02"])
        let dir = TemporaryDirectory()
        let result = try fetch([
            "--portal", server.url, "--credentials", credentials(in: dir), "--ca-file", server.ca,
            "--engines", "Engine-01,Engine-02,Engine-03", "--retries", "1", "--retry-delay", "0",
            "--archive", dir.path + "/archive.sqlite", "--summary", "json",
        ])
        #expect(result.status == 2, "some fetched, some not: \(result.stderr)")
        let fetched = try sources(result)
        #expect(fetched.map { $0["fetched"] as? Bool } == [true, true, false, false])
        // The unknown Engine: HTTP 500 with the API's JSON error, retried, never ingested.
        let unknown = fetched[3]
        #expect(unknown["httpStatus"] as? Int == 500)
        #expect(unknown["attempts"] as? Int == 2)
        #expect((unknown["failure"] as? [String: String])?["kind"] == "http-error")
        #expect(
            result.stderr.contains(
                "engine Engine-03: \(server.url)/audit-trail/api/v1/engine/Engine-03/type/auditlog: "
                    + "HTTP 500: Engine 'Engine-03' is not reachable"))
        // The body cut mid-transfer: retried, then reported, and nothing of it kept.
        #expect((fetched[2]["failure"] as? [String: String])?["kind"] == "cut")
        #expect(result.stderr.contains("engine Engine-02: ") && result.stderr.contains("the transfer was cut after"))
        let info = try nxaudit(["archive", "info", "--archive", dir.path + "/archive.sqlite"])
        #expect(info.stdout.contains("engine/Engine-01/type/auditlog"))
        #expect(!info.stdout.contains("engine/Engine-02/type/auditlog"), "a cut body is not archived")
        #expect(!info.stdout.contains("Engine-03"))
        // The batch still records the failed calls.
        let detail = try batchDetails(dir.path + "/archive.sqlite").joined()
        #expect(detail.contains("Engine-03/type/auditlog at "))
        #expect(detail.contains(": failed after 2 attempts: HTTP 500: Engine 'Engine-03' is not reachable"))
    }

    @Test func timeoutsServerErrorsAndLoginPagesAreRetriedOrRefusedAsDocumented() throws {
        let appliances = try Appliances()
        let dir = TemporaryDirectory()
        let account = credentials(in: dir)
        // A stalled transfer ends at --read-timeout.
        let stalled = try LoopbackPortal(appliances, faults: ["--stall", "portal"])
        let timeout = try fetch([
            "--portal", stalled.url, "--credentials", account, "--ca-file", stalled.ca, "--read-timeout", "1",
            "--retries", "0", "--output", dir.path + "/stalled",
        ])
        #expect(timeout.status == 69, "no source fetched: \(timeout.stderr)")
        #expect(timeout.stderr.contains("portal: ") && timeout.stderr.contains("timed out"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/stalled").isEmpty, "nothing kept")

        // HTTP 503 (with Retry-After: 1) for four calls, then the log: one retry does not reach it
        // (two calls), two retries do (503, 503, then the log).
        let flaky = try LoopbackPortal(appliances, faults: ["--flaky", "portal=4"])
        let base = ["--portal", flaky.url, "--credentials", account, "--ca-file", flaky.ca, "--summary", "json"]
        let giveUp = try fetch(base + ["--retries", "1", "--retry-delay", "0", "--output", dir.path + "/flaky1"])
        #expect(giveUp.status == 69)
        #expect(try sources(giveUp)[0]["httpStatus"] as? Int == 503)
        let recovered = try fetch(base + ["--retries", "2", "--retry-delay", "0", "--output", dir.path + "/flaky2"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try sources(recovered)[0]["attempts"] as? Int == 3)
        let kept = try #require(try sources(recovered)[0]["file"] as? String)
        #expect(kept.hasPrefix(dir.path + "/flaky2/portal-") && kept.hasSuffix("Z.log"))
        #expect(FileManager.default.contentsEqual(atPath: kept, andPath: appliances.portal))

        // HTTP 200 with a login page is not an audit trail.
        let login = try LoopbackPortal(appliances, faults: ["--login-page"])
        let page = try fetch([
            "--portal", login.url, "--credentials", account, "--ca-file", login.ca, "--output", dir.path + "/login",
        ])
        #expect(page.status == 69)
        #expect(page.stderr.contains("HTTP 200, but the body is an HTML page (Nexthink - Sign in), not an audit trail"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/login").isEmpty)
    }

    @Test func credentialsAndCertificatesAreCheckedAndThePasswordIsNeverWritten() throws {
        let appliances = try Appliances()
        let server = try LoopbackPortal(appliances)
        let dir = TemporaryDirectory()
        let archive = dir.path + "/archive.sqlite"
        let good = credentials(in: dir)
        let base = ["--portal", server.url, "--archive", archive]
        var outputs: [ProcessResult] = []

        // Wrong password: 401, exit 77, the account named and the password not.
        let wrongFile = dir.write("wrong", "auditor:not-the-password\n")
        chmod(wrongFile, 0o600)
        let wrong = try fetch(base + ["--credentials", wrongFile, "--ca-file", server.ca])
        #expect(wrong.status == 77, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("HTTP 401: the appliance refused the account auditor"))
        #expect(!wrong.stderr.contains("not-the-password"))
        outputs.append(wrong)

        // A certificate from another CA, or from one not given: refused, exit 69.
        for ca in [[String](), ["--ca-file", server.otherCA]] {
            let refused = try fetch(base + ["--credentials", good] + ca)
            #expect(refused.status == 69, "\(refused.stderr)")
            #expect(refused.stderr.contains("the server's certificate was refused"))
            #expect(refused.stderr.contains("give its CA with --ca-file"))
            outputs.append(refused)
        }
        #expect(try server.requests().count == 1, "no request reaches a server whose certificate is refused")

        // A credentials file others can read is refused before any call; so is a missing one.
        let open = dir.write("open-credentials", "auditor:\(Self.password)\n")
        chmod(open, 0o644)
        let exposed = try fetch(base + ["--credentials", open, "--ca-file", server.ca])
        #expect(exposed.status == 78)
        #expect(exposed.stderr.contains("\(open): the credentials file has mode 0644"))
        #expect(try fetch(base + ["--credentials", dir.path + "/none", "--ca-file", server.ca]).status == 66)
        #expect(
            try fetch(
                base + ["--credentials", credentials(in: dir, "no colon\n", name: "malformed"), "--ca-file", server.ca]
            ).status == 78
        )
        outputs.append(exposed)

        // systemd's copy of a credential is private to the service whatever its group bits say
        // (an ACL grants the service's user read access): accepted in $CREDENTIALS_DIRECTORY only.
        let systemd = dir.path + "/credentials"
        try FileManager.default.createDirectory(atPath: systemd, withIntermediateDirectories: true)
        let copy = systemd + "/nxaudit-api"
        try FileManager.default.copyItem(atPath: good, toPath: copy)
        chmod(copy, 0o440)
        #expect(try fetch(base + ["--credentials", copy, "--ca-file", server.ca]).status == 78)
        let loaded = try fetch(
            base + ["--credentials", copy, "--ca-file", server.ca], environment: ["CREDENTIALS_DIRECTORY": systemd])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        outputs.append(loaded)

        // --user takes the password from the environment only.
        let noPassword = try fetch(base + ["--user", "auditor", "--ca-file", server.ca])
        #expect(noPassword.status == 78 && noPassword.stderr.contains("NXAUDIT_API_PASSWORD"))
        let fromEnvironment = try fetch(
            base + ["--user", "auditor", "--ca-file", server.ca, "--summary", "json"],
            environment: ["NXAUDIT_API_PASSWORD": Self.password])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        outputs.append(fromEnvironment)
        let toFiles = try fetch(
            base.dropLast(2) + [
                "--credentials", good, "--ca-file", server.ca, "--engines", "all", "--output",
                dir.path + "/files",
            ])
        #expect(toFiles.status == 0, "\(toFiles.stderr)")
        outputs.append(toFiles)
        outputs.append(try fetch(base + ["--credentials", good, "--ca-file", server.ca, "--engines", "Engine-01"]))

        // Not one byte nxaudit wrote or printed holds the password, alone or in a Basic header.
        let secrets = [Self.password, Data("auditor:\(Self.password)".utf8).base64EncodedString()]
        var written: [String] = []
        let walker = FileManager.default.enumerator(atPath: dir.path)!
        for case let name as String in walker
        where !["wrong", "api-credentials", "open-credentials", "malformed", "credentials/nxaudit-api"].contains(name) {
            let path = dir.path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            written.append(name)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            for secret in secrets { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) holds the password") }
        }
        #expect(written.contains("archive.sqlite") && written.contains { $0.hasPrefix("files/engines-") })
        #expect(
            !written.contains { ($0 as NSString).lastPathComponent.hasPrefix(".nxaudit-fetch") }, "no spool file left")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty, "no spool file left")
        for output in outputs {
            for secret in secrets {
                #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
            }
        }
    }

    @Test func proxiesComeFromTheEnvironment() throws {
        let appliances = try Appliances()
        let server = try LoopbackPortal(appliances)
        let dir = TemporaryDirectory()
        let base = [
            "--portal", server.url, "--credentials", credentials(in: dir), "--ca-file", server.ca, "--retries", "0",
            "--output", dir.path + "/out",
        ]
        // A proxy nobody listens on: the call goes to it and fails, unless no_proxy exempts the Portal.
        let viaProxy = try fetch(base, environment: ["https_proxy": "http://127.0.0.1:9", "no_proxy": ""])
        #expect(viaProxy.status == 69, "\(viaProxy.stderr)")
        #expect(try server.requests().isEmpty)
        let exempt = try fetch(base, environment: ["https_proxy": "http://127.0.0.1:9", "no_proxy": "127.0.0.1"])
        #expect(exempt.status == 0, "\(exempt.stderr)")
    }

    @Test func badAddressesAndOptionsAreUsageErrors() throws {
        let dir = TemporaryDirectory()
        let account = credentials(in: dir)
        func usage(_ arguments: [String]) throws -> ProcessResult {
            try fetch(arguments + ["--credentials", account, "--output", dir.path + "/out"])
        }
        let plain = try usage(["--portal", "http://portal.example.com"])
        #expect(plain.status == 64 && plain.stderr.contains("the credentials go only over HTTPS"))
        for address in [
            "https://auditor:secret@portal.example.com", "http://auditor:secret@portal.example.com",
            "https://auditor:secret@[bad", "https://auditor:se@cret@portal.example.com/nx",
        ] {
            let inline = try usage(["--portal", address])
            #expect(inline.status == 64 && inline.stderr.contains("it holds credentials"), "\(address)")
            #expect(!inline.stderr.contains("secret") && !inline.stderr.contains("cret"), "\(inline.stderr)")
        }
        #expect(
            try usage(["--portal", "https://p.example", "--elapsed-hours", "4", "--before", "2026-10-01"]).status == 64)
        #expect(try usage(["--portal", "https://p.example", "--before", "2026-02-30"]).status == 64)
        #expect(try usage(["--portal", "https://p.example", "--engines", "a,,b"]).status == 64)
        #expect(try fetch(["--portal", "https://p.example", "--credentials", account]).status == 64, "no destination")
    }

    @Test func callsAndNames() throws {
        let api = try AuditTrailAPI(
            portal: "https://portal.example.com:8443/nx/", window: .before("2026-10-31T23:00:00"))
        #expect(
            api.url(of: .portal)
                == "https://portal.example.com:8443/nx/audit-trail/api/v1/portal/type/auditlog?before_date=2026-10-31T23:00:00"
        )
        #expect(api.url(of: .engine("Engine 01/x")).contains("/engine/Engine%2001%2Fx/type/auditlog"))
        #expect(AuditTrailAPI.Source.engine("Engine 01/x").fileStem == "engine-Engine_01_x")
        #expect(AuditTrailAPI.beforeDate("2026-10-31") != nil)
        #expect(AuditTrailAPI.beforeDate("2026-10-31T24:00:00") == nil)
        #expect(AuditTrailFetch.utcStamp(1_793_491_200, compact: true) == "20261101T000000Z")
        #expect(AuditTrailFetch.utcStamp(1_793_491_200) == "2026-11-01T00:00:00Z")
    }

    @Test func theDailyRecipeRunsAsTheUnitsSayIt() throws {
        // The systemd units' commands, with their paths moved into a temporary folder and the
        // Portal's address onto the loopback server: fetch daily, then the signed monthly
        // report from the archive, then the auditor's verification.
        let appliances = try Appliances()
        let server = try LoopbackPortal(appliances)
        let dir = TemporaryDirectory()
        let etc = dir.path + "/etc"
        try FileManager.default.createDirectory(atPath: etc + "/credentials", withIntermediateDirectories: true)
        _ = credentials(in: dir)
        try FileManager.default.moveItem(
            atPath: dir.path + "/api-credentials", toPath: etc + "/credentials/nxaudit-api")
        try FileManager.default.copyItem(atPath: server.ca, toPath: etc + "/portal-ca.pem")
        try FileManager.default.copyItem(
            atPath: Checkout.root.appendingPathComponent("samples/policy.yaml").path, toPath: etc + "/policy.yaml")
        let keygen = try run(
            "/usr/bin/env", ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", etc + "/signing_key"])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        func command(ofUnit unit: String) throws -> [String] {
            let text = try String(
                contentsOf: Checkout.root.appendingPathComponent("samples/scheduling/" + unit), encoding: .utf8)
            let joined = text.replacingOccurrences(of: "\\\n", with: " ")
            let line = try #require(joined.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
            return line.dropFirst("ExecStart=".count).split(separator: " ").map { word in
                String(word).replacingOccurrences(of: "%d", with: etc + "/credentials")
                    .replacingOccurrences(of: "/etc/nxaudit", with: etc)
                    .replacingOccurrences(of: "/var/lib/nxaudit", with: dir.path + "/state")
                    .replacingOccurrences(of: "https://portal.example.com", with: server.url)
            }
        }
        // The cron file runs the same commands, with the credentials file itself.
        let cron = try String(
            contentsOf: Checkout.root.appendingPathComponent("samples/scheduling/nxaudit-fetch.cron"), encoding: .utf8)
        let cronCommands = cron.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(" nxaudit ") }
            .map { line in
                let command = line.components(separatedBy: " nxaudit ")[1].components(separatedBy: " 2>&1 |")[0]
                return command.replacingOccurrences(of: "/etc/nxaudit/api-credentials", with: "%d/nxaudit-api")
            }
        func unitLine(_ unit: String) throws -> String {
            let text = try String(
                contentsOf: Checkout.root.appendingPathComponent("samples/scheduling/" + unit), encoding: .utf8)
            let line =
                text.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n")
                .first { $0.hasPrefix("ExecStart=") } ?? ""
            return line.dropFirst("ExecStart=".count).split(separator: " ").joined(separator: " ")
        }
        #expect(
            cronCommands == [
                try unitLine("nxaudit-fetch.service"), try unitLine("nxaudit-monthly-archive.service"),
            ])

        let fetchCommand = try command(ofUnit: "nxaudit-fetch.service")
        #expect(fetchCommand.first == "/usr/local/bin/nxaudit" && fetchCommand[1] == "fetch")
        let fetched = try fetch(Array(fetchCommand.dropFirst(2)))
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.isEmpty && fetched.stderr.isEmpty, "--quiet")
        #expect(try fetch(Array(fetchCommand.dropFirst(2))).status == 0, "the next day's run")

        let reportCommand = try command(ofUnit: "nxaudit-monthly-archive.service")
        #expect(reportCommand[1] == "report" && reportCommand.contains("--archive"))
        // The 1st of November, 02:00 in Zurich: last-month is October.
        let report = try nxaudit(Array(reportCommand.dropFirst()), environment: ["SOURCE_DATE_EPOCH": "1793494800"])
        #expect([0, 1].contains(report.status), "\(report.stderr)")
        let reports = dir.path + "/state/reports"
        #expect(FileManager.default.fileExists(atPath: reports + "/nxaudit-2026-10.manifest.json.sig"))
        let publicKey = try String(contentsOfFile: etc + "/signing_key.pub", encoding: .utf8)
        let signers = dir.write("allowed_signers", "nxaudit@example namespaces=\"nxaudit\" \(publicKey)")
        let verified = try nxaudit(["verify", "--allowed-signers", signers, "--require-signature", reports])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        let xml = try String(contentsOfFile: reports + "/nxaudit-2026-10.xml", encoding: .utf8)
        #expect(xml.contains("audit-trail/api/v1/portal/type/auditlog"), "the report names the API source")
    }
}
