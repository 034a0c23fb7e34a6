import Foundation

/// Test hooks for faults a test cannot provoke otherwise: a kill in the middle of a write or
/// of an ingest. Only debug builds (the ones `swift test` runs) read them; a release build has
/// every hook off and does not even hold their names.
///
/// - `NXAUDIT_FAULT_PAUSE_WRITING=NAME`: the report writer stops for ten seconds after the
///   first part of file NAME is written (before it is named), saying so on standard error.
/// - `NXAUDIT_FAULT_PAUSE_INGEST=1`: an ingest stops for ten seconds after the first file's
///   lines are inserted, before the commit.
enum FaultInjection {
    #if DEBUG
        static func pausesWhileWriting(_ name: String) -> Bool {
            ProcessInfo.processInfo.environment["NXAUDIT_FAULT_PAUSE_WRITING"] == name
        }

        static var pausesWhileIngesting: Bool {
            ProcessInfo.processInfo.environment["NXAUDIT_FAULT_PAUSE_INGEST"] == "1"
        }
    #else
        static func pausesWhileWriting(_ name: String) -> Bool { false }

        static var pausesWhileIngesting: Bool { false }
    #endif

    static func pause(writing name: String) {
        FileHandle.standardError.write(Data("nxaudit-fault: paused while writing \(name)\n".utf8))
        Thread.sleep(forTimeInterval: 10)
    }

    static func pause(ingesting path: String) {
        FileHandle.standardError.write(Data("nxaudit-fault: paused while ingesting \(path)\n".utf8))
        Thread.sleep(forTimeInterval: 10)
    }
}
