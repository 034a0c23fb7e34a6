import ArgumentParser
import Foundation
import CMemory
import NXAudit

@main
struct NXAuditCommand: ParsableCommand {
    static func main() {
        // Reading, analysing and rendering each allocate large buffers and free them
        // before the next stage. glibc keeps freed blocks below its (growing) threshold
        // in the heap; serving blocks over 1 MiB by mmap returns them at once, which
        // keeps the peak at what one stage needs.
        nxaudit_mmap_threshold(1 << 20)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(for: error)
        }
    }

    /// The one place an error becomes the process's exit. nxaudit's own errors print
    /// `nxaudit: message` and exit with their status; argument-parser's (a usage error, a
    /// `ValidationError`, `--help`, an `ExitCode` a command throws) exit as it decides.
    static func exit(for error: any Error) -> Never {
        guard let failure = error as? any ExitStatusError else { exit(withError: error) }
        for line in failure.exitMessage.split(separator: "\n") { printError(String(line)) }
        Foundation.exit(failure.exitStatus.rawValue)
    }

    static let configuration = CommandConfiguration(
        commandName: "nxaudit",
        abstract: "Turns Nexthink classic audit trails into compliance reports (HTML and XML).",
        discussion: """
            Exit codes:
            \(ExitStatus.table(width: 78))

            `nxaudit report --help` tells more.
            """,
        version: NXAuditVersion.described,
        subcommands: [
            ReportCommand.self, InspectCommand.self, ArchiveCommand.self, FetchCommand.self, ValidateCommand.self,
            VerifyCommand.self,
            CodesCommand.self,
            RulesCommand.self,
            TemplatesCommand.self,
        ],
        defaultSubcommand: nil
    )
}

extension ExitCode {
    /// A status of the table, for a run that ends without an error to print (findings, a changed file).
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}

/// Now, as recorded in reports and archive batches: `SOURCE_DATE_EPOCH` when set
/// (reproducible runs), else the clock.
func currentTime() throws -> Int64 {
    if let value = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
        guard let seconds = Int64(value), seconds >= 0, seconds <= 253_402_300_799 else {
            throw ValidationError(
                "SOURCE_DATE_EPOCH='\(value)' is not a count of seconds since 1970 before the year 10000; "
                    + "unset it or fix it."
            )
        }
        return seconds
    }
    return Int64(Date().timeIntervalSince1970)
}

/// Prints `message` to standard error as `nxaudit: message`.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("nxaudit: \(message)\n".utf8))
}
