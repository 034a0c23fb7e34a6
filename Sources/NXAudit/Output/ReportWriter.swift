import CFiles
import Foundation

/// Why an output could not be written.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case cannotCreateDirectory(path: String, reason: String)
    case cannotCreateFile(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case exists(paths: [String])

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "\(path): cannot create the output directory (\(reason)); choose another --output or fix its permissions."
        case .cannotCreateFile(let path, let reason):
            "\(path): cannot create the report file (\(reason)); check the directory's permissions. Any "
                + "earlier report there is untouched."
        case .exists(let paths):
            "\(paths.joined(separator: ", ")): a report of this period is already there with other "
                + "content; nothing was written. Pass --force to replace it, or choose another --output or "
                + "--name."
        case .writeFailed(let path, let reason):
            "\(path): writing the report failed (\(reason)); check free space. Any earlier report there is untouched."
        }
    }
}

/// Writes a run's report files all or nothing (`writeAll`).
///
/// Each file's bytes go to an unnamed file (O_TMPFILE) that gets a name only when
/// every file is complete: a run killed while writing leaves nothing behind, and the
/// previous report stays as it was. Where the system has no unnamed files (or no
/// `/proc` to name them by), a hidden `.NAME.tmp-PID` is used instead, and stale
/// ones of dead runs are removed by the next run.
public enum ReportWriter {
    /// The file name, without extension, of the reports of a period when `--name` is not given.
    public static func defaultBase(period label: String) -> String { "nxaudit-\(label)" }

    /// A complete, flushed file waiting to be renamed over its target: still unnamed (`fd`
    /// open, freed by the kernel if the process dies), or under its temporary name.
    struct Staged {
        var fd: Int32?
        var temporary: String
        var file: WrittenFile

        /// Drops the staged file without touching the target.
        func discard() {
            if let fd { close(fd) } else { unlink(temporary) }
        }

        /// The staged bytes, read back.
        func contents() throws(OutputError) -> Data {
            guard let fd else {
                guard let data = FileManager.default.contents(atPath: temporary) else {
                    throw .writeFailed(path: file.path, reason: "the staged file \(temporary) cannot be read back")
                }
                return data
            }
            var data = Data(count: Int(file.size))
            var failure: String?
            data.withUnsafeMutableBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = pread(fd, raw.baseAddress! + offset, raw.count - offset, off_t(offset))
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 {
                        failure = n < 0 ? String(cString: strerror(errno)) : "the staged file is shorter than written"
                        return
                    }
                    offset += n
                }
            }
            if let failure { throw .writeFailed(path: file.path, reason: failure) }
            return data
        }
    }

    /// A file being written under a temporary name: its bytes are hashed and counted as they
    /// go, and the first failure is kept (later writes are skipped).
    struct Sink {
        let fd: Int32
        let unnamed: Bool
        let temporary: String
        let target: String
        let name: String
        let hasher = SHA256()
        var hashes = true
        var size: Int64 = 0
        var failure: String?
        var parts = 0
        let pauses: Bool

        /// Opens an unnamed file (or `.NAME.tmp-PID`) in `directory`, which is created if missing.
        init(in directory: String, name: String) throws(OutputError) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .cannotCreateDirectory(path: directory, reason: ReportWriter.reason(error))
            }
            removeStaleTemporaries(in: directory, of: name)
            target = directory + "/" + name
            temporary = directory + "/.\(name).tmp-\(getpid())"
            self.name = name
            var fd = nxaudit_open_unnamed(directory)
            unnamed = fd >= 0
            if !unnamed { fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
            guard fd >= 0 else { throw .cannotCreateFile(path: target, reason: String(cString: strerror(errno))) }
            self.fd = fd
            pauses = FaultInjection.pausesWhileWriting(name)
        }

        mutating func write(_ raw: UnsafeRawBufferPointer) {
            if pauses && parts == 1 { FaultInjection.pause(writing: name) }
            parts += 1
            guard failure == nil else { return }
            if hashes { hasher.update(raw) }
            size += Int64(raw.count)
            failure = writeFully(fd, raw.bindMemory(to: UInt8.self))
        }

        mutating func write(_ part: String) {
            var part = part
            part.withUTF8 { write(UnsafeRawBufferPointer($0)) }
        }

        /// Flushes the file; what is staged, or the first failure (the file then removed).
        /// `known` is the content's digest when computed before.
        func finish(known sha256: String? = nil) throws(OutputError) -> Staged {
            if pauses && parts == 1 { FaultInjection.pause(writing: name) }
            var failure = failure
            if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
            let file = WrittenFile(path: target, name: name, size: size, sha256: sha256 ?? hasher.hex())
            if unnamed, failure == nil { return Staged(fd: fd, temporary: temporary, file: file) }
            if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
            if let failure {
                if !unnamed { unlink(temporary) }
                throw .writeFailed(path: target, reason: failure)
            }
            return Staged(fd: nil, temporary: temporary, file: file)
        }

        /// Drops the file.
        func discard() {
            close(fd)
            if !unnamed { unlink(temporary) }
        }
    }

    /// Writes `parts` (or `bytes`) completely to a temporary name in `directory`.
    /// `known` is the content's size and SHA-256 when already computed (a planned file), so
    /// the bytes are not hashed twice.
    static func stage(
        _ parts: [String], bytes: Data? = nil, in directory: String, name: String,
        known: (size: Int64, sha256: String)? = nil
    ) throws(OutputError) -> Staged {
        var sink = try Sink(in: directory, name: name)
        sink.hashes = known == nil
        for part in parts { sink.write(part) }
        bytes?.withUnsafeBytes { sink.write($0) }
        return try sink.finish(known: known?.sha256)
    }

    /// Writes `document` to a temporary name in `directory`, rendering its rows, checking its
    /// schema and hashing it in the one pass. A document that cannot be rendered or is invalid
    /// leaves nothing behind (and throws its `RenderError`).
    static func stage(_ document: RenderedDocument, in directory: String, name: String) throws -> Staged {
        var sink = try Sink(in: directory, name: name)
        do {
            try document.write { sink.write($0) }
        } catch {
            sink.discard()
            throw error
        }
        return try sink.finish()
    }

    /// Renames staged files over their targets, one right after the other, and makes the
    /// renames durable. On a failure the files not yet renamed are removed.
    static func commit(_ staged: [Staged], in directory: String) throws(OutputError) {
        for (index, file) in staged.enumerated() {
            var failed = false
            if let fd = file.fd {
                // Named only now, an instant before the rename.
                unlink(file.temporary)
                failed = nxaudit_link_unnamed(fd, file.temporary) != 0
                close(fd)
            }
            if failed || rename(file.temporary, file.file.path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(file.temporary)
                for rest in staged[(index + 1)...] { rest.discard() }
                throw .cannotCreateFile(path: file.file.path, reason: reason)
            }
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// Writes a document to standard output; a closed pipe or a full disk is a write error.
    public static func writeStandardOutput(_ parts: [String]) throws(OutputError) {
        for part in parts {
            var part = part
            if let failure = part.withUTF8({ writeFully(STDOUT_FILENO, $0) }) {
                throw .writeFailed(path: "standard output", reason: failure)
            }
        }
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions; the error's text, or nil.
    static func writeFully(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += n
        }
        return nil
    }

    /// Removes `.NAME.tmp-PID` files of `name` whose process is gone (a run killed between
    /// naming its file and renaming it, or on a file system without unnamed files).
    static func removeStaleTemporaries(in directory: String, of name: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let prefix = ".\(name).tmp-"
        for candidate in names where candidate.hasPrefix(prefix) {
            guard let pid = Int32(candidate.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + candidate) }
        }
    }

    /// A file to write: its name, its content (text in parts, bytes: a PDF, or a document
    /// already staged as it was rendered), and the size and SHA-256 of that content.
    public struct Planned: Sendable {
        public var name: String
        public var parts: [String]
        public var bytes: Data?
        public var size: Int64
        public var sha256: String
        /// The content, already in a temporary file (`stage(_:in:name:)`).
        var staged: Staged?

        /// A document staged in `directory` as it is rendered: see `stage(_:in:name:)`.
        init(staging document: RenderedDocument, in directory: String, name: String) throws {
            let staged = try ReportWriter.stage(document, in: directory, name: name)
            self.name = name
            parts = []
            size = staged.file.size
            sha256 = staged.file.sha256
            self.staged = staged
        }

        /// The content as bytes (a staged document's read back).
        func contents() throws(OutputError) -> Data { try staged?.contents() ?? data }

        /// Bytes that are not text.
        public init(name: String, bytes: Data) {
            self.name = name
            self.parts = []
            self.bytes = bytes
            size = Int64(bytes.count)
            sha256 = SHA256.hex(of: bytes)
        }

        /// The content as bytes.
        public var data: Data { bytes ?? Data(parts.joined().utf8) }

        public init(name: String, parts: [String]) {
            self.name = name
            self.parts = parts
            let hasher = SHA256()
            var size: Int64 = 0
            for part in parts {
                hasher.update(part)
                size += Int64(part.utf8.count)
            }
            self.size = size
            self.sha256 = hasher.hex()
        }
    }

    /// What happened to each planned file.
    public enum Outcome: String, Sendable { case written, unchanged }

    /// Writes `files` into `directory`, all or nothing: a file already there with the same
    /// bytes is left as it is (`unchanged`); one with other bytes is replaced only with
    /// `force`, and otherwise nothing at all is written. Every new file is written and
    /// flushed under a temporary name first; only then are they renamed, one right after
    /// the other, so a full disk or a kill while writing leaves every previous file as it was.
    public static func writeAll(
        _ files: [Planned], to directory: String, force: Bool
    ) throws(OutputError) -> [(WrittenFile, Outcome)] {
        var unchanged = Set<String>()
        var differing: [String] = []
        for file in files {
            let path = directory + "/" + file.name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            if Int64(info.st_size) == file.size, SHA256.file(at: path)?.hex == file.sha256 {
                unchanged.insert(file.name)
            } else {
                differing.append(path)
            }
        }
        if !differing.isEmpty && !force {
            for file in files { file.staged?.discard() }
            throw .exists(paths: differing)
        }
        var staged: [Staged] = []
        for (index, file) in files.enumerated() where !unchanged.contains(file.name) {
            if let done = file.staged {
                staged.append(done)
                continue
            }
            do {
                staged.append(
                    try stage(
                        file.parts, bytes: file.bytes, in: directory, name: file.name, known: (file.size, file.sha256)))
            } catch {
                for done in staged { done.discard() }
                for earlier in files[..<index] where unchanged.contains(earlier.name) { earlier.staged?.discard() }
                for later in files[(index + 1)...] { later.staged?.discard() }
                throw error
            }
        }
        for file in files where unchanged.contains(file.name) { file.staged?.discard() }
        try commit(staged, in: directory)
        return files.map { file in
            let written = WrittenFile(
                path: directory + "/" + file.name, name: file.name, size: file.size, sha256: file.sha256)
            return (written, unchanged.contains(file.name) ? .unchanged : .written)
        }
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

    public init(path: String, name: String, size: Int64, sha256: String) {
        self.path = path
        self.name = name
        self.size = size
        self.sha256 = sha256
    }
}
