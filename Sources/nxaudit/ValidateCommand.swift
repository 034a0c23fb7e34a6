import ArgumentParser
import Foundation
import NXAudit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XML reports against nxaudit's schema (templates/xml/nxaudit-report-1.xsd).",
        discussion: """
            Prints each problem as FILE:LINE: message. No network access, no entity expansion, no DOCTYPE.

            \(ExitStatus.summary([
                .ok: "every file is valid", .checkFailed: "a file is not", .noInput: "a file cannot be read",
                .config: "the schema is missing or broken",
            ]))
            """
    )

    @Argument(help: "XML reports to check.")
    var files: [String] = []

    @Option(help: "Schema to validate against (default: the schema built into nxaudit).")
    var schema: String?

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("name at least one XML report, e.g. nxaudit validate reports/nxaudit-2026-10.xml.")
        }
    }

    /// A report named on the command line that cannot be read.
    struct Unreadable: ExitStatusError {
        var path: String
        var exitStatus: ExitStatus { .noInput }
        var exitMessage: String { "\(path): cannot be read; check the path." }
    }

    func run() throws {
        let validator =
            try schema.map { path throws(RenderError) in try XMLSchemaValidator(schemaPath: path) }
            ?? XMLSchemaValidator.builtIn()
        var invalid = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw Unreadable(path: file) }
            let diagnostics = validator.validate(String(decoding: data, as: UTF8.self))
            if diagnostics.isEmpty {
                print("\(file): valid")
            } else {
                invalid += 1
                for diagnostic in diagnostics { print("\(file):\(diagnostic.line): \(diagnostic.message)") }
            }
        }
        if invalid > 0 { throw ExitCode(.checkFailed) }
    }
}
