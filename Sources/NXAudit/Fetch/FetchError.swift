import Foundation

/// What stops `nxaudit fetch` before any download, or a download's file from being kept.
/// A source that fails (an Engine unreachable, HTTP 500) is not an error: it is a
/// `FetchOutcome` of the run, and the other sources go on.
public enum FetchError: Error, Equatable, CustomStringConvertible {
    case badPortal(String, reason: String)
    case credentialsMissing(path: String)
    case credentialsUnreadable(path: String, reason: String)
    /// The file may be read by group or others (its mode, e.g. `0644`).
    case credentialsExposed(path: String, mode: String)
    case credentialsMalformed(path: String)
    case passwordMissing(user: String)
    case caFileUnreadable(path: String)
    case caFileNotPEM(path: String)
    case outputUnusable(path: String, reason: String)
    case client(String)

    public var description: String {
        switch self {
        case .badPortal(let portal, let reason):
            "--portal \(portal): \(reason)."
        case .credentialsMissing(let path):
            "\(path): the credentials file does not exist; write `user:password` of a local Portal account to it "
                + "(chmod 600)."
        case .credentialsUnreadable(let path, let reason):
            "\(path): the credentials file cannot be read (\(reason))."
        case .credentialsExposed(let path, let mode):
            "\(path): the credentials file has mode \(mode), so group or others can read the password; "
                + "chmod 600 it (or 400) and run again."
        case .credentialsMalformed(let path):
            "\(path): the credentials file must hold one line `user:password` (a local Portal account)."
        case .passwordMissing(let user):
            "--user \(user) needs the password in NXAUDIT_API_PASSWORD (or give --credentials FILE instead)."
        case .caFileUnreadable(let path):
            "--ca-file \(path): the file cannot be read; give the PEM file of the CA that signed the Portal's "
                + "certificate."
        case .caFileNotPEM(let path):
            "--ca-file \(path): no PEM certificate (-----BEGIN CERTIFICATE-----) in the file."
        case .outputUnusable(let path, let reason):
            "--output \(path): \(reason)."
        case .client(let message):
            "\(message)."
        }
    }
}

extension FetchError: ExitStatusError {
    public var exitStatus: ExitStatus {
        switch self {
        case .badPortal: .usage
        case .credentialsMissing, .caFileUnreadable: .noInput
        case .credentialsUnreadable: .noInput
        case .credentialsExposed, .credentialsMalformed, .passwordMissing, .caFileNotPEM: .config
        case .outputUnusable: .cannotCreate
        case .client: .software
        }
    }
}
