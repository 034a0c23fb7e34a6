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

            \(ExitStatus.summary([
                .ok: "everything matches", .checkFailed: "a file changed or is missing",
                .dataError: "a manifest is malformed",
                .noInput: "a manifest cannot be read",
            ]))

            Examples:
              nxaudit verify reports/
              nxaudit verify --inputs reports/nxaudit-2026-10.manifest.json
            """
    )

    @Argument(help: "Manifests (nxaudit-PERIOD.manifest.json) or directories holding them.")
    var paths: [String] = []

    @Flag(help: "Also recompute the digests of the input logs at their recorded paths.")
    var inputs = false

    func validate() throws {
        if paths.isEmpty {
            throw ValidationError("name a manifest or the report directory, e.g. nxaudit verify reports/.")
        }
    }

    func run() throws {
        var failed = 0
        for manifest in try ManifestVerifier.manifests(at: paths) {
            let checks = try ManifestVerifier.verify(manifestAt: manifest, inputs: inputs)
            print("\(manifest):")
            for check in checks { print("  \(check)") }
            failed += checks.count { !$0.passed }
        }
        if failed > 0 {
            print("\(failed) file(s) differ from their manifest.")
            throw ExitCode(.checkFailed)
        }
        print("Every file matches its manifest.")
    }
}
