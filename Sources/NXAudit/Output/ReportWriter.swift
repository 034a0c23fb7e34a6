import Foundation

/// Why an output could not be written.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotCreateFile(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "\(path): cannot create the output directory (\(reason)); choose another --output or fix its permissions."
        case .cannotCreateFile(let path, let reason):
            "\(path): cannot create the report file (\(reason)); check the directory's permissions. Any earlier report there is untouched."
        case .writeFailed(let path, let reason):
            "\(path): writing the report failed (\(reason)); check free space. Any earlier report there is untouched."
        }
    }
}

/// Writes report files atomically: a temporary file in the same directory,
/// flushed to disk, then renamed over the target. A reader never sees half a report.
public enum ReportWriter {
    /// The file name of a format for a period: `nxaudit-2026-10.html`.
    public static func fileName(period: ReportPeriod, format: ReportFormat) -> String {
        fileName(period: period, suffix: format.fileExtension)
    }

    /// `nxaudit-2026-10.findings.csv` for the suffix `findings.csv`.
    public static func fileName(period: ReportPeriod, suffix: String) -> String {
        "nxaudit-\(period.label).\(suffix)"
    }

    /// Creates `directory` if needed and writes `text` to `directory/name`.
    @discardableResult
    public static func write(_ text: String, to directory: String, name: String) throws(OutputError) -> WrittenFile {
        try write([text], to: directory, name: name)
    }

    /// The same for a document in parts, written one after the other; the file's SHA-256
    /// is computed from the bytes as they are written.
    @discardableResult
    public static func write(_ parts: [String], to directory: String, name: String) throws(OutputError) -> WrittenFile {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateDirectory(path: directory, reason: Self.reason(error))
        }
        let target = directory + "/" + name
        let temporary = directory + "/.\(name).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotCreateFile(path: target, reason: String(cString: strerror(errno))) }
        var failure: String?
        let hasher = SHA256()
        var size: Int64 = 0
        for part in parts where failure == nil {
            var part = part
            part.withUTF8 { raw in
                hasher.update(UnsafeRawBufferPointer(raw))
                size += Int64(raw.count)
                var offset = 0
                while offset < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = String(cString: strerror(errno))
                        return
                    }
                    offset += n
                }
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .writeFailed(path: target, reason: failure)
        }
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotCreateFile(path: target, reason: reason)
        }
        return WrittenFile(path: target, name: name, size: size, sha256: hasher.hex())
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}

/// A file nxaudit wrote: where, how large, and its SHA-256.
public struct WrittenFile: Sendable, Equatable {
    public var path: String
    /// The file name inside the output directory.
    public var name: String
    public var size: Int64
    public var sha256: String
}
