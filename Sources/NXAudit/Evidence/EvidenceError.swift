/// A problem with the evidence that makes the run meaningless; each message says what to do.
public enum EvidenceError: Error, Equatable, CustomStringConvertible {
    case inputNotFound(path: String)
    case inputNotReadable(path: String, reason: String)
    case directoryHasNoLogs(path: String)
    case notAFileOrDirectory(path: String)
    case readFailed(path: String, reason: String)
    case noInputs

    public var description: String {
        switch self {
        case .inputNotFound(let path):
            "\(path): no such file or directory; check the path, or list the folder that holds audit.log."
        case .inputNotReadable(let path, let reason):
            "\(path): cannot be read (\(reason)); run nxaudit as a user allowed to read the logs."
        case .directoryHasNoLogs(let path):
            "\(path): the directory holds no audit log (no file named *.log, *.log.N or *.log.N.gz); name "
                + "the files instead."
        case .notAFileOrDirectory(let path):
            "\(path): neither a regular file nor a directory; give a log file or a folder of logs."
        case .readFailed(let path, let reason):
            "\(path): reading failed (\(reason)); the evidence is incomplete, so no report was written."
        case .noInputs:
            "no log named; give one or more log files or directories, e.g. nxaudit report --month 2026-10 "
                + "/var/log/nexthink."
        }
    }
}
