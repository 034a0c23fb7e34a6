import ArgumentParser
import Foundation
import NXAudit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check reports (and, with --inputs, their input logs) against their evidence manifest.",
        discussion: """
            Recomputes the SHA-256 of every report a manifest names (in the manifest's directory) and, with \
            --inputs, of every input at the path it was read from (run it from the same directory as the report run). \
            An input that has only grown since (a live audit.log) passes if its first bytes are unchanged.

            With --allowed-signers, first checks the manifest's signature (NAME.manifest.json.sig, made by \
            nxaudit report --sign-key) with ssh-keygen -Y against an OpenSSH allowed-signers file, principals, \
            the nxaudit namespace and validity windows honoured, and names the principal that signed.

            \(ExitStatus.summary([
                .ok: "everything matches (and the signature is good)", .checkFailed: "a file changed or is missing",
                .signatureMissing: "no signature, with --require-signature",
                .signatureNotAllowed: "signed by a key the allowed signers do not allow",
                .signatureMismatch: "the signature is not over the manifest's bytes",
                .dataError: "a manifest is malformed",
                .noInput: "a manifest or the allowed-signers file cannot be read",
                .unavailable: "ssh-keygen is not installed",
            ]))

            Examples:
              nxaudit verify reports/
              nxaudit verify --inputs reports/nxaudit-2026-10.manifest.json
              nxaudit verify --allowed-signers allowed_signers --require-signature reports/
            """
    )

    @Argument(help: "Manifests (nxaudit-PERIOD.manifest.json) or directories holding them.")
    var paths: [String] = []

    @Flag(help: "Also recompute the digests of the input logs at their recorded paths.")
    var inputs = false

    @Option(help: "OpenSSH allowed-signers file to check each manifest's signature against.")
    var allowedSigners: String?

    @Flag(help: "Fail when a manifest has no signature (needs --allowed-signers).")
    var requireSignature = false

    func validate() throws {
        if paths.isEmpty {
            throw ValidationError("name a manifest or the report directory, e.g. nxaudit verify reports/.")
        }
        if requireSignature && allowedSigners == nil {
            throw ValidationError(
                "--require-signature needs --allowed-signers FILE: the keys whose signatures count.")
        }
    }

    func run() throws {
        var failed = 0
        var signatureFailure: ExitStatus?
        let keygen = try allowedSigners.map { file throws(SignatureError) -> SSHKeygen in
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw .allowedSignersUnreadable(path: file)
            }
            return try SSHKeygen.find()
        }
        for manifest in try ManifestVerifier.manifests(at: paths) {
            print("\(manifest):")
            let signature = manifest + ".sig"
            if let keygen, let allowedSigners {
                let bytes = FileManager.default.contents(atPath: manifest) ?? Data()
                // Validity windows are checked at the time the manifest says it was made.
                let made = (try? JSONDecoder().decode(EvidenceManifest.self, from: bytes))
                    .flatMap { SSHKeygen.seconds(of: $0.generatedAt) }
                let check = try keygen.check(
                    signature: signature, over: bytes, allowedSigners: allowedSigners, signedAtSeconds: made)
                let status: ExitStatus?
                switch check {
                case .valid(let principal, let key):
                    print("  signed   by \(principal) with the \(key)")
                    status = nil
                case .missing:
                    print("  \(requireSignature ? "UNSIGNED" : "unsigned") \(signature) is not there")
                    status = requireSignature ? .signatureMissing : nil
                case .notAllowed(let key, let reason):
                    print(
                        "  NOT ALLOWED the signature is by the \(key), which \(allowedSigners) does not allow (\(reason))"
                    )
                    status = .signatureNotAllowed
                case .otherBytes(let key, let reason):
                    print(
                        "  MISMATCH \(signature) is not a signature over this manifest\(key.map { " (\($0))" } ?? "")"
                            + ": it changed since it was signed, or the signature is damaged (\(reason))")
                    status = .signatureMismatch
                }
                signatureFailure = ExitStatus.worse(signatureFailure, status)
            } else if FileManager.default.fileExists(atPath: signature) {
                print("  signature \(signature) not checked: give --allowed-signers FILE")
            }
            let checks = try ManifestVerifier.verify(manifestAt: manifest, inputs: inputs)
            for check in checks { print("  \(check)") }
            failed += checks.count { !$0.passed }
        }
        if failed > 0 { print("\(failed) file(s) differ from their manifest.") }
        if let status = ExitStatus.worse(signatureFailure, failed > 0 ? .checkFailed : nil) { throw ExitCode(status) }
        print("Every file matches its manifest.")
    }
}
