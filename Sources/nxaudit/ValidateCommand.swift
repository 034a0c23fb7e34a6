import ArgumentParser
import Foundation
import NXAudit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XML reports against nxaudit's schema, version 2 or 1 as each report says.",
        discussion: """
            A report's root element tells its schema version: complianceReport in namespace \
            urn:nxaudit:report:2 is version 2 (templates/xml/nxaudit-report-2.xsd), without a namespace \
            version 1 (reports of nxaudit 0.1). Prints FILE: valid (schema version N), or each problem as \
            FILE:LINE: message. No network access, no entity expansion, no DOCTYPE.

            \(ExitStatus.summary([
                .ok: "every file is valid", .checkFailed: "a file is not", .noInput: "a file cannot be read",
                .config: "the schema is missing or broken",
            ]))
            """
    )

    @Argument(help: "XML reports to check.")
    var files: [String] = []

    @Option(help: "Schema to validate every file against (default: the built-in schema of each report's version).")
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
        let given = try schema.map { path throws(RenderError) in try XMLSchemaValidator(schemaPath: path) }
        var builtIn: [ReportSchema: XMLSchemaValidator] = [:]
        var invalid = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw Unreadable(path: file) }
            let text = String(decoding: data, as: UTF8.self)
            let validator: XMLSchemaValidator
            var version = ""
            if let given {
                validator = given
            } else {
                switch ReportSchema.of(text) {
                case .failure(let why):
                    invalid += 1
                    print("\(file): not an nxaudit report: \(why)")
                    continue
                case .success(let found):
                    if builtIn[found] == nil { builtIn[found] = try found.builtInValidator() }
                    validator = builtIn[found]!
                    version = " (\(found))"
                }
            }
            let diagnostics = validator.validate(text)
            if diagnostics.isEmpty {
                print("\(file): valid\(version)")
            } else {
                invalid += 1
                for diagnostic in diagnostics { print("\(file):\(diagnostic.line): \(diagnostic.message)") }
            }
        }
        if invalid > 0 { throw ExitCode(.checkFailed) }
    }
}
