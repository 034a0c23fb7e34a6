import ArgumentParser
import Foundation
import NXAudit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XML reports against nxaudit's schema (templates/xml/nxaudit-report-1.xsd).",
        discussion: """
            Prints each problem as FILE:LINE: message. No network access, no entity expansion, no DOCTYPE.

            Exit codes: 0 every file is valid; 1 a file is not; 66 a file cannot be read; 78 the schema is missing or broken.
            """
    )

    @Argument(help: "XML reports to check.")
    var files: [String] = []

    @Option(help: "Schema to validate against (default: the schema built into nxaudit).")
    var schema: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one XML report, e.g. nxaudit validate reports/nxaudit-2026-10.xml.") }
    }

    func run() throws {
        let validator: XMLSchemaValidator
        do {
            validator = try schema.map { path throws(RenderError) in try XMLSchemaValidator(schemaPath: path) }
                ?? XMLSchemaValidator.builtIn()
        } catch {
            printError("\(error)")
            throw ExitCode(ExitStatus.config)
        }
        var invalid = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("\(file): cannot be read; check the path.")
                throw ExitCode(ExitStatus.noInput)
            }
            let diagnostics = validator.validate(String(decoding: data, as: UTF8.self))
            if diagnostics.isEmpty {
                print("\(file): valid")
            } else {
                invalid += 1
                for diagnostic in diagnostics { print("\(file):\(diagnostic.line): \(diagnostic.message)") }
            }
        }
        if invalid > 0 { throw ExitCode(1) }
    }
}
