import Foundation

/// What stops a generation run once its arguments were accepted: an output that cannot be
/// made or written. Each case carries its sentence and its exit status (sysexits(3), as
/// nxaudit uses them); bad arguments are `ValidationError`s, exit 64.
enum LogGenError: Error, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case compressionFailed(path: String, status: Int32)

    var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            "Cannot create \(path) (\(reason)); check that its folder can be written, or choose another output."
        case .writeFailed(let path, let reason):
            "Writing \(path) failed (\(reason)); free some space or choose another output, then run again."
        case .readFailed(let path, let reason):
            "Reading back \(path) failed (\(reason)); the output folder changed during the run: run again."
        case .compressionFailed(let path, let status):
            "zlib refused to compress \(path) (status \(status)); this is a bug in nxaudit-loggen: please report it."
        }
    }

    /// 73 an output cannot be created, 74 I/O error, 70 internal error.
    var exitStatus: Int32 {
        switch self {
        case .cannotCreate: 73
        case .writeFailed, .readFailed: 74
        case .compressionFailed: 70
        }
    }

    /// The C library's sentence for `errno`.
    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
