import Foundation

/// Checks an evidence manifest against the files it names: each report in the
/// manifest's directory, and (when asked) each input at its recorded path.
public enum ManifestVerifier {
    /// The outcome for one file.
    public struct Check: Sendable, Equatable, CustomStringConvertible {
        public enum Status: Sendable, Equatable {
            case ok
            /// Same first `size` bytes, but the file is longer now (a live log rsyslog appends to).
            case grown(now: Int64)
            case differs(expected: String, actual: String)
            case shorter(expected: Int64, actual: Int64)
            case missing
            /// Present but not readable by this account: nothing is proven, so it fails.
            case unreadable
            case notCheckable(String)
            /// The evidence archive fails `archive verify`, or no longer holds the recorded head.
            case archiveAltered(String)
        }

        public var role: String
        public var path: String
        public var status: Status

        public var passed: Bool {
            switch status {
            case .ok, .grown, .notCheckable: true
            default: false
            }
        }

        public var description: String {
            switch status {
            case .ok: "ok       \(role) \(path)"
            case .grown(let now):
                "ok       \(role) \(path) (its first bytes are unchanged; it has grown to \(now) bytes since)"
            case .differs(let expected, let actual):
                "CHANGED  \(role) \(path): SHA-256 is \(actual), the manifest says \(expected)"
            case .shorter(let expected, let actual):
                "CHANGED  \(role) \(path): \(actual) bytes, the manifest says \(expected)"
            case .missing: "MISSING  \(role) \(path)"
            case .unreadable:
                "UNREADABLE \(role) \(path): not a regular file this account can read, so it was not checked"
            case .notCheckable(let why): "skipped  \(role) \(path): \(why)"
            case .archiveAltered(let why): "CHANGED  \(role) \(path): \(why)"
            }
        }
    }

    /// A manifest that cannot be checked at all.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String)
        case malformed(path: String, reason: String)
        /// A path named on the command line is not there.
        case notFound(path: String)
        /// A directory named on the command line holds no manifest.
        case noManifests(directory: String)

        public var description: String {
            switch self {
            case .notFound(let path): "\(path): no such file or directory; name a manifest or the report directory."
            case .noManifests(let directory):
                "\(directory): holds no nxaudit-*.manifest.json; name the directory the reports were written to."
            case .unreadable(let path):
                "\(path): cannot be read; name an nxaudit-PERIOD.manifest.json or the directory holding it."
            case .malformed(let path, let reason): "\(path): not an nxaudit evidence manifest (\(reason))."
            }
        }
    }

    /// The manifests `paths` name: each file as it is, each directory's `*.manifest.json` by name.
    public static func manifests(at paths: [String]) throws(Failure) -> [String] {
        var manifests: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .notFound(path: path)
            }
            guard isDirectory.boolValue else {
                manifests.append(path)
                continue
            }
            // The manifest a PDF embeds is beside it too, and the folder's manifest covers it: checked
            // through that one, not as a manifest of its own (named, it is checked like any other).
            let folder = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
            let found = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".manifest.json") && !$0.hasSuffix(".embedded.manifest.json") }.sorted()
                .map { folder + "/" + $0 }
            guard !found.isEmpty else { throw .noManifests(directory: path) }
            manifests += found
        }
        return manifests
    }

    public static func load(_ path: String) throws(Failure) -> EvidenceManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        do {
            return try JSONDecoder().decode(EvidenceManifest.self, from: data)
        } catch {
            throw .malformed(path: path, reason: Self.reason(error))
        }
    }

    /// Every report of the manifest at `path`, and each input when `inputs` is true.
    public static func verify(manifestAt path: String, inputs: Bool) throws(Failure) -> [Check] {
        let manifest = try load(path)
        let directory = (path as NSString).deletingLastPathComponent
        var checks = manifest.outputs.map { output in
            check(
                role: "report", path: directory.isEmpty ? output.file : directory + "/" + output.file,
                size: output.size, sha256: output.sha256)
        }
        if inputs {
            checks += manifest.inputs.map { input in
                input.path == "-"
                    ? Check(role: "input ", path: "-", status: .notCheckable("standard input was not kept"))
                    : check(role: "input ", path: input.path, size: input.size, sha256: input.sha256)
            }
            if let archive = manifest.archive { checks.append(check(archive)) }
        }
        return checks
    }

    /// An archive passes when `archive verify` finds it intact and its chain still holds the recorded head.
    static func check(_ archive: EvidenceManifest.Archive) -> Check {
        let role = "archive"
        var info = stat()
        guard stat(archive.path, &info) == 0 else { return Check(role: role, path: archive.path, status: .missing) }
        do {
            let result = try EvidenceArchive(path: archive.path, access: .read).verify(expectedHead: archive.head)
            if let problem = result.problems.first {
                return Check(
                    role: role, path: archive.path,
                    status: .archiveAltered(
                        problem + (result.problems.count > 1 ? " (and \(result.problems.count - 1) more)" : "")))
            }
            if result.containsHead == false {
                return Check(
                    role: role, path: archive.path,
                    status: .archiveAltered("its chain no longer holds head \(archive.head)"))
            }
            return Check(role: role, path: archive.path, status: .ok)
        } catch {
            return Check(role: role, path: archive.path, status: .archiveAltered(error.description))
        }
    }

    static func check(role: String, path: String, size: Int64, sha256: String) -> Check {
        var info = stat()
        guard stat(path, &info) == 0 else { return Check(role: role, path: path, status: .missing) }
        guard info.st_mode & S_IFMT == S_IFREG else { return Check(role: role, path: path, status: .unreadable) }
        let now = Int64(info.st_size)
        if now < size { return Check(role: role, path: path, status: .shorter(expected: size, actual: now)) }
        guard let digest = SHA256.file(at: path, limit: size) else {
            return Check(role: role, path: path, status: .unreadable)
        }
        if digest.hex != sha256 {
            return Check(role: role, path: path, status: .differs(expected: sha256, actual: digest.hex))
        }
        // A report must match whole; an input may have grown after the run (a live log).
        if now > size {
            return role == "report"
                ? Check(role: role, path: path, status: .shorter(expected: size, actual: now))
                : Check(role: role, path: path, status: .grown(now: now))
        }
        return Check(role: role, path: path, status: .ok)
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the key \(key.stringValue) is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context): context.debugDescription
        default: "\(error)"
        }
    }
}
