import Foundation

/// A local Portal account for the Audit Trail API's Basic authentication.
///
/// The password is read from a file only its owner can read, or from the environment;
/// it never comes from the command line. Nothing prints it: this type's description
/// names the account alone, and only `HTTPSClient` receives the password.
public struct APICredentials: Sendable, CustomStringConvertible {
    public let user: String
    let password: String

    /// The environment variable that holds the password for `--user`.
    public static let passwordVariable = "NXAUDIT_API_PASSWORD"

    public var description: String { "\(user) (password not shown)" }

    init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Reads `user:password` from the file's first line (a final line end is not part of the
    /// password). Refuses a file group or others may read, as OpenSSH refuses such a key.
    public static func load(file path: String) throws(FetchError) -> APICredentials {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw .credentialsMissing(path: path) }
            throw .credentialsUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .credentialsUnreadable(path: path, reason: "it is not a file")
        }
        // systemd's LoadCredential= copy is private to the service however its mode reads (from
        // systemd 254 an ACL grants the service's user read access, and the group bits show the mask).
        guard info.st_mode & 0o077 == 0 || isSystemdCredential(path) else {
            throw .credentialsExposed(path: path, mode: String(format: "%04o", info.st_mode & 0o7777))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .credentialsUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") {
            text.removeLast(2)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        guard !text.contains("\n"), let colon = text.firstIndex(of: ":") else {
            throw .credentialsMalformed(path: path)
        }
        let user = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        guard !user.isEmpty, !password.isEmpty else { throw .credentialsMalformed(path: path) }
        return APICredentials(user: user, password: password)
    }

    /// Whether `path` is in the directory systemd gives the service for its credentials.
    static func isSystemdCredential(
        _ path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else { return false }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        return folder == URL(fileURLWithPath: directory).standardizedFileURL.path
    }

    /// `--user NAME` with the password in `NXAUDIT_API_PASSWORD`, which is then removed from
    /// this process's environment, so no program nxaudit runs (ssh-keygen) inherits it.
    public static func fromEnvironment(
        user: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(FetchError) -> APICredentials {
        guard let password = environment[passwordVariable], !password.isEmpty else {
            throw .passwordMissing(user: user)
        }
        unsetenv(passwordVariable)
        return APICredentials(user: user, password: password)
    }
}
