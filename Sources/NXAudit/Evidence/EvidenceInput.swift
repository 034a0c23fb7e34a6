import Foundation

/// One log file to read, as the report will name it; and, for any `EvidenceSource`,
/// what the report and the manifest record of it (name, size, compression, the
/// instant that dates its RFC 3164 stamps).
public struct EvidenceInput: Sendable, Hashable {
    /// The path as the user gave it (or the directory joined with the file name); `-` for standard input.
    public let path: String
    /// Where the bytes are: the path itself, or the spool file that holds standard input;
    /// empty for a source that is not a file (an archive's lines).
    public let fileSystemPath: String
    /// Size in bytes on disk (compressed size for `.gz`).
    public let size: Int64
    /// Modification time, UTC seconds: the basis for the year of RFC 3164 stamps.
    public let modificationSeconds: Int64
    /// Whether the file starts with the gzip magic bytes.
    public let isGzip: Bool

    /// Expands files and directories into the log files to read, in reading order.
    ///
    /// A directory contributes its `*.log`, `*.log.N` and `*.log.N.gz` files, oldest
    /// first: by the first stamp they hold, then by rotation (`audit.log.2.gz`,
    /// `audit.log.1`, `audit.log`), then by name. A path named twice is read once.
    ///
    /// - Parameter now: the instant standard input is taken to be written at, for the
    ///   year of its RFC 3164 stamps (the report's generation time, so reruns agree).
    public static func resolve(_ paths: [String], now: Int64? = nil) throws(EvidenceError) -> [EvidenceInput] {
        guard !paths.isEmpty else { throw .noInputs }
        var result: [EvidenceInput] = []
        do throws(EvidenceError) {
            try resolve(paths, now: now, into: &result)
        } catch {
            // Standard input may already be spooled: leave nothing behind.
            for input in result { input.removeSpool() }
            throw error
        }
        return result
    }

    private static func resolve(
        _ paths: [String], now: Int64?, into result: inout [EvidenceInput]
    ) throws(EvidenceError) {
        var seen = Set<String>()
        for path in paths {
            if path == "-" {
                guard !seen.contains("-") else { continue }
                seen.insert("-")
                result.append(try spoolStandardInput(now: now ?? Int64(Date().timeIntervalSince1970)))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .inputNotFound(path: path)
            }
            let files: [String]
            if isDirectory.boolValue {
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                    throw .inputNotReadable(path: path, reason: "cannot list the directory")
                }
                let logs = names.filter { RotationName($0) != nil }.sorted { a, b in
                    let (ra, rb) = (RotationName(a)!, RotationName(b)!)
                    // Equal rotations (audit.log.1 and audit.log.1.gz) fall back on the name: a total order.
                    return ra != rb ? ra < rb : a < b
                }
                let joined = logs.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
                    .filter { isRegularFile($0) }
                guard !joined.isEmpty else { throw .directoryHasNoLogs(path: path) }
                // Oldest content first; rotation order, then name, where the content does not tell.
                var described: [(input: EvidenceInput, key: Int64, rank: Int)] = []
                for (rank, file) in joined.enumerated() {
                    let input = try describe(file)
                    described.append((input, input.firstStampHint() ?? .max, rank))
                }
                described.sort { ($0.key, $0.rank) < ($1.key, $1.rank) }
                for entry in described {
                    let canonical = URL(fileURLWithPath: entry.input.path).standardizedFileURL.resolvingSymlinksInPath()
                        .path
                    guard seen.insert(canonical).inserted else { continue }
                    result.append(entry.input)
                }
                continue
            } else {
                files = [path]
            }
            for file in files {
                let canonical = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
                guard seen.insert(canonical).inserted else { continue }
                result.append(try describe(file))
            }
        }
    }

    /// The instant of the file's first stamped line, roughly (zone-less stamps read as
    /// UTC, the year of RFC 3164 stamps from the modification date): enough to put
    /// the files of a directory in the order of their content.
    func firstStampHint() -> Int64? {
        guard let source = try? ByteSource(input: self) else { return nil }
        var scanner = LineScanner()
        scanner.chunkSize = 64 * 1024
        var hint: Int64?
        var lines = 0
        let modification = CivilDate(daysSinceEpoch: Int(floorDiv(modificationSeconds, 86_400)))
        struct Found: Error {}
        _ = try? scanner.scan(source) { line, _ in
            lines += 1
            if let stamp = LineParser.stamp(of: line) {
                switch stamp {
                case .absolute(let utc, _, _): hint = utc
                case .zoneless(let naive, _), .abbreviated(let naive, _, _): hint = naive
                case .yearless(let month, let day, let second, _):
                    let year = month > modification.month ? modification.year - 1 : modification.year
                    hint = CivilDate(year: year, month: month, day: day).map {
                        Int64($0.daysSinceEpoch) * 86_400 + Int64(second)
                    }
                }
            }
            if hint != nil || lines >= 1000 { throw Found() }
        }
        return hint
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Copies standard input to a temporary file, so it can be read like any file
    /// (in pieces, twice for duplicates, gzip or not). `removeSpool()` deletes it.
    static func spoolStandardInput(now: Int64) throws(EvidenceError) -> EvidenceInput {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nxaudit-stdin-\(getpid())-\(UUID().uuidString)"
        ).path
        let out = open(spool, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard out >= 0 else {
            throw .inputNotReadable(
                path: "-",
                reason:
                    "cannot create a spool file in \(FileManager.default.temporaryDirectory.path): "
                    + "\(String(cString: strerror(errno)))"
            )
        }
        defer { close(out) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                unlink(spool)
                throw .readFailed(path: "-", reason: String(cString: strerror(errno)))
            }
            let written = buffer.withUnsafeBytes { Foundation.write(out, $0.baseAddress, n) }
            guard written == n else {
                unlink(spool)
                throw .readFailed(
                    path: "-", reason: "spooling standard input failed: \(String(cString: strerror(errno)))")
            }
        }
        let described: EvidenceInput
        do throws(EvidenceError) { described = try describe(spool, as: "-") } catch {
            unlink(spool)
            throw error
        }
        // Standard input has no modification date of its own: the year of RFC 3164 stamps is taken from `now`.
        return EvidenceInput(
            path: "-", fileSystemPath: spool, size: described.size,
            modificationSeconds: now, isGzip: described.isGzip)
    }

    /// Deletes the spool file of standard input, if this input is one.
    public func removeSpool() {
        if path == "-" { unlink(fileSystemPath) }
    }

    package static func describe(_ path: String, as shown: String? = nil) throws(EvidenceError) -> EvidenceInput {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .inputNotFound(path: path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notAFileOrDirectory(path: path) }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .inputNotReadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        let n = withUnsafeMutableBytes(of: &magic) { read(fd, $0.baseAddress, 2) }
        return EvidenceInput(
            path: shown ?? path, fileSystemPath: path, size: Int64(info.st_size),
            modificationSeconds: Int64(info.st_mtim.tv_sec),
            isGzip: n == 2 && magic == (0x1F, 0x8B))
    }
}

/// A log file name split for rotation order: `audit.log.2.gz` is older than `audit.log.1`.
struct RotationName: Comparable {
    let base: String
    let rotation: Int

    init?(_ name: String) {
        guard !name.hasPrefix(".") else { return nil }
        var parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "gz" { parts.removeLast() }
        var rotation = 0
        if let last = parts.last, let number = Int(last), parts.count >= 3 {
            rotation = number
            parts.removeLast()
        }
        guard parts.count >= 2, parts.last == "log" else { return nil }
        self.base = parts.joined(separator: ".")
        self.rotation = rotation
    }

    static func < (lhs: RotationName, rhs: RotationName) -> Bool {
        if lhs.base != rhs.base { return lhs.base < rhs.base }
        return lhs.rotation > rhs.rotation
    }
}
