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
        main(nil)
    }

    static let configuration = CommandConfiguration(
        commandName: "nxaudit",
        abstract: "Turns Nexthink classic audit trails into compliance reports (HTML and XML).",
        discussion: """
            Exit codes: 0 report written; 1 report written with findings at or above --fail-on \
            (verify: a file changed; validate: a document is invalid); 2 report written but the evidence \
            is insufficient; 64 usage error; 65 a baseline or manifest not to be trusted; 66 an input is \
            missing or unreadable; 70 internal error; 73 an output cannot be created or a different \
            report is already there; 74 I/O error while reading or writing; 78 a template, the schema \
            or the policy file is broken. `nxaudit report --help` tells more.
            """,
        version: NXAuditVersion.described,
        subcommands: [ReportCommand.self, ArchiveCommand.self, ValidateCommand.self, VerifyCommand.self, CodesCommand.self, RulesCommand.self,
                      TemplatesCommand.self],
        defaultSubcommand: nil
    )
}

/// Exit codes, from sysexits(3); documented in the README and pinned by tests.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let tempFail: Int32 = 75
    static let config: Int32 = 78
}

/// Now, as recorded in reports and archive batches: `SOURCE_DATE_EPOCH` when set
/// (reproducible runs), else the clock.
func currentTime() throws -> Int64 {
    if let value = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
        guard let seconds = Int64(value), seconds >= 0, seconds <= 253_402_300_799 else {
            throw ValidationError("SOURCE_DATE_EPOCH='\(value)' is not a count of seconds since 1970 before the year 10000; unset it or fix it.")
        }
        return seconds
    }
    return Int64(Date().timeIntervalSince1970)
}

/// Prints `message` to standard error as `nxaudit: message`.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("nxaudit: \(message)\n".utf8))
}
