/// What a login code says about an account's access, and which field names the account.
///
/// The authentication summary, the failed-login runs and the lockout rules ask for these
/// roles instead of listing codes, so a new login code is one catalog row.
public struct LoginRole: Sendable, Hashable {
    /// The outcome the code records.
    public enum Outcome: Sendable, Hashable {
        case success
        case logout
        /// An invalid access attempt (wrong password, unknown account).
        case failure
        /// The account was locked after failed attempts.
        case lockout
    }

    /// The field that names the account the event is about.
    public enum AccountField: Sendable, Hashable {
        /// The header's User field.
        case user
        /// The text: the Portal logs a failed login or a lockout under `*system` and names the
        /// account in its message (`User jane failed login attempts - ...`). The User field
        /// stands in when the text could not be read.
        case text
    }

    public let outcome: Outcome
    public let account: AccountField

    public init(_ outcome: Outcome, account: AccountField = .user) {
        self.outcome = outcome
        self.account = account
    }

    /// Whether the code is evidence of an invalid access attempt: a failure or a lockout.
    public var isInvalidAttempt: Bool { outcome == .failure || outcome == .lockout }
}
